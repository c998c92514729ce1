"""Figures and the batch-size dashboard of notebook 04. Plots draw what they are given; the
dashboard wires one slider (the batch size N) to them. The maths lives in `helpers.gradients`.
"""

import ipywidgets as W
import numpy as np

from helpers.core.dashboard import Dashboard, widget_figure
from helpers.core.style import COLORS
from helpers.core.validate import _describe, as_array, as_axes, as_int, as_range
from helpers.gradients.logic import bias_gradient_by_batch_size


def draw_batch_sum(ax_z, ax_b, grad_z, grad_b):
    """grad_z (N, out) as a grid, one row per example, above grad_b (out,): the batch axis 0 is
    summed away.

    Returns the two images. The numbers are printed in the cells, so the sums can be checked by eye:
    at most 400 of them.
    """
    ax_z, ax_b = as_axes("ax_z", ax_z), as_axes("ax_b", ax_b)
    grad_z = as_array("grad_z", grad_z, ndim=2)
    if grad_z.size > 400:
        raise ValueError(
            f"grad_z must have at most 400 entries to print them all; got shape {grad_z.shape}"
        )
    grad_b = as_array("grad_b", grad_b, shape=(grad_z.shape[1],))
    images = []
    for ax, data, ylabel in (
        (ax_z, grad_z, "example n\n(axis 0: the batch)"),
        (ax_b, grad_b[None, :], "db"),
    ):
        limit = max(
            np.abs(data).max(), 1e-12
        )  # each grid its own colour scale: db is N times larger
        images.append(ax.imshow(data, cmap="PuOr", vmin=-limit, vmax=limit, aspect="auto"))
        for (row, col), value in np.ndenumerate(data):
            ax.text(
                col,
                row,
                f"{value:.2f}",
                ha="center",
                va="center",
                fontsize=9,
                color="white" if abs(value) > 0.6 * limit else "black",
            )
        ax.set_yticks(
            range(data.shape[0]),
            [str(i) for i in range(data.shape[0])] if data.shape[0] > 1 else [""],
        )
        ax.set_xticks(range(data.shape[1]), [f"out {j}" for j in range(data.shape[1])])
        ax.set_ylabel(ylabel)
        ax.grid(False)
    ax_z.set_title(
        f"dL/dz: shape {grad_z.shape}  ->  sum over axis 0  ->  db: shape {grad_b.shape}"
    )
    for col in range(grad_z.shape[1]):  # one arrow down each column: each bias sums its own column
        ax_z.annotate(
            "",
            xy=(col + 0.3, grad_z.shape[0] - 0.55),
            xytext=(col + 0.3, -0.45),
            arrowprops=dict(arrowstyle="->", color=COLORS["model"], lw=1.5, alpha=0.7),
        )
    return images


class BiasBars:
    """Bars of one bias gradient (out,), updated in place (notebook 04).
    `.update(values, title=None)`."""

    def __init__(self, ax, n_biases, ylim, title="", color=None, reference=None):
        n_biases = as_int("n_biases", n_biases, minimum=1, maximum=100)
        self.ax, ylim = as_axes("ax", ax), as_range("ylim", ylim)
        self.bars = ax.bar(range(n_biases), np.zeros(n_biases), color=color or COLORS["data"])
        if reference is not None:  # (values, label): where the bars settle, drawn as short dashes
            if not isinstance(reference, (tuple, list)) or len(reference) != 2:
                raise TypeError(
                    f"reference must be a (values, label) pair; got {_describe(reference)}"
                )
            ref = as_array("reference", reference[0], shape=(n_biases,))
            ax.hlines(
                ref,
                np.arange(n_biases) - 0.4,
                np.arange(n_biases) + 0.4,
                colors=COLORS["neutral"],
                linestyles="--",
                label=reference[1],
            )
        ax.axhline(0, color=COLORS["neutral"], lw=0.8)
        ax.set_xticks(range(n_biases), [f"db[{j}]" for j in range(n_biases)])
        ax.set_ylim(*ylim)
        ax.set_title(title)

    def update(self, values, title=None):
        for bar, v in zip(self.bars, as_array("values", values, shape=(len(self.bars),))):
            bar.set_height(v)
        if title is not None:
            self.ax.set_title(title)
        return self

    def heights(self):
        return np.array([bar.get_height() for bar in self.bars])


def bias_bar_pair(ax_sum, ax_mean, errors):
    """The two panels of the dashboard (summed loss, mean loss) on given axes, y-limits fixed for
    all N. errors: (N_max, out), at most 1,000 rows (each N is computed once)."""
    errors = as_array("errors", errors, ndim=2)
    as_int("len(errors)", len(errors), maximum=1000)
    sizes = np.arange(1, len(errors) + 1)
    everything = {r: bias_gradient_by_batch_size(errors, sizes, r) for r in ("sum", "mean")}
    panels = {}
    for reduction, ax, color in (
        ("sum", ax_sum, COLORS["model"]),
        ("mean", ax_mean, COLORS["data"]),
    ):
        lo, hi = min(everything[reduction].min(), 0), max(everything[reduction].max(), 0)
        lo, hi = (lo, hi) if hi > lo else (-1.0, 1.0)  # all errors zero: any scale will do
        reference = (
            (everything["mean"][-1], f"all {len(errors)} examples") if reduction == "mean" else None
        )
        panels[reduction] = BiasBars(
            ax,
            errors.shape[1],
            (lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo)),
            color=color,
            reference=reference,
        )
    return panels


class BatchSizeDashboard(Dashboard):
    """Notebook 04: a slider for the batch size N; the bias gradient under a summed loss (left)
    grows with N, under a mean loss (right) it stays put. errors: (N_max, out), pred - target per
    example."""

    def __init__(self, errors, n=4):
        self.errors = as_array("errors", errors, ndim=2)
        fig, (ax_sum, ax_mean) = widget_figure(figsize=(8.5, 3.4), ncols=2)
        n = as_int("n", n, minimum=1)
        if n > len(self.errors):
            raise ValueError(f"n must be at most len(errors) = {len(self.errors)}; got {n}")
        self.panels = bias_bar_pair(ax_sum, ax_mean, self.errors)
        ax_mean.legend(loc="lower right")
        control = W.IntSlider(
            value=n,
            min=1,
            max=len(self.errors),
            description="N (batch)",
            continuous_update=True,
            layout=W.Layout(width="420px"),
        )
        moving = [
            artist for panel in self.panels.values() for artist in (*panel.bars, panel.ax.title)
        ]
        super().__init__(fig, {"n": control}, moving=moving)

    def refresh(self):
        n = self.sliders["n"].value
        grads = {r: bias_gradient_by_batch_size(self.errors, [n], r)[0] for r in ("sum", "mean")}
        for reduction, panel in self.panels.items():
            size = np.linalg.norm(grads[reduction])
            panel.update(grads[reduction], title=f"{reduction} loss, N = {n}: |db| = {size:.3f}")
        ratio = np.linalg.norm(grads["sum"]) / np.linalg.norm(grads["mean"])
        self.readout.value = (
            f"<b>N = {n}</b>: |db| summed = <b>{np.linalg.norm(grads['sum']):.3f}</b>, "
            f"mean = <b>{np.linalg.norm(grads['mean']):.3f}</b>, ratio = {ratio:.1f} "
            f"= N x out = {n} x {self.errors.shape[1]}"
        )
