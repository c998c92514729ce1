"""The notebook 03 dashboard, headless: moving a slider must move the grid, the square and the
origin."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import (
    UNIT_SQUARE,
    AffineGridPlot,
    LinearMapDashboard,
    bias_share_plot,
    grid_lines,
    map_grid,
    rotation_matrix,
)


@pytest.fixture
def dash():
    return LinearMapDashboard()


def test_starts_at_the_identity(dash):
    np.testing.assert_allclose(dash.plot.lines.get_segments(), dash.plot.grid)
    np.testing.assert_allclose(np.ravel(dash.plot.origin.get_data()), [0, 0])
    assert "det W = 1.00" in dash.readout.value


def test_weight_slider_shears_the_grid_but_keeps_the_origin(dash):
    dash.sliders["w12"].value = 1.0
    W = np.array([[1.0, 1.0], [0.0, 1.0]])
    np.testing.assert_allclose(dash.plot.lines.get_segments(), dash.plot.grid @ W.T)
    np.testing.assert_allclose(dash.plot.square.get_xy()[:4], UNIT_SQUARE @ W.T)
    np.testing.assert_allclose(np.ravel(dash.plot.origin.get_data()), [0, 0])


def test_bias_sliders_translate_everything(dash):
    before = np.array(dash.plot.lines.get_segments())
    dash.set(b1=1.5, b2=-0.5)
    np.testing.assert_allclose(
        np.array(dash.plot.lines.get_segments()) - before,
        np.broadcast_to([1.5, -0.5], before.shape),
    )
    np.testing.assert_allclose(np.ravel(dash.plot.origin.get_data()), [1.5, -0.5])
    assert "b = [1.50, -0.50]" in dash.readout.value


def test_a_reflection_shows_a_negative_determinant(dash):
    dash.set(w11=-1.0)
    assert "det W = -1.00" in dash.readout.value


def test_the_marked_corner_tells_a_reflection_from_a_shift(dash):
    np.testing.assert_allclose(np.ravel(dash.plot.corner.get_data()), [1, 1])
    dash.set(w11=-1.0)  # reflected: the square covers [-1, 0] x [0, 1] ...
    reflected_square = np.array(dash.plot.square.get_xy()[:4])
    np.testing.assert_allclose(np.ravel(dash.plot.corner.get_data()), [-1, 1])
    dash.set(w11=1.0, b1=-1.0)  # ... and so does the shifted one, but its corner lands elsewhere
    shifted_square = np.array(dash.plot.square.get_xy()[:4])
    assert {tuple(p) for p in reflected_square} == {tuple(p) for p in shifted_square}
    np.testing.assert_allclose(np.ravel(dash.plot.corner.get_data()), [0, 1])
    assert dash.plot.corner in dash.moving


def test_dashboard_is_one_widget_and_rejects_unknown_controls(dash):
    assert dash.fig.canvas in dash.widget.children
    assert set(dash.sliders) == {"w11", "w12", "w21", "w22", "b1", "b2"}
    with pytest.raises(ValueError, match="set\\(\\) takes control names"):
        dash.set(w13=1)
    with pytest.raises(ValueError, match=r"weight must have shape \(2, 2\)"):
        LinearMapDashboard(weight=np.eye(3))


def test_static_plot_updates_in_place():
    ax = Figure().subplots()
    grid = grid_lines(limit=1.0, n_lines=3, n_points=4)
    plot = AffineGridPlot(ax, grid, title="start")
    n_artists = len(ax.get_children())
    plot.update(*map_grid(grid, rotation_matrix(90), [1.0, 0.0]), title="turned")
    assert len(ax.get_children()) == n_artists and ax.get_title() == "turned"
    np.testing.assert_allclose(
        plot.lines.get_segments()[0], grid[0] @ rotation_matrix(90).T + [1, 0], atol=1e-15
    )
    with pytest.raises(ValueError, match="moved_square must have shape"):
        plot.update(grid, np.zeros((3, 2)), np.zeros(2))


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda ax: AffineGridPlot(None, grid_lines()), TypeError, "ax must be a matplotlib Axes"),
        (lambda ax: AffineGridPlot(ax, grid_lines(), limit=-1), ValueError, "limit must be > 0"),
        (lambda ax: AffineGridPlot(ax, np.ones((3, 2))), ValueError, "grid must have shape"),
        (
            lambda ax: AffineGridPlot(ax, grid_lines()).update(
                *map_grid(grid_lines(), np.eye(2), [0, 0])[:2], [np.nan, 0]
            ),
            ValueError,
            "moved_origin must hold finite numbers",
        ),
        (
            lambda ax: LinearMapDashboard(bias=(5.0, 0.0)),
            ValueError,
            "value of the slider 'b1' must lie",
        ),
        (
            lambda ax: LinearMapDashboard(weight_range=(2, -2)),
            ValueError,
            "weight_range must have low < high",
        ),
        (lambda ax: LinearMapDashboard(limit=0), ValueError, "limit must be > 0"),
        (lambda ax: LinearMapDashboard().set(w11=1j), TypeError, "w11 must be a real number"),
    ],
)
def test_bad_input_raises_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call(Figure().subplots())


def test_bias_share_plot_puts_each_layer_on_the_rule():
    ax = Figure().subplots()
    fan_in, share = [2, 784], [1 / 3, 1 / 785]
    f = np.geomspace(1, 1e4, 50)
    points, rule = bias_share_plot(ax, fan_in, share, ["tiny", "MNIST"], rule=(f, 1 / (f + 1)))
    np.testing.assert_allclose(points.get_offsets(), np.column_stack([fan_in, share]))
    np.testing.assert_allclose(rule.get_xydata(), np.column_stack([f, 1 / (f + 1)]))
    assert [t.get_text() for t in ax.texts] == ["tiny", "MNIST"]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="one entry per layer"):
        bias_share_plot(ax, fan_in, share, ["only one"], rule=(f, f))


def test_bias_share_plot_rejects_bad_input():
    f = np.geomspace(1, 1e4, 5)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        bias_share_plot(None, [2], [1 / 3], ["tiny"], rule=(f, f))
    with pytest.raises(TypeError, match=r"labels\[0\] must be a string; got int"):
        bias_share_plot(Figure().subplots(), [2], [1 / 3], [2], rule=(f, f))
    with pytest.raises(TypeError, match=r"rule must be a pair of arrays \(x, y\)"):
        bias_share_plot(Figure().subplots(), [2], [1 / 3], ["tiny"], rule=f)
    with pytest.raises(ValueError, match="rule x and rule y must have the same length"):
        bias_share_plot(Figure().subplots(), [2], [1 / 3], ["tiny"], rule=(f, f[:3]))
