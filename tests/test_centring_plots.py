"""Notebook 06's plots and dashboard, headless: moving a slider must move (or redraw) the right
artists."""

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import (
    CentringDashboard,
    StepTrace,
    ValleyPlot,
    centre,
    fit_line,
    gradient_descent,
    loss_surface,
    make_offset_data,
    max_stable_lr,
    valley,
)


@pytest.fixture
def dash():
    return CentringDashboard(offset=15.0)


def test_valley_plot_moves_its_path_and_redraws_its_surface():
    ax = Figure().subplots()
    ws, bs = np.linspace(-1, 1, 20), np.linspace(-2, 2, 30)
    plot = ValleyPlot(ax, ws, bs, loss_surface(*make_offset_data(), ws, bs), best=(0.5, 1.0))
    plot.set_path(np.array([[0.0, 0.0], [0.2, 0.4], [0.3, 0.9]]))
    np.testing.assert_array_equal(plot.path.get_xydata(), [[0.0, 0.0], [0.2, 0.4], [0.3, 0.9]])
    assert tuple(np.ravel(plot.end.get_data())) == (0.3, 0.9)
    old = plot.contours
    ws2, bs2 = np.linspace(-3, 3, 20), np.linspace(-9, 9, 30)
    plot.set_surface(
        ws2, bs2, loss_surface(*make_offset_data(offset=20.0), ws2, bs2), best=(0.4, -7.0)
    )
    assert old not in ax.get_children() and plot.contours in ax.get_children()
    assert ax.get_xlim() == (-3, 3) and ax.get_ylim() == (-9, 9)
    assert tuple(np.ravel(plot.best.get_data())) == (0.4, -7.0)
    with pytest.raises(ValueError, match="path must have shape"):
        plot.set_path(np.zeros((3, 3)))


def test_valley_marks_the_least_squares_point():
    x, y = make_offset_data()
    plot = valley(Figure().subplots(), x, y, start=(0.0, 0.0))
    np.testing.assert_allclose(np.ravel(plot.best.get_data()), fit_line(x, y))


def test_valley_can_share_a_window_between_panels():
    window = (np.linspace(-1, 1, 30), np.linspace(-8, 2, 40))
    x, y = make_offset_data(offset=5.0)
    plot = valley(Figure().subplots(), x, y, start=(0.0, 0.0), window=window)
    assert plot.ax.get_xlim() == (-1, 1) and plot.ax.get_ylim() == (-8, 2)


def test_step_trace_shows_the_bounce_of_the_first_steps():
    x, y = make_offset_data(offset=15.0)
    run = gradient_descent(x, y, 0.95 * max_stable_lr(x), max_steps=100)
    trace = StepTrace(Figure().subplots(), 10, fit_line(x, y)[0], runs=[("raw", "C0")])
    trace.update("raw", run.path)
    w = trace.lines["raw"].get_ydata()
    np.testing.assert_allclose(w, run.path[:11, 0])
    assert np.all(np.diff(np.sign(np.diff(w))) != 0), "w zig-zags: up, down, up, ..."
    short = np.array([[0.0, 0.0], [0.5, 0.1]])  # a run that stopped after one step
    trace.update("raw", short)
    assert np.isnan(trace.lines["raw"].get_ydata()[2:]).all()


def test_dashboard_traces_w_for_both_runs(dash):
    for name in ("raw", "centred"):
        shown = dash.trace.lines[f"{name} x"].get_ydata()
        np.testing.assert_allclose(shown, dash.runs[name].path[:41, 0])
    assert all(line in dash.moving for line in dash.trace.lines.values())


def test_default_learning_rate_is_just_under_the_raw_limit_and_the_readout_is_honest(dash):
    fraction = dash.sliders["lr"].value / max_stable_lr(dash.x)
    assert 0.9 < fraction < 1.0  # 0.95 of the limit, snapped to the log slider's grid
    assert np.log10(dash.sliders["lr"].value) == pytest.approx(
        round(np.log10(dash.sliders["lr"].value), 2), abs=1e-12
    )
    assert "did not converge within 3000 steps" in dash.readout.value
    assert f"converged in {dash.runs['centred'].steps} steps" in dash.readout.value
    assert dash.runs["centred"].converged and not dash.runs["raw"].converged


def test_learning_rate_slider_moves_both_paths_without_redrawing_contours(dash):
    contours, raw_before = dash.raw.contours, dash.raw.path.get_xydata().copy()
    cen_before = dash.centred.path.get_xydata().copy()
    dash.set(lr=0.05)
    assert dash.raw.contours is contours
    assert not np.array_equal(raw_before, dash.raw.path.get_xydata())
    expected = gradient_descent(centre(dash.x), dash.y, 0.05, max_steps=3000).path
    np.testing.assert_allclose(dash.centred.path.get_xydata(), expected)
    assert len(expected) < len(cen_before)
    assert "diverged" in dash.readout.value  # 0.05 is far above 2/lambda_max of the raw problem


