"""The maths of notebook 01: a line y = w*x + b, its squared error, and its closed-form best fit."""

import numpy as np

from helpers.core.validate import (
    MAX_ENTRIES,
    as_array,
    as_bool,
    as_float,
    as_int,
    as_range,
    as_xy,
    check_size,
)


def predict(x, w, b=0.0):
    """w*x + b for an array x of any shape."""
    return as_float("w", w) * as_array("x", x) + as_float("b", b)


def mse(x, y, w, b=0.0):
    """Mean squared error of the line y = w*x + b on the points (x, y), each of shape (n,)."""
    x, y = as_xy(x, y)
    return float(np.mean((y - predict(x, w, b)) ** 2))


def fit_line(x, y, bias=True):
    """Least-squares (w, b) for points of shape (n,). With bias=False the line is held to b = 0.

    With a bias:    w = cov(x, y) / var(x),  b = mean(y) - w * mean(x)
    Without:        w = sum(x*y) / sum(x*x), b = 0
    """
    x, y = as_xy(x, y)
    if not as_bool("bias", bias):
        if not np.any(x):
            raise ValueError("x must not be all zeros when fitting a line through the origin")
        return float(x @ y / (x @ x)), 0.0
    xc = x - x.mean()
    if not np.any(xc):
        raise ValueError("x must hold at least two different values to fit a slope")
    w = float(xc @ (y - y.mean()) / (xc @ xc))
    return w, float(y.mean() - w * x.mean())


def loss_surface(x, y, w_values, b_values):
    """MSE for every pair on a grid: returns shape (len(b_values), len(w_values)), rows indexed by
    b."""
    x, y = as_xy(x, y)
    w_values = as_array("w_values", w_values, ndim=1)
    b_values = as_array("b_values", b_values, ndim=1)
    check_size("w_values, b_values and x", len(w_values) * len(b_values) * len(x))
    # residual[i, j, k] = y_k - (w_j * x_k + b_i), without a Python loop
    residual = y - (w_values[None, :, None] * x + b_values[:, None, None])
    return np.mean(residual**2, axis=-1)


def make_line_data(n=30, w=1.5, b=4.0, noise=1.0, x_range=(0.0, 6.0), seed=0):
    """Points scattered around the line y = w*x + b (notebook 01).

    Returns x and y, each of shape (n,), with x sorted. With b != 0 the true line misses the origin,
    which is what makes a model without a bias fail on it.
    """
    n = as_int("n", n, minimum=2, maximum=MAX_ENTRIES)
    w, b, noise = as_float("w", w), as_float("b", b), as_float("noise", noise, at_least=0)
    low, high = as_range("x_range", x_range)
    rng = np.random.default_rng(as_int("seed", seed, minimum=0))
    x = np.sort(rng.uniform(low, high, size=n))
    y = w * x + b + noise * rng.standard_normal(n)
    return x, y
