"""Notebook 06's exercise checks: right answers in any form pass; the helpers the exercises forbid
are refused. (Every known mistake: tests/test_exercises.py.)"""

import numpy as np

from helpers import (
    centred_params,
    check_centred_bias,
    check_hessian_condition,
    check_max_learning_rate,
    condition_number,
    max_stable_lr,
)


def hess(x):
    return 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])


def test_right_answers_pass():
    assert check_centred_bias(lambda w, b, m: b + w * m).passed
    assert check_hessian_condition(lambda x: np.linalg.cond(hess(x))).passed
    assert check_hessian_condition(lambda x: np.linalg.cond(np.c_[x, np.ones_like(x)]) ** 2).passed
    assert check_max_learning_rate(lambda x: 2 / np.linalg.eigvalsh(hess(x)).max()).passed


def test_the_best_fixed_rate_is_not_the_speed_limit():
    result = check_max_learning_rate(lambda x: 2 / np.linalg.eigvalsh(hess(x)).sum())
    assert "best fixed learning rate" in result.hint


def test_the_helpers_the_exercises_forbid_are_refused_however_called():
    result = check_hessian_condition(lambda x: condition_number(x))
    assert "calls the course's own `condition_number`" in result.message
    assert "asks you not to call condition_number" in result.hint
    result = check_max_learning_rate(lambda x: 1.0 * max_stable_lr(x))
    assert "calls the course's own `max_stable_lr`" in result.message
    result = check_centred_bias(lambda w, b, m: centred_params(w, b, m)[1])
    assert "calls the course's own `centred_params`" in result.message
