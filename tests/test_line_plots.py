"""helpers.line.plots: bad input fails early, naming the argument (the dashboard is tested in
test_core_dashboard.py)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import LinePlot, LossContour, loss_surface, make_line_data

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
