"""helpers.core.sandbox: a learner's function runs on copies, within a time limit, watched."""

import functools
import time

import numpy as np
import torch

from helpers.core.sandbox import call_learner, watch_list


def course_answer(x):
    return 2 * x


def test_the_function_gets_copies_and_changes_are_noticed():
    case = (np.arange(3.0), torch.zeros(2), [1, 2], 5.0)

    def scribbles(a, t, items, n):
        a[0], items[0] = 99, 99
        t.add_(1)
        return n

    outcome = call_learner(scribbles, case, limit=2)
    assert outcome.value == 5.0 and outcome.changed == [0, 1, 2]
    assert case[0][0] == 0 and case[1].sum() == 0 and case[2] == [1, 2]  # the check's own cases
    assert call_learner(lambda a, t, items, n: a.sum(), case, limit=2).changed == []


def test_errors_are_kept_never_raised():
    assert isinstance(call_learner(lambda: 1 / 0, (), limit=2).error, ZeroDivisionError)
    assert isinstance(call_learner(lambda: exit(3), (), limit=2).error, SystemExit)


def test_a_function_past_the_time_limit_is_stopped():
    state = {"steps": 0}

    def forever():
        while True:
            state["steps"] += 1

    start = time.perf_counter()
    outcome = call_learner(forever, (), limit=0.1)
    assert outcome.timed_out and time.perf_counter() - start < 1.0
    time.sleep(0.1)
    steps = state["steps"]
    time.sleep(0.1)
    assert state["steps"] == steps, "the stopped function must not keep running"


def test_calls_to_a_watched_function_are_seen_through_aliases_and_wrappers():
    watch = watch_list([course_answer])
    alias = course_answer
    for fn in (
        lambda x: course_answer(x),
        lambda x: alias(x) + 0,
        functools.partial(course_answer),
        lambda x: [course_answer(v) for v in x],
    ):
        assert course_answer in call_learner(fn, (np.ones(2),), limit=2, watch=watch).called
    assert call_learner(lambda x: 2 * x, (np.ones(2),), limit=2, watch=watch).called == []


def test_a_copy_of_the_code_is_the_learners_own():
    import types

    twin = types.FunctionType(course_answer.__code__.replace(), globals(), "twin")
    outcome = call_learner(twin, (1.0,), limit=2, watch=watch_list([course_answer]))
    assert outcome.value == 2.0 and outcome.called == []
