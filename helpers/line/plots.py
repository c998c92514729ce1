"""Figures that draw once and update their artists in place. They draw; they do not compute the
lesson.

Each plot object takes an existing Axes, draws on it, and has `.update(...)` that only moves data on
the artists it made, so a slider can call it many times a second.
"""

import ipywidgets as W
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LogNorm

from helpers.core.dashboard import Dashboard, slider, widget_figure
from helpers.core.style import COLORS
from helpers.core.validate import (
    as_array,
    as_axes,
    as_bool,
    as_float,
    as_int,
    as_range,
    as_text,
    same_length,
)
from helpers.line.logic import fit_line, loss_surface, mse


class LinePlot:
    """Points, the line y = w*x + b over them, and the residuals as vertical segments (notebook 01).

    x, y: shape (n,). `.update(w, b, title=None)` moves the line and the residuals.
    """

    def __init__(self, ax, x, y, w=0.0, b=0.0, color=None, label="y = wx + b", show_residuals=True):
        self.ax, show_residuals = as_axes("ax", ax), as_bool("show_residuals", show_residuals)
        self.x, self.y = as_array("x", x, ndim=1), as_array("y", y, ndim=1)
        same_length("x", self.x, "y", self.y)
        lo, hi = min(self.x.min(), 0.0), self.x.max()
        pad = 0.05 * (hi - lo)
        self.x_line = np.array([lo - pad, hi + pad])
        self.points = ax.scatter(self.x, self.y, s=18, color=COLORS["data"], zorder=3, label="data")
        self.residuals = LineCollection(
            [],
            colors=COLORS["residual"],
            linewidths=1,
            zorder=2,
            label="residuals" if show_residuals else None,
        )
        self.residuals.set_visible(show_residuals)
        ax.add_collection(self.residuals)
        (self.line,) = ax.plot(
            self.x_line, self.x_line * 0, color=color or COLORS["model"], label=label, zorder=4
        )
        (self.intercept,) = ax.plot(
            [0], [0], "o", color=color or COLORS["model"], mfc="white", zorder=5
        )
        ax.axvline(0, color=COLORS["neutral"], lw=0.8)
        ax.axhline(0, color=COLORS["neutral"], lw=0.8)
        ax.set_xlim(self.x_line)
        y_lo, y_hi = min(self.y.min(), 0.0), self.y.max()
        ax.set_ylim(y_lo - 0.15 * (y_hi - y_lo), y_hi + 0.15 * (y_hi - y_lo))
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        self.artists = [self.residuals, self.line, self.intercept, ax.title]  # what update() moves
        self.update(w, b)

    def update(self, w, b, title=None):
        """Move the line to slope w and intercept b (the hollow dot marks the prediction at
        x = 0)."""
        w, b = as_float("w", w), as_float("b", b)
        self.line.set_ydata(w * self.x_line + b)
        self.intercept.set_ydata([b])
        y_hat = w * self.x + b
        self.residuals.set_segments(
            np.stack([np.stack([self.x, self.y], 1), np.stack([self.x, y_hat], 1)], 1)
        )
        if title is not None:
            self.ax.set_title(title)
        return self


def contour_levels(loss, n=20):
    """Log-spaced contour levels for a loss surface: the bowl is steep far out and flat near the
    minimum."""
    lo, hi = max(float(np.min(loss)), 1e-12), float(np.max(loss))
    if np.min(loss) < 0 or not hi > lo * 1.05:
        raise ValueError(
            f"loss must be >= 0 and vary over the grid to draw contours; got values from "
            f"{np.min(loss):g} to {hi:g}"
        )
    return np.geomspace(lo * 1.05, hi, n)


def _round_ticks(low, high):
    """Ticks at 1, 2 and 5 times powers of ten between low and high, and their labels."""
    ticks = [
        m * 10.0**k
        for k in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
        for m in (1, 2, 5)
        if low <= m * 10.0**k <= high
    ]
    return ticks, [f"{t:g}" for t in ticks]


def loss_contours(ax, w_values, b_values, loss, levels=20):
    """Contour lines of loss (nb, nw) over (w_values, b_values), at log-spaced levels whose colours
    are spread on a log scale, so that a colour bar can name them."""
    levels = contour_levels(loss, levels)
    return ax.contour(
        w_values,
        b_values,
        loss,
        levels=levels,
        cmap="viridis",
        norm=LogNorm(levels[0], levels[-1]),
        linewidths=1,
    )


