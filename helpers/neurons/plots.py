"""Plot objects and dashboards of notebooks 02 (one bias per neuron) and 02b (dead units and
initialising the bias).

Plot objects draw once and `.update(...)` their artists with numbers computed elsewhere
(helpers.neurons). Dashboards wire sliders to those updates: a neuron's curve and threshold, a
two-input boundary, the kinks of a one-hidden-layer ReLU network (02), and a layer going silent as
its biases drop (02b).
"""

import ipywidgets as W
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon

from helpers.core.dashboard import Dashboard, slider, widget_figure
from helpers.core.style import COLORS
from helpers.core.validate import (
    _describe,
    as_array,
    as_axes,
    as_choice,
    as_float,
    as_grid,
    as_int,
    as_labels,
    as_range,
    as_text,
    same_length,
)
from helpers.neurons.logic import (
    accuracy,
    active_fraction,
    contributions,
    dead_units,
    kinks,
    neuron,
    pre_activations,
    relu_net,
    threshold,
)


class ActivationPlot:
    """The curve f(wx + b) over x_grid (n,) with a dashed vertical line at the threshold."""

    def __init__(self, ax, x_grid, ylim=(-0.1, 1.15)):
        self.ax, self.x = as_axes("ax", ax), as_grid("x_grid", x_grid)
        (self.curve,) = ax.plot(
            self.x, np.zeros_like(self.x), color=COLORS["model"], label="f(wx + b)"
        )
        self.thresh = ax.axvline(
            0.0, color=COLORS["highlight"], ls="--", label="threshold x = -b/w"
        )
        ax.axhline(0, color=COLORS["neutral"], lw=0.8)
        ylim = as_range("ylim", ylim)
        ax.set(xlim=(self.x[0], self.x[-1]), ylim=ylim, xlabel="x", ylabel="output")
        ax.legend(loc="upper left")

    def update(self, y_values, thresh, title=None, ylim=None):
        """y_values: (n,) outputs on the grid; thresh: a number, or None to hide the threshold
        line."""
        self.curve.set_ydata(as_array("y_values", y_values, shape=self.x.shape))
        self.thresh.set_visible(thresh is not None)
        if thresh is not None:
            t = as_float("thresh", thresh)
            self.thresh.set_xdata([t, t])
        if title is not None:
            self.ax.set_title(title)
        if ylim is not None:
            self.ax.set_ylim(as_range("ylim", ylim))
        return self


def _positive_side(w, b, xlim, ylim):
    """Corners (k, 2) of the part of the rectangle xlim x ylim where w . p + b > 0 (k = 0 if none):
    the rectangle clipped by one half-plane, corner by corner (Sutherland-Hodgman)."""
    corners = np.array(
        [[xlim[0], ylim[0]], [xlim[1], ylim[0]], [xlim[1], ylim[1]], [xlim[0], ylim[1]]]
    )
    side = corners @ w + b
    kept = []
    for i in range(4):
        j = (i + 1) % 4
        if side[i] > 0:
            kept.append(corners[i])
        if (side[i] > 0) != (side[j] > 0):  # the edge crosses the boundary line
            t = side[i] / (side[i] - side[j])
            kept.append(corners[i] + t * (corners[j] - corners[i]))
    return np.array(kept).reshape(-1, 2)


