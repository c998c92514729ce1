"""Exercise checks of notebook 05: right answers pass in any form, known mistakes get their own
hint."""

import numpy as np
import pytest

from helpers import check_eval_shift, check_folded_bias, check_surviving_bias


def test_correct_answers_pass():
    assert check_folded_bias(
        lambda b, g, beta, m, v, eps: beta + g * (b - m) / np.sqrt(v + eps)
    ).passed
    assert check_folded_bias(
        lambda b, g, beta, m, v, eps: (g * b - g * m) * (v + eps) ** -0.5 + beta
    ).passed
    assert check_eval_shift(lambda d, g, v, eps: g * d / np.sqrt(v + eps)).passed
    assert check_surviving_bias(
        lambda b, k: (b.reshape(k, -1) - b.reshape(k, -1).mean(1, keepdims=True)).ravel()
    ).passed


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda b, g, beta, m, v, eps: beta + g * (b - m) / np.sqrt(v), "eps"),
        (lambda b, g, beta, m, v, eps: beta + g * (b - m) / (v + eps), "not by the variance"),
        (lambda b, g, beta, m, v, eps: beta + g * b / np.sqrt(v + eps), "running mean"),
        (lambda b, g, beta, m, v, eps: g * (b - m) / np.sqrt(v + eps), "beta"),
        (lambda b, g, beta, m, v, eps: beta + g * (m - b) / np.sqrt(v + eps), "sign"),
        (lambda b, g, beta, m, v, eps: b, "Folding changes the bias"),
        (lambda b, g, beta, m, v, eps: np.zeros(3), "shape"),
    ],
)
def test_folded_bias_mistakes(wrong, words):
    result = check_folded_bias(wrong)
    assert not result.passed and words in result.message + result.hint


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda d, g, v, eps: 0 * d, "train-mode answer"),
        (lambda d, g, v, eps: d, "scaling"),
        (lambda d, g, v, eps: d / np.sqrt(v + eps), "gamma"),
        (lambda d, g, v, eps: g * d / (v + eps), "standard deviation"),
    ],
)
def test_eval_shift_mistakes(wrong, words):
    result = check_eval_shift(wrong)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda b, k: b - b.mean(), "one mean per group"),
        (lambda b, k: 0 * b, "BatchNorm"),
        (lambda b, k: b, "does subtract"),
        (lambda b, k: np.repeat(b.reshape(k, -1).mean(1), len(b) // k), "what is left"),
    ],
)
def test_surviving_bias_mistakes(wrong, words):
    result = check_surviving_bias(wrong)
    assert not result.passed and words in result.hint


def test_stubs_fail_kindly():
    for check in (check_folded_bias, check_eval_shift, check_surviving_bias):
        result = check(...)
        assert not result.passed and "Define" in result.hint
