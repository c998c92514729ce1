"""helpers.core.exercise on a small exercise of its own: what a check says, and when."""

import re

import numpy as np

from helpers import Exercise, Part, WrongAnswer


def course_mean(x):
    return float(np.mean(x))


CASES = [(np.array([1.0, 2.0, 3.0, 10.0]),), (np.array([2.0, 4.0]),), (np.array([1.0, 1, 1, 7]),)]
MEAN = Exercise(
    "check_mean",
    "mean_of(x)",
    cases=lambda: CASES,
    reference=course_mean,
    mistakes=(
        WrongAnswer(lambda x: np.sum(x), "Divide the sum by n."),
        WrongAnswer(lambda x: np.median(x), "The median is not the mean."),
    ),
)


def test_a_hint_is_quoted_only_for_a_mistake_that_explains_every_case():
    def medians_once(x):
        return np.median(x) if len(x) == 4 and x[-1] == 10 else np.mean(x)

    result = MEAN.check(medians_once)
    assert result.hint != "The median is not the mean." and "term by term" in result.hint
    assert "medians_once(x) is off on input (an array of shape (4,))" in result.message
    assert (
        "got 2.5, expected 4.0 (a difference of 1.5; the check allows 4e-06)" in result.message
        and "right on 2 of the 3 cases" in result.message
    )
    assert MEAN.check(np.median).hint == "The median is not the mean."


def test_a_near_miss_shows_the_digits_that_differ_and_the_tolerance():
    result = MEAN.check(lambda x: np.mean(x) + 4.8e-5)
    got, expected = re.search(r"got (\S+), expected (\S+) ", result.message).groups()
    assert got != expected and float(got) - float(expected) > 4e-5
    assert "a difference of 4.8e-05; the check allows 4e-06" in result.message


def test_the_learners_own_name_is_used_and_a_lambda_is_your_function():
    def mean_of_mine(x):
        return None

    assert MEAN.check(mean_of_mine).message.startswith("mean_of_mine(x) returned None")
    assert MEAN.check(lambda x: None).message.startswith("Your function returned None")
    assert "check_mean(mean_of)" in MEAN.check(2.5).hint


def test_the_course_function_is_refused_itself_and_when_called():
    assert "`course_mean` is the course's own function" in MEAN.check(course_mean).message
    result = MEAN.check(lambda x: course_mean(x))
    assert "calls the course's own `course_mean`" in result.message
    assert "without `course_mean`" in result.hint


def test_an_error_is_the_message_and_a_mistake_that_raises_alike_is_the_hint():
    exercise = Exercise(
        "check_last",
        "last(x)",
        cases=lambda: CASES,
        reference=lambda x: x[-1],
        mistakes=(WrongAnswer(lambda x: x[3], "x[3] exists only for four numbers: use x[-1]."),),
    )
    result = exercise.check(lambda x: x[3])
    assert "raised IndexError" in result.message and "(2,)" in result.message
    assert result.hint == "x[3] exists only for four numbers: use x[-1]."
    assert "line by line" in exercise.check(lambda x: x[5]).hint


def test_a_function_returning_several_arrays_is_checked_part_by_part():
    exercise = Exercise(
        "check_stats",
        "stats(x)",
        cases=lambda: CASES,
        parts=(
            Part("low", lambda x: x.min(), (WrongAnswer(lambda x: x[-1], "Use x.min()."),)),
            Part("high", lambda x: x.max()),
        ),
        order=("high", "low"),
    )
    assert exercise.check(lambda x: (min(x), max(x))).passed
    assert "expected 2 arrays: low, high" in exercise.check(lambda x: x.min()).message
    result = exercise.check(lambda x: (x[0], x[1]))
    assert result.message.startswith("high from your function")  # checked first
    assert exercise.check(lambda x: (x[-1], x.max())).hint == "Use x.min()."


def test_a_right_answer_that_changes_its_input_fails():
    def centres_in_place(x):
        mean = np.mean(x)
        x -= mean
        return mean

    result = MEAN.check(centres_in_place)
    assert not result.passed and "changes its input x in place" in result.message
    assert MEAN.check(lambda x: np.mean(np.sort(x))).passed
