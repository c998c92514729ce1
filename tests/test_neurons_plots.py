"""Notebook 02 dashboards tested headlessly: moving a control must move the artists it drives."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import (
    BoundaryDashboard,
    BoundaryPlot,
    KinkDashboard,
    NeuronDashboard,
    accuracy,
    kinks,
    make_offset_blobs,
    neuron,
    relu_net,
)


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
    from helpers import DeadLayerDashboard, dead_units, pre_activations

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
