"""The course's colours stay apart for colour-blind viewers, and the projector mode is really
larger."""

import itertools

import matplotlib as mpl
import numpy as np
import pytest

from helpers import COLORS, set_style, style_params

# Machado, Oliveira & Fernandes (2009), full-severity simulation matrices, applied in linear RGB.
CVD = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
    "normal vision": np.eye(3),
}
PLOTTED = ["data", "model", "no_bias", "accent", "highlight"]


def to_lab(hex_colour, matrix):
    srgb = np.array(mpl.colors.to_rgb(hex_colour))
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    linear = np.clip(np.asarray(matrix) @ linear, 0, 1)
    xyz = (
        np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
        @ linear
    )
    f = lambda t: np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    fx, fy, fz = f(xyz / np.array([0.95047, 1.0, 1.08883]))
    return np.array([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)])


@pytest.mark.parametrize("vision", CVD)
def test_plotted_colours_stay_distinct(vision):
    for a, b in itertools.combinations(PLOTTED, 2):
        delta_e = np.linalg.norm(to_lab(COLORS[a], CVD[vision]) - to_lab(COLORS[b], CVD[vision]))
        assert delta_e > 12, f"{a} and {b} look alike under {vision} (delta E {delta_e:.1f})"


def test_the_check_can_tell_colours_apart_from_lookalikes():
    # red and green: distinct to most eyes, nearly one colour under deuteranopia
    normal = np.linalg.norm(
        to_lab("#D62728", CVD["normal vision"]) - to_lab("#2CA02C", CVD["normal vision"])
    )
    deutan = np.linalg.norm(
        to_lab("#D62728", CVD["deuteranopia"]) - to_lab("#2CA02C", CVD["deuteranopia"])
    )
    assert normal > 50 and deutan < normal / 3


def test_projector_mode_is_larger_and_nothing_changes_until_asked():
    assert style_params(large=True)["font.size"] >= 1.4 * style_params()["font.size"]
    assert style_params(large=True)["lines.linewidth"] > style_params()["lines.linewidth"]
    with mpl.rc_context():
        set_style(large=True)
        assert mpl.rcParams["font.size"] == style_params(large=True)["font.size"]


@pytest.mark.parametrize("env, large", [("1", True), ("", False), ("0", False)])
def test_set_style_follows_the_projector_switch(monkeypatch, env, large):
    monkeypatch.setenv("BIAS_COURSE_LARGE", env)
    with mpl.rc_context():
        set_style()
        assert mpl.rcParams["font.size"] == style_params(large)["font.size"]


@pytest.mark.parametrize("bad", ["False", 1, None])
def test_style_params_wants_true_or_false(bad):
    with pytest.raises(TypeError, match="large must be True or False"):
        style_params(large=bad)


def test_set_style_wants_true_false_or_none():
    with pytest.raises(TypeError, match="large must be True or False; got str 'no'"):
        set_style(large="no")


# Run in a fresh interpreter: an IPython shell with the inline backend, as in a notebook kernel.
_INLINE_SHELL = """
import json
from IPython.core.interactiveshell import InteractiveShell
from matplotlib.backends.backend_agg import FigureCanvasAgg
from helpers import set_style

shell = InteractiveShell.instance()
shell.enable_gui = lambda gui=None: None  # no GUI event loop in a bare shell
shown, draws = [], []
shell.display_pub.publish = lambda data, *a, **k: shown.append(data.get("image/png"))
agg_draw = FigureCanvasAgg.draw
FigureCanvasAgg.draw = lambda canvas: (draws.append(1), agg_draw(canvas))[1]
shell.run_cell("%matplotlib inline")
CELL = "fig, axes = plt.subplots(1, 2, layout='constrained')\\n_ = axes[0].plot([1, 3, 2])"
shell.run_cell("import matplotlib.pyplot as plt")
result = {}
for styled in (False, True):
    if styled:
        set_style(large=False)
        set_style(large=False)  # a setup cell run twice: still one hook
    shell.run_cell("plt.rcdefaults()")
    del draws[:], shown[:]
    shell.run_cell(CELL)
    result[styled] = {"draws": len(draws), "pngs": list(shown)}
names = [f.__name__ for f in shell.events.callbacks["post_execute"]]
result["hooks"] = [n for n in names if n in ("_show_inline_figures", "_draw_all_if_interactive")]
print(json.dumps(result))
"""


def test_set_style_has_each_inline_figure_drawn_once_and_the_same():
    import json
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _INLINE_SHELL], capture_output=True, text=True, check=True
    ).stdout
    plain, styled, hooks = json.loads(out.strip().splitlines()[-1]).values()
    assert hooks == ["_show_inline_figures", "_draw_all_if_interactive"], hooks
    assert len(plain["pngs"]) == len(styled["pngs"]) == 1 and plain["pngs"][0]
    assert styled["pngs"] == plain["pngs"], "the figure shown must not change"
    # plain: pyplot's redraw, then the PNG (one draw to find the renderer, one to render)
    assert plain["draws"] == 3 and styled["draws"] == 2, (plain["draws"], styled["draws"])


def test_draw_inline_figures_once_does_nothing_outside_ipython():
    from helpers.core.style import draw_inline_figures_once

    assert draw_inline_figures_once() is False
