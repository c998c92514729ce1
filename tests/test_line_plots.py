"""Notebook 01's plot objects, headless: the loss contours name their levels and their marker."""

import numpy as np
from matplotlib.figure import Figure

from helpers import LineFitDashboard, LossContour, loss_surface, make_line_data


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
