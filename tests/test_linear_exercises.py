"""Notebook 03 exercise checks: right answers pass in any form, known mistakes get their own
hint."""

import numpy as np
import pytest
import torch
from torch import nn

from helpers import (
    CheckResult,
    check_count_mlp_parameters,
    check_linear_forward,
    check_linear_output_shape,
)


def test_right_answers_pass_in_any_form():
    assert check_count_mlp_parameters(
        lambda s, bias=True: sum(a * b + b * bias for a, b in zip(s, s[1:]))
    ).passed
    assert check_count_mlp_parameters(
        lambda s, bias: sum(
            p.numel()
            for a, b in zip(s, s[1:])
            for p in nn.Linear(a, b, bias=bias, device="meta").parameters()
        )
    ).passed
    assert check_linear_output_shape(lambda s, out: (*s[:-1], out)).passed
    assert check_linear_output_shape(
        lambda s, out: nn.Linear(s[-1], out)(torch.zeros(s)).shape
    ).passed
    assert check_linear_forward(lambda x, W, b: np.einsum("ni,oi->no", x, W) + b).passed
    assert check_linear_forward(
        lambda x, W, b: nn.functional.linear(torch.tensor(x), torch.tensor(W), torch.tensor(b))
    ).passed


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda s, bias: sum(a * b for a, b in zip(s, s[1:])), "weights only"),
        (lambda s, bias: sum(a * b + a * bias for a, b in zip(s, s[1:])), "per *input*"),
        (lambda s, bias: sum(a * b for a, b in zip(s, s[1:])) + sum(s) * bias, "input a bias"),
        (lambda s, bias: sum(a * b for a, b in zip(s, s[1:])) + (len(s) - 1) * bias, "single bias"),
        (lambda s, bias: sum(a * b + b for a, b in zip(s, s[1:])), "bias=False"),
        (lambda s, bias: 7, "term by term"),
    ],
)
def test_parameter_count_mistakes_are_named(wrong, words):
    result = check_count_mlp_parameters(wrong)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda s, out: (s[0], out), "Only the last axis changes"),
        (lambda s, out: tuple(s) + (out,), "does not add a new axis"),
        (lambda s, out: (out,) + tuple(s[1:]), "first axis"),
        (lambda s, out: (out, s[0]), "(8, 5), not (5, 8)"),
        (lambda s, out: (out,), "batch axes survive"),
        (lambda s, out: (1, 2, 3, 4, 5), "one entry per axis"),
    ],
)
def test_output_shape_mistakes_are_named(wrong, words):
    result = check_linear_output_shape(wrong)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda x, W, b: x @ W + b, "transpose"),
        (lambda x, W, b: x @ W.T, "bias is missing"),
        (lambda x, W, b: x @ W.T - b, "not subtracted"),
        (lambda x, W, b: W @ x.T + b[:, None], "transpose of the answer"),
        (lambda x, W, b: x @ W.T + 2 * b, "term by term"),
    ],
)
def test_forward_pass_mistakes_are_named(wrong, words):
    result = check_linear_forward(wrong)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize(
    "check", [check_count_mlp_parameters, check_linear_output_shape, check_linear_forward]
)
@pytest.mark.parametrize("handed_in", [..., 3, lambda *a: None, lambda *a: 1 / 0])
def test_bad_input_fails_kindly(check, handed_in):
    result = check(handed_in)
    assert isinstance(result, CheckResult) and not result.passed and result.hint
