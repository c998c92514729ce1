"""Plots and the dashboard of notebook 07 (bias in practice). No maths here: `helpers.practice`
computes, the plot objects draw and move artists, `OutputBiasDashboard` wires one slider to them.

`LossCurvePlot`: loss against training step, with fixed dashed reference curves and one moving
curve.
`FirstLossPlot`: the loss before training against the initial output bias, with a moving marker.
`decision_regions`: where a classifier predicts 1, with the data on top.
`plot_course_map`: the closing map of the course, one row per notebook.
"""

import ipywidgets as W
import numpy as np
from matplotlib.patches import Patch

from helpers.core.dashboard import Dashboard, slider, widget_figure
from helpers.core.style import COLORS
from helpers.core.validate import (
    MAX_DASHBOARD_STEPS,
    MAX_STEPS,
    _describe,
    as_array,
    as_axes,
    as_choice,
    as_float,
    as_int,
    as_labels,
    as_range,
    as_sizes,
    as_text,
    same_length,
)
from helpers.practice.logic import (
    first_step_losses,
    init_bias_loss_curves,
    prior_output_bias,
)


class LossCurvePlot:
    """Loss (log scale) against step. references: {label: losses}, each (steps,);
    `.update(losses, title)`.

    ylim defaults to (0.8 x the smallest reference loss, 5 x the largest), room for worse starts
    than the references. label names the moving curve (a static figure names its b0).
    """

    def __init__(self, ax, references, steps, ylim=None, label="slider's initial bias"):
        self.ax, steps = as_axes("ax", ax), as_int("steps", steps, minimum=1, maximum=MAX_STEPS)
        label = as_text("label", label)
        if not isinstance(references, dict) or not references:
            raise TypeError(
                f"references must be a non-empty dict of losses; got {_describe(references)}"
            )
        self.steps = np.arange(steps)
        dashes = iter([COLORS["no_bias"], COLORS["highlight"], COLORS["residual"]])
        for name, losses in references.items():
            ax.plot(
                self.steps,
                as_array(name, losses, shape=(steps,)),
                "--",
                color=next(dashes),
                label=name,
            )
        (self.line,) = ax.plot(self.steps, np.ones(steps), color=COLORS["model"], label=label)
        ax.set(xlabel="training step", ylabel="loss (log scale)", yscale="log")
        lows, highs = zip(*((min(v), max(v)) for v in references.values()))
        ax.set_ylim(
            *(as_range("ylim", ylim) if ylim is not None else (0.8 * min(lows), 5 * max(highs)))
        )
        ax.legend(loc="upper right")

    def update(self, losses, title=None):
        self.line.set_ydata(as_array("losses", losses, shape=(len(self.steps),)))
        if title is not None:
            self.ax.set_title(title)
        return self


class FirstLossPlot:
    """Loss at step 0 against the initial output bias b0: b_values, losses (k,); a line at the
    prior, and a marker named `label` (a static figure names its b0)."""

    def __init__(self, ax, b_values, losses, prior, b0=0.0, label="slider's initial bias"):
        self.ax, label = as_axes("ax", ax), as_text("label", label)
        b_values, losses = (
            as_array("b_values", b_values, ndim=1),
            as_array("losses", losses, ndim=1),
        )
        same_length("b_values", b_values, "losses", losses)
        prior = as_float("prior", prior)
        ax.plot(b_values, losses, color=COLORS["data"])
        ax.axvline(
            as_float("prior", prior),
            color=COLORS["highlight"],
            ls="--",
            label=f"prior: {prior:.2f}",
        )
        (self.point,) = ax.plot(
            [as_float("b0", b0)],
            [losses[0]],
            "o",
            ms=9,
            color=COLORS["accent"],
            mec="white",
            zorder=5,
            label=label,
        )
        ax.set(xlabel="initial output bias b0", ylabel="loss at step 0", title="first-step loss")
        ax.legend(loc="upper left")

    def update(self, b0, loss):
        self.point.set_data([as_float("b0", b0)], [as_float("loss", loss)])
        return self


