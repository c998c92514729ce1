"""The batch-size dashboard and the figures of notebook 04, tested headlessly."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import BatchSizeDashboard, BiasBars, bias_gradient_by_batch_size, draw_batch_sum


@pytest.fixture
def errors():
    return np.array([0.6, -0.4, 0.2]) + 0.5 * np.random.default_rng(0).standard_normal((64, 3))


@pytest.fixture
def dash(errors):
    return BatchSizeDashboard(errors, n=4)


def test_moving_the_batch_slider_moves_both_panels(dash, errors):
    dash.sliders["n"].value = 32
    for reduction, panel in dash.panels.items():
        np.testing.assert_allclose(
            panel.heights(), bias_gradient_by_batch_size(errors, [32], reduction)[0]
        )
    sum_small = dash.set(n=2).panels["sum"].heights()
    sum_big = dash.set(n=64).panels["sum"].heights()
    assert np.linalg.norm(sum_big) > 10 * np.linalg.norm(sum_small)
    assert "N = 64" in dash.readout.value and "ratio = 192.0" in dash.readout.value
    assert "N = 64" in dash.panels["mean"].ax.get_title()


def test_the_y_limits_hold_every_batch_size(dash, errors):
    for reduction, panel in dash.panels.items():
        lo, hi = panel.ax.get_ylim()
        everything = bias_gradient_by_batch_size(errors, range(1, 65), reduction)
        assert lo <= everything.min() and everything.max() <= hi


def test_dashboard_is_one_widget_with_its_canvas(dash):
    assert dash.fig.canvas in dash.widget.children
    assert dash.sliders["n"].max == 64 and dash.sliders["n"].min == 1
    with pytest.raises(ValueError, match="errors must be a 2-D array"):
        BatchSizeDashboard(np.zeros(5))


def test_bias_bars_update_in_place():
    ax = Figure().subplots()
    bars = BiasBars(ax, 3, (-1, 1), reference=([0.1, 0.2, 0.3], "ref"))
    artists = list(bars.bars)
    bars.update([0.5, -0.5, 0.25], title="t")
    assert list(bars.bars) == artists and ax.get_title() == "t"
    np.testing.assert_allclose(bars.heights(), [0.5, -0.5, 0.25])
    with pytest.raises(ValueError, match="values must have shape"):
        bars.update([1.0, 2.0])


def test_batch_sum_figure_prints_the_numbers_it_is_given():
    grad_z = np.arange(6.0).reshape(3, 2)
    fig = Figure()
    ax_z, ax_b = fig.subplots(2, 1)
    images = draw_batch_sum(ax_z, ax_b, grad_z, grad_z.sum(axis=0))
    assert images[0].get_array().shape == (3, 2) and images[1].get_array().shape == (1, 2)
    assert [t.get_text() for t in ax_b.texts] == ["6.00", "9.00"]
    assert "shape (3, 2)" in ax_z.get_title() and "shape (2,)" in ax_z.get_title()
    with pytest.raises(ValueError, match="grad_b must have shape"):
        draw_batch_sum(ax_z, ax_b, grad_z, grad_z.sum(axis=1))


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
from helpers import bias_bar_pair  # noqa: E402


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda ax: draw_batch_sum(None, ax, np.ones((2, 2)), np.ones(2)),
            TypeError,
            "ax_z must be a matplotlib Axes",
        ),
        (
            lambda ax: draw_batch_sum(ax, ax, np.ones((1000, 2)), np.ones(2)),
            ValueError,
            "grad_z must have at most 400 entries",
        ),
        (
            lambda ax: draw_batch_sum(ax, ax, np.ones((0, 2)), np.ones(2)),
            ValueError,
            "grad_z must not be empty",
        ),
        (lambda ax: BiasBars(ax, 0, (0, 1)), ValueError, "n_biases must be at least 1"),
        (lambda ax: BiasBars(ax, 10**6, (0, 1)), ValueError, "n_biases must be at most 100"),
        (lambda ax: BiasBars(ax, 2, (1, 0)), ValueError, "ylim must have low < high"),
        (
            lambda ax: BiasBars(ax, 2, (0, 1), reference=[0.0, 1.0, 2.0]),
            TypeError,
            r"reference must be a \(values, label\) pair",
        ),
        (
            lambda ax: bias_bar_pair(ax, ax, np.ones((5000, 2))),
            ValueError,
            r"len\(errors\) must be at most 1,000",
        ),
        (
            lambda ax: BatchSizeDashboard(np.ones((8, 2)), n=9),
            ValueError,
            r"n must be at most len\(errors\) = 8; got 9",
        ),
        (lambda ax: BatchSizeDashboard(np.ones((8, 2)), n=0), ValueError, "n must be at least 1"),
        (
            lambda ax: BatchSizeDashboard(np.ones((8, 2)), n=2).set(n=100),
            ValueError,
            r"n must lie in the slider's range \[1, 8\]; got 100",
        ),
        (
            lambda ax: BatchSizeDashboard(np.ones((8, 2)), n=2).set(n=2.5),
            TypeError,
            "n must be an integer",
        ),
    ],
)
def test_bad_input_raises_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call(Figure().subplots())


def test_all_zero_errors_still_draw():
    panels = bias_bar_pair(Figure().subplots(), Figure().subplots(), np.zeros((4, 2)))
    assert panels["sum"].ax.get_ylim() == pytest.approx((-1.2, 1.2))
