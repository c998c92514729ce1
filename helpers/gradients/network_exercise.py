"""Exercise 3 of notebook 04, declared as data: fix the two bugs of a two-layer network's backward
pass. The references are written out here in numpy (tests compare them with the course's
two_layer_loss_and_grads); the course's own gradient helpers answer the exercise, so the check
refuses any function that calls them.
"""

import numpy as np

from helpers.core.checks import WrongAnswer
from helpers.core.exercise import Exercise, Part
from helpers.gradients.logic import linear_backward, two_layer_backward, two_layer_loss_and_grads
from helpers.gradients.mistakes import (
    AXIS,
    SIGMOID,
    TRANSPOSED,
    bias_mistakes,
    bias_shape_hint,
)
from helpers.neurons.logic import sigmoid


def _net_cases(seed=406, shapes=((6, 2, 4), (1, 3, 5), (4, 2, 4), (5, 3, 3), (7, 1, 2))):
    rng = np.random.default_rng(seed)
    cases = []
    for n, i, h in shapes:
        cases.append(
            (
                rng.standard_normal((n, i)),
                rng.standard_normal((n, 1)),
                rng.standard_normal((h, i)),
                rng.standard_normal(h),
                rng.standard_normal((1, h)),
                rng.standard_normal(1),
            )
        )
    return cases


def _forward(x, y, W1, b1, W2, b2):
    z1 = x @ W1.T + b1
    a1 = sigmoid(z1)
    return z1, a1, 2 * (a1 @ W2.T + b2 - y) / len(y)  # z1, a1, dL/dout


def _dz1(*case, buggy=False):
    """dL/dz1 (N, H); buggy: the sigmoid's derivative taken at the pre-activation z1."""
    z1, a1, d_out = _forward(*case)
    s = z1 if buggy else a1
    return (d_out @ case[4]) * s * (1 - s)


def _buggy(*case):
    return _dz1(*case, buggy=True)


def _d_out(*case):
    return _forward(*case)[2]


def _shape_of(name):
    return lambda got, exp, c: f"{name} has the shape of {name[1:]}: {exp.shape}."


TWO_LAYER_BACKWARD = Exercise(
    "check_two_layer_backward",
    "fixed_backward(x, y, W1, b1, W2, b2)",
    cases=_net_cases,
    parts=(
        Part(
            "dW1",
            lambda *c: _dz1(*c).T @ c[0],
            mistakes=(
                WrongAnswer(lambda *c: _buggy(*c).T @ c[0], SIGMOID),
                WrongAnswer(lambda *c: c[0].T @ _dz1(*c), TRANSPOSED),
            ),
            shape_hint=_shape_of("dW1"),
        ),
        Part(
            "db1",
            lambda *c: _dz1(*c).sum(axis=0),
            mistakes=(
                WrongAnswer(
                    lambda *c: _buggy(*c).sum(axis=1),
                    "Two bugs at once: " + SIGMOID + " Then: " + AXIS,
                ),
                WrongAnswer(lambda *c: _buggy(*c).sum(axis=0), SIGMOID),
            )
            + bias_mistakes(_dz1),
            shape_hint=lambda got, exp, c: bias_shape_hint(got, exp, c[0].shape[0]),
        ),
        Part(
            "dW2",
            lambda *c: _d_out(*c).T @ _forward(*c)[1],
            mistakes=(
                WrongAnswer(lambda *c: _forward(*c)[1].T @ _d_out(*c), TRANSPOSED),
                WrongAnswer(
                    lambda *c: _d_out(*c).T @ _forward(*c)[0],
                    "dW2 multiplies dL/dout by the second layer's input, a1 = sigmoid(z1), "
                    "not by the pre-activation z1.",
                ),
            ),
            shape_hint=_shape_of("dW2"),
        ),
        Part(
            "db2",
            lambda *c: _d_out(*c).sum(axis=0),
            mistakes=bias_mistakes(_d_out, single_output=True),
            shape_hint=lambda got, exp, c: bias_shape_hint(got, exp, c[0].shape[0]),
        ),
    ),
    order=("dW2", "db2", "dW1", "db1"),
    forbidden=(two_layer_loss_and_grads, two_layer_backward, linear_backward),
    forbidden_hint="Fix the two lines in the function itself; the course's helpers do not count.",
    describe_case=lambda c: f"N = {len(c[0])}, in = {c[0].shape[1]}, hidden = {len(c[3])}",
    success=(
        "All four gradients agree with the reference: the sigmoid's derivative "
        "uses its output, and every bias gradient sums over the batch (axis 0)."
    ),
)

EXERCISES = (TWO_LAYER_BACKWARD,)


def check_two_layer_backward(fn):
    """fixed_backward(x, y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2) for the loss
    mean((out - y)**2)."""
    return TWO_LAYER_BACKWARD.check(fn)
