"""Exercise checks for notebook 01 (y = wx + b), declared as data. Cases are seeded, so messages are
reproducible."""

import numpy as np

from helpers.core.checks import WrongAnswer
from helpers.core.exercise import Exercise
from helpers.line.logic import fit_line


def _line_cases(seed=101, sizes=(5, 12, 40)):
    rng = np.random.default_rng(seed)
    cases = []
    for n in sizes:
        x = rng.uniform(0.5, 8.0, n)
        w, b = rng.uniform(-2, 3), rng.uniform(2, 9)
        cases.append((x, w * x + b + rng.standard_normal(n), round(rng.uniform(-1, 2), 2)))
    return cases


BEST_B = Exercise(
    "check_best_b",
    "best_b(x, y, w)",
    cases=_line_cases,
    reference=lambda x, y, w: np.mean(y - w * x),
    mistakes=(
        WrongAnswer(
            lambda x, y, w: np.mean(y),
            "That is mean(y): the best b only when w = 0. Subtract w*x from y first.",
        ),
        WrongAnswer(
            lambda x, y, w: np.mean(y - x),
            "You subtracted x, not w*x: the line predicts w*x + b, so b makes up y - w*x. "
            "Multiply x by the given w.",
        ),
        WrongAnswer(
            lambda x, y, w: np.mean(w * x - y),
            "The sign is flipped: b makes up what w*x misses, y - w*x.",
        ),
        WrongAnswer(
            lambda x, y, w: np.mean(y + w * x),
            "The sign of w*x is flipped: b makes up what w*x misses, y - w*x.",
        ),
        WrongAnswer(
            lambda x, y, w: np.mean(y) - w,
            "Close: subtract w times the mean of x, not w itself.",
        ),
        WrongAnswer(
            lambda x, y, w: np.sum(y - w * x),
            "That is the sum of y - w*x; the best b is its mean (divide by n).",
        ),
        WrongAnswer(
            lambda x, y, w: np.median(y - w * x),
            "The median minimises the absolute error; the squared error wants the mean.",
        ),
        WrongAnswer(
            lambda x, y, w: y - w * x,
            "That is one b per point, y - w*x. The line has one b: the mean of them.",
        ),
        WrongAnswer(
            lambda x, y, w: fit_line(x, y)[1],
            "That is the intercept of the best line with a free slope, which ignores the w you "
            "were given. Here w is fixed, and the best b depends on it: the mean of y - w*x.",
        ),
    ),
    describe_case=lambda c: f"{len(c[0])} points, w = {c[2]}",
    success=(
        "For a fixed w the best bias is the mean of y - w*x: "
        "the line passes through the centre of the data."
    ),
)


def _slope_cases():
    return [c[:2] for c in _line_cases(seed=202)]


SLOPE = Exercise(
    "check_slope_through_origin",
    "slope_through_origin(x, y)",
    cases=_slope_cases,
    reference=lambda x, y: np.sum(x * y) / np.sum(x * x),
    forbidden=(fit_line,),
    forbidden_hint=(
        "The exercise asks you not to call fit_line. Set the derivative of mean((y - w*x)**2) "
        "with respect to w to zero and solve for w."
    ),
    mistakes=(
        WrongAnswer(
            lambda x, y: np.polyfit(x, y, 1)[0],
            "That is the slope of the best line *with* a bias (like np.polyfit(x, y, 1), or "
            "cov/var). Held to b = 0, the slope changes to make up for the missing intercept. "
            "Set the derivative of sum((y - w*x)**2) with respect to w to zero.",
        ),
        WrongAnswer(
            lambda x, y: np.mean(y) / np.mean(x),
            "That line goes through the origin and the centre of the data, "
            "but it does not minimise the squared error.",
        ),
        WrongAnswer(
            lambda x, y: np.mean(y / x),
            "Averaging y/x weights every point alike; least squares weights by x**2.",
        ),
        WrongAnswer(
            lambda x, y: np.mean(x * y) / np.mean(x) ** 2,
            "mean(x)**2 is not mean(x**2): divide by the mean of the squares, sum(x*y) / sum(x*x).",
        ),
        WrongAnswer(
            lambda x, y: np.sum(x * y) / np.sum(x),
            "Divide by sum(x*x), not sum(x): the derivative of (y - w*x)**2 with respect to w "
            "brings down an x, and w*x brings another.",
        ),
        WrongAnswer(
            lambda x, y: np.sum(x * x) / np.sum(x * y),
            "Upside down: w = sum(x*y) / sum(x*x).",
        ),
    ),
    describe_case=lambda c: f"{len(c[0])} points",
    success="w = sum(x*y) / sum(x*x): the best a line through the origin can do.",
)


def _ones_cases():
    return [(c[0],) for c in _line_cases(seed=303, sizes=(1, 4, 9))]


ONES_COLUMN = Exercise(
    "check_add_ones_column",
    "add_ones_column(x)",
    cases=_ones_cases,
    reference=lambda x: np.column_stack([x, np.ones_like(x)]),
    mistakes=(
        WrongAnswer(
            lambda x: np.column_stack([np.ones_like(x), x]),
            "The columns are swapped: then X @ [w, b] would "
            "compute w + b*x. Put x first, ones second.",
        ),
        WrongAnswer(
            lambda x: np.column_stack([x, np.zeros_like(x)]),
            "The second column must hold ones: X @ [w, b] = w*x + b*1. "
            "A column of zeros multiplies b by 0, and the bias disappears.",
        ),
        WrongAnswer(
            lambda x: np.stack([x, np.ones_like(x)]),
            "You stacked x and the ones as two rows, shape (2, n). Each "
            "example is a row: stack along axis=1, or use np.column_stack.",
        ),
        WrongAnswer(
            lambda x: np.hstack([x, np.ones_like(x)]),
            "np.hstack (or np.concatenate) puts two (n,) arrays end to end, shape (2n,). "
            "Put them side by side as columns: np.column_stack([x, np.ones_like(x)]).",
        ),
        WrongAnswer(
            lambda x: x[:, None],
            "That is x as a column, shape (n, 1): the column of ones is still missing.",
        ),
        WrongAnswer(
            lambda x: np.append(x, 1.0),
            "np.append adds a single 1 after the last x, shape (n + 1,). "
            "Every example needs its own 1: a whole column of ones.",
        ),
    ),
    shape_hint=lambda got, expected, case: (
        "X needs one row per example and two columns, x and then 1: shape (n, 2)."
    ),
    describe_case=lambda c: f"x of shape {c[0].shape}",
    success="One column of ones turns the bias into just another weight: X @ [w, b] = w*x + b.",
)

EXERCISES = (BEST_B, SLOPE, ONES_COLUMN)


def check_best_b(fn):
    """best_b(x, y, w) -> the b that minimises the mean squared error of y = w*x + b for fixed w."""
    return BEST_B.check(fn)


def check_slope_through_origin(fn):
    """slope_through_origin(x, y) -> the least-squares w of y = w*x (b held at 0), without
    fit_line."""
    return SLOPE.check(fn)


def check_add_ones_column(fn):
    """add_ones_column(x) -> X of shape (n, 2) with columns [x, 1], so that X @ [w, b] = w*x + b."""
    return ONES_COLUMN.check(fn)
