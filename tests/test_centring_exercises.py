"""Notebook 06's exercise checks: right answers in any form pass, known wrong answers get their own
hint."""

import numpy as np
import pytest

from helpers import check_centred_bias, check_hessian_condition, check_max_learning_rate


def hess(x):
    return 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])


def test_right_answers_pass():
    assert check_centred_bias(lambda w, b, m: b + w * m).passed
    assert check_hessian_condition(lambda x: np.linalg.cond(hess(x))).passed
    assert check_hessian_condition(lambda x: np.linalg.cond(np.c_[x, np.ones_like(x)]) ** 2).passed
    assert check_max_learning_rate(lambda x: 2 / np.linalg.eigvalsh(hess(x)).max()).passed


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda w, b, m: b - w * m, "sign is flipped"),
        (lambda w, b, m: b + m, "w times the mean"),
        (lambda w, b, m: b, "has to change"),
        (lambda w, b, m: w * m, "keep the old bias"),
        (lambda w, b, m: 0.0, "term by term"),
    ],
)
def test_centred_bias_hints(wrong, words):
    result = check_centred_bias(wrong)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda x: 1 / np.linalg.cond(hess(x)), "Upside down"),
        (lambda x: np.linalg.cond(np.c_[x, np.ones_like(x)]), "square"),
        (lambda x: np.max(x * x) / np.min(x * x), "not curvatures"),
        (lambda x: np.max(np.abs(hess(x))) / np.min(np.abs(hess(x))), "*entry*"),
        (lambda x: np.mean(x * x) / np.var(x), "both eigenvalues"),
    ],
)
def test_condition_number_hints(wrong, words):
    result = check_hessian_condition(wrong)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda x: 4 / np.linalg.eigvalsh(hess(x)).max(), "factor 2"),
        (lambda x: 1 / np.linalg.eigvalsh(hess(x)).max(), "1/lambda_max"),
        (lambda x: 2 / np.linalg.eigvalsh(hess(x)).min(), "smallest eigenvalue"),
        (lambda x: 1 / np.mean(x * x), "ignores the bias"),
    ],
)
def test_max_learning_rate_hints(wrong, words):
    result = check_max_learning_rate(wrong)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize(
    "check", [check_centred_bias, check_hessian_condition, check_max_learning_rate]
)
def test_a_stub_is_not_yet(check):
    def stub(*args): ...

    result = check(stub)
    assert not result.passed and "None" in result.message
