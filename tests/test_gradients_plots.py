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
