"""The maths of notebook 06 (zero-centring): the curvature of a line's squared error and gradient
descent on it.

For y = w*x + b the MSE is a quadratic bowl in (w, b) whose Hessian depends on x only:
    H = 2 * [[mean(x**2), mean(x)], [mean(x), 1]].
Inputs far from zero make mean(x) large, the bowl a long thin valley, and gradient descent slow.
"""

from dataclasses import dataclass

import numpy as np

from helpers.core.validate import MAX_ENTRIES, MAX_STEPS, as_array, as_float, as_int, as_xy
from helpers.line.logic import fit_line


def make_offset_data(n=40, offset=15.0, half_width=5.0, w=0.5, level=2.5, noise=0.5, seed=0):
    """Points with x evenly spaced over [offset - half_width, offset + half_width] (mean = offset).

    y = level + w * (x - offset) + noise: the same cloud for every offset, only moved along x.
    Returns x and y of shape (n,).
    """
    n = as_int("n", n, minimum=2, maximum=MAX_ENTRIES)
    offset, half_width = as_float("offset", offset), as_float("half_width", half_width, above=0)
    u = np.linspace(-half_width, half_width, n)
    rng = np.random.default_rng(as_int("seed", seed, minimum=0))
    y = (
        as_float("level", level)
        + as_float("w", w) * u
        + as_float("noise", noise, at_least=0) * rng.standard_normal(n)
    )
    return offset + u, y


def centre(x):
    """x - mean(x), shape kept."""
    x = as_array("x", x)
    return x - x.mean()


def standardise(x):
    """(x - mean(x)) / std(x), shape kept; std uses 1/n, as np.std does."""
    x = as_array("x", x)
    scale = x.std()
    if scale == 0:
        raise ValueError("x must hold at least two different values to standardise it")
    return (x - x.mean()) / scale


def centred_params(w, b, mean, scale=1.0):
    """(w, b) of y = w*x + b rewritten for the input z = (x - mean) / scale: returns (w * scale,
    b + w * mean).

    Both models give the same prediction for every x: w*x + b = (w*scale) * z + (b + w*mean).
    """
    w, b, scale = as_float("w", w), as_float("b", b), as_float("scale", scale)
    if scale == 0:
        raise ValueError("scale must not be 0: z = (x - mean) / scale")
    return w * scale, b + w * as_float("mean", mean)


def _moments(x, y):
    """A = [[mean x^2, mean x], [mean x, 1]] and c = [mean xy, mean y]:
    MSE = theta A theta - 2 theta c + mean y^2."""
    a = np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    return a, np.array([np.mean(x * y), np.mean(y)])


def hessian(x):
    """The (2, 2) Hessian of the MSE of y = w*x + b over (w, b), for inputs x of shape (n,). y plays
    no part."""
    x = as_array("x", x, ndim=1)
    return 2.0 * _moments(x, np.zeros_like(x))[0]


def condition_number(x):
    """lambda_max / lambda_min of `hessian(x)`: 1 for a round bowl, large for a long thin valley."""
    low, high = np.linalg.eigvalsh(hessian(x))
    if low <= 1e-12 * high:  # all x equal: one direction is flat (up to round-off)
        raise ValueError("x must hold at least two different values (else the Hessian is singular)")
    return float(high / low)


def max_stable_lr(x):
    """2 / lambda_max of `hessian(x)`: gradient descent on the MSE diverges at any larger learning
    rate."""
    return float(2.0 / np.linalg.eigvalsh(hessian(x))[-1])


def best_fixed_lr(x):
    """2 / (lambda_min + lambda_max): the constant learning rate with the best worst case.

    Every eigen-direction then shrinks at least by (kappa - 1) / (kappa + 1) per step, kappa the
    condition number.
    """
    return float(2.0 / np.sum(np.linalg.eigvalsh(hessian(x))))


@dataclass(frozen=True)
class DescentRun:
    """One run of gradient descent. path: (steps + 1, 2) of (w, b); gaps: MSE minus its minimum at
    each point."""

    path: np.ndarray
    gaps: np.ndarray
    converged: bool
    diverged: bool
    max_steps: int
    tol: float

    @property
    def steps(self):
        """Number of steps taken (to convergence, to divergence, or max_steps)."""
        return len(self.path) - 1

    def summary(self):
        """One honest line: converged in k steps, diverged at step k, or did not converge within K
        steps."""
        if self.converged:
            return f"converged in {self.steps} step{'' if self.steps == 1 else 's'}"
        if self.diverged:
            return f"diverged (MSE blew up by step {self.steps})"
        return (
            f"did not converge within {self.max_steps} steps "
            f"(MSE still {self.gaps[-1]:.3g} above its minimum)"
        )


