"""Every notebook in a real JupyterLab and a real browser: run all, drag a slider of each dashboard,
and see the figure and its live numbers change. Skipped, with the reason, where chromium is not
installed. On failure a screenshot is saved in test-artifacts/.
"""

import json
import statistics
from pathlib import Path

import pytest
from lab_driver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    Lab,
    dashboards,
    drag_slider,
    missing_browser,
    run_notebook,
    slider_count,
)

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser())),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with Lab() as lab, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield lab, chromium
        chromium.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_dashboards_respond_to_a_drag(browser, notebook):
    lab, chromium = browser
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        run_notebook(page, lab, notebook)
        dashes = dashboards(page)
        assert dashes, "the notebook shows no dashboard"
        report = []
        for i, dash in enumerate(dashes):
            # Drag sliders in turn until one moves the live numbers (some, like a slope with b = 0,
            # leave a printed threshold where it is); every drag must change the figure.
            for k in range(slider_count(dash)):
                latencies, before, after, changed = drag_slider(page, dash, index=k)
                assert changed, f"dashboard {i}, slider {k}: the figure did not change"
                if before != after:
                    break
            assert before != after, (
                f"dashboard {i}: no slider changed the live numbers ({before!r})"
            )
            report.append(
                {
                    "dashboard": i,
                    "median_ms": round(statistics.median(latencies), 1),
                    "latencies_ms": [round(t, 1) for t in latencies],
                }
            )
        errors = page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        )
        assert errors.count() == 0, errors.first.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"latency-{Path(notebook).stem}.json").write_text(json.dumps(report, indent=1))
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"failure-{Path(notebook).stem}.png"), full_page=False)
        raise
    finally:
        page.close()
        lab.shutdown_kernels()
