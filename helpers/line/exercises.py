"""Exercise checks for notebook 01 (y = wx + b). Cases are seeded, so messages are reproducible."""

import numpy as np

from helpers.core.checks import WrongAnswer, run_check
from helpers.line.logic import fit_line


def _line_cases(seed=101, sizes=(5, 12, 40)):
    rng = np.random.default_rng(seed)
    cases = []
    for n in sizes:
        x = rng.uniform(0.5, 8.0, n)
        w, b = rng.uniform(-2, 3), rng.uniform(2, 9)
        cases.append((x, w * x + b + rng.standard_normal(n), round(rng.uniform(-1, 2), 2)))
    return cases


def check_best_b(fn):
    """best_b(x, y, w) -> the b that minimises the mean squared error of y = w*x + b for fixed w."""
    return run_check(
        fn,
        call="best_b(x, y, w)",
        cases=_line_cases(),
        reference=lambda x, y, w: np.mean(y - w * x),
        wrong_answers=[
            WrongAnswer(
                lambda x, y, w: np.mean(y),
                "That is mean(y): the best b only when w = 0. Subtract w*x from y first.",
            ),
            WrongAnswer(
                lambda x, y, w: np.mean(w * x - y),
                "The sign is flipped: b makes up what w*x misses, y - w*x.",
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
        ],
        describe_case=lambda c: f"{len(c[0])} points, w = {c[2]}",
        success=(
            "For a fixed w the best bias is the mean of y - w*x: "
            "the line passes through the centre of the data."
        ),
    )


def check_slope_through_origin(fn):
    """slope_through_origin(x, y) -> the least-squares w of y = w*x (b held at 0)."""
    return run_check(
        fn,
        call="slope_through_origin(x, y)",
        cases=[c[:2] for c in _line_cases(seed=202)],
        reference=lambda x, y: fit_line(x, y, bias=False)[0],
        wrong_answers=[
            WrongAnswer(
                lambda x, y: fit_line(x, y)[0],
                "That is the slope of the best line *with* a bias. Held to b = 0, "
                "the slope changes to make up for the missing intercept. Set the "
                "derivative of sum((y - w*x)**2) with respect to w to zero.",
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
        ],
        describe_case=lambda c: f"{len(c[0])} points",
        success="w = sum(x*y) / sum(x*x): the best a line through the origin can do.",
    )


def check_add_ones_column(fn):
    """add_ones_column(x) -> X of shape (n, 2) with columns [x, 1], so that X @ [w, b] = w*x + b."""
    cases = [(c[0],) for c in _line_cases(seed=303, sizes=(1, 4, 9))]
    return run_check(
        fn,
        call="add_ones_column(x)",
        cases=cases,
        reference=lambda x: np.column_stack([x, np.ones_like(x)]),
        wrong_answers=[
            WrongAnswer(
                lambda x: np.column_stack([np.ones_like(x), x]),
                "The columns are swapped: then X @ [w, b] would "
                "compute w + b*x. Put x first, ones second.",
            ),
            WrongAnswer(
                lambda x: np.stack([x, np.ones_like(x)]),
                "You stacked x and the ones as two rows, shape (2, n). Each "
                "example is a row: stack along axis=1, or use np.column_stack.",
            ),
        ],
        shape_hint=lambda got, expected, case: (
            "X needs one row per example and two columns, x and 1."
        ),
        describe_case=lambda c: f"x of shape {c[0].shape}",
        success="One column of ones turns the bias into just another weight: X @ [w, b] = w*x + b.",
    )
