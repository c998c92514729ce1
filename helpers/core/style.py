"""Colours and figure style. Nothing changes on import: a notebook calls `set_style()` on purpose.

The palette is Okabe & Ito's, chosen to stay distinct for the common forms of colour blindness.
"""

import os
import sys

import matplotlib as mpl

from helpers.core.validate import as_bool

COLORS = {
    "data": "#0072B2",  # blue: observed points
    "model": "#D55E00",  # vermillion: the model's line / output
    "no_bias": "#009E73",  # bluish green: the model held to b = 0
    "residual": "#999999",  # grey: residuals
    "accent": "#CC79A7",  # reddish purple: the current point on a loss surface
    "highlight": "#E69F00",  # orange: a threshold, a kink, a marked value
    "neutral": "#000000",
}

_BASE = {
    "figure.dpi": 100,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(
        color=[COLORS[k] for k in ("data", "model", "no_bias", "accent", "highlight")]
    ),
    "legend.frameon": False,
}
_SIZES = {
    False: {"font.size": 10, "lines.linewidth": 2.0, "lines.markersize": 6},
    True: {"font.size": 15, "lines.linewidth": 3.0, "lines.markersize": 9},
}


def style_params(large=False):
    """The rcParams of the course style; large=True is the projector mode (bigger text and
    lines)."""
    return {**_BASE, **_SIZES[as_bool("large", large)]}


def set_style(large=None):
    """Apply the course style to matplotlib for the rest of the session.

    large=None follows the environment: `make lab LARGE=1` sets BIAS_COURSE_LARGE=1 for a projector.
    In IPython it also has each static (inline) figure drawn once instead of twice, see
    `draw_inline_figures_once`: the same pictures (where a layout depends on an earlier draw, as
    with equal-aspect axes, a pixel or two apart), a third less time per figure cell.
    """
    if large is None:
        large = os.environ.get("BIAS_COURSE_LARGE", "") not in ("", "0")
    large = as_bool("large", large)
    mpl.rcParams.update(style_params(large))
    draw_inline_figures_once()


def _show_inline_figures():
    """Show (and close) the figures of matplotlib's inline backend, if that backend is in use."""
    from IPython import get_ipython

    shell = get_ipython()
    backend = sys.modules.get("matplotlib_inline.backend_inline")
    if shell is not None and backend is not None:
        # the inline backend is in use while its own hook is registered (a switch removes it)
        if backend.flush_figures in shell.events.callbacks["post_execute"]:
            backend.flush_figures()


def draw_inline_figures_once():
    """In IPython, show each inline figure before pyplot's hook redraws it for nothing.

    After each cell IPython runs pyplot's hook, which draws every changed figure at once (the Agg
    canvas has no idle drawing), and then the inline backend's, which draws each figure again into
    the PNG it shows, and closes it. This registers a hook that shows the inline figures first and
    moves pyplot's hook after it, where it finds no figure left to draw: one draw per figure. With
    any other backend the new hook does nothing. Returns False outside IPython (nothing to do).
    """
    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return False
    import matplotlib.pyplot as plt

    shell.events.register("post_execute", _show_inline_figures)  # once: register skips a repeat
    plt.uninstall_repl_displayhook()  # public API: re-installing puts pyplot's hook last
    plt.install_repl_displayhook()
    return True
