import numpy as np
import pytest

from helpers import fit_line, loss_surface, make_line_data, mse, predict


def test_line_data_is_seeded_sorted_and_shaped():
    x1, y1 = make_line_data(n=25, seed=3)
    x2, y2 = make_line_data(n=25, seed=3)
    x3, _ = make_line_data(n=25, seed=4)
    assert x1.shape == y1.shape == (25,)
    assert np.array_equal(x1, x2) and np.array_equal(y1, y2)
    assert not np.array_equal(x1, x3)
    assert np.all(np.diff(x1) >= 0)


def test_line_data_without_noise_lies_on_the_line():
    x, y = make_line_data(n=10, w=-2.0, b=7.0, noise=0.0, seed=1)
    np.testing.assert_allclose(y, -2.0 * x + 7.0)


def test_line_data_validates_input():
    with pytest.raises(ValueError, match="noise must be >= 0"):
        make_line_data(noise=-1)
    with pytest.raises(TypeError, match="seed must be an integer"):
        make_line_data(seed="zero")


@pytest.mark.parametrize("seed", range(5))
def test_fit_line_matches_numpy_least_squares(seed):
    x, y = make_line_data(n=40, seed=seed, w=seed - 2.0, b=3.0 * seed)
    w, b = fit_line(x, y)
    w_ref, b_ref = np.polyfit(x, y, 1)
    assert w == pytest.approx(w_ref, rel=1e-10) and b == pytest.approx(b_ref, rel=1e-10, abs=1e-10)
    (w0,), *_ = np.linalg.lstsq(x[:, None], y, rcond=None)
    assert fit_line(x, y, bias=False) == (pytest.approx(w0, rel=1e-12), 0.0)


def test_fit_line_is_a_minimum_of_mse():
    x, y = make_line_data(seed=7)
    w, b = fit_line(x, y)
    best = mse(x, y, w, b)
    for dw, db in [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)]:
        assert mse(x, y, w + dw, b + db) > best


def test_fit_line_rejects_degenerate_x():
    with pytest.raises(ValueError, match="two different values"):
        fit_line([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x and y must have the same length; got 2 and 3"):
        fit_line([1.0, 2.0], [1.0, 2.0, 3.0])


def test_loss_surface_matches_mse_pointwise():
    x, y = make_line_data(n=15, seed=2)
    ws, bs = np.linspace(-1, 3, 7), np.linspace(0, 8, 5)
    grid = loss_surface(x, y, ws, bs)
    assert grid.shape == (5, 7)
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            assert grid[i, j] == pytest.approx(mse(x, y, w, b), rel=1e-12)


def test_predict_broadcasts():
    assert np.array_equal(predict(np.array([[0.0, 1.0]]), 2.0, 1.0), np.array([[1.0, 3.0]]))


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
X3, Y3 = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 7.0])
BAD = [
    (lambda: mse([], [], 1.0), ValueError, r"x must not be empty; got an array of shape \(0,\)"),
    (lambda: mse(X3 + 1j, Y3, 1.0), TypeError, "x must hold real numbers; .*imaginary part"),
    (lambda: mse(X3, Y3, 1.0 + 2j), TypeError, "w must be a real number; got complex"),
    (lambda: mse(X3, Y3, None), TypeError, "w must be a real number; got NoneType"),
    (lambda: mse(X3, [2, 4, np.nan], 1.0), ValueError, "y must hold finite numbers"),
    (lambda: mse(X3, Y3, True), TypeError, "w must be a real number; got bool"),
    (lambda: mse(X3[:, None], Y3, 1.0), ValueError, "x must be a 1-D array"),
    (lambda: mse("123", Y3, 1.0), TypeError, "x must be an array of numbers; got str"),
    (lambda: mse(X3 > 1, Y3, 1.0), TypeError, "x must be an array of numbers; got .*bool"),
    (lambda: predict(None, 1.0), TypeError, "x must be an array of numbers; got NoneType"),
    (lambda: predict([], 1.0), ValueError, "x must not be empty"),
    (lambda: predict(X3, 1.0, b=np.inf), ValueError, "b must be a finite number; got inf"),
    (lambda: fit_line(X3, Y3, bias="False"), TypeError, "bias must be True or False; got str"),
    (lambda: fit_line([], []), ValueError, "x must not be empty"),
    (lambda: fit_line(X3, Y3 * 1j), TypeError, "y must hold real numbers"),
    (lambda: loss_surface(X3, Y3, [], [0.0]), ValueError, "w_values must not be empty"),
    (lambda: loss_surface(X3, Y3, np.zeros((2, 2)), [0.0]), ValueError, "w_values must be a 1-D"),
    (
        lambda: loss_surface(np.zeros(1000), np.zeros(1000), np.zeros(1000), np.zeros(1000)),
        ValueError,
        "w_values, b_values and x would hold 1,000,000,000 numbers; at most 10,000,000",
    ),
    (lambda: make_line_data(n=-5), ValueError, "n must be at least 2; got -5"),
    (lambda: make_line_data(n=10**9), ValueError, "n must be at most 10,000,000"),
    (lambda: make_line_data(n=2.0), TypeError, "n must be an integer; got float"),
    (lambda: make_line_data(seed=-1), ValueError, "seed must be at least 0; got -1"),
    (lambda: make_line_data(noise=float("nan")), ValueError, "noise must be a finite number"),
    (lambda: make_line_data(x_range=(1, 1)), ValueError, "x_range must have low < high"),
    (lambda: make_line_data(x_range=None), TypeError, r"x_range must be a \(low, high\) pair"),
]


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_input_raises_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
