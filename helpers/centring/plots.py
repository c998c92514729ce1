"""Notebook 06 figures: loss valleys with gradient-descent paths, the slope over the first steps,
and the learning-rate / offset dashboard.

`ValleyPlot` and `StepTrace` draw; the maths (loss surface, descent, condition number) comes from
`centring` and `linefit`.
"""

import ipywidgets as W
import numpy as np

from helpers.centring.logic import (
    centre,
    condition_number,
    gradient_descent,
    grid_around,
    make_offset_data,
    max_stable_lr,
)
from helpers.core.dashboard import Dashboard, in_range, slider, widget_figure
from helpers.core.style import COLORS
from helpers.core.validate import (
    MAX_DASHBOARD_STEPS,
    as_array,
    as_axes,
    as_float,
    as_int,
    as_range,
)
from helpers.line.logic import fit_line, loss_surface
from helpers.line.plots import LossContour, loss_contours


class ValleyPlot(LossContour):
    """Loss contours over (w, b), a start point, a gradient-descent path and the least-squares best
    (notebook 06).

    w_values: (nw,), b_values: (nb,), loss: (nb, nw). `.set_path(path)` moves the path, shape
    (k, 2), in place; `.set_surface(...)` replaces the contours (a contour set cannot be moved, only
    redrawn).
    """

    def __init__(
        self, ax, w_values, b_values, loss, start=(0.0, 0.0), best=None, levels=20, color=None
    ):
        self.n_levels = levels
        start = as_array("start", start, shape=(2,))
        super().__init__(ax, w_values, b_values, loss, *start, levels=levels)
        self.point.set_label("start")
        (self.path,) = ax.plot(
            [], [], "-", lw=1.5, color=color or COLORS["model"], label="gradient descent", zorder=4
        )
        (self.end,) = ax.plot([], [], "o", ms=5, color=color or COLORS["model"], zorder=5)
        best = None if best is None else as_array("best", best, shape=(2,))
        self.best = self.mark(*(best if best is not None else (0.0, 0.0)), label="least squares")
        if best is None:  # nothing to mark yet: set_surface(..., best=...) places it
            self.best.set_data([], [])
        self._set_limits(w_values, b_values)

    def _set_limits(self, w_values, b_values):
        self.ax.set_xlim(w_values[0], w_values[-1])
        self.ax.set_ylim(b_values[0], b_values[-1])

    def set_path(self, path):
        """Show a descent path, shape (k, 2) of (w, b); the dot marks where it stopped."""
        path = as_array("path", path, shape=(None, 2))
        self.path.set_data(path[:, 0], path[:, 1])
        self.end.set_data(path[-1:, 0], path[-1:, 1])
        return self

    def set_surface(self, w_values, b_values, loss, best=None):
        """Replace the contours (and the best point) with those of another loss surface."""
        w_values = as_array("w_values", w_values, ndim=1)
        b_values = as_array("b_values", b_values, ndim=1)
        loss = as_array("loss", loss, shape=(len(b_values), len(w_values)))
        self.contours.remove()
        self.contours = loss_contours(self.ax, w_values, b_values, loss, self.n_levels)
        if best is not None:
            self.best.set_data([as_float("best[0]", best[0])], [as_float("best[1]", best[1])])
        self._set_limits(w_values, b_values)
        return self