def test_offset_slider_redraws_only_the_raw_surface(dash):
    raw_contours, cen_contours = dash.raw.contours, dash.centred.contours
    cen_path = dash.centred.path.get_xydata().copy()
    dash.set(offset=2.0)
    assert dash.raw.contours is not raw_contours and raw_contours not in dash.raw.ax.get_children()
    assert dash.centred.contours is cen_contours
    assert dash.x.mean() == pytest.approx(2.0)
    np.testing.assert_allclose(np.ravel(dash.raw.best.get_data()), fit_line(dash.x, dash.y))
    assert "mean 2.0" in dash.raw.ax.get_title()
    assert dash.runs["raw"].converged  # near zero the raw problem is well conditioned too
    np.testing.assert_allclose(
        dash.centred.path.get_xydata(), cen_path, atol=1e-9
    )  # centred data did not move


def test_dashboard_is_one_widget_and_rejects_bad_input(dash):
    assert dash.fig.canvas in dash.widget.children
    with pytest.raises(ValueError, match="start must have shape"):
        CentringDashboard(start=(0.0,))


def test_dashboard_leaves_pyplot_backend_alone():
    before = matplotlib.get_backend()
    CentringDashboard()
    assert matplotlib.get_backend() == before


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
XV, YV = make_offset_data(n=10, seed=0)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda ax: valley(None, XV, YV, (0.0, 0.0)), TypeError, "ax must be a matplotlib Axes"),
        (
            lambda ax: valley(ax, XV, YV, (0.0, 0.0, 0.0)),
            ValueError,
            r"start must have shape \(2\)",
        ),
        (
            lambda ax: valley(ax, XV, YV, (0.0, 0.0), points=[1.0, 2.0, 3.0, 4.0]),
            ValueError,
            r"points must have shape \(k, 2\), \(w, b\) pairs; got shape \(4,\)",
        ),
        (
            lambda ax: valley(ax, XV, YV, (0.0, 0.0), points=[[np.nan, 0.0]]),
            ValueError,
            "points must hold finite numbers",
        ),
        (
            lambda ax: valley(ax, XV, YV, (0.0, 0.0), grid=10**6),
            ValueError,
            "grid must be at most 1,000",
        ),
        (
            lambda ax: valley(ax, XV, YV, (0.0, 0.0)).set_path(np.ones((3, 3))),
            ValueError,
            "path must have shape",
        ),
        (
            lambda ax: CentringDashboard(max_steps=10**6),
            ValueError,
            "max_steps must be at most 5,000, a bound that keeps a notebook responsive",
        ),
        (
            lambda ax: CentringDashboard(lr=0.0),
            ValueError,
            "lr must be > 0; got 0",
        ),
        (
            lambda ax: CentringDashboard(lr_range=(-1.0, 1.0)),
            ValueError,
            r"lr_range must be positive \(a log-scale slider\); got \(-1.0, 1.0\)",
        ),
        (
            lambda ax: CentringDashboard(offset=100.0),
            ValueError,
            r"offset must lie in offset_range \[0, 25\]; got 100",
        ),
        (lambda ax: CentringDashboard(grid=10**6), ValueError, "grid must be at most 300"),
        (lambda ax: CentringDashboard(tol=0), ValueError, "tol must be > 0"),
        (lambda ax: CentringDashboard(seed=-1), ValueError, "seed must be at least 0"),
        (
            lambda ax: CentringDashboard(lr=5.0),
            ValueError,
            r"lr must lie in lr_range \[0.0001, 1\]; got 5",
        ),
        (lambda ax: CentringDashboard(lr="0.1"), TypeError, "lr must be a real number; got str"),
        (
            lambda ax: CentringDashboard().set(lr=10.0),
            ValueError,
            r"lr must lie in the slider's range \[0.0001, 1\]; got 10",
        ),
    ],
)
def test_bad_input_raises_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call(Figure().subplots())


def test_a_valley_plot_without_a_best_point_draws_none():
    x, y = make_offset_data(n=10, seed=0)
    ws, bs = np.linspace(-1, 1, 5), np.linspace(0, 5, 4)
    plot = ValleyPlot(Figure().subplots(), ws, bs, loss_surface(x, y, ws, bs))
    assert len(plot.best.get_xdata()) == 0
    plot.set_surface(ws, bs, loss_surface(x, y, ws, bs), best=(0.5, 2.0))
    assert list(plot.best.get_xdata()) == [0.5]
    with pytest.raises(ValueError, match=r"best must have shape \(2\)"):
        ValleyPlot(Figure().subplots(), ws, bs, loss_surface(x, y, ws, bs), best=1.0)


def test_window_and_step_trace_reject_bad_input():
    with pytest.raises(TypeError, match=r"window must be a pair \(w_values, b_values\)"):
        valley(Figure().subplots(), XV, YV, (0.0, 0.0), window=np.zeros(3))
    with pytest.raises(
        ValueError, match=r"window\[0\] must be a 1-D array; got an array of shape \(2, 2\)"
    ):
        valley(Figure().subplots(), XV, YV, (0.0, 0.0), window=(np.zeros((2, 2)), np.zeros(3)))
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        StepTrace(None, 10, 0.5, runs=[("raw", "C0")])
    trace = StepTrace(Figure().subplots(), 10, 0.5, runs=[("raw", "C0")])
    with pytest.raises(ValueError, match=r"name must be one of \['raw'\]; got 'centred'"):
        trace.update("centred", np.zeros((3, 2)))