def gradient_descent(x, y, lr, start=(0.0, 0.0), max_steps=3000, tol=1e-6):
    """Plain gradient descent on the MSE of y = w*x + b from `start`, x and y of shape (n,).

    Stops when the MSE is within `tol` of its least-squares minimum (converged), when it has grown
    a million-fold above where it started (diverged), or after `max_steps` steps.
    """
    x, y = as_xy(x, y)
    lr, tol = as_float("lr", lr), as_float("tol", tol)
    if lr <= 0 or tol <= 0:
        raise ValueError(f"lr and tol must be > 0; got lr={lr}, tol={tol}")
    max_steps = as_int("max_steps", max_steps, minimum=0, maximum=MAX_STEPS)
    theta = as_array("start", start, shape=(2,)).copy()
    a, c = _moments(x, y)
    best = np.array(fit_line(x, y))

    def gap(t):  # MSE(t) - MSE(best), exact for a quadratic and free of cancellation
        d = t - best
        return float(d @ a @ d)

    path, gaps = [theta.copy()], [gap(theta)]
    limit = 1e6 * max(gaps[0], tol)
    while gaps[-1] >= tol and gaps[-1] <= limit and len(path) <= max_steps:
        theta = theta - lr * 2.0 * (a @ theta - c)  # gradient of mean((w*x + b - y)**2)
        path.append(theta.copy())
        gaps.append(gap(theta))
    return DescentRun(
        np.array(path),
        np.array(gaps),
        converged=gaps[-1] < tol,
        diverged=gaps[-1] > limit,
        max_steps=max_steps,
        tol=tol,
    )


def grid_around(points, n=80, pad=0.25):
    """Grid axes (w_values, b_values), each of shape (n,), spanning `points` (shape (k, 2)) plus a
    margin."""
    points = as_array("points", points, shape=(None, 2))
    n, pad = as_int("n", n, minimum=2, maximum=10_000), as_float("pad", pad, at_least=0)
    low, high = points.min(axis=0), points.max(axis=0)
    margin = pad * np.maximum(high - low, 1.0)
    return tuple(np.linspace(lo - m, hi + m, n) for lo, hi, m in zip(low, high, margin))


def relu_unit_fit(x, y, kink, direction=1.0):
    """Least-squares fit of y ~ v * relu(direction * (x - kink)) + c for this kink: returns
    (v, c, mse).

    A hidden unit relu(w*x + b) bends at x = -b/w; without b the kink is pinned at x = 0.
    """
    x, y = as_xy(x, y)
    direction = as_float("direction", direction)
    if direction == 0:
        raise ValueError("direction must be 1 (the unit faces right) or -1 (left); got 0")
    feature = np.maximum(direction * (x - as_float("kink", kink)), 0.0)
    design = np.column_stack([feature, np.ones_like(x)])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(coef[0]), float(coef[1]), float(np.mean((design @ coef - y) ** 2))


def relu_unit_mse(x, y, kink, direction=1.0):
    """The MSE of `relu_unit_fit`: how well one ReLU unit bending at `kink` (plus an output bias)
    can fit y."""
    return relu_unit_fit(x, y, kink, direction)[2]


def per_example_weight_grads(h, y, w):
    """Gradients of (h_n . w - y_n)**2 with respect to w, one row per example: shape (n, d) for h
    (n, d).

    Each row is 2 * (h_n . w - y_n) * h_n: a multiple of h_n, so if every h_n > 0 its entries share
    one sign.
    """
    h = as_array("h", h, ndim=2)
    y = as_array("y", y, shape=(len(h),))
    w = as_array("w", w, shape=(h.shape[1],))
    return 2.0 * (h @ w - y)[:, None] * h


def sgd_path(h, y, lr, steps, start=None, seed=0):
    """Per-example SGD on mean((h @ w - y)**2), examples in a seeded random order: path of shape
    (steps + 1, d)."""
    h = as_array("h", h, ndim=2)
    y = as_array("y", y, shape=(len(h),))
    lr = as_float("lr", lr, above=0)
    steps = as_int("steps", steps, minimum=0, maximum=MAX_STEPS)
    w = (
        np.zeros(h.shape[1])
        if start is None
        else as_array("start", start, shape=(h.shape[1],)).copy()
    )
    rng = np.random.default_rng(as_int("seed", seed, minimum=0))
    order = np.concatenate([rng.permutation(len(h)) for _ in range(steps // len(h) + 1)])[:steps]
    path = [w.copy()]
    for i in order:
        w = w - lr * per_example_weight_grads(h[i : i + 1], y[i : i + 1], w)[0]
        path.append(w.copy())
    return np.array(path)