def decision_regions(ax, xx, yy, predicted, X, y, legend=False):
    """Where a two-input classifier predicts 1 (shaded) over a grid, and the labelled data on top
    (notebook 07). xx, yy, predicted: (m, m) grid coordinates and 0/1 predictions; X: (n, 2) inputs,
    y: (n,) labels in {0, 1}. Returns (regions, points of class 0, points of class 1)."""
    ax = as_axes("ax", ax)
    X, y = as_array("X", X, shape=(None, 2)), as_labels("y", y)
    same_length("X", X, "y", y)
    predicted = as_array("predicted", predicted, ndim=2, bools=True)
    xx = as_array("xx", xx, shape=predicted.shape)
    yy = as_array("yy", yy, shape=predicted.shape)
    shade = "#f8d9c8"  # a light tint of class 1's colour
    regions = ax.contourf(xx, yy, predicted, levels=[-0.5, 0.5, 1.5], colors=["#f2f2f2", shade])
    points = [
        ax.scatter(*X[y == cls].T, s=7, color=color, lw=0, label=f"class {cls}", zorder=3)
        for cls, color in ((0, COLORS["data"]), (1, COLORS["model"]))
    ]
    ax.set(
        xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()), aspect="equal", xticks=[], yticks=[]
    )
    if legend:
        handles = [*points, Patch(color=shade, label="predicted 1")]
        ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=True, framealpha=0.9)
    return regions, *points


class OutputBiasDashboard(Dashboard):
    """One slider, the initial output bias b0 of mlp(sizes): the first-step loss (right) and the
    loss curve of the first `steps` steps of Adam (left), against dashed curves for b0 = 0 and
    b0 = the prior. The slider has 81 positions over b_range, all trained when the dashboard is
    made, so moving it costs a look-up and a redraw.

    x: (n, d) tensor, y: (n, 1) tensor; loss "mse" (prior = mean) or "bce" (prior = log-odds).
    Making it trains every slider position, so steps is at most 5,000 (MAX_DASHBOARD_STEPS).
    """

    def __init__(
        self, x, y, loss="bce", sizes=(2, 16, 1), b_range=(-5.0, 3.0), steps=100, lr=0.01, seed=0
    ):
        as_choice("loss", loss, ("mse", "bce"), "'mse' or 'bce'")
        low, high = as_range("b_range", b_range)
        steps = as_int("steps", steps, minimum=1, maximum=MAX_DASHBOARD_STEPS)  # on every move
        sizes = as_sizes("sizes", sizes)
        self.prior = prior_output_bias(y, "regression" if loss == "mse" else "binary")
        # Every slider position is trained once, here, in one batch with the two references
        # (b0 = 0 and the prior) as two more rows: a slider step only looks up.
        self.b_grid = np.linspace(low, high, 81)
        curves = init_bias_loss_curves(
            x, y, loss, np.append(self.b_grid, [0.0, self.prior]), sizes, steps, lr, seed
        )
        self.curves, refs = curves[:-2], {"b0 = 0": curves[-2], "b0 = prior": curves[-1]}
        fig, (ax_curve, ax_first) = widget_figure(figsize=(10, 3.8), ncols=2)
        self.curve = LossCurvePlot(ax_curve, refs, steps)
        self.first = FirstLossPlot(
            ax_first,
            self.b_grid,
            first_step_losses(x, y, loss, self.b_grid, sizes, seed).numpy(),
            self.prior,
        )
        ax_curve.set_ylim(
            min(min(v) for v in refs.values()) * 0.8, max(self.first.ax.get_ylim()[1], 1.0)
        )
        super().__init__(
            fig,
            {"b0": slider("initial b0", 0.0, (low, high), step=(high - low) / 80)},
            W.HTML(),
            moving=[self.curve.line, ax_curve.title, self.first.point],
        )

    def refresh(self):
        b0 = self.sliders["b0"].value
        losses = self.curves[np.abs(self.b_grid - b0).argmin()]
        self.curve.update(losses, title=f"first {len(losses)} steps from b0 = {b0:.2f}")
        self.first.update(b0, losses[0])
        self.readout.value = (
            f"b0 = <b>{b0:.2f}</b> (prior {self.prior:.2f}) &nbsp; loss at step 0: "
            f"<b>{losses[0]:.3f}</b> &nbsp; at step {len(losses) - 1}: <b>{losses[-1]:.3f}</b>"
        )


