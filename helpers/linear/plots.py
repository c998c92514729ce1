"""Notebook 03: a plot of a 2-to-2 Linear layer acting on a grid of the plane, and its slider
dashboard.

`AffineGridPlot` draws; it is handed points that `helpers.linear_layers.map_grid` has already moved.
`LinearMapDashboard` wires six sliders (the four weights, the two biases) to it.
"""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Polygon

from helpers.core.dashboard import Dashboard, slider, widget_figure
from helpers.core.style import COLORS
from helpers.core.validate import as_array, as_float
from helpers.linear.logic import UNIT_SQUARE, describe_map, grid_lines, map_grid


class AffineGridPlot:
    """The input grid (faint), its image under the layer, the image of the unit square, and where
    the origin lands.

    grid: (n_lines, n_points, 2) input polylines. `.update(moved_grid, moved_square, moved_origin)`
    takes the same shapes after the map: (n_lines, n_points, 2), (4, 2), (2,).
    """

    def __init__(self, ax, grid, limit=4.0, title=None):
        self.ax = ax
        self.grid = as_array("grid", grid, shape=(None, None, 2))
        ax.add_collection(
            LineCollection(self.grid, colors=COLORS["residual"], linewidths=0.6, alpha=0.5)
        )
        self.lines = LineCollection(self.grid, colors=COLORS["data"], linewidths=1.0)
        ax.add_collection(self.lines)
        self.square = Polygon(
            UNIT_SQUARE,
            closed=True,
            facecolor=COLORS["highlight"],
            alpha=0.5,
            edgecolor=COLORS["neutral"],
            label="image of the unit square",
        )
        ax.add_patch(self.square)
        ax.plot(
            [0],
            [0],
            "+",
            color=COLORS["neutral"],
            ms=12,
            mew=2,
            zorder=5,
            label="input origin (0, 0)",
        )
        (self.origin,) = ax.plot(
            [0],
            [0],
            "o",
            color=COLORS["model"],
            ms=9,
            mec="white",
            zorder=6,
            label="where (0, 0) lands",
        )
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-limit, limit)
        ax.set_aspect("equal")
        ax.set_xlabel("output 1")
        ax.set_ylabel("output 2")
        if title is not None:
            ax.set_title(title)

    def update(self, moved_grid, moved_square, moved_origin, title=None):
        """Move the grid, the square and the origin marker to their images under the map."""
        self.lines.set_segments(as_array("moved_grid", moved_grid, shape=self.grid.shape))
        self.square.set_xy(as_array("moved_square", moved_square, shape=(4, 2)))
        ox, oy = as_array("moved_origin", moved_origin, shape=(2,))
        self.origin.set_data([ox], [oy])
        if title is not None:
            self.ax.set_title(title)
        return self


class LinearMapDashboard(Dashboard):
    """Notebook 03: sliders for the weights w11, w12, w21, w22 and biases b1, b2 of nn.Linear(2, 2);
    the grid, the unit square and the origin move live. Weights shear, rotate and scale; biases
    translate."""

    NAMES = ("w11", "w12", "w21", "w22", "b1", "b2")

    def __init__(
        self,
        weight=((1.0, 0.0), (0.0, 1.0)),
        bias=(0.0, 0.0),
        weight_range=(-2.0, 2.0),
        bias_range=(-2.0, 2.0),
        limit=4.0,
    ):
        weight = as_array("weight", weight, shape=(2, 2))
        bias = as_array("bias", bias, shape=(2,))
        fig, ax = widget_figure(figsize=(5.2, 5.2))
        self.plot = AffineGridPlot(ax, grid_lines(limit=2.0), limit=as_float("limit", limit))
        ax.legend(loc="lower left", fontsize=8)
        values = list(weight.ravel()) + list(bias)
        ranges = [weight_range] * 4 + [bias_range] * 2
        sliders = {name: slider(name, v, r) for name, v, r in zip(self.NAMES, values, ranges)}
        super().__init__(fig, sliders, moving=[self.plot.lines, self.plot.square, self.plot.origin])

    def weight_and_bias(self):
        v = self.values()
        return np.array([[v["w11"], v["w12"]], [v["w21"], v["w22"]]]), np.array([v["b1"], v["b2"]])

    def refresh(self):
        weight, bias = self.weight_and_bias()
        self.plot.update(*map_grid(self.plot.grid, weight, bias))
        self.readout.value = (
            "<code>" + describe_map(weight, bias).replace("   ", " &nbsp;&nbsp; ") + "</code>"
        )