class LossContour:
    """Contours of a loss over (w, b) with a marker at one (w, b) (notebook 01).

    w_values: (nw,), b_values: (nb,), loss: (nb, nw) as returned by `loss_surface`.
    `.update(w, b)` moves the marker; `.mark(w, b, ...)` adds a fixed labelled point. point_label
    names the marker in the legend ("current (w, b)" suits a dashboard, not a static figure);
    colorbar=True adds a colour bar that gives each contour's loss.
    """

    def __init__(
        self,
        ax,
        w_values,
        b_values,
        loss,
        w=0.0,
        b=0.0,
        levels=20,
        point_label="current (w, b)",
        colorbar=False,
    ):
        self.ax, levels = as_axes("ax", ax), as_int("levels", levels, minimum=2, maximum=100)
        point_label, colorbar = as_text("point_label", point_label), as_bool("colorbar", colorbar)
        w_values = as_array("w_values", w_values, ndim=1)
        b_values = as_array("b_values", b_values, ndim=1)
        loss = as_array("loss", loss, shape=(len(b_values), len(w_values)))
        self.contours = loss_contours(ax, w_values, b_values, loss, levels)
        self.colorbar = None
        if colorbar:
            self.colorbar = ax.figure.colorbar(self.contours, ax=ax, label="MSE (log scale)")
            ticks, labels = _round_ticks(self.contours.norm.vmin, self.contours.norm.vmax)
            self.colorbar.set_ticks(ticks, labels=labels)
            self.colorbar.ax.minorticks_off()
        (self.point,) = ax.plot(
            [as_float("w", w)],
            [as_float("b", b)],
            "o",
            ms=9,
            color=COLORS["accent"],
            mec="white",
            zorder=5,
            label=point_label,
            clip_on=False,  # whole even at the edge of the slider's range
        )
        ax.axhline(0, color=COLORS["neutral"], lw=0.8)
        ax.set_xlabel("w (slope)")
        ax.set_ylabel("b (bias)")
        self.artists = [self.point]  # what update() moves
        self.update(w, b)

    def update(self, w, b):
        self.point.set_data([as_float("w", w)], [as_float("b", b)])
        return self

    def mark(self, w, b, label, marker="*", color=None):
        """A fixed point, such as a closed-form optimum."""
        (artist,) = self.ax.plot(
            [as_float("w", w)],
            [as_float("b", b)],
            marker,
            ms=12,
            color=color or COLORS["highlight"],
            mec="black",
            label=label,
            zorder=6,
        )
        return artist


class LineFitDashboard(Dashboard):
    """Notebook 01: sliders for w and b over data; the line and residuals on the left, the loss
    surface over (w, b) on the right with the current (w, b) as a moving point; MSE shown live."""

    def __init__(self, x, y, w=0.0, b=0.0, w_range=(-1.0, 4.0), b_range=(-4.0, 10.0), grid=120):
        self.x, self.y = as_array("x", x, ndim=1), as_array("y", y, ndim=1)
        same_length("x", self.x, "y", self.y)
        w_range, b_range = as_range("w_range", w_range), as_range("b_range", b_range)
        grid = as_int("grid", grid, minimum=2, maximum=1000)
        fig, (ax_data, ax_loss) = widget_figure(figsize=(9, 3.8), ncols=2)
        self.line = LinePlot(ax_data, self.x, self.y, w, b)
        ws, bs = np.linspace(*w_range, grid), np.linspace(*b_range, grid)
        self.loss = LossContour(
            ax_loss, ws, bs, loss_surface(self.x, self.y, ws, bs), w, b, colorbar=True
        )
        self.loss.mark(*fit_line(self.x, self.y), label="best (w, b)")
        ax_loss.legend(loc="upper right", fontsize="small", frameon=True, framealpha=0.85)
        ax_loss.set_title("MSE over (w, b)")
        sliders = {"w": slider("w (slope)", w, w_range), "b": slider("b (bias)", b, b_range)}
        super().__init__(fig, sliders, W.HTML(), moving=self.line.artists + self.loss.artists)

    def refresh(self):
        w, b = self.sliders["w"].value, self.sliders["b"].value
        err = mse(self.x, self.y, w, b)
        self.line.update(w, b, title=f"y = {w:.2f}x + {b:.2f}    MSE = {err:.3f}")
        self.loss.update(w, b)
        self.readout.value = f"<b>MSE = {err:.3f}</b> &nbsp; prediction at x = 0: <b>{b:.2f}</b>"
