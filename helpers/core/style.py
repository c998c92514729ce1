"""Colours and figure style. Nothing changes on import: a notebook calls `set_style()` on purpose.

The palette is Okabe & Ito's, chosen to stay distinct for the common forms of colour blindness.
"""

import os

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
    """
    if large is None:
        large = os.environ.get("BIAS_COURSE_LARGE", "") not in ("", "0")
    large = as_bool("large", large)
    mpl.rcParams.update(style_params(large))
