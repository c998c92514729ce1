"""The exercise checks of notebook 04: right answers in any form pass; the cases tell the mistakes
apart; the course's own gradients are refused. (Every known mistake is tested from its declaration
by tests/test_exercises.py.)"""

import numpy as np
import pytest
import torch

import helpers
from helpers import (
    CheckResult,
    check_bias_gradient,
    check_linear_backward,
    check_two_layer_backward,
)
from helpers.gradients.exercises import _bias_cases
from helpers.gradients.logic import linear_backward, two_layer_loss_and_grads
from helpers.gradients.network_exercise import TWO_LAYER_BACKWARD, _net_cases

CORRECT_BIAS = [
    lambda g: g.sum(axis=0),
    lambda g: np.ones(len(g)) @ g,
    lambda g: (np.ones((1, len(g))) @ g)[0],
    lambda g: g.T @ np.ones(g.shape[0]),
    lambda g: np.einsum("no->o", g),
    lambda g: [sum(row[j] for row in g) for j in range(g.shape[1])],
    lambda g: torch.tensor(g).sum(dim=0),
    lambda g: np.add.reduce(g, axis=0).astype(np.float32),
    lambda g: g.T.sum(axis=1),
]


@pytest.mark.parametrize("fn", CORRECT_BIAS)
def test_any_correct_bias_gradient_passes(fn):
    result = check_bias_gradient(fn)
    assert result.passed, result


def test_the_cases_tell_the_axes_apart_by_shape_and_by_value():
    shapes = [c[0].shape for c in _bias_cases()]
    assert shapes[0][0] != shapes[0][1] and shapes[0][0] > 1, (
        "the first case must show a wrong axis by shape"
    )
    assert any(n == 1 for n, _ in shapes) and any(n == o for n, o in shapes)
    # a reduction over axis 1 only where N == out: only the values are wrong, on one case, and no
    # known mistake explains that, so the message says where and by how much, naming no mistake
    sneaky = lambda g: g.sum(axis=1) if g.shape[0] == g.shape[1] else g.sum(axis=0)
    result = check_bias_gradient(sneaky)
    assert not result.passed and "N = 4, out = 4" in result.message
    assert "right on 4 of the 6 cases" in result.message and "axis 1" not in result.hint
    # a mean is right at N = 1 only: a check made of N = 1 cases would pass it
    assert check_bias_gradient(lambda g: g.mean(0) if len(g) == 1 else g.sum(0)).passed
    assert "mean over the batch" in check_bias_gradient(lambda g: g.mean(0)).hint


def test_a_row_of_ones_is_not_blamed_on_keepdims_alone():
    result = check_bias_gradient(lambda g: np.ones((1, len(g))) @ g)
    assert "np.ones((1, N)) @ grad_z" in result.hint and "shape (1, out)" in result.hint


@pytest.mark.parametrize(
    "handed_in, words",
    [
        (3, "Pass the function itself"),
        (..., "Define bias_gradient first"),
        (lambda g: None, "return"),
        (lambda g: "db", "Return an array of shape (3,)"),
        (lambda g: {"b": 1}, "Return an array of shape (3,)"),
        (lambda g: [[1, 2], [3]], "Return an array of shape (3,)"),
        (lambda g: g.sum(axis=2), "AxisError"),
        (lambda: 0, "TypeError"),
    ],
)
def test_bias_check_never_crashes(handed_in, words):
    result = check_bias_gradient(handed_in)
    assert isinstance(result, CheckResult) and not result.passed
    assert words in result.message + result.hint, result


def my_linear_backward(grad_z, x, weight):
    return grad_z @ weight, grad_z.T @ x, grad_z.sum(axis=0)


def test_linear_backward_check_accepts_correct_answers():
    assert check_linear_backward(my_linear_backward).passed
    assert check_linear_backward(
        lambda g, x, W: [torch.tensor(g @ W), (g.T @ x).tolist(), np.ones(len(g)) @ g]
    ).passed

    def autograd(g, x, W):
        xt, Wt = torch.tensor(x, requires_grad=True), torch.tensor(W, requires_grad=True)
        bt = torch.zeros(W.shape[0], dtype=torch.float64, requires_grad=True)
        (xt @ Wt.T + bt).backward(torch.tensor(g))
        return xt.grad, Wt.grad, bt.grad

    assert check_linear_backward(autograd).passed


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda g, x, W: (g @ W, g.T @ x), "return grad_x, grad_weight, grad_bias"),
        (lambda g, x, W: g @ W, "return grad_x, grad_weight, grad_bias"),
        (lambda g, x, W: None, "return grad_x, grad_weight, grad_bias"),
        (lambda g, x, W: (g @ W.T, g.T @ x, g.sum(0)), "ValueError"),
        ("my_linear_backward", "check_linear_backward(my_linear_backward)"),
    ],
)
def test_linear_backward_check_says_what_is_missing(wrong, words):
    result = check_linear_backward(wrong)
    assert not result.passed
    assert words in result.message + result.hint, result


