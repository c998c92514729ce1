"""The course's speed and memory figures, in one run on this machine.

    make bench                                    (or: .venv/bin/python benchmarks/course.py)
    .venv/bin/python benchmarks/course.py --no-browser --cells   (every later cell over 0.5 s)

1. Per notebook, executed in a fresh kernel: seconds to the end of its setup cells, its slowest
   later cell (target: under 1 s), Run-All time, and the kernel's peak memory. A cell's time is
   given as wall and as the kernel's CPU time: on a busy machine the wall time grows with the
   competition, the CPU time of single-threaded work much less (an estimate of the idle wall time).
   With --cells, every later cell of 0.5 s or more is listed too.
2. Floors, measured in the same run: a kernel that only imports numpy, matplotlib, ipywidgets and
   ipympl, and one that also imports torch. Targets: notebook 01's peak memory at most 1.3x the
   first floor; all notebooks together under 2x the sum of their floors (each notebook against the
   floor of what it imports).
3. Slider step in the kernel, per dashboard (callback + blit + PNG diff), twice: on an idle machine
   and with two busy processes competing for the CPU (a shared server). Target: median under
   150 ms with the competition.
4. Slider step in a real browser (JupyterLab + chromium): ms from a drag step to the new image.
   Target: under 150 ms. Skipped where chromium is missing.
Figures only: nothing here passes or fails.
"""

import json
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
import psutil  # an ipykernel dependency: the kernel's CPU time
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
FLOOR = "import numpy, matplotlib.pyplot, ipywidgets, ipympl.backend_nbagg"
TORCH_FLOOR = FLOOR + "\nimport torch"
PROBE = (ROOT / "benchmarks" / "kernel_probe.py").read_text()


@contextmanager
def competition(n=2):
    """n processes that keep a core busy each, as other users of a shared server would."""
    spin = [sys.executable, "-c", "while True: pass"]
    procs = [subprocess.Popen(spin) for _ in range(n)]
    try:
        time.sleep(0.5)
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def setup_cells(nb):
    """Indices of the code cells of the "## Setup" section (up to the next "## " heading)."""
    inside, found = False, []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            inside = cell.source.startswith("## Setup")
        elif inside and cell.cell_type == "code":
            found.append(i)
    return found


def probe(client, nb):
    """Run the probe cell once more in the kernel; its JSON line."""
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    if not text.strip():
        raise RuntimeError(f"the probe printed nothing: {nb.cells[-1].outputs}")
    return json.loads(text.strip().splitlines()[-1])


def run(nb, cwd, sliders=True):
    """Execute nb in a fresh kernel: per-cell seconds, and the probe's figures (idle and busy)."""
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    seconds, cpu_seconds = {}, {}
    with client.setup_kernel():
        kernel = psutil.Process(client.km.provisioner.process.pid)
        cpu = lambda: sum(kernel.cpu_times()[:2])  # user + system
        for i, cell in enumerate(list(nb.cells)):
            start, start_cpu = time.perf_counter(), cpu()
            client.execute_cell(cell, i)
            seconds[i], cpu_seconds[i] = time.perf_counter() - start, cpu() - start_cpu
        idle = probe(client, nb)
        busy = None
        if sliders and idle["dashboards"]:
            with competition():
                busy = probe(client, nb)
    return seconds, cpu_seconds, idle, busy


def floor(code):
    seconds, _, idle, _ = run(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), ROOT
    )
    return sum(seconds.values()), idle["peak_mb"]


def kernel_figures(paths, list_cells=False):
    floors = {"numpy": floor(FLOOR), "torch": floor(TORCH_FLOOR)}
    for name, (t, mb) in floors.items():
        print(f"floor, imports only ({name}): {t:5.2f} s, peak {mb:4.0f} MB")
    print(
        f"\n{'notebook':24} {'setup':>7} {'slowest later cell (wall, cpu)':>38} {'run-all':>8} "
        f"{'floor':>6} {'peak MB':>8}"
    )
    rows, total, total_floor = [], 0.0, 0.0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        uses_torch = "import torch" in "".join(c.source for c in nb.cells if c.cell_type == "code")
        seconds, cpu_seconds, idle, busy = run(nb, path.parent)
        setup = setup_cells(nb)
        later = {i: t for i, t in seconds.items() if i > max(setup)}
        slow_i = max(later, key=later.get)
        slow_cpu = cpu_seconds[slow_i]
        run_all = sum(seconds.values())
        floor_s = floors["torch" if uses_torch else "numpy"][0]
        total, total_floor = total + run_all, total_floor + floor_s
        first_line = nb.cells[slow_i].source.split("\n")[0][:18]
        print(
            f"{path.stem:24} {sum(seconds[i] for i in setup):5.2f} s "
            f"{later[slow_i]:5.2f} s, {slow_cpu:5.2f} s (cell {slow_i:2}: {first_line:18}) "
            f"{run_all:6.2f} s {'torch' if uses_torch else 'numpy':>6} {idle['peak_mb']:8.0f}"
        )
        if list_cells:
            for i in sorted(later):
                if max(later[i], cpu_seconds[i]) >= 0.5:
                    line = nb.cells[i].source.split("\n")[0][:60]
                    wall, used = later[i], cpu_seconds[i]
                    print(f"    cell {i:3}: {wall:5.2f} s wall, {used:5.2f} s cpu  {line}")
        rows.append((path.stem, idle, busy))
    print(
        f"\nall notebooks: {total:.1f} s against their floors' {total_floor:.1f} s: "
        f"{total / total_floor:.2f}x (target < 2)"
    )
    first = rows[0][1]["peak_mb"]
    print(
        f"notebook 01's peak: {first:.0f} MB, {first / floors['numpy'][1]:.2f}x the numpy floor "
        "(target <= 1.3)"
    )
    print(
        f"\n{'slider step in the kernel (median)':46} {'idle':>8} {'2 busy':>8} {'bare draw':>10}"
        "  (target: 2 busy < 150 ms)"
    )
    for stem, idle, busy in rows:
        for d, b in zip(idle["dashboards"], busy["dashboards"] if busy else []):
            label = f"{stem.split('_')[0]} {d['dashboard']} ({d['slider']})"
            print(
                f"{label:46} {d['step_ms']:5.1f} ms {b['step_ms']:5.1f} ms {d['bare_ms']:7.1f} ms"
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
            number = path.stem.split("_")[0]  # "01", "02b", ...
            for i, dash in enumerate(dashboards(page)):
                latencies = drag_slider(page, dash, steps=10)[0]
                print(
                    f"{number:3} dashboard {i:<32} {statistics.median(latencies):5.1f} ms "
                    f"{max(latencies):5.1f} ms"
                )
            page.close()
            lab.shutdown_kernels()
        browser.close()


if __name__ == "__main__":
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    kernel_figures(notebooks, list_cells="--cells" in sys.argv)
    if "--no-browser" not in sys.argv:
        browser_figures(notebooks)
