"""The train/eval-mode bias dashboard of notebook 05: one slider, the pre-BatchNorm bias b, and the
output of Linear -> BatchNorm1d in train mode (left) and eval mode (right). No maths here:
`bias_response` computes, `ModeOutputPlot` draws, this file wires the slider to both.
"""

import ipywidgets as W
import numpy as np
import torch
import torch.nn as nn

from helpers.batchnorm.logic import bias_response, eval_shift
from helpers.core.dashboard import Dashboard, slider, widget_figure
from helpers.core.style import COLORS
from helpers.core.validate import (
    as_array,
    as_axes,
    as_range,
    as_tensor,
    as_text,
    model_dtype,
    same_length,
)


class ModeOutputPlot:
    """Output vs input for one mode (notebook 05). x, y_ref: (n,), x sorted;
    `.update(y, title=None)`. label names the moving line ("at the slider's b" suits the dashboard;
    a static figure names its b)."""

    def __init__(
        self, ax, x, y_ref, title="", color=None, ylim=(-4.0, 4.0), label="at the slider's b"
    ):
        self.ax, ylim = as_axes("ax", ax), as_range("ylim", ylim)
        label = as_text("label", label)
        self.x, y_ref = as_array("x", x, ndim=1), as_array("y_ref", y_ref, ndim=1)
        same_length("x", self.x, "y_ref", y_ref)
        (self.reference,) = ax.plot(
            self.x, y_ref, "--", color=COLORS["residual"], label="at the trained b"
        )
        (self.line,) = ax.plot(
            self.x, y_ref, "o-", ms=3, color=color or COLORS["model"], label=label
        )
        ax.axhline(0, color=COLORS["neutral"], lw=0.8)
        ax.set(xlabel="input x", ylabel="BatchNorm output", ylim=ylim, title=title)
        ax.legend(loc="upper left")

    def update(self, y, title=None):
        """Move the current output to y, shape (n,)."""
        y = as_array("y", y, ndim=1)
        same_length("x", self.x, "y", y)
        self.line.set_ydata(y)
        if title is not None:
            self.ax.set_title(title)
        return self

    def ydata(self):
        return np.asarray(self.line.get_ydata())


class BiasModeDashboard(Dashboard):
    """x: (n, 1) tensor, sorted; layer: nn.Linear(1, 1); bn: nn.BatchNorm1d(1) with running
    statistics.

    The slider sets the layer's bias b (the modules are not changed); both panels move live. The
    slider moves in steps of 0.05, so give the layer a bias on that grid (the browser would round
    it).
    """

    def __init__(self, x, layer, bn, b_range=(-3.0, 3.0)):
        if not (
            isinstance(layer, nn.Linear) and layer.in_features == 1 and layer.out_features == 1
        ):
            raise TypeError(f"layer must be a torch.nn.Linear(1, 1); got {layer!r}")
        if not isinstance(bn, nn.BatchNorm1d) or bn.num_features != 1 or bn.running_mean is None:
            raise TypeError(
                f"bn must be a torch.nn.BatchNorm1d(1) with running statistics; got {bn!r}"
            )
        if layer.bias is None:
            raise ValueError("layer must have a bias (bias=True): the slider moves it")
        if not isinstance(x, torch.Tensor) or x.dim() != 2 or x.shape[1] != 1:
            raise ValueError(
                f"x must be a tensor of shape (n, 1); got {getattr(x, 'shape', type(x).__name__)}"
            )
        x = as_tensor("x", x, dtype=model_dtype(layer))
        self.x, self.layer, self.bn = x, layer, bn
        self.b0 = float(layer.bias.detach()[0])
        low, high = as_range("b_range", b_range)
        ref = bias_response(x, layer, bn, [self.b0])
        fig, (ax_train, ax_eval) = widget_figure(figsize=(9.5, 3.6), ncols=2)
        xs = x[:, 0].numpy()
        self.train_plot = ModeOutputPlot(
            ax_train, xs, ref["train"][:, 0].numpy(), "train mode", COLORS["no_bias"]
        )
        self.eval_plot = ModeOutputPlot(
            ax_eval, xs, ref["eval"][:, 0].numpy(), "eval mode", COLORS["model"]
        )
        moving = [self.train_plot.line, ax_train.title, self.eval_plot.line, ax_eval.title]
        super().__init__(fig, {"b": slider("b", self.b0, (low, high))}, W.HTML(), moving=moving)

    def refresh(self):
        b = self.sliders["b"].value
        r = bias_response(self.x, self.layer, self.bn, [b])
        change, shift = float(r["train_change"][0]), float(r["eval_shift"][0])
        self.train_plot.update(
            r["train"][:, 0].numpy(), title=f"train mode: b = {b:.2f}, output unchanged"
        )
        self.eval_plot.update(
            r["eval"][:, 0].numpy(), title=f"eval mode: b = {b:.2f}, output shifted {shift:+.2f}"
        )
        still = "&lt; 1e-9" if change < 1e-9 else f"{change:.1e}"
        predicted = float(eval_shift(self.bn, [b - self.b0])[0])
        self.readout.value = (
            f"b moved by <b>{b - self.b0:+.2f}</b> &nbsp; train-mode output change: <b>{still}</b>"
            f" &nbsp; eval-mode shift: <b>{shift:+.3f}</b> (formula &gamma;&middot;&Delta;b/&radic;"
            f"(running_var + &epsilon;) = {predicted:+.3f})"
        )
