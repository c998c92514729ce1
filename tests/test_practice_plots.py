"""Notebook 07's plots and dashboard, headless: moving the slider must move the artists."""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import (
    COURSE_MAP,
    FirstLossPlot,
    LossCurvePlot,
    OutputBiasDashboard,
    decision_regions,
    first_step_losses,
    imbalanced_classes,
    init_bias_loss_curves,
    init_bias_losses,
    offset_regression,
    plot_course_map,
    prior_output_bias,
)

ROOT = Path(__file__).resolve().parents[1]
SIZES = (2, 4, 1)


@pytest.fixture(scope="module")
def data():
    return imbalanced_classes(n=110, ratio=10, seed=0)


@pytest.fixture
def dash(data):
    return OutputBiasDashboard(*data, loss="bce", sizes=SIZES, steps=20, seed=0)


def test_moving_the_slider_retrains_and_moves_the_curve_and_the_marker(dash, data):
    x, y = data
    dash.sliders["b0"].value = 2.0
    expected = init_bias_losses(x, y, "bce", 2.0, sizes=SIZES, steps=20, seed=0)
    np.testing.assert_allclose(dash.curve.line.get_ydata(), expected, rtol=1e-6)
    assert tuple(np.ravel(dash.first.point.get_data())) == pytest.approx((2.0, expected[0]))
    assert (
        f"{expected[0]:.3f}" in dash.readout.value
        and "b0 = 2.00" in dash.curve.ax.get_title().replace("+", "")
    )
    before = dash.curve.line.get_ydata().copy()
    dash.set(b0=-2.3)
    assert dash.curve.line.get_ydata()[0] < before[0]  # nearer the prior: a lower start


def test_the_dashboard_draws_both_references_and_marks_the_prior(dash, data):
    labels = [line.get_label() for line in dash.curve.ax.get_lines()]
    assert labels[:2] == ["b0 = 0", "b0 = prior"]
    prior_line = dash.first.ax.get_lines()[1]
    assert prior_line.get_xdata()[0] == pytest.approx(prior_output_bias(data[1], "binary"))
    assert dash.fig.canvas in dash.widget.children


def test_a_regression_dashboard_uses_the_mean_and_bad_losses_are_named():
    x, y = offset_regression(n=64, seed=0)
    reg = OutputBiasDashboard(x, y, loss="mse", sizes=(4, 4, 1), b_range=(0.0, 80.0), steps=10)
    assert reg.prior == pytest.approx(y.mean().item(), rel=1e-6)
    reg.set(b0=50.0)
    assert reg.curve.line.get_ydata()[0] < 100
    with pytest.raises(ValueError, match="loss must be 'mse' or 'bce'"):
        OutputBiasDashboard(x, y, loss="l1")


def test_static_plots_update_in_place_and_validate(data):
    x, y = data
    fig, (a, b) = plt.subplots(1, 2)
    refs = {"b0 = 0": init_bias_losses(x, y, "bce", 0.0, sizes=SIZES, steps=10)}
    curve = LossCurvePlot(a, refs, steps=10)
    line = curve.line
    curve.update(np.linspace(1, 0.5, 10), title="t")
    assert curve.line is line and line.get_ydata()[0] == 1 and a.get_title() == "t"
    with pytest.raises(ValueError, match="losses must have shape"):
        curve.update(np.ones(3))
    grid = np.linspace(-3, 1, 5)
    first = FirstLossPlot(b, grid, first_step_losses(x, y, "bce", grid, sizes=SIZES).numpy(), -2.3)
    first.update(0.5, 0.7)
    assert tuple(np.ravel(first.point.get_data())) == (0.5, 0.7)
    plt.close(fig)