class BoundaryPlot:
    """Two classes of points X (n, 2), labels y (n,) in {0, 1}, the line w . x + b = 0 between
    them, and the side where the neuron says class 1 (w . x + b > 0) shaded in class 1's colour."""

    def __init__(self, ax, X, y, color=None, label="w . x + b = 0"):
        self.ax = as_axes("ax", ax)
        X, y = as_array("X", X, shape=(None, 2)), as_labels("y", y)
        same_length("X", X, "y", y)
        for cls, col in ((0, COLORS["data"]), (1, COLORS["accent"])):
            ax.scatter(*X[y == cls].T, s=14, color=col, label=f"class {cls}", zorder=3)
        pad = 0.5
        self.xlim = (min(X[:, 0].min(), 0) - pad, X[:, 0].max() + pad)
        self.ylim = (min(X[:, 1].min(), 0) - pad, X[:, 1].max() + pad)
        self.side = Polygon(
            np.zeros((0, 2)),
            closed=True,
            facecolor=COLORS["accent"],
            alpha=0.15,
            edgecolor="none",
            zorder=1,
            label="said class 1: w . x + b > 0",
        )
        ax.add_patch(self.side)
        (self.line,) = ax.plot([], [], color=color or COLORS["model"], label=label, zorder=4)
        ax.plot([0], [0], "+", color=COLORS["neutral"], ms=12, mew=2, zorder=5)
        ax.set(xlim=self.xlim, ylim=self.ylim, xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
        ax.legend(loc="upper left", fontsize="small", frameon=True, framealpha=0.85)

    def update(self, w, b, title=None):
        """Redraw the line w[0]*x1 + w[1]*x2 + b = 0 across the axes (hidden when w = 0), and shade
        the side where w . x + b > 0."""
        w, b = as_array("w", w, shape=(2,)), as_float("b", b)
        self.side.set_xy(_positive_side(w, b, self.xlim, self.ylim))
        if abs(w[1]) >= abs(w[0]) and w[1] != 0:
            x1 = np.array(self.xlim)
            self.line.set_data(x1, -(w[0] * x1 + b) / w[1])
        elif w[0] != 0:
            x2 = np.array(self.ylim)
            self.line.set_data(-(w[1] * x2 + b) / w[0], x2)
        else:
            self.line.set_data([], [])
        if title is not None:
            self.ax.set_title(title)
        return self


class KinkPlot:
    """A ReLU network's output over x_grid (n,), each hidden neuron's share (thin dashed), and its
    kinks."""

    def __init__(self, ax, x_grid, n_hidden, ylim=(-4, 4)):
        self.ax, self.x = as_axes("ax", ax), as_grid("x_grid", x_grid)
        n_hidden, ylim = as_int("n_hidden", n_hidden, minimum=1, maximum=20), as_range("ylim", ylim)
        zeros = np.zeros_like(self.x)
        self.shares = [
            ax.plot(self.x, zeros, ls="--", lw=1.2, label=f"neuron {j + 1}")[0]
            for j in range(n_hidden)
        ]
        (self.output,) = ax.plot(self.x, zeros, color=COLORS["neutral"], lw=2.5, label="output")
        self.kinks = [ax.axvline(0.0, color=line.get_color(), lw=1, ls=":") for line in self.shares]
        ax.axhline(0, color=COLORS["neutral"], lw=0.8)
        ax.set(xlim=(self.x[0], self.x[-1]), ylim=ylim, xlabel="x", ylabel="output")
        ax.legend(loc="upper left", fontsize="small", ncols=2)

    def update(self, output, shares, kink_positions, title=None):
        """output: (n,); shares: (n, H); kink_positions: (H,), nan for a neuron without a kink."""
        self.output.set_ydata(as_array("output", output, shape=self.x.shape))
        shares = as_array("shares", shares, shape=(len(self.x), len(self.shares)))
        positions = as_array(
            "kink_positions", kink_positions, shape=(len(self.shares),), finite=False
        )
        for j, (line, vline) in enumerate(zip(self.shares, self.kinks)):
            line.set_ydata(shares[:, j])
            k = float(positions[j])
            vline.set_visible(bool(np.isfinite(k)))
            if np.isfinite(k):
                vline.set_xdata([k, k])
        if title is not None:
            self.ax.set_title(title)
        return self


class LayerActivityPlot:
    """Notebook 02b: pre-activations z = W1[j] x + b of a layer's units over x_grid (n,), one line
    per unit, with the data's range shaded: a unit is dead when its line stays at or below 0 across
    the shaded band. Live units solid blue, dead ones dotted grey."""

    LIVE, DEAD = COLORS["data"], COLORS["residual"]

    def __init__(self, ax, x_grid, n_units, data_range, ylim=(-10.0, 10.0), legend=True):
        self.ax, self.x = as_axes("ax", ax), as_grid("x_grid", x_grid)
        n_units, ylim = as_int("n_units", n_units, minimum=1, maximum=200), as_range("ylim", ylim)
        low, high = as_range("data_range", data_range)
        self.band = ax.axvspan(low, high, color=COLORS["highlight"], alpha=0.12, lw=0, zorder=0)
        ax.axhline(0, color=COLORS["neutral"], lw=0.8)
        ax.text(self.x[0], ylim[1], " z > 0: ReLU on", va="top", fontsize="small", color="0.3")
        self.lines = [ax.plot(self.x, np.zeros_like(self.x), lw=1.2)[0] for _ in range(n_units)]
        ax.set(xlim=(self.x[0], self.x[-1]), ylim=ylim, xlabel="x", ylabel="z = W1[j]·x + b")
        handles = [
            Line2D([], [], color=self.LIVE, lw=1.2, label="live unit"),
            Line2D([], [], color=self.DEAD, lw=1.2, ls=":", label="dead: z ≤ 0 on all data"),
            Polygon(
                np.zeros((0, 2)), color=COLORS["highlight"], alpha=0.12, label="range of the data"
            ),
        ]
        if legend:
            ax.legend(handles=handles, loc="lower left", fontsize="small", frameon=True)

    def update(self, pre_activations, dead, title=None):
        """pre_activations: (n, n_units) on the grid; dead: (n_units,) booleans."""
        z = as_array("pre_activations", pre_activations, shape=(len(self.x), len(self.lines)))
        dead = as_array("dead", dead, shape=(len(self.lines),), bools=True) != 0
        for line, column, is_dead in zip(self.lines, z.T, dead):
            line.set_ydata(column)
            line.set_color(self.DEAD if is_dead else self.LIVE)
            line.set_linestyle(":" if is_dead else "-")
        if title is not None:
            self.ax.set_title(title)
        return self


class SweepPlot:
    """Precomputed curves over a parameter's values (m,) and a vertical line at one value (02b).

    curves: {label: (m,) values}, drawn in `colors` order; marker_label names the vertical line
    ("current" suits a dashboard, not a static figure)."""

    def __init__(
        self,
        ax,
        values,
        curves,
        xlabel,
        ylabel="fraction",
        colors=(COLORS["data"], COLORS["neutral"]),
        marker_label="current",
    ):
        self.ax, values = as_axes("ax", ax), as_array("values", values, ndim=1)
        xlabel, ylabel = as_text("xlabel", xlabel), as_text("ylabel", ylabel)
        marker_label = as_text("marker_label", marker_label)
        if not isinstance(curves, dict) or not curves:
            raise TypeError(
                f"curves must be a non-empty dict {{label: values}}; got {_describe(curves)}"
            )
        if len(colors) < len(curves):
            raise ValueError(f"colors must name one colour per curve ({len(curves)}); got {colors}")
        self.curves = [
            ax.plot(values, as_array(label, ys, shape=values.shape), color=color, label=label)[0]
            for (label, ys), color in zip(curves.items(), colors)
        ]
        self.now = ax.axvline(values[0], color=COLORS["highlight"], ls="--", label=marker_label)
        ax.set(xlabel=xlabel, ylabel=ylabel)
        ax.legend(loc="center left", fontsize="small")

    def update(self, value):
        v = as_float("value", value)
        self.now.set_xdata([v, v])
        return self


class NeuronDashboard(Dashboard):
    """Notebook 02: sliders for w and b and a choice of activation; the curve f(wx + b) and its
    threshold."""

    YLIMS = {"sigmoid": (-0.1, 1.15), "tanh": (-1.15, 1.15), "relu": (-0.5, 6.0)}

    def __init__(self, w=1.0, b=0.0, activation="sigmoid", x_range=(-6.0, 6.0)):
        activation = as_choice("activation", activation, self.YLIMS)
        x_range = as_range("x_range", x_range)
        fig, ax = widget_figure(figsize=(8, 3.6))
        self.x = np.linspace(*x_range, 241)
        self.plot = ActivationPlot(ax, self.x)
        controls = {
            "w": slider("w (steepness)", w, (-3.0, 3.0)),
            "b": slider("b (bias)", b, (-5.0, 5.0)),
            "activation": W.Dropdown(
                options=["sigmoid", "tanh", "relu"], value=activation, description="activation"
            ),
        }
        super().__init__(
            fig,
            controls,
            moving=[self.plot.curve, self.plot.thresh, ax.title],
            full_redraw=["activation"],
        )  # a new activation changes the y-limits

    def refresh(self):
        w, b, act = (
            self.sliders["w"].value,
            self.sliders["b"].value,
            self.sliders["activation"].value,
        )
        t = threshold(w, b)
        where = "none: w = 0, the output is flat" if t is None else f"x = -b/w = {t:.2f}"
        self.plot.update(
            neuron(self.x, w, b, act), t, title=f"{act}({w:.2f}x + {b:.2f})", ylim=self.YLIMS[act]
        )
        self.readout.value = f"<b>threshold: {where}</b>"


class BoundaryDashboard(Dashboard):
    """Notebook 02: sliders for w1, w2 and b of a two-input neuron; its boundary line and accuracy
    on (X, y)."""

    def __init__(self, X, y, w=(1.0, 1.0), b=0.0):
        self.X, self.y = as_array("X", X, shape=(None, 2)), as_labels("y", y)
        w = as_array("w", w, shape=(2,))
        fig, ax = widget_figure(figsize=(5.5, 4.4))
        self.plot = BoundaryPlot(ax, self.X, self.y)
        controls = {
            "w1": slider("w1", w[0], (-3.0, 3.0)),
            "w2": slider("w2", w[1], (-3.0, 3.0)),
            "b": slider("b (bias)", b, (-12.0, 12.0), step=0.1),
        }
        super().__init__(fig, controls, moving=[self.plot.side, self.plot.line, ax.title])

    def refresh(self):
        w = np.array([self.sliders["w1"].value, self.sliders["w2"].value])
        b = self.sliders["b"].value
        acc = accuracy(self.X, self.y, w, b)
        self.plot.update(w, b, title=f"{w[0]:.2f}x1 + {w[1]:.2f}x2 + {b:.2f} = 0")
        self.readout.value = f"<b>accuracy = {acc:.1%}</b> &nbsp; (class 1 where w . x + b > 0)"


class KinkDashboard(Dashboard):
    """Notebook 02: a ReLU network with one input and 3 hidden neurons; sliders for each neuron's w
    and b.

    W1, b1, w2: shape (3,); the output weights w2 and bias b2 stay fixed.
    """

    def __init__(self, W1, b1, w2, b2=0.0, x_range=(-4.0, 4.0)):
        W1, b1 = as_array("W1", W1, shape=(3,)), as_array("b1", b1, shape=(3,))
        self.w2, self.b2 = as_array("w2", w2, shape=(3,)), as_float("b2", b2)
        x_range = as_range("x_range", x_range)
        fig, ax = widget_figure(figsize=(8, 3.8))
        self.x = np.linspace(*x_range, 321)
        self.plot = KinkPlot(ax, self.x, 3)
        controls = {}
        for j in range(3):
            controls[f"w{j + 1}"] = slider(
                f"n{j + 1}: w", W1[j], (-3.0, 3.0)
            )  # hidden neuron j+1's W1[j]
            controls[f"b{j + 1}"] = slider(f"n{j + 1}: b", b1[j], (-4.0, 4.0))  # and its b1[j]
        super().__init__(
            fig, controls, moving=[*self.plot.shares, self.plot.output, *self.plot.kinks, ax.title]
        )

    def refresh(self):
        W1 = np.array([self.sliders[f"w{j + 1}"].value for j in range(3)])
        b1 = np.array([self.sliders[f"b{j + 1}"].value for j in range(3)])
        k = kinks(W1, b1)
        self.plot.update(
            relu_net(self.x, W1, b1, self.w2, self.b2), contributions(self.x, W1, b1, self.w2), k
        )
        text = ", ".join("none" if np.isnan(v) else f"{v:.2f}" for v in k)
        self.readout.value = f"<b>kinks at x = -b/w: {text}</b>"


class DeadLayerDashboard(Dashboard):
    """Notebook 02b: one slider sets every bias of a one-input ReLU layer (weights W1 of shape
    (H,)); the first units' outputs over the data x (n,) (dead ones grey), and the dead / active
    fractions against the bias."""

    def __init__(self, x, W1, bias=0.0, bias_range=(-6.0, 2.0), n_shown=30):
        self.x, self.W1 = as_array("x", x, ndim=1), as_array("W1", W1, ndim=1)
        self.n_shown = min(as_int("n_shown", n_shown, minimum=1, maximum=200), len(self.W1))
        bias_range = as_range("bias_range", bias_range)
        fig, (ax_units, ax_sweep) = widget_figure(figsize=(11, 3.8), ncols=2)
        if self.x.min() == self.x.max():
            raise ValueError(f"x must hold at least two different values; got only {self.x[0]:g}")
        low, high = self.x.min(), self.x.max()
        margin = 0.25 * (high - low)  # beyond the data, where a dead unit may switch on again
        self.grid = np.linspace(low - margin, high + margin, 121)
        self.units = LayerActivityPlot(ax_units, self.grid, self.n_shown, (low, high))
        biases = np.linspace(*bias_range, 41)
        Zs = (
            pre_activations(self.x, self.W1, np.full(len(self.W1), s)) for s in biases
        )  # one (n, H) at a time
        fractions = np.array([(active_fraction(Z), np.mean(dead_units(Z))) for Z in Zs])
        self.sweep = SweepPlot(
            ax_sweep,
            biases,
            {"active (example, unit) pairs": fractions[:, 0], "dead units": fractions[:, 1]},
            xlabel="bias of every unit",
        )
        super().__init__(
            fig,
            {"bias": slider("bias (all units)", bias, bias_range)},
            moving=[*self.units.lines, ax_units.title, self.sweep.now],
        )

    def refresh(self):
        s = self.sliders["bias"].value
        Z = pre_activations(self.x, self.W1, np.full(len(self.W1), s))
        dead = dead_units(Z)
        shown = pre_activations(self.grid, self.W1[: self.n_shown], np.full(self.n_shown, s))
        self.units.update(
            shown,
            dead[: self.n_shown],
            title=f"{self.n_shown} of {len(self.W1)} units, bias {s:.2f}",
        )
        self.sweep.update(s)
        self.readout.value = (
            f"<b>bias {s:.2f}: {dead.mean():.1%} of units dead, "
            f"{active_fraction(Z):.1%} of (example, unit) pairs active</b>"
        )
