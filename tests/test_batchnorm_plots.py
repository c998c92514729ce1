"""The train/eval bias dashboard of notebook 05, headless: moving the slider moves the right
artists."""

import numpy as np
import pytest
import torch
import torch.nn as nn

from helpers import BiasModeDashboard, ModeOutputPlot, eval_shift


@pytest.fixture
def dash():
    torch.manual_seed(0)
    layer, bn = nn.Linear(1, 1).double(), nn.BatchNorm1d(1).double()
    x = torch.linspace(-2, 2, 25, dtype=torch.float64)[:, None]
    with torch.no_grad():
        for _ in range(30):
            bn(layer(x))
    return BiasModeDashboard(x, layer, bn)


def test_the_slider_moves_the_eval_panel_by_the_formula_and_not_the_train_panel(dash):
    train_before, eval_before = dash.train_plot.ydata().copy(), dash.eval_plot.ydata().copy()
    dash.set(b=dash.b0 + 1.5)
    np.testing.assert_allclose(dash.train_plot.ydata(), train_before, atol=1e-12)
    shift = float(eval_shift(dash.bn, 1.5)[0])
    assert abs(shift) > 0.1
    np.testing.assert_allclose(dash.eval_plot.ydata() - eval_before, shift, rtol=1e-10)
    assert f"{shift:+.3f}" in dash.readout.value and "&lt; 1e-9" in dash.readout.value
    assert "output unchanged" in dash.train_plot.ax.get_title()


def test_the_reference_line_stays_put_and_the_canvas_is_in_the_widget(dash):
    ref = dash.eval_plot.reference.get_ydata().copy()
    dash.set(b=-2.0)
    np.testing.assert_array_equal(dash.eval_plot.reference.get_ydata(), ref)
    assert dash.fig.canvas in dash.widget.children


def test_bad_modules_are_refused():
    with pytest.raises(TypeError, match=r"layer must be a torch.nn.Linear\(1, 1\)"):
        BiasModeDashboard(torch.zeros(3, 1), nn.Linear(2, 1), nn.BatchNorm1d(1))
    with pytest.raises(TypeError, match="bn must be"):
        BiasModeDashboard(
            torch.zeros(3, 1), nn.Linear(1, 1), nn.BatchNorm1d(1, track_running_stats=False)
        )
    with pytest.raises(ValueError, match=r"x must be a tensor of shape \(n, 1\)"):
        BiasModeDashboard(torch.zeros(3), nn.Linear(1, 1), nn.BatchNorm1d(1))


def test_mode_output_plot_moves_only_its_line_and_checks_lengths():
    from matplotlib.figure import Figure

    from helpers import ModeOutputPlot

    ax = Figure().subplots()
    plot = ModeOutputPlot(ax, [0.0, 1.0, 2.0], [1.0, 2.0, 3.0], title="t")
    plot.update([0.0, 0.0, 5.0], title="moved")
    np.testing.assert_array_equal(plot.ydata(), [0.0, 0.0, 5.0])
    np.testing.assert_array_equal(plot.reference.get_ydata(), [1.0, 2.0, 3.0])
    assert ax.get_title() == "moved"
    with pytest.raises(ValueError, match="x and y must have the same length"):
        plot.update([1.0, 2.0])


def test_the_readout_prints_the_formula_next_to_the_measured_shift(dash):
    dash.set(b=dash.b0 - 0.5)
    shift = float(eval_shift(dash.bn, -0.5)[0])
    assert dash.readout.value.count(f"{shift:+.3f}") == 2, (
        dash.readout.value
    )  # measured, and the formula


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
def _modules(dtype=torch.float64, bias=True):
    torch.manual_seed(0)
    layer, bn = nn.Linear(1, 1, bias=bias).to(dtype), nn.BatchNorm1d(1).to(dtype)
    return layer, bn


X1 = torch.linspace(-2, 2, 9, dtype=torch.float64)[:, None]


@pytest.mark.parametrize(
    "make, error, message",
    [
        (
            lambda: BiasModeDashboard(X1, *_modules(torch.float32)),
            TypeError,
            "x must have the model's dtype torch.float32; got torch.float64",
        ),
        (lambda: BiasModeDashboard(X1[:0], *_modules()), ValueError, "x must not be empty"),
        (
            lambda: BiasModeDashboard(X1, *_modules(bias=False)),
            ValueError,
            r"layer must have a bias \(bias=True\)",
        ),
        (
            lambda: BiasModeDashboard(X1, *_modules(), b_range=(3, -3)),
            ValueError,
            "b_range must have low < high",
        ),
        (
            lambda: BiasModeDashboard(X1, *_modules(), b_range=(5, 6)),
            ValueError,
            "value of the slider 'b' must lie in value_range",
        ),
        (
            lambda: BiasModeDashboard(X1, *_modules()).set(b=100.0),
            ValueError,
            "b must lie in the slider's range",
        ),
    ],
)
def test_dashboard_rejects_bad_input(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_mode_output_plot_rejects_bad_input():
    from matplotlib.figure import Figure

    from helpers import ModeOutputPlot

    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        ModeOutputPlot("ax", [0.0, 1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="ylim must have low < high"):
        ModeOutputPlot(Figure().subplots(), [0.0, 1.0], [1.0, 2.0], ylim=(4, -4))
    with pytest.raises(ValueError, match="y must hold finite numbers"):
        ModeOutputPlot(Figure().subplots(), [0.0, 1.0], [1.0, 2.0]).update([0.0, np.inf])


def test_a_static_copy_names_its_b_instead_of_the_slider(dash):
    from matplotlib.figure import Figure

    assert dash.eval_plot.line.get_label() == "at the slider's b"
    x = np.linspace(-1, 1, 5)
    plot = ModeOutputPlot(Figure().subplots(), x, x, label="at b = 2.00")
    assert plot.line.get_label() == "at b = 2.00"


def test_mode_output_plot_label_must_be_text():
    from matplotlib.figure import Figure

    with pytest.raises(TypeError, match="label must be a string; got NoneType"):
        ModeOutputPlot(Figure().subplots(), [0.0, 1.0], [1.0, 2.0], label=None)