def test_the_course_map_has_one_row_per_notebook():
    fig, ax = plt.subplots()
    plot_course_map(ax)
    texts = [t.get_text() for t in ax.texts]
    notebooks = sorted(p.name.split("_")[0] for p in (ROOT / "notebooks").glob("*.md"))
    assert notebooks[:3] == ["01", "02", "02b"] and len(notebooks) == 8
    assert len(COURSE_MAP) == len(notebooks) and len(texts) == 3 + 4 * len(notebooks)
    assert [t.strip() for t in texts[3::4]] == notebooks
    plt.close(fig)


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
from matplotlib.figure import Figure  # noqa: E402


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda ax, d: LossCurvePlot(None, {"a": [1.0]}, 1), TypeError, "ax must be a matplotlib"),
        (lambda ax, d: LossCurvePlot(ax, {}, 3), TypeError, "references must be a non-empty dict"),
        (lambda ax, d: LossCurvePlot(ax, {"a": [1.0]}, 0), ValueError, "steps must be at least 1"),
        (
            lambda ax, d: LossCurvePlot(ax, {"a": [1.0]}, 1, ylim=(1, 0)),
            ValueError,
            "ylim must have low < high",
        ),
        (
            lambda ax, d: FirstLossPlot(ax, [0.0, 1.0], [1.0], 0.0),
            ValueError,
            "b_values and losses must have the same length",
        ),
        (
            lambda ax, d: FirstLossPlot(ax, [0.0, 1.0], [1.0, 2.0], None),
            TypeError,
            "prior must be a real number",
        ),
        (
            lambda ax, d: FirstLossPlot(ax, [0.0, 1.0], [1.0, 2.0], 0.0, b0="0"),
            TypeError,
            "b0 must be a real number",
        ),
        (
            lambda ax, d: OutputBiasDashboard(*d, sizes=SIZES, steps=10**6),
            ValueError,
            "steps must be at most 5,000, a bound that keeps a notebook responsive; got 1,000,000",
        ),
        (
            lambda ax, d: OutputBiasDashboard(*d, sizes=4, steps=5),
            TypeError,
            "sizes must be a tuple of layer sizes",
        ),
        (
            lambda ax, d: OutputBiasDashboard(d[0], 2 * d[1] - 1, sizes=SIZES, steps=5),
            ValueError,
            "y must hold the class labels 0 and 1",
        ),
        (
            lambda ax, d: OutputBiasDashboard(d[0].numpy(), d[1], sizes=SIZES, steps=5),
            TypeError,
            "x must be a torch tensor",
        ),
        (
            lambda ax, d: OutputBiasDashboard(*d, sizes=SIZES, steps=5, lr=0),
            ValueError,
            "lr must be > 0",
        ),
        (lambda ax, d: plot_course_map(None), TypeError, "ax must be a matplotlib Axes"),
        (
            lambda ax, d: plot_course_map(ax, [("01", "title")]),
            TypeError,
            r"entries must be a list of \(number, title, showed, returned\) rows of text",
        ),
    ],
)
def test_bad_input_raises_naming_the_argument(data, call, error, message):
    with pytest.raises(error, match=message):
        call(Figure().subplots(), data)


def test_decision_regions_draw_the_data_over_the_predicted_regions():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    side = np.linspace(-2, 2, 21)
    xx, yy = np.meshgrid(side, side)
    predicted = (xx * yy > 0).astype(float)  # the quadrants
    X = np.array([[1.0, 1.0], [-1.0, 1.0], [0.5, -0.5], [-1.5, -0.2]])
    y = np.array([1, 0, 0, 1])
    regions, class0, class1 = decision_regions(ax, xx, yy, predicted, X, y, legend=True)
    np.testing.assert_allclose(class0.get_offsets(), X[y == 0])
    np.testing.assert_allclose(class1.get_offsets(), X[y == 1])
    assert list(regions.levels) == [-0.5, 0.5, 1.5]
    assert class0.get_facecolor()[0].tolist() != class1.get_facecolor()[0].tolist()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "class 0",
        "class 1",
        "predicted 1",
    ]
    assert ax.get_xlim() == (-2, 2) and ax.get_aspect() == 1


def test_static_copies_name_their_setting_instead_of_the_slider():
    from matplotlib.figure import Figure

    ax_curve, ax_first = Figure().subplots(1, 2)
    curve = LossCurvePlot(ax_curve, {"b0 = 0": np.ones(5)}, steps=5, label="b0 = +2")
    first = FirstLossPlot(ax_first, np.linspace(-1, 1, 5), np.ones(5), 0.0, label="b0 = +2")
    assert curve.line.get_label() == first.point.get_label() == "b0 = +2"


def test_decision_regions_and_labels_reject_bad_input():
    side = np.linspace(-2, 2, 5)
    xx, yy = np.meshgrid(side, side)
    X, y = np.zeros((3, 2)), np.array([0, 1, 1])
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        decision_regions(None, xx, yy, xx > 0, X, y)
    with pytest.raises(ValueError, match="y must hold the class labels 0 and 1 only"):
        decision_regions(Figure().subplots(), xx, yy, xx > 0, X, [0, 1, 2])
    with pytest.raises(ValueError, match="X and y must have the same length"):
        decision_regions(Figure().subplots(), xx, yy, xx > 0, X, y[:2])
    with pytest.raises(ValueError, match=r"yy must have shape \(5, 5\)"):
        decision_regions(Figure().subplots(), xx, yy[:2], xx > 0, X, y)
    with pytest.raises(TypeError, match="label must be a string"):
        LossCurvePlot(Figure().subplots(), {"a": [1.0]}, 1, label=0)


def test_the_references_are_trained_in_the_batch_and_match_separate_runs(dash, data):
    x, y = data
    prior = prior_output_bias(y, "binary")
    for line, b0 in zip(dash.curve.ax.get_lines()[:2], (0.0, prior)):
        alone = init_bias_losses(x, y, "bce", b0, sizes=SIZES, steps=20, seed=0)
        np.testing.assert_allclose(line.get_ydata(), alone, rtol=1e-5)  # float32 round-off
    grid_only = init_bias_loss_curves(x, y, "bce", dash.b_grid, sizes=SIZES, steps=20, seed=0)
    np.testing.assert_allclose(dash.curves, grid_only, rtol=1e-6)
