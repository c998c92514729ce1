"""Dashboards tested headlessly: setting a slider's value must move the artists."""

import os
import subprocess
import sys

import numpy as np
import pytest

from helpers import LineFitDashboard, fit_line, make_line_data, mse


@pytest.fixture
def dash():
    x, y = make_line_data(seed=0)
    return LineFitDashboard(x, y, w=0.5, b=1.0)


def test_setting_a_slider_changes_the_plotted_line(dash):
    before = dash.line.line.get_ydata().copy()
    dash.sliders["b"].value = 3.0
    after = dash.line.line.get_ydata()
    np.testing.assert_allclose(after - before, 2.0)
    dash.sliders["w"].value = 1.5
    x0, x1 = dash.line.line.get_xdata()
    y0, y1 = dash.line.line.get_ydata()
    assert (y1 - y0) / (x1 - x0) == pytest.approx(1.5)


def test_slider_moves_the_loss_point_residuals_and_readout(dash):
    dash.set(w=2.0, b=-1.0)
    assert tuple(np.ravel(dash.loss.point.get_data())) == (2.0, -1.0)
    segments = dash.line.residuals.get_segments()
    np.testing.assert_allclose([s[1, 1] for s in segments], 2.0 * dash.x - 1.0)
    assert f"MSE = {mse(dash.x, dash.y, 2.0, -1.0):.3f}" in dash.readout.value
    assert f"{mse(dash.x, dash.y, 2.0, -1.0):.3f}" in dash.line.ax.get_title()


def test_best_fit_is_marked_on_the_loss_surface(dash):
    labels = [line.get_label() for line in dash.loss.ax.get_lines()]
    assert "best (w, b)" in labels
    star = dash.loss.ax.get_lines()[labels.index("best (w, b)")]
    np.testing.assert_allclose(np.ravel(star.get_data()), fit_line(dash.x, dash.y))


def test_dashboard_is_one_widget_with_the_canvas_in_it(dash):
    assert dash.fig.canvas in dash.widget.children
    assert dash.fig.canvas.toolbar_visible is False


def test_set_rejects_unknown_names_and_bad_input(dash):
    with pytest.raises(ValueError, match=r"set\(\) takes control names \['b', 'w'\]; got \['q'\]"):
        dash.set(q=1)
    with pytest.raises(ValueError, match="x and y must have the same length"):
        LineFitDashboard(np.arange(3.0), np.arange(4.0))


@pytest.mark.slow  # starts a real kernel
def test_making_a_dashboard_leaves_pyplot_backend_alone():
    # In a fresh process: importing ipympl switches pyplot's backend unless widget_figure undoes it.
    code = (
        "import matplotlib.pyplot as plt, matplotlib; before = matplotlib.get_backend();"
        "from helpers import LineFitDashboard, make_line_data; LineFitDashboard(*make_line_data());"
        "print(before, matplotlib.get_backend())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MPLBACKEND": "agg"},
    ).stdout.split()
    assert out == ["agg", "agg"]


def test_a_slider_step_blits_only_the_moving_artists(dash):
    canvas = dash.fig.canvas
    canvas.draw()  # the first full draw, as the browser asks for it
    before = np.asarray(canvas.get_renderer().buffer_rgba()).copy()
    full_draws = []
    canvas.mpl_connect("draw_event", full_draws.append)
    dash.sliders["b"].value = 5.0
    after = np.asarray(canvas.get_renderer().buffer_rgba())
    assert not full_draws, "a slider step must not redraw the whole figure"
    assert (before != after).any(axis=-1).sum() > 100, "the image must change"
    assert all(a.get_animated() for a in dash.moving)


@pytest.mark.slow  # starts a real kernel
def test_static_figures_still_show_when_a_dashboard_comes_first():
    # In a real kernel: a dashboard made before any pyplot figure must not stop later figures
    # appearing inline.
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(src)
            for src in (
                "import matplotlib.pyplot as plt\n"
                "from helpers import LineFitDashboard, make_line_data\n"
                "dash = LineFitDashboard(*make_line_data())",
                "_ = plt.plot([0, 1], [1, 0])",
            )
        ]
    )
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    assert any("image/png" in o.get("data", {}) for o in nb.cells[1].outputs), nb.cells[1].outputs
