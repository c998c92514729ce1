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


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------

SLIDER_BAD = [
    (dict(step=0), ValueError, "step must be > 0; got 0"),
    (dict(step=float("nan")), ValueError, "step must be a finite number; got nan"),
    (dict(step=-0.1), ValueError, "step must be > 0"),
    (dict(step=5.0), ValueError, "step must be at most the width of value_range, 1; got 5"),
    (dict(step="0.1"), TypeError, "step must be a real number"),
    (
        dict(value=3.0),
        ValueError,
        r"value of the slider 'w' must lie in value_range \[0, 1\]; got 3",
    ),
    (dict(value=None), TypeError, "value of the slider 'w' must be a real number; got NoneType"),
    (dict(value_range=(1, 0)), ValueError, "value_range must have low < high"),
    (dict(value_range=(0, float("inf"))), ValueError, r"value_range\[1\] must be a finite number"),
    (dict(description=3), TypeError, "description must be a string; got int 3"),
]


@pytest.mark.parametrize("change, error, message", SLIDER_BAD)
def test_slider_rejects_bad_input(change, error, message):
    from helpers import slider

    args = dict(description="w", value=0.5, value_range=(0.0, 1.0), step=0.05) | change
    with pytest.raises(error, match=message):
        slider(**args)


@pytest.mark.parametrize(
    "values, error, message",
    [
        (dict(w=100.0), ValueError, r"w must lie in the slider's range \[-1, 4\]; got 100"),
        (dict(b=float("nan")), ValueError, "b must be a finite number; got nan"),
        (dict(w="1"), TypeError, "w must be a real number; got str"),
        (dict(w=None), TypeError, "w must be a real number; got NoneType"),
    ],
)
def test_set_refuses_a_value_the_slider_would_silently_clamp(dash, values, error, message):
    before = dash.values()
    with pytest.raises(error, match=message):
        dash.set(**values)
    assert dash.values() == before


@pytest.mark.parametrize(
    "args, error, message",
    [
        (dict(figsize=(0, 3)), ValueError, r"figsize\[0\] must be > 0; got 0"),
        (dict(figsize=5), TypeError, r"figsize must be a \(width, height\) pair"),
        (dict(ncols=0), ValueError, "ncols must be at least 1"),
        (dict(ncols=1000), ValueError, "ncols must be at most 12"),
    ],
)
def test_widget_figure_rejects_bad_sizes(args, error, message):
    from helpers import widget_figure

    with pytest.raises(error, match=message):
        widget_figure(**args)


def test_line_dashboard_rejects_a_start_outside_its_ranges_and_bad_data():
    x, y = make_line_data(seed=0)
    with pytest.raises(ValueError, match=r"value of the slider 'w \(slope\)' must lie in"):
        LineFitDashboard(x, y, w=10.0)
    with pytest.raises(ValueError, match="x must not be empty"):
        LineFitDashboard([], [])
    with pytest.raises(TypeError, match="y must hold real numbers"):
        LineFitDashboard(x, y + 1j)
    with pytest.raises(ValueError, match="grid must be at most 1,000"):
        LineFitDashboard(x, y, grid=10**6)
