"""Exercise checks of notebook 02: right answers pass in any form, known mistakes get their own
hint."""

import numpy as np
import pytest

from helpers import (
    CheckResult,
    check_dead_units,
    check_half_active_bias,
    check_kinks,
    check_mostly_active_bias,
    check_threshold,
)


def test_correct_answers_pass():
    assert check_threshold(lambda w, b: -b / w).passed
    assert check_threshold(lambda w, b: -(b / w)).passed
    assert check_kinks(lambda W1, b1: -b1 / W1).passed
    assert check_kinks(lambda W1, b1: [-b / w for w, b in zip(W1, b1)]).passed
    assert check_dead_units(lambda Z: np.all(Z <= 0, axis=0)).passed
    assert check_dead_units(lambda Z: np.maximum(Z, 0).sum(0) == 0).passed
    assert check_half_active_bias(0).passed and check_half_active_bias(0.0).passed
    assert check_mostly_active_bias(1.0).passed and check_mostly_active_bias(np.float64(1.0)).passed


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda w, b: b / w, "sign is flipped"),
        (lambda w, b: -b, "Divide by w"),
        (lambda w, b: -w / b, "swapped"),
        (lambda w, b: -b * w, "Multiply or divide"),
        (lambda w, b: 0.0, "term by term"),
    ],
)
def test_threshold_mistakes(wrong, words):
    result = check_threshold(wrong)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda W1, b1: b1 / W1, "sign is flipped"),
        (lambda W1, b1: -W1 / b1, "swapped"),
        (lambda W1, b1: -b1, "its own W1"),
        (lambda W1, b1: np.sum(-b1 / W1), "summed"),
        (lambda W1, b1: -b1[:1] / W1[:1], "shape (H,)"),
    ],
)
def test_kink_mistakes(wrong, words):
    result = check_kinks(wrong)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda Z: np.any(Z <= 0, axis=0), "np.all, not np.any"),
        (lambda Z: np.all(Z < 0, axis=0), "Use <= 0"),
        (lambda Z: np.any(Z > 0, axis=0), "Negate"),
        (lambda Z: np.all(Z <= 0, axis=1), "axis=0"),
        (lambda Z: np.mean(Z <= 0), "shape (H,)"),
    ],
)
def test_dead_unit_mistakes(wrong, words):
    result = check_dead_units(wrong)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize(
    "check, value, words",
    [
        (check_half_active_bias, 0.5, "fraction you want"),
        (check_half_active_bias, 1.0, "most inputs pass"),
        (check_half_active_bias, -1.0, "top sixth"),
        (check_half_active_bias, 0.3, "Lower b"),
        (check_half_active_bias, -0.3, "Raise b"),
        (check_mostly_active_bias, -1.0, "sign is flipped"),
        (check_mostly_active_bias, 0.84, "fraction you want"),
        (check_mostly_active_bias, 0.0, "b = 0 gives half"),
    ],
)
def test_bias_value_mistakes(check, value, words):
    result = check(value)
    assert not result.passed and words in result.hint


@pytest.mark.parametrize(
    "handed_in, words",
    [
        (..., "Replace the ..."),
        (None, "Replace the ..."),
        ("zero", "one number"),
        ([0, 1], "one number"),
    ],
)
def test_bias_value_checks_never_raise(handed_in, words):
    result = check_half_active_bias(handed_in)
    assert (
        isinstance(result, CheckResult)
        and not result.passed
        and words in result.message + result.hint
    )


def test_function_checks_survive_stubs():
    assert "Define threshold first" in check_threshold(...).hint
    assert "return" in check_dead_units(lambda Z: None).hint
