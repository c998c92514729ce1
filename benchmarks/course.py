"""The course's speed and memory figures, in one run on this machine.

    make bench                                    (or: .venv/bin/python benchmarks/course.py)
    .venv/bin/python benchmarks/course.py --no-browser

1. Notebook wall time: executing each notebook in a fresh kernel, against a floor notebook whose one
   cell only imports the stack (numpy, matplotlib, torch, ipywidgets, ipympl, helpers). Target: 1.5x
   or less.
2. Peak memory of each notebook's kernel against the floor's. Target for the heaviest: 1.3x or less.
3. Slider step in the kernel, per dashboard: callback + blit + PNG diff, next to a bare Agg draw of
   the same figure. Target: under 40 ms, and within 1.5x the bare draw.
4. Slider step in a real browser (JupyterLab + chromium): ms from a drag step to the new image.
   Target: under 150 ms. Skipped where chromium is missing.
Figures only: nothing here passes or fails.
"""

import json
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
FLOOR = "import numpy, matplotlib.pyplot, torch, ipywidgets, ipympl.backend_nbagg, helpers"
# The floor plus one tiny backward pass and optimizer step: torch's one-time cost of its first
# backward (autograd engine, thread pools, kernels), which every notebook that trains anything pays
# once.
TORCH_FLOOR = FLOOR + (
    "\nm = torch.nn.Linear(2, 1); opt = torch.optim.Adam(m.parameters())"
    "\nm(torch.randn(4, 2)).pow(2).mean().backward(); opt.step()"
)
PROBE = (ROOT / "benchmarks" / "kernel_probe.py").read_text()


def run(nb, cwd):
    """Execute nb (with the probe cell appended) in a fresh kernel: (seconds without the probe,
    probe JSON)."""
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    cell_seconds = []
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells[:-1]):
            start = time.perf_counter()
            client.execute_cell(cell, i)
            cell_seconds.append((time.perf_counter() - start, i))
        seconds = sum(t for t, _ in cell_seconds)
        client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    if not text.strip():
        raise RuntimeError(f"the probe printed nothing: {nb.cells[-1].outputs}")
    probe = json.loads(text.strip().splitlines()[-1])
    probe["slowest"] = [
        (t, nb.cells[i].source.split("\n")[0][:60])
        for t, i in sorted(cell_seconds, reverse=True)[:2]
    ]
    return seconds, probe


def kernel_figures(paths):
    floor_s, floor = run(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR)]), ROOT)
    # Kernel start-up is outside both timings; the floor cell is the imports every notebook pays
    # for.
    _, torch_floor = run(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(TORCH_FLOOR)]), ROOT
    )
    print(
        f"floor (imports only): {floor_s:6.2f} s, peak {floor['peak_mb']:.0f} MB; "
        f"with one tiny torch backward + optimizer step: peak {torch_floor['peak_mb']:.0f} MB\n"
    )
    print(f"{'notebook':32} {'time':>8} {'ratio':>6} {'peak MB':>8} {'ratio':>6}")
    rows = []
    for path in paths:
        seconds, probe = run(nbformat.read(path, as_version=4), path.parent)
        rows.append((path.stem, seconds, probe))
        print(
            f"{path.stem:32} {seconds:6.2f} s {seconds / floor_s:6.2f} "
            f"{probe['peak_mb']:8.0f} {probe['peak_mb'] / floor['peak_mb']:6.2f}"
        )
        for t, first_line in probe["slowest"]:
            print(f"{'':4}slow cell {t:5.2f} s: {first_line}")
    total = sum(r[1] for r in rows)
    heaviest = max(rows, key=lambda r: r[2]["peak_mb"])
    print(
        f"\nall notebooks: {total:.1f} s against {len(rows)} x floor = "
        f"{len(rows) * floor_s:.1f} s: ratio {total / (len(rows) * floor_s):.2f} (target <= 1.5)"
    )
    print(
        f"heaviest kernel: {heaviest[0]}, {heaviest[2]['peak_mb']:.0f} MB, "
        f"{heaviest[2]['peak_mb'] / floor['peak_mb']:.2f}x the floor (target <= 1.3), "
        f"{heaviest[2]['peak_mb'] / torch_floor['peak_mb']:.2f}x the floor "
        "with one torch backward\n"
    )
    print(
        f"{'slider step in the kernel':46} {'step':>8} {'bare draw':>10} {'ratio':>6}  "
        "(target < 40 ms, <= 1.5x)"
    )
    for stem, _, probe in rows:
        for d in probe["dashboards"]:
            label = f"{stem[:2]} {d['dashboard']} ({d['slider']})"
            print(
                f"{label:46} {d['step_ms']:5.1f} ms {d['bare_ms']:7.1f} ms "
                f"{d['step_ms'] / d['bare_ms']:6.2f}"
            )


def browser_figures(paths):
    sys.path.insert(0, str(ROOT / "tests"))
    from lab_driver import (
        CHROMIUM,
        CHROMIUM_ARGS,
        Lab,
        dashboards,
        drag_slider,
        missing_browser,
        run_notebook,
    )

    print(f"\n{'slider step in the browser':46} {'median':>8} {'max':>8}  (target < 150 ms)")
    if missing_browser():
        print(f"skipped: {missing_browser()}")
        return
    from playwright.sync_api import sync_playwright

    with Lab() as lab, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in paths:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            run_notebook(page, lab, path.name)
            for i, dash in enumerate(dashboards(page)):
                latencies = drag_slider(page, dash, steps=10)[0]
                print(
                    f"{path.stem[:2]} dashboard {i:<33} {statistics.median(latencies):5.1f} ms "
                    f"{max(latencies):5.1f} ms"
                )
            page.close()
            lab.shutdown_kernels()
        browser.close()


if __name__ == "__main__":
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    kernel_figures(notebooks)
    if "--no-browser" not in sys.argv:
        browser_figures(notebooks)