COURSE_MAP = [  # (notebook, title, what it showed, where it came back in notebook 07)
    (
        "01",
        "y = wx + b",
        "b moves the line off the origin;\nbest b = mean(y - wx); the bias trick",
        "§1: the best constant output is mean(y),\nso the output bias starts there",
    ),
    (
        "02",
        "one bias per neuron",
        "a unit switches at x = -b/w: boundaries\nand ReLU kinks leave the origin",
        "§5b: without biases every region is a\nwedge from the origin: no disc",
    ),
    (
        "02b",
        "dead units, bias init",
        "a bias too negative kills a ReLU for\ngood; start: random weights, zero biases",
        "§1: one bias that should not start at 0:\nthe output bias, set to the prior",
    ),
    (
        "03",
        "nn.Linear(bias=...)",
        "y = x @ W.T + b: out_features extra\nparameters per layer; bias=False",
        "§3: 4·d attention biases per block;\n§4: counts before and after trimming",
    ),
    (
        "04",
        "bias gradients",
        "db = dZ.sum(axis=0), summed over the\nbatch; checked against autograd",
        "§2: the decayed bias settles where\n2·mean(ŷ - y) + λb = 0",
    ),
    (
        "05",
        "BatchNorm and the bias",
        "a bias before BatchNorm gets zero\ngradient; LayerNorm only its mean",
        "§4: the audit flags it, we remove it:\nsame outputs, 64 fewer parameters",
    ),
    (
        "06",
        "zero-centring",
        "inputs far from 0: thin valley, slow\ndescent; centred x and y: best b = 0",
        "§1: targets far from 0 make the\nhockey stick; the prior centres them",
    ),
    (
        "07",
        "bias in practice",
        "init b to the prior; spare b from decay;\nK bias is a no-op; audit; test claims",
        "measure, then believe",
    ),
]


def plot_course_map(ax, entries=COURSE_MAP):
    """The course as a table on one axis: per notebook a numbered box, what it showed, and where it
    returned. entries: (number, title, showed, returned) rows of text."""
    ax = as_axes("ax", ax)
    if (
        not isinstance(entries, (list, tuple))
        or not entries
        or not all(
            isinstance(e, (list, tuple)) and len(e) == 4 and all(isinstance(t, str) for t in e)
            for e in entries
        )
    ):
        raise TypeError(
            "entries must be a list of (number, title, showed, returned) rows of text; got "
            f"{_describe(entries)}"
        )
    ax.set_axis_off()
    n = len(entries)
    ax.set(xlim=(0, 1), ylim=(-0.6, n))
    for x, head in (
        (0.06, "notebook"),
        (0.33, "what it showed"),
        (0.68, "where it came back here"),
    ):
        ax.text(
            x, n - 0.35, head, fontsize=11, fontweight="bold", color=COLORS["residual"], va="center"
        )
    for i, (number, title, showed, returned) in enumerate(entries):
        row = n - 1 - i
        ax.text(
            0.0,
            row,
            f" {number} ",
            fontsize=12,
            fontweight="bold",
            va="center",
            color="white",
            bbox=dict(
                boxstyle="round",
                fc=COLORS["model"] if number == "07" else COLORS["data"],
                ec="none",
            ),
        )
        ax.text(0.06, row, title, fontsize=10.5, fontweight="bold", va="center")
        ax.text(0.33, row, showed, fontsize=9, va="center")
        ax.text(0.68, row, returned, fontsize=9, va="center", color=COLORS["model"])
        if i:
            ax.axhline(row + 0.5, color=COLORS["residual"], lw=0.5, alpha=0.5)
    return ax
