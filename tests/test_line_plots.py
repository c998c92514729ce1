"""helpers.line.plots, headless: the loss contours name their levels and their marker, and bad input
fails early, naming the argument (the dashboard's sliders are tested in test_core_dashboard.py)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import LineFitDashboard, LinePlot, LossContour, loss_surface, make_line_data

X, Y = make_line_data(n=10, seed=0)
WS, BS = np.linspace(0, 3, 5), np.linspace(0, 8, 4)


@pytest.fixture
def ax():
    return Figure().subplots()


BAD = [
    (lambda ax: LinePlot(None, X, Y), TypeError, "ax must be a matplotlib Axes; got NoneType"),
    (lambda ax: LinePlot(ax, X, Y[:5]), ValueError, "x and y must have the same length"),
    (lambda ax: LinePlot(ax, [], []), ValueError, "x must not be empty"),
    (lambda ax: LinePlot(ax, X, Y, show_residuals="no"), TypeError, "show_residuals must be True"),
    (lambda ax: LinePlot(ax, X, Y).update(np.nan, 0.0), ValueError, "w must be a finite number"),
    (lambda ax: LinePlot(ax, X, Y).update(1.0, "0"), TypeError, "b must be a real number"),
    (
        lambda ax: LossContour(ax, WS, BS, np.zeros((5, 4))),
        ValueError,
        r"loss must have shape \(4, 5\); got shape \(5, 4\)",
    ),
    (
        lambda ax: LossContour(ax, WS, BS, np.ones((4, 5))),
        ValueError,
        "loss must be >= 0 and vary over the grid to draw contours",
    ),
    (
        lambda ax: LossContour(ax, WS, BS, loss_surface(X, Y, WS, BS), levels=0),
        ValueError,
        "levels must be at least 2",
    ),
    (
        lambda ax: LossContour(ax, WS, BS, loss_surface(X, Y, WS, BS), w=None),
        TypeError,
        "w must be a real number",
    ),
    (
        lambda ax: LossContour(ax, WS, BS, loss_surface(X, Y, WS, BS)).mark(np.inf, 0, "best"),
        ValueError,
        "w must be a finite number",
    ),
]


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_input_raises_naming_the_argument(ax, call, error, message):
    with pytest.raises(error, match=message):
        call(ax)


def test_loss_contour_names_its_levels_with_a_log_colour_bar():
    x, y = make_line_data(seed=0)
    ws, bs = np.linspace(-1, 4, 40), np.linspace(-4, 10, 50)
    loss = loss_surface(x, y, ws, bs)
    fig = Figure()
    ax = fig.subplots()
    plot = LossContour(ax, ws, bs, loss, 1.0, 2.0, colorbar=True, point_label="b = 0 best")
    assert plot.colorbar is not None and plot.colorbar.ax.get_yscale() == "log"
    assert plot.colorbar.ax.get_ylabel() == "MSE (log scale)"
    labels = [t.get_text() for t in plot.colorbar.ax.get_yticklabels()]
    assert "10" in labels and "100" in labels and all("times" not in t for t in labels)
    low, high = plot.colorbar.mappable.norm.vmin, plot.colorbar.mappable.norm.vmax
    assert loss.min() < low < 1.1 * loss.min() and np.isclose(high, loss.max())
    assert plot.point.get_label() == "b = 0 best"
    assert LossContour(Figure().subplots(), ws, bs, loss).colorbar is None


def test_the_dashboard_has_a_colour_bar_and_says_current():
    dash = LineFitDashboard(*make_line_data(seed=0))
    assert dash.loss.colorbar is not None
    assert dash.loss.point.get_label() == "current (w, b)"


def test_contour_labels_are_checked(ax):
    surface = loss_surface(X, Y, WS, BS)
    with pytest.raises(TypeError, match="point_label must be a string; got int"):
        LossContour(ax, WS, BS, surface, point_label=3)
    with pytest.raises(TypeError, match="colorbar must be True or False"):
        LossContour(ax, WS, BS, surface, colorbar="yes")
