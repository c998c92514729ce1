"""Every notebook in a real JupyterLab and a real browser: run all, drag a slider of each dashboard,
and see the figure and its live numbers change. The static figure after each dashboard stays folded
until the learner unfolds it, and then shows. Skipped, with the reason, where chromium is not
installed. On failure a screenshot is saved in test-artifacts/.
"""

import importlib.util
import json
import statistics
from pathlib import Path

import nbformat
import pytest
from lab_driver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    Lab,
    dashboards,
    drag_slider,
    fallback_state,
    missing_browser,
    run_notebook,
    show_cell,
    slider_count,
    unfold,
)

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "test-artifacts"
_spec = importlib.util.spec_from_file_location(
    "build_notebooks", ROOT / "scripts" / "build_notebooks.py"
)
build_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_notebooks)
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
        saved = nbformat.read(ROOT / "notebooks" / notebook, 4)
        sections = build_notebooks.fallback_sections(saved)
        # for readers without a kernel, each static figure is in the file itself
        assert all(
            any("image/png" in o.get("data", {}) for i in body for o in saved.cells[i].outputs)
            for _, body in sections
        ), "a static fallback has no figure in the saved notebook"
        assert all(
            s["folded"] and s["hidden"] and s["visible_figures"] == 0
            for s in fallback_state(page, sections)
        ), f"a static figure shows before its questions are tried: {fallback_state(page, sections)}"
        dashes = dashboards(page)
        assert dashes, "the notebook shows no dashboard"
        assert len(dashes) == len(sections), "one folded static figure per dashboard"
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
        # dragging the sliders unfolds nothing; the learner unfolds each static figure on purpose
        ARTIFACTS.mkdir(exist_ok=True)
        assert not any(s["visible_figures"] for s in fallback_state(page, sections))
        for k, (heading, body) in enumerate(sections):
            if k == 0:
                show_cell(page, heading)
                page.screenshot(path=str(ARTIFACTS / f"folded-{Path(notebook).stem}.png"))
            assert unfold(page, heading, body) > 100, f"static figure {k}: nothing to see unfolded"
            if k == 0:
                page.screenshot(path=str(ARTIFACTS / f"unfolded-{Path(notebook).stem}.png"))
        assert all(not s["folded"] and not s["hidden"] for s in fallback_state(page, sections))
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
