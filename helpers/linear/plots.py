"""Notebook 03: where real layers sit on the bias-share curve, a plot of a 2-to-2 Linear layer
acting on a grid of the plane, and its slider dashboard.

`bias_share_plot` and `AffineGridPlot` draw; they are handed numbers that `helpers.linear.logic`
(or the notebook) has computed. `LinearMapDashboard` wires six sliders (the four weights, the two
biases) to `AffineGridPlot`.
"""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Polygon

from helpers.core.dashboard import Dashboard, slider, widget_figure
from helpers.core.style import COLORS
from helpers.core.validate import as_array, as_axes, as_float, as_range, as_text, same_length
from helpers.linear.logic import UNIT_SQUARE, describe_map, grid_lines, map_grid


def bias_share_plot(ax, fan_in, share, labels, rule):
    """Each layer as a labelled point, (its fan_in, the share of its parameters that are biases), on
    log-log axes, over the rule as a thin line (notebook 03).

    fan_in, share: (k,); labels: k strings; rule: (x, y) arrays, the share the formula predicts.
    Returns (points, rule_line).
    """
    ax = as_axes("ax", ax)
    fan_in, share = as_array("fan_in", list(fan_in), ndim=1), as_array("share", list(share), ndim=1)
    labels = [as_text(f"labels[{i}]", label) for i, label in enumerate(labels)]
    if not isinstance(rule, (tuple, list)) or len(rule) != 2:
        raise TypeError(f"rule must be a pair of arrays (x, y); got {type(rule).__name__}")
    if not len(fan_in) == len(share) == len(labels):
        raise ValueError(
            f"fan_in, share and labels must have one entry per layer; got {len(fan_in)}, "
            f"{len(share)} and {len(labels)}"
        )
    rule_x, rule_y = (as_array(name, v, ndim=1) for name, v in zip(("rule x", "rule y"), rule))
    same_length("rule x", rule_x, "rule y", rule_y)
    (rule_line,) = ax.loglog(
        rule_x, rule_y, color=COLORS["residual"], lw=1, zorder=1, label="1 / (fan_in + 1)"
    )
    points = ax.scatter(fan_in, share, s=40, color=COLORS["model"], zorder=3, label="a real layer")
    for x, y, text in zip(fan_in, share, labels):
        ax.annotate(text, (x, y), xytext=(7, 5), textcoords="offset points", fontsize=8)
    ax.set(
        xlabel="fan_in: inputs per output (in, or in·k·k for a convolution)",
        ylabel="share of parameters\nthat are biases",
        xlim=(rule_x[0], rule_x[-1]),
    )
    ax.legend(loc="lower left", fontsize="small")
    return points, rule_line


class AffineGridPlot:
    """The input grid (faint), its image under the layer, the image of the unit square with its
    corner (1, 1) marked (so that a reflection is not mistaken for a shift), and where the origin
    lands.

    grid: (n_lines, n_points, 2) input polylines. `.update(moved_grid, moved_square, moved_origin)`
    takes the same shapes after the map: (n_lines, n_points, 2), (4, 2), (2,).
    """

    def __init__(self, ax, grid, limit=4.0, title=None):
        self.ax, limit = as_axes("ax", ax), as_float("limit", limit, above=0)
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
        (self.corner,) = ax.plot(
            [1.0],
            [1.0],
            "s",
            color=COLORS["neutral"],
            mec="white",
            ms=8,
            zorder=6,
            label="where the corner (1, 1) lands",
        )
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
        moved_square = as_array("moved_square", moved_square, shape=(4, 2))
        self.square.set_xy(moved_square)
        self.corner.set_data(moved_square[2:3, 0], moved_square[2:3, 1])  # UNIT_SQUARE[2] = (1, 1)
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
        weight_range, bias_range = (
            as_range("weight_range", weight_range),
            as_range("bias_range", bias_range),
        )
        fig, ax = widget_figure(figsize=(5.2, 5.2))
        self.plot = AffineGridPlot(ax, grid_lines(limit=2.0), limit=as_float("limit", limit))
        ax.legend(loc="lower left", fontsize=8)
        values = list(weight.ravel()) + list(bias)
        ranges = [weight_range] * 4 + [bias_range] * 2
        sliders = {name: slider(name, v, r) for name, v, r in zip(self.NAMES, values, ranges)}
        moving = [self.plot.lines, self.plot.square, self.plot.corner, self.plot.origin]
        super().__init__(fig, sliders, moving=moving)

    def weight_and_bias(self):
        v = self.values()
        return np.array([[v["w11"], v["w12"]], [v["w21"], v["w22"]]]), np.array([v["b1"], v["b2"]])

    def refresh(self):
        weight, bias = self.weight_and_bias()
        self.plot.update(*map_grid(self.plot.grid, weight, bias))
        self.readout.value = (
            "<code>" + describe_map(weight, bias).replace("   ", " &nbsp;&nbsp; ") + "</code>"
        )
