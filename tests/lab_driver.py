"""Drive the course in a real JupyterLab and a real browser (Debian's chromium, through Playwright).

Used by tests/test_browser.py and benchmarks/browser_latency.py. The server runs on 127.0.0.1 with
its own temporary config, data and runtime folders, on a copy of notebooks/ so that nothing it
autosaves touches the committed notebooks.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def missing_browser():
    """Why the real-browser tests cannot run here, or None if they can."""
    if not os.path.exists(CHROMIUM):
        return (
            f"no chromium at {CHROMIUM} (Debian: apt-get install chromium); "
            "real-browser tests skipped"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "playwright is not installed (pip install -r requirements.txt); "
            "real-browser tests skipped"
        )
    return None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server on a copy of the notebooks: `with Lab() as lab: lab.url(...)`."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="course-lab-"))
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        shutil.copytree(ROOT / "notebooks", self.tmp / "notebooks")
        env = {
            **os.environ,
            **{
                f"JUPYTER_{k}_DIR": str(self.tmp / k.lower()) for k in ("CONFIG", "DATA", "RUNTIME")
            },
        }
        settings = self.tmp / "settings"
        settings.mkdir()
        shutil.copy(ROOT / "jupyter" / "overrides.json", settings / "overrides.json")
        self.log = open(self.tmp / "lab.log", "w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--allow-root",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}",
                "--IdentityProvider.token=",
                "--ServerApp.disable_check_xsrf=True",
                "--LabApp.expose_app_in_browser=True",
                f"--LabServerApp.app_settings_dir={settings}",
                f"--ServerApp.root_dir={self.tmp / 'notebooks'}",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{self.base}/api/status", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"JupyterLab did not start; see {self.tmp / 'lab.log'}")

    def url(self, notebook):
        return f"{self.base}/lab/tree/{notebook}?reset"

    def shutdown_kernels(self):
        with urllib.request.urlopen(f"{self.base}/api/sessions") as r:
            sessions = json.load(r)
        for s in sessions:
            req = urllib.request.Request(f"{self.base}/api/sessions/{s['id']}", method="DELETE")
            urllib.request.urlopen(req).close()

    def __exit__(self, *exc):
        try:
            self.shutdown_kernels()
        except OSError:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_notebook(page, lab, notebook, timeout_s=240):
    """Open a notebook, clear it, run all cells, and wait until every code cell has run.

    Raises AssertionError naming the cell if a cell ends in an error (a run-all stops there).
    """
    page.goto(lab.url(notebook))
    page.wait_for_function(
        """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return w && w.content && w.content.model && w.sessionContext && w.sessionContext.session
               && w.sessionContext.session.kernel """
        """&& w.sessionContext.session.kernel.status === 'idle'; }""",
        timeout=60_000,
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    state = page.wait_for_function(
        """() => {
        const w = window.jupyterapp.shell.currentWidget;
        const code = [...w.content.model.cells].filter(c => c.type === 'code');
        for (const [i, c] of code.entries()) {
            for (const o of c.outputs.toJSON()) if (o.output_type === 'error') """
        """return `code cell ${i + 1}: ${o.ename}: ${o.evalue}`;
        }
        const idle = w.sessionContext.session.kernel.status === 'idle';
        return idle && code.every(c => c.executionCount !== null) ? 'done' : false; }""",
        timeout=timeout_s * 1000,
        polling=250,
    ).json_value()
    assert state == "done", f"{notebook}: {state}"


def dashboards(page):
    """Locators for every dashboard: the widget box that holds an ipympl canvas and its sliders."""
    count = page.evaluate(
        """() => { let n = 0;
        document.querySelectorAll('.jupyter-matplotlib-canvas-div').forEach(c => {
            const box = c.closest('.widget-vbox'); """
        """if (box && !box.dataset.dash) box.dataset.dash = String(n++); });
        return n; }"""
    )
    return [page.locator(f'[data-dash="{i}"]') for i in range(count)]


def drag_slider(page, dash, index=0, steps=6, dx=14, timeout_ms=10_000):
    """Drag one slider of a dashboard in steps; per step, ms from the mouse move to a new image.

    Returns (latencies_ms, readout_before, readout_after, image_changed).
    """
    slider = dash.locator(".widget-slider").nth(index)
    dash.locator(".jupyter-matplotlib-canvas-div").scroll_into_view_if_needed()
    slider.scroll_into_view_if_needed()
    page.wait_for_timeout(200)  # let the notebook settle after scrolling
    canvas = dash.locator(".jupyter-matplotlib-canvas-div canvas").first.element_handle()
    readout = dash.locator(".widget-html").first
    before_text = readout.inner_text() if readout.count() else ""
    first_image = image = canvas.evaluate("c => c.toDataURL()")
    box = slider.locator(".noUi-handle").bounding_box()
    track = slider.locator(".noUi-target").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    direction = 1 if x < track["x"] + track["width"] / 2 else -1  # towards the farther end
    latencies = []
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, steps + 1):
        page.mouse.move(x + direction * dx * i, y)
        start = time.perf_counter()
        page.wait_for_function(
            "([c, old]) => c.toDataURL() !== old",
            arg=[canvas, image],
            polling="raf",
            timeout=timeout_ms,
        )
        latencies.append((time.perf_counter() - start) * 1e3)
        image = canvas.evaluate("c => c.toDataURL()")
    page.mouse.up()
    page.wait_for_timeout(300)
    after_text = readout.inner_text() if readout.count() else ""
    return latencies, before_text, after_text, image != first_image


def slider_count(dash):
    return dash.locator(".widget-slider").count()


def fallback_state(page, sections):
    """How JupyterLab shows each static fallback: sections are (heading index, [cell indices]) as
    `build_notebooks.fallback_sections` returns them. Per section: whether its heading is folded,
    whether all its cells are hidden, and how many of its figures are rendered and visible."""
    return page.evaluate(
        """(sections) => { const nb = window.jupyterapp.shell.currentWidget.content;
        const images = i => [...nb.widgets[i].node.querySelectorAll('.jp-OutputArea-output img')];
        const shown = im => im.checkVisibility() && im.getBoundingClientRect().height > 0;
        return sections.map(([h, body]) => ({
            heading: h,
            folded: nb.widgets[h].headingCollapsed === true,
            hidden: body.every(i => nb.widgets[i].isHidden),
            visible_figures: body.reduce((n, i) => n + images(i).filter(shown).length, 0),
        })); }""",
        sections,
    )


def show_cell(page, index):
    """Scroll the notebook so that cell `index` (of the model) is at the top of the view."""
    page.evaluate(
        "async (i) => { const nb = window.jupyterapp.shell.currentWidget.content;"
        " await nb.scrollToCell(nb.widgets[i], 'start'); }",
        index,
    )
    page.wait_for_timeout(300)


def unfold(page, heading, body, timeout_ms=10_000):
    """Unfold a static fallback as a learner does, by clicking the "cells hidden" button under
    its heading; wait until one of its figures is on screen. Returns that figure's height (px)."""
    show_cell(page, heading)
    button = page.evaluate_handle(
        "(h) => window.jupyterapp.shell.currentWidget.content.widgets[h].node"
        ".querySelector('.jp-showHiddenCellsButton')",
        heading,
    )
    button.as_element().click()
    show_cell(page, body[-1])
    return page.wait_for_function(
        """(body) => { const nb = window.jupyterapp.shell.currentWidget.content;
        for (const i of body) for (const im of nb.widgets[i].node.querySelectorAll(
                '.jp-OutputArea-output img'))
            if (im.checkVisibility() && im.getBoundingClientRect().height > 0)
                return im.getBoundingClientRect().height;
        return false; }""",
        arg=body,
        timeout=timeout_ms,
    ).json_value()
