"""Plot objects for notebook 05 (BatchNorm and the bias): they draw and move artists, no maths.

`ModeOutputPlot` shows one channel of a layer's output against a 1-D input: a dashed reference (the output
at the trained bias) and the current output, which `.update(y)` moves in place.
"""
import numpy as np

from .style import COLORS
from .validate import as_array, same_length


class ModeOutputPlot:
    """Output vs input for one mode (notebook 05). x, y_ref: (n,), x sorted; `.update(y, title=None)`."""

    def __init__(self, ax, x, y_ref, title="", color=None, ylim=(-4.0, 4.0)):
        self.ax = ax
        self.x, y_ref = as_array("x", x, ndim=1), as_array("y_ref", y_ref, ndim=1)
        same_length("x", self.x, "y_ref", y_ref)
        (self.reference,) = ax.plot(self.x, y_ref, "--", color=COLORS["residual"], label="at the trained b")
        (self.line,) = ax.plot(self.x, y_ref, "o-", ms=3, color=color or COLORS["model"], label="at the slider's b")
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
