"""The exercise checks of notebooks 02 and 02b: right answers pass in any form, the course's own
answers never do, and the messages speak of the learner's own functions (threshold_of, kinks_of,
find_dead)."""

import numpy as np
import pytest

import helpers
from helpers import (
    check_dead_units,
    check_half_active_bias,
    check_kinks,
    check_mostly_active_bias,
    check_threshold,
)
from helpers.neurons.logic import dead_units, kinks, threshold


def test_correct_answers_pass():
    assert check_threshold(lambda w, b: -b / w).passed
    assert check_threshold(lambda w, b: -(b / w)).passed
    assert check_kinks(lambda W1, b1: -b1 / W1).passed
    assert check_kinks(lambda W1, b1: [-b / w for w, b in zip(W1, b1)]).passed
    assert check_dead_units(lambda Z: np.all(Z <= 0, axis=0)).passed
    assert check_dead_units(lambda Z: np.maximum(Z, 0).sum(0) == 0).passed
    assert check_half_active_bias(0).passed and check_half_active_bias(0.0).passed
    assert check_mostly_active_bias(1.0).passed and check_mostly_active_bias(np.float64(1.0)).passed
    assert check_mostly_active_bias(np.array([1.0])).passed


@pytest.mark.parametrize(
    "check, course_function, wrapper",
    [
        (check_threshold, threshold, lambda w, b: threshold(w, b)),
        (check_kinks, kinks, lambda W1, b1: kinks(W1, b1)),
        (check_dead_units, dead_units, lambda Z: dead_units(Z)),
    ],
)
def test_the_course_answer_is_neither_imported_nor_accepted(check, course_function, wrapper):
    name = course_function.__name__
    assert name not in helpers.__all__, f"`from helpers import {name}` would hand the answer over"
    assert "course's own function" in check(course_function).message
    assert f"calls the course's own `{name}`" in check(wrapper).message


def test_passing_a_value_is_told_to_pass_the_learners_function():
    result = check_threshold(1.5)
    assert "check_threshold(threshold_of)" in result.hint and "threshold(w, b)" not in result.hint


def test_messages_use_the_learners_names():
    def threshold_of(w, b):
        return b / w

    def kinks_of(W1, b1):
        return np.sort(-b1 / W1)

    def find_dead(Z):
        return np.mean(Z <= 0, axis=0)

    for check, fn, course in [
        (check_threshold, threshold_of, "threshold(w, b)"),
        (check_kinks, kinks_of, "kinks(W1, b1)"),
        (check_dead_units, find_dead, "dead_units(Z)"),
    ]:
        result = check(fn)
        assert result.message.startswith(fn.__name__ + "(") and course not in result.message


def test_the_mistakes_from_issue_13_are_named():
    assert "sorted them" in check_kinks(lambda W1, b1: np.sort(-b1 / W1)).hint
    assert "sigmoid(0) = 0.5" in check_threshold(lambda w, b: (0.5 - b) / w).hint


def test_a_bool_is_not_a_bias():
    for check in (check_half_active_bias, check_mostly_active_bias):
        for value in (True, False, np.bool_(True)):
            result = check(value)
            assert not result.passed and "True/False" in result.message


@pytest.mark.parametrize(
    "check, value, words",
    [
        (check_half_active_bias, 0.3, "Lower b"),
        (check_half_active_bias, -0.3, "Raise b"),
        (check_mostly_active_bias, 0.5, "Raise b"),
        (check_mostly_active_bias, [1.0, 2.0], "one number"),
    ],
)
def test_bias_values_say_which_way_to_go(check, value, words):
    result = check(value)
    assert not result.passed and words in result.message + result.hint
