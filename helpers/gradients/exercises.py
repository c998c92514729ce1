"""Exercise checks for notebook 04 (bias gradients), exercises 1 and 2, declared as data; exercise
3 is in `helpers.gradients.network_exercise`, the known mistakes in `helpers.gradients.mistakes`.
Cases are seeded, so messages are reproducible.

Every check tries N != out (so a reduction over the wrong axis shows in the shape), N = 1, and
N == out (where only the values differ). The course's own linear_backward answers exercise 2, so
its check refuses any function that calls it.
"""

import numpy as np

from helpers.core.checks import WrongAnswer
from helpers.core.exercise import Exercise, Part
from helpers.gradients.logic import linear_backward
from helpers.gradients.mistakes import (
    MEAN,
    ONE_EXAMPLE_WEIGHT,
    PRODUCT_OF_SUMS,
    TRANSPOSED,
    bias_mistakes,
    bias_shape_hint,
    error_hint,
)


def _bias_cases(seed=404, shapes=((5, 3), (1, 4), (4, 4), (3, 7), (6, 6), (8, 2))):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal(shape),) for shape in shapes]


def _bias_shape_hint(got, expected, case):
    return bias_shape_hint(got, expected, case[0].shape[0])


BIAS_GRADIENT = Exercise(
    "check_bias_gradient",
    "bias_gradient(grad_z)",
    cases=_bias_cases,
    reference=lambda g: g.sum(axis=0),
    mistakes=bias_mistakes(lambda g: g),
    error_hint=error_hint,
    shape_hint=_bias_shape_hint,
    describe_case=lambda c: (
        f"grad_z of shape {c[0].shape}: N = {c[0].shape[0]}, out = {c[0].shape[1]}"
    ),
    success="db = grad_z.sum(axis=0): each example adds its own dL/dz to the bias gradient.",
)


def _linear_cases(seed=405, shapes=((5, 3, 2), (1, 4, 3), (3, 3, 3), (4, 2, 4), (6, 5, 5))):
    rng = np.random.default_rng(seed)
    return [
        (rng.standard_normal((n, o)), rng.standard_normal((n, i)), rng.standard_normal((o, i)))
        for n, i, o in shapes
    ]


LINEAR_BACKWARD = Exercise(
    "check_linear_backward",
    "my_linear_backward(grad_z, x, weight)",
    cases=_linear_cases,
    parts=(
        Part(
            "grad_x",
            lambda g, x, W: g @ W,
            mistakes=(
                WrongAnswer(
                    lambda g, x, W: g @ W.T,
                    "grad_x = grad_z @ weight (no transpose): z = x @ weight.T.",
                ),
                WrongAnswer(
                    lambda g, x, W: (g @ W).T, "grad_x has x's shape (N, in); drop the transpose."
                ),
            ),
            shape_hint=lambda got, exp, c: (
                f"grad_x has x's shape {exp.shape}: grad_z (N, out) @ weight (out, in)."
            ),
        ),
        Part(
            "grad_weight",
            lambda g, x, W: g.T @ x,
            mistakes=(
                WrongAnswer(lambda g, x, W: x.T @ g, TRANSPOSED),
                WrongAnswer(
                    lambda g, x, W: g.T @ x / len(x),
                    MEAN.replace("bias gradient", "weight gradient"),
                ),
                WrongAnswer(lambda g, x, W: np.outer(g[0], x[0]), ONE_EXAMPLE_WEIGHT),
                WrongAnswer(
                    lambda g, x, W: np.outer(g.sum(axis=0), x.sum(axis=0)), PRODUCT_OF_SUMS
                ),
            ),
            shape_hint=lambda got, exp, c: (
                f"grad_weight has weight's shape {exp.shape}, (out, in): grad_z.T @ x."
            ),
        ),
        Part(
            "grad_bias",
            lambda g, x, W: g.sum(axis=0),
            mistakes=bias_mistakes(lambda g, x, W: g),
            shape_hint=lambda got, exp, c: bias_shape_hint(got, exp, c[0].shape[0]),
        ),
    ),
    forbidden=(linear_backward,),
    forbidden_hint="Write the three formulas of section 4 yourself, with numpy.",
    error_hint=error_hint,
    describe_case=lambda c: f"N = {c[1].shape[0]}, in = {c[1].shape[1]}, out = {c[2].shape[0]}",
    success=(
        "grad_x = grad_z @ W, grad_W = grad_z.T @ x, grad_b = grad_z.sum(axis=0): "
        "all three agree on 5 shapes."
    ),
)


EXERCISES = (BIAS_GRADIENT, LINEAR_BACKWARD)


def check_bias_gradient(fn):
    """bias_gradient(grad_z) -> dL/db of shape (out,), given grad_z = dL/dz of shape (N, out)."""
    return BIAS_GRADIENT.check(fn)


def check_linear_backward(fn):
    """my_linear_backward(grad_z, x, weight) -> (grad_x (N, in), grad_weight (out, in), grad_bias
    (out,)), without the course's linear_backward."""
    return LINEAR_BACKWARD.check(fn)
