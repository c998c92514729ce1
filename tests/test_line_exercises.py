"""Notebook 01's exercise checks: right answers pass in any form; the mistakes and the rule that
tests/test_exercises.py cannot know about (fit_line is forbidden) are named here."""

import numpy as np

import helpers
from helpers import check_add_ones_column, check_best_b, check_slope_through_origin, fit_line


def test_a_correct_answer_passes_in_any_formulation():
    assert check_best_b(lambda x, y, w: np.mean(y - w * x)).passed
    assert check_best_b(lambda x, y, w: (y - w * x).sum() / len(x)).passed
    assert check_best_b(lambda x, y, w: [np.mean(y) - w * np.mean(x)]).passed  # one element
    assert check_slope_through_origin(lambda x, y: np.dot(x, y) / np.dot(x, x)).passed
    assert check_slope_through_origin(  # lstsq returns shape (1,)
        lambda x, y: np.linalg.lstsq(x[:, None], y, rcond=None)[0]
    ).passed
    assert check_add_ones_column(lambda x: np.c_[x, np.ones(len(x))]).passed
    assert check_add_ones_column(lambda x: np.stack([x, np.ones_like(x)], axis=1).tolist()).passed


def test_the_mistakes_from_issue_13_are_named():
    assert "Multiply x by the given w" in check_best_b(lambda x, y, w: np.mean(y - x)).hint
    free = check_best_b(lambda x, y, w: np.polyfit(x, y, 1)[1])
    assert "free slope, which ignores the w you were given" in free.hint
    zeros = check_add_ones_column(lambda x: np.column_stack([x, np.zeros_like(x)]))
    assert "A column of zeros multiplies b by 0" in zeros.hint


def test_fit_line_is_forbidden_and_the_check_sees_it_however_it_is_called():
    alias = fit_line
    for slope in (
        lambda x, y: fit_line(x, y, bias=False)[0],
        lambda x, y: alias(x, y, False)[0],
        lambda x, y: helpers.fit_line(x, y, bias=False)[0],
    ):
        result = check_slope_through_origin(slope)
        assert not result.passed and "calls the course's own `fit_line`" in result.message
        assert "asks you not to call fit_line" in result.hint
    assert "course's own function" in check_slope_through_origin(fit_line).message
    assert check_best_b(lambda x, y, w: fit_line(x - x, y - w * x)[1]).hint  # 01/1 may use it


def test_a_near_miss_says_by_how_much_with_digits_that_differ():
    result = check_best_b(lambda x, y, w: np.mean(y - w * x) + 4.8e-5)
    assert "got 19.526800, expected 19.526752 (a difference of 4.8e-05" in result.message
    assert "the check allows 2e-05" in result.message
