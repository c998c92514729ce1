"""Seeded toy data sets. Every function takes `seed` and never touches global random state."""
import numpy as np

from .validate import as_float, as_int, as_range


def make_line_data(n=30, w=1.5, b=4.0, noise=1.0, x_range=(0.0, 6.0), seed=0):
    """Points scattered around the line y = w*x + b (notebook 01).

    Returns x and y, each of shape (n,), with x sorted. With b != 0 the true line misses the origin,
    which is what makes a model without a bias fail on it.
    """
    n = as_int("n", n, minimum=2)
    w, b, noise = as_float("w", w), as_float("b", b), as_float("noise", noise)
    if noise < 0:
        raise ValueError(f"noise must be >= 0; got {noise}")
    low, high = as_range("x_range", x_range)
    rng = np.random.default_rng(as_int("seed", seed))
    x = np.sort(rng.uniform(low, high, size=n))
    y = w * x + b + noise * rng.standard_normal(n)
    return x, y
