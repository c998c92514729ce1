"""Exercise checks of notebook 07: right answers pass in any form, known mistakes get their own
hint."""

import numpy as np
import pytest
import torch

from helpers import check_change_ratio, check_prior_bias, check_should_decay


def test_right_answers_pass_in_several_forms():
    assert check_prior_bias(lambda y: np.log(np.mean(y) / (1 - np.mean(y)))).passed
    assert check_prior_bias(lambda y: torch.logit(torch.tensor(np.mean(y))).item()).passed
    assert check_prior_bias(lambda y: np.log(np.sum(y) / np.sum(1 - y))).passed
    assert check_should_decay(lambda name, p: p.ndim >= 2).passed
    assert check_should_decay(lambda name, p: p.dim() > 1).passed
    assert check_change_ratio(lambda b, a: np.linalg.norm(a - b) / np.linalg.norm(b)).passed
    assert check_change_ratio(
        lambda b, a: torch.as_tensor(a - b).norm() / torch.as_tensor(b).norm()
    ).passed


@pytest.mark.parametrize(
    "check, wrong, words",
    [
        (check_prior_bias, lambda y: np.mean(y), "probability p itself"),
        (check_prior_bias, lambda y: np.log(np.mean(y)), "log-odds"),
        (check_prior_bias, lambda y: np.log((1 - np.mean(y)) / np.mean(y)), "sign is flipped"),
        (
            check_prior_bias,
            lambda y: np.mean(y) / (1 - np.mean(y)),
            "odds; the bias is their logarithm",
        ),
        (check_prior_bias, lambda y: 0.0, "predicts 50 %"),
        (check_should_decay, lambda n, p: True, "Everything is decayed"),
        (check_should_decay, lambda n, p: not n.endswith("bias"), "BatchNorm or LayerNorm"),
        (check_should_decay, lambda n, p: p.ndim == 2, "4 dimensions"),
        (check_should_decay, lambda n, p: p.ndim < 2, "Reversed"),
        (check_change_ratio, lambda b, a: np.linalg.norm(a - b), "absolute change"),
        (
            check_change_ratio,
            lambda b, a: np.linalg.norm(a - b) / np.linalg.norm(a),
            "not ||after||",
        ),
        (check_change_ratio, lambda b, a: np.mean(np.abs(a - b) / np.abs(b)), "per-entry ratios"),
        (
            check_change_ratio,
            lambda b, a: np.linalg.norm(a) / np.linalg.norm(b) - 1,
            "compares sizes",
        ),
        (check_change_ratio, lambda b, a: np.sum((a - b) ** 2) / np.sum(b**2), "squared norms"),
        (check_change_ratio, lambda b, a: np.abs(a - b) / np.linalg.norm(b), "Return one number"),
    ],
)
def test_known_mistakes_get_their_hint(check, wrong, words):
    result = check(wrong)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize("check", [check_prior_bias, check_should_decay, check_change_ratio])
def test_stubs_and_non_functions_fail_kindly(check):
    assert not check(...).passed
    assert "return" in check(lambda *a: None).hint