def valley(ax, x, y, start, points=(), grid=60, color=None, window=None):
    """A ValleyPlot of the MSE of y = w*x + b, windowed around the start, the best fit and `points`
    (k, 2), or over `window` = (w_values, b_values) when given (to share one window between
    panels)."""
    best, start = fit_line(x, y), as_array("start", start, shape=(2,))
    extra = as_array("points", points, empty=True)
    if extra.ndim > 2 or (extra.size and extra.shape[-1:] != (2,)):
        raise ValueError(f"points must have shape (k, 2), (w, b) pairs; got shape {extra.shape}")
    grid = as_int("grid", grid, minimum=2, maximum=1000)
    if window is None:
        ws, bs = grid_around(np.vstack([[start, best], extra.reshape(-1, 2)]), n=grid)
    else:
        if not isinstance(window, (tuple, list)) or len(window) != 2:
            raise TypeError(
                f"window must be a pair (w_values, b_values); got {type(window).__name__}"
            )
        ws, bs = as_array("window[0]", window[0], ndim=1), as_array("window[1]", window[1], ndim=1)
    return ValleyPlot(ax, ws, bs, loss_surface(x, y, ws, bs), start=start, best=best, color=color)


class StepTrace:
    """The slope w over the first gradient-descent steps, one line per run, and the least-squares w
    dashed (notebook 06). A path that bounces across a thin valley zig-zags here, step after step,
    where in the (w, b) plane its segments lie on top of each other; a path that glides does not.

    runs: ((name, colour), ...); `.update(name, path)` takes a descent path (k, 2) of (w, b) and
    shows its first n_steps + 1 points (fewer if the run stopped sooner).
    """

    def __init__(self, ax, n_steps, best_w, runs, ylim=(-0.3, 0.9)):
        self.ax, ylim = as_axes("ax", ax), as_range("ylim", ylim)
        self.steps = np.arange(as_int("n_steps", n_steps, minimum=1) + 1)
        self.lines = {
            name: ax.plot(
                self.steps, np.full(len(self.steps), np.nan), "o-", ms=3, lw=1, color=c, label=name
            )[0]
            for name, c in runs
        }
        ax.axhline(
            as_float("best_w", best_w),
            ls="--",
            lw=1,
            color=COLORS["neutral"],
            label="least-squares w",
        )
        ax.set(xlabel="step", ylabel="w (slope)", xlim=(0, self.steps[-1]), ylim=ylim)
        ax.legend(loc="lower right", fontsize=8, frameon=True, framealpha=0.85)

    def update(self, name, path):
        if name not in self.lines:
            raise ValueError(f"name must be one of {sorted(self.lines)}; got {name!r}")
        path = as_array("path", path, shape=(None, 2))
        w = np.full(len(self.steps), np.nan)
        head = path[: len(self.steps), 0]
        w[: len(head)] = head
        self.lines[name].set_ydata(w)
        return self


def _log_slider(description, value, value_range, step=0.01):
    """A log-scale slider. The value is snapped to the slider's grid (10**(k*step)) so that the
    browser, which snaps on first touch, and the kernel agree from the start."""
    name = f"value of the slider {description!r}"
    low, high = as_range("value_range", value_range)
    if low <= 0:
        raise ValueError(
            f"value_range must be positive for a log-scale slider; got ({low:g}, {high:g})"
        )
    value = in_range(name, as_float(name, value), low, high)
    step = as_float("step", step, above=0)
    value = 10 ** (round(np.log10(value) / step) * step)
    return W.FloatLogSlider(
        value=value,
        base=10,
        min=np.log10(low),
        max=np.log10(high),
        step=step,
        description=description,
        continuous_update=True,
        readout_format=".2e",
        style={"description_width": "initial"},
        layout=W.Layout(width="420px"),
    )


