"""The dashboards of notebooks 02 and 02b tested headlessly: moving a control must move the artists
it drives."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import (
    BoundaryDashboard,
    BoundaryPlot,
    KinkDashboard,
    NeuronDashboard,
    accuracy,
    make_offset_blobs,
    neuron,
    relu_net,
)
from helpers.neurons.logic import kinks


def test_neuron_dashboard_moves_curve_and_threshold():
    dash = NeuronDashboard(w=1.0, b=0.0)
    assert dash.plot.thresh.get_xdata()[0] == pytest.approx(0.0)
    dash.set(w=2.0, b=3.0)
    assert dash.plot.thresh.get_xdata()[0] == pytest.approx(-1.5)
    np.testing.assert_allclose(dash.plot.curve.get_ydata(), neuron(dash.x, 2.0, 3.0, "sigmoid"))
    assert "x = -b/w = -1.50" in dash.readout.value
    dash.sliders["activation"].value = "relu"
    np.testing.assert_allclose(dash.plot.curve.get_ydata(), neuron(dash.x, 2.0, 3.0, "relu"))
    assert dash.plot.ax.get_ylim()[1] > 2 and "relu" in dash.plot.ax.get_title()


def test_neuron_dashboard_without_a_weight_hides_the_threshold():
    dash = NeuronDashboard(w=1.0, b=1.0)
    dash.set(w=0.0)
    assert not dash.plot.thresh.get_visible() and "none" in dash.readout.value
    dash.set(w=0.5)
    assert dash.plot.thresh.get_visible()


def test_boundary_dashboard_line_satisfies_its_equation_and_reports_accuracy():
    X, y = make_offset_blobs(seed=0)
    dash = BoundaryDashboard(X, y)
    dash.set(w1=1.0, w2=1.0, b=-4.0)
    x1, x2 = dash.plot.line.get_data()
    np.testing.assert_allclose(1.0 * np.asarray(x1) + 1.0 * np.asarray(x2) - 4.0, 0.0, atol=1e-12)
    assert f"{accuracy(X, y, [1.0, 1.0], -4.0):.1%}" in dash.readout.value
    dash.set(w1=2.0, w2=0.0, b=1.0)  # a vertical line x1 = -0.5
    np.testing.assert_allclose(dash.plot.line.get_data()[0], -0.5)
    assert dash.fig.canvas in dash.widget.children


def test_boundary_plot_shades_the_class_1_side():
    X, y = make_offset_blobs(n=40, seed=0)
    plot = BoundaryPlot(Figure().subplots(), X, y).update([1.0, 1.0], -4.0)
    corners = plot.side.get_xy()
    assert len(corners) >= 3 and np.all(corners @ [1.0, 1.0] - 4.0 >= -1e-9)
    # every data point the neuron calls class 1 lies inside the shaded polygon
    inside = plot.side.get_path().contains_points(X[X @ [1.0, 1.0] - 4.0 > 1e-6])
    assert inside.all()
    plot.update([-1.0, -1.0], 4.0)  # the same line, the other side
    assert np.all(plot.side.get_xy() @ [1.0, 1.0] - 4.0 <= 1e-9)
    plot.update([0.0, 0.0], -1.0)  # never positive: nothing shaded
    assert len(plot.side.get_xy()) <= 1


def test_boundary_plot_hides_the_line_when_w_is_zero():
    X, y = make_offset_blobs(n=20, seed=0)
    plot = BoundaryPlot(Figure().subplots(), X, y).update([0.0, 0.0], 1.0)
    assert len(plot.line.get_xdata()) == 0


def test_kink_dashboard_sliders_move_output_shares_and_kinks():
    W1, b1, w2 = np.array([1.0, -1.5, 2.0]), np.array([1.0, 0.0, -3.0]), np.array([1.0, 1.0, -1.5])
    dash = KinkDashboard(W1, b1, w2)
    assert dash.plot.kinks[0].get_xdata()[0] == pytest.approx(-1.0)
    dash.set(b1=2.0, w3=1.0)
    new_W1, new_b1 = np.array([1.0, -1.5, 1.0]), np.array([2.0, 0.0, -3.0])
    np.testing.assert_allclose([k.get_xdata()[0] for k in dash.plot.kinks], kinks(new_W1, new_b1))
    np.testing.assert_allclose(dash.plot.output.get_ydata(), relu_net(dash.x, new_W1, new_b1, w2))
    np.testing.assert_allclose(
        sum(line.get_ydata() for line in dash.plot.shares), dash.plot.output.get_ydata()
    )
    assert "-2.00, 0.00, 3.00" in dash.readout.value
    dash.set(w2=0.0)
    assert not dash.plot.kinks[1].get_visible() and "none" in dash.readout.value


def test_kink_dashboard_validates_shapes():
    with pytest.raises(ValueError, match="W1 must have shape"):
        KinkDashboard(np.ones(4), np.ones(4), np.ones(4))


def test_dead_layer_dashboard_greys_out_dead_units_and_moves_the_marker():
    from helpers import DeadLayerDashboard, pre_activations
    from helpers.neurons.logic import dead_units

    x = np.linspace(-3, 3, 50)
    W1 = np.array([0.1, -0.2, 1.0, -2.0, 0.5])
    dash = DeadLayerDashboard(x, W1, bias=0.0, n_shown=4)
    assert len(dash.units.lines) == 4 and all(
        line.get_linestyle() == "-" for line in dash.units.lines
    )
    dash.set(bias=-1.0)  # dead exactly where |W1| * 3 <= 1: the first two units
    assert [line.get_linestyle() for line in dash.units.lines] == [":", ":", "-", "-"]
    np.testing.assert_allclose(dash.units.lines[2].get_ydata(), dash.grid - 1.0)  # z, not relu(z)
    live, dead = dash.units.lines[2].get_color(), dash.units.lines[0].get_color()
    dead_curve = dash.sweep.curves[1]
    assert dead_curve.get_label() == "dead units"
    assert live != dead and dead_curve.get_color() not in (live, dead)
    # the data's range is shaded, and the grid reaches beyond it
    assert dash.grid[0] < x.min() and dash.grid[-1] > x.max()
    band = dash.units.band  # a Rectangle in data x, axes y
    np.testing.assert_allclose([band.get_x(), band.get_x() + band.get_width()], [x.min(), x.max()])
    assert dash.sweep.now.get_label() == "current"
    assert dash.sweep.now.get_xdata()[0] == -1.0
    assert (
        f"{dead_units(pre_activations(x, W1, np.full(5, -1.0))).mean():.1%} of units dead"
        in dash.readout.value
    )
    assert "40.0% of units dead" in dash.readout.value


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
from helpers import (  # noqa: E402
    ActivationPlot,
    DeadLayerDashboard,
    KinkPlot,
    LayerActivityPlot,
    SweepPlot,
)

XB, YB = make_offset_blobs(n=20, seed=0)
GRID = np.linspace(-1, 1, 11)
BAD = [
    (lambda ax: ActivationPlot(None, GRID), TypeError, "ax must be a matplotlib Axes"),
    (lambda ax: ActivationPlot(ax, GRID, ylim=(1, 0)), ValueError, "ylim must have low < high"),
    (
        lambda ax: ActivationPlot(ax, GRID).update(GRID[:3], 0.0),
        ValueError,
        "y_values must have shape",
    ),
    (
        lambda ax: ActivationPlot(ax, GRID).update(GRID, "0"),
        TypeError,
        "thresh must be a real number",
    ),
    (
        lambda ax: BoundaryPlot(ax, XB, 2 * YB - 1),
        ValueError,
        "y must hold the class labels 0 and 1",
    ),
    (
        lambda ax: BoundaryPlot(ax, XB, YB).update([1.0], 0.0),
        ValueError,
        r"w must have shape \(2\)",
    ),
    (lambda ax: KinkPlot(ax, GRID, 0), ValueError, "n_hidden must be at least 1"),
    (lambda ax: KinkPlot(ax, GRID, 10**6), ValueError, "n_hidden must be at most 20"),
    (
        lambda ax: KinkPlot(ax, GRID, 2).update(GRID, np.zeros((11, 2)), [0.0]),
        ValueError,
        r"kink_positions must have shape \(2\)",
    ),
    (lambda ax: LayerActivityPlot(ax, GRID, -1, (0, 1)), ValueError, "n_units must be at least 1"),
    (
        lambda ax: LayerActivityPlot(ax, GRID, 2, (0, 1)).update(np.zeros((11, 2)), [True]),
        ValueError,
        r"dead must have shape \(2\)",
    ),
    (lambda ax: SweepPlot(ax, GRID, {}, "bias"), TypeError, "curves must be a non-empty dict"),
    (
        lambda ax: SweepPlot(ax, GRID, {"dead": GRID[:4]}, "bias"),
        ValueError,
        "dead must have shape",
    ),
    (
        lambda ax: SweepPlot(ax, GRID, {"dead": GRID}, "bias").update(None),
        TypeError,
        "value must be a real number",
    ),
]


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_input_raises_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call(Figure().subplots())


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: NeuronDashboard(activation="gelu"), ValueError, "activation must be one of"),
        (lambda: NeuronDashboard(w=10.0), ValueError, "value of the slider 'w \\(steepness\\)'"),
        (lambda: BoundaryDashboard(XB, 2 * YB - 1), ValueError, "y must hold the class labels"),
        (lambda: BoundaryDashboard(XB, YB, w=1.0), ValueError, r"w must have shape \(2\)"),
        (lambda: BoundaryDashboard(XB, YB[:3]), ValueError, "X and y must have the same length"),
        (
            lambda: KinkDashboard([1, 2, 3], [0, 0, 0], [1, 1, 1], x_range=(1, -1)),
            ValueError,
            "x_range must have low < high",
        ),
        (
            lambda: DeadLayerDashboard(GRID, np.ones(5), n_shown=0),
            ValueError,
            "n_shown must be at least 1",
        ),
        (
            lambda: DeadLayerDashboard(GRID, np.ones(5), bias_range=(0, 0)),
            ValueError,
            "bias_range must have low < high",
        ),
        (lambda: DeadLayerDashboard([], np.ones(5)), ValueError, "x must not be empty"),
    ],
)
def test_dashboards_reject_bad_input(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda ax: ActivationPlot(ax, np.linspace(3, -3, 5)),
            ValueError,
            "x_grid must hold at least 2 points in increasing order",
        ),
        (lambda ax: KinkPlot(ax, np.ones(4), 2), ValueError, "x_grid must hold at least 2 points"),
        (
            lambda ax: LayerActivityPlot(ax, [0.0], 2, (0, 1)),
            ValueError,
            "x_grid must hold at least 2",
        ),
        (
            lambda ax: LayerActivityPlot(ax, GRID, 2, (1, 0)),
            ValueError,
            "data_range must have low < high",
        ),
        (
            lambda ax: SweepPlot(ax, GRID, {"a": GRID, "b": GRID, "c": GRID}, "bias"),
            ValueError,
            r"colors must name one colour per curve \(3\)",
        ),
        (
            lambda ax: SweepPlot(ax, GRID, {"d": GRID}, xlabel=None),
            TypeError,
            "xlabel must be a string; got NoneType",
        ),
        (
            lambda ax: SweepPlot(ax, GRID, {"d": GRID}, "bias", ylabel=1),
            TypeError,
            "ylabel must be a string",
        ),
        (
            lambda ax: DeadLayerDashboard(np.ones(5), np.ones(5)),
            ValueError,
            "x must hold at least two different values; got only 1",
        ),
        (
            lambda ax: NeuronDashboard(w=None),
            TypeError,
            r"value of the slider 'w \(steepness\)' must be a real number; got NoneType",
        ),
        (
            lambda ax: DeadLayerDashboard(GRID, np.ones(5), bias="0"),
            TypeError,
            r"value of the slider 'bias \(all units\)' must be a real number",
        ),
    ],
)
def test_plots_refuse_degenerate_grids_and_labels(call, error, message):
    with pytest.raises(error, match=message):
        call(Figure().subplots())