def test_the_course_linear_backward_is_neither_offered_nor_accepted():
    assert "linear_backward" not in helpers.__all__
    assert "course's own function" in check_linear_backward(linear_backward).message
    result = check_linear_backward(lambda g, x, W: linear_backward(g, x, W, np.zeros(len(W))))
    assert "calls the course's own `linear_backward`" in result.message


def _backward(sigmoid_at_output=True, batch_axis=0):
    """The spot-the-bug function with either bug switchable."""

    def fixed_backward(x, y, W1, b1, W2, b2):
        z1 = x @ W1.T + b1
        a1 = 1 / (1 + np.exp(-z1))
        d_out = 2 * (a1 @ W2.T + b2 - y) / len(y)
        s = a1 if sigmoid_at_output else z1
        d_z1 = (d_out @ W2) * s * (1 - s)
        return d_z1.T @ x, d_z1.sum(axis=batch_axis), d_out.T @ a1, d_out.sum(axis=0)

    return fixed_backward


@pytest.mark.parametrize(
    "sigmoid_ok, axis, words",
    [(True, 0, None), (False, 0, "OUTPUT"), (False, 1, "OUTPUT"), (True, 1, "axis 1")],
)
def test_spot_the_bug_check_names_each_bug(sigmoid_ok, axis, words):
    result = check_two_layer_backward(_backward(sigmoid_ok, axis))
    assert result.passed == (words is None), result
    if words:
        assert words in result.hint


def test_spot_the_bug_check_sees_the_axis_bug_when_n_equals_hidden():
    def axis_bug_only_when_square(x, y, W1, b1, W2, b2):
        grads = list(_backward()(x, y, W1, b1, W2, b2))
        if len(x) == len(b1):
            grads[1] = _backward(True, 1)(x, y, W1, b1, W2, b2)[1]
        return tuple(grads)

    result = check_two_layer_backward(axis_bug_only_when_square)
    assert not result.passed and "db1 from axis_bug_only_when_square" in result.message
    assert "N = 4" in result.message and "right on 4 of the 5 cases" in result.message


def test_a_transposed_weight_gradient_is_named_in_the_network_too():
    def transposed(x, y, W1, b1, W2, b2):
        dW1, db1, dW2, db2 = _backward()(x, y, W1, b1, W2, b2)
        return dW1, db1, dW2.T, db2

    assert "Transposed" in check_two_layer_backward(transposed).hint


def test_the_network_references_are_the_course_gradients():
    for case in _net_cases():
        x, y, W1, b1, W2, b2 = case
        grads = two_layer_loss_and_grads({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, x, y)[1]
        for part in TWO_LAYER_BACKWARD.parts:
            assert np.allclose(part.reference(*case), grads[part.label[1:]], atol=1e-12)


def test_calling_the_course_gradients_is_refused():
    def borrowed(x, y, W1, b1, W2, b2):
        g = two_layer_loss_and_grads({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, x, y)[1]
        return g["W1"], g["b1"], g["W2"], g["b2"]

    result = check_two_layer_backward(borrowed)
    assert "calls the course's own `two_layer_loss_and_grads`" in result.message


@pytest.mark.parametrize(
    "handed_in, words",
    [
        (lambda *a: 1 / 0, "ZeroDivisionError"),
        (lambda *a: "x", "4 arrays"),
        (lambda *a: None, "return"),
        (..., "Define fixed_backward first"),
        (lambda x: x, "TypeError"),
    ],
)
def test_spot_the_bug_check_never_crashes(handed_in, words):
    result = check_two_layer_backward(handed_in)
    assert isinstance(result, CheckResult) and not result.passed
    assert words in result.message + result.hint, result


def test_errors_from_shape_mistakes_get_a_shape_hint():
    assert "axis 0 runs over the examples" in check_bias_gradient(lambda g: g.sum(axis=2)).hint
    # a known mistake that raises this very error on these very cases says more
    result = check_linear_backward(lambda g, x, W: (g @ W.T, g.T @ x, g.sum(0)))
    assert "ValueError" in result.message and "no transpose" in result.hint
    result = check_linear_backward(lambda g, x, W: (g @ W, x @ g, g.sum(0)))
    assert "Write each factor's shape" in result.hint
    # any other error keeps the general hint
    assert "read the error line by line" in check_bias_gradient(lambda g: {}[0]).hint