class CentringDashboard(Dashboard):
    """Notebook 06: gradient descent on raw inputs (left) and on the same inputs centred (right).

    Sliders: the learning rate (log scale) and how far the data sits from zero (the offset). Moving
    either recomputes both descent paths and moves them in place; only the offset redraws the left
    contours, because the centred data, and so the right surface, does not depend on the offset.
    Every move reruns both descents, so max_steps is at most 5,000 (MAX_DASHBOARD_STEPS).
    """

    def __init__(
        self,
        offset=15.0,
        lr=None,
        start=(0.0, 0.0),
        max_steps=3000,
        tol=1e-6,
        offset_range=(0.0, 25.0),
        lr_range=(1e-4, 1.0),
        seed=0,
        grid=60,
    ):
        self.start = tuple(as_array("start", start, shape=(2,)))
        self.max_steps = as_int("max_steps", max_steps, minimum=1, maximum=MAX_DASHBOARD_STEPS)
        self.tol = as_float("tol", tol, above=0)
        self.seed, self.grid = as_int("seed", seed, minimum=0), as_int("grid", grid, 10, 300)
        offset_range, lr_range = (
            as_range("offset_range", offset_range),
            as_range("lr_range", lr_range),
        )
        self._offset = in_range("offset", as_float("offset", offset), *offset_range, "offset_range")
        self.x, self.y = make_offset_data(offset=self._offset, seed=seed)
        if lr is None:  # just under the raw problem's limit (snapped to the slider's grid below)
            lr = 0.95 * max_stable_lr(self.x)
        if lr_range[0] <= 0:
            raise ValueError(f"lr_range must be positive (a log-scale slider); got {lr_range}")
        lr = in_range("lr", as_float("lr", lr, above=0), *lr_range, "lr_range")
        fig, (ax_raw, ax_cen, ax_steps) = widget_figure(figsize=(13, 3.8), ncols=3)
        self.raw = valley(ax_raw, self.x, self.y, self.start, grid=self.grid)
        self.centred = valley(
            ax_cen, centre(self.x), self.y, self.start, grid=self.grid, color=COLORS["no_bias"]
        )
        ax_cen.set_title(f"centred x: condition number {condition_number(centre(self.x)):.1f}")
        ax_cen.legend(loc="upper left", fontsize=8)
        sliders = {
            "lr": _log_slider("learning rate", lr, lr_range),
            "offset": slider("mean of x", self._offset, offset_range, step=0.5),
        }
        self.trace = StepTrace(
            ax_steps,
            40,
            fit_line(self.x, self.y)[0],  # the same best w for raw and centred x, at every offset
            runs=(("raw x", COLORS["model"]), ("centred x", COLORS["no_bias"])),
        )
        ax_steps.set_title("w over the first 40 steps")
        moving = [self.raw.path, self.raw.end, self.centred.path, self.centred.end]
        moving += list(self.trace.lines.values())
        super().__init__(
            fig, sliders, W.HTML(), moving=moving, full_redraw=["offset"]
        )  # offset: new contours

    def _move_raw_data(self, offset):
        self._offset = offset
        self.x, self.y = make_offset_data(offset=offset, seed=self.seed)
        best = fit_line(self.x, self.y)
        ws, bs = grid_around(np.array([self.start, best]), n=self.grid)
        self.raw.set_surface(ws, bs, loss_surface(self.x, self.y, ws, bs), best=best)

    def refresh(self):
        lr, offset = self.sliders["lr"].value, self.sliders["offset"].value
        if offset != self._offset:
            self._move_raw_data(offset)
        runs = {}
        for name, plot, x in (("raw", self.raw, self.x), ("centred", self.centred, centre(self.x))):
            runs[name] = gradient_descent(
                x, self.y, lr, self.start, max_steps=self.max_steps, tol=self.tol
            )
            plot.set_path(runs[name].path)
            self.trace.update(f"{name} x", runs[name].path)
        self.raw.ax.set_title(
            f"raw x (mean {offset:.1f}): condition number {condition_number(self.x):.0f}"
        )
        rows = "".join(
            f"<tr><td><b>{name}</b></td><td>lr / (2/&lambda;<sub>max</sub>) = "
            f"{lr / max_stable_lr(x):.2f}</td><td>{runs[name].summary()}</td></tr>"
            for name, x in (("raw", self.x), ("centred", centre(self.x)))
        )
        self.readout.value = (
            f"learning rate {lr:.2e}, tolerance: MSE within {self.tol:.0e} of its minimum"
            f"<table>{rows}</table>"
        )
        self.runs = runs
