"""Every exercise of the course, tested from its data by one set of generic tests.

Each lesson declares its exercises (`EXERCISES`, and `NUMBER_EXERCISES` for answers that are one
number). For each: a copy of the reference passes; each known mistake fails with its own hint,
differs from the reference on some case and is not shadowed by an earlier one; a hint is quoted
only for a mistake that explains every case; stubs, non-functions, the reference itself and garbage
never crash a check and never pass; the learner's own name is used; nan, bools, float16, mutated
inputs and slow functions each get their own message.
"""

import dataclasses
import importlib
import pkgutil
import types

import numpy as np
import pytest
import torch

import helpers
from helpers.core.answers import compare, read_answer
from helpers.core.checks import CheckResult
from helpers.core.sandbox import fresh_copy


def _collect(attribute):
    found = []
    for module in pkgutil.walk_packages(helpers.__path__, "helpers."):
        for exercise in getattr(importlib.import_module(module.name), attribute, ()):
            found.append(pytest.param(exercise, id=exercise.check_name))
    return found


EXERCISES = _collect("EXERCISES")
NUMBER_EXERCISES = _collect("NUMBER_EXERCISES")


def twin(function):
    """The same function with its own code object: what a learner who wrote the same code has."""
    return types.FunctionType(
        function.__code__.replace(),
        function.__globals__,
        "learner_twin",
        function.__defaults__,
        function.__closure__,
    )


class Raised:
    """What a function that raised gave on a case."""

    def __init__(self, error):
        self.error = error

    def __call__(self, *args):
        raise self.error


def outputs(exercise, fn):
    found = []
    for case in exercise.cases():
        try:
            found.append(fn(*[fresh_copy(a) for a in case]))
        except Exception as exc:
            found.append(Raised(exc))
    return found


def agree(exercise, values, others):
    """True when two lists of answers agree on every case (parts: part by part; an error agrees
    with an error of the same type)."""
    for v, o in zip(values, others):
        if isinstance(v, Raised) or isinstance(o, Raised):
            if not (isinstance(v, Raised) and isinstance(o, Raised)):
                return False
            if type(v.error) is not type(o.error):
                return False
            continue
        pairs = zip(v, o) if exercise.parts else [(v, o)]
        for a, b in pairs:
            answer = read_answer(a)
            if answer.problem or b is None:
                return False
            if not compare(answer, b, exercise.rtol, exercise.atol).ok:
                return False
    return True


def assert_fails_honestly(exercise, fn):
    """The check fails without raising, and any mistake hint it quotes explains every case."""
    result = exercise.check(fn)
    assert isinstance(result, CheckResult) and not result.passed, result
    assert result.message and result.hint, result
    quoted = [(m, f) for m, f in exercise.mistake_functions() if m.hint == result.hint]
    if quoted:
        values = outputs(exercise, fn)
        assert any(agree(exercise, values, outputs(exercise, f)) for _, f in quoted), (
            f"{result.hint!r} is quoted, but no mistake with that hint explains every case"
        )
    return result


def test_every_lesson_declares_its_exercises():
    assert len(EXERCISES) == 21 and len(NUMBER_EXERCISES) == 2


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_reference_passes_and_is_refused_as_itself(exercise):
    assert exercise.check(twin(exercise.reference)).passed
    refused = exercise.check(exercise.reference)
    assert not refused.passed and (
        "course's own" in refused.message or "reference" in refused.message
    )
    for course_function in exercise.forbidden:
        result = exercise.check(course_function)
        assert not result.passed and "course's own" in result.message


@pytest.mark.parametrize("exercise", EXERCISES)
def test_each_mistake_gets_its_own_hint_and_no_other(exercise):
    found = exercise.mistake_functions()
    assert found, "an exercise lists the mistakes learners make"
    reference = outputs(exercise, exercise.reference)
    for i, (mistake, fn) in enumerate(found):
        values = outputs(exercise, fn)
        assert not agree(exercise, values, reference), f"mistake {i} is the right answer"
        for j, (_, earlier_fn) in enumerate(found[:i]):
            assert not agree(exercise, values, outputs(exercise, earlier_fn)), (
                f"mistake {i} is shadowed by mistake {j}: it can never be told"
            )
        result = exercise.check(fn)
        assert not result.passed and result.hint == mistake.hint, (i, result)


def replaying(answers):
    """A learner's function that gives these answers, one call after another."""
    calls = iter(answers * 2)

    def once(*args):
        answer = next(calls)
        return answer() if isinstance(answer, Raised) else answer

    return once


@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_mistake_made_on_one_case_only_is_not_named(exercise):
    """Right on every case but one, where it gives a known mistake's answer: no mistake explains
    that, so no mistake's hint may be quoted (the hint was once picked from one case)."""
    reference = outputs(exercise, exercise.reference)
    for _, fn in exercise.mistake_functions():
        values = outputs(exercise, fn)
        wrong = [k for k in range(len(values)) if not agree(exercise, [values[k]], [reference[k]])]
        if len(wrong) < 2:
            continue
        answers = list(reference)
        answers[wrong[0]] = values[wrong[0]]
        assert_fails_honestly(exercise, replaying(answers))


def stub_ellipsis(*args): ...


def stub_pass(*args):
    pass


def stub_not_implemented(*args):
    raise NotImplementedError


GARBAGE = [
    stub_ellipsis,
    stub_pass,
    stub_not_implemented,
    lambda *a: None,
    lambda *a: "seven",
    lambda *a: {"a": 1},
    lambda *a: [[1, 2], [3]],
    lambda *a: [None],
    lambda *a: 1 / 0,
    lambda: 0,
    lambda *a: float("nan"),
    lambda *a: float("inf"),
    lambda *a: 1e300 * 1e300 - 1e300 * 1e300,
    lambda *a: True,
    lambda *a: np.zeros((7, 7)),
    lambda *a: np.arange(10**5),
    lambda *a: object(),
    lambda *a: (v for v in range(3)),
    lambda *a: a,
    lambda *a: a[0],
    lambda *a: 2j,
    lambda *a: np.array([1 + 2j, 3]),
    lambda *a: torch.ones(3, requires_grad=True),
    lambda *a: (_ for _ in ()).throw(SystemExit(1)),
    lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()),
]
NOT_FUNCTIONS = [..., None, 3, 2.5, True, "the_function", [1, 2], np.ones(3), {}]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_stubs_garbage_and_non_functions_never_crash_and_never_pass(exercise):
    for fn in GARBAGE:
        assert_fails_honestly(exercise, fn)
    for value in NOT_FUNCTIONS:
        result = exercise.check(value)
        assert isinstance(result, CheckResult) and not result.passed and result.hint, result
        assert exercise.name in result.hint


@pytest.mark.parametrize("exercise", EXERCISES)
def test_messages_use_the_learners_own_name(exercise):
    def my_attempt_7(*args):
        return None

    mistake = exercise.mistake_functions()[0][1]
    for fn in (my_attempt_7, lambda *a: mistake(*a)):
        result = exercise.check(fn)
        named = "my_attempt_7(" if fn is my_attempt_7 else "your function"
        assert named in result.message.lower(), result
        course_name = getattr(exercise.reference, "__name__", "")
        if course_name.isidentifier() and course_name != exercise.name:
            assert f"{course_name}(" not in result.message + result.hint, result


def _first_array(case):
    return next((k for k, a in enumerate(case) if hasattr(a, "shape") and a.ndim), None)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_function_that_changes_its_input_is_caught(exercise):
    k = _first_array(exercise.cases()[0])
    if k is None:
        pytest.skip("every argument is a number or a tuple: nothing can be changed in place")
    right = twin(exercise.reference)

    def scribbles(*args):
        answer = right(*args)
        with torch.no_grad():
            args[k][...] = 0 if isinstance(args[k], np.ndarray) else args[k].zero_()
        return answer

    result = exercise.check(scribbles)
    assert not result.passed and "in place" in result.message, result


@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_slow_function_is_stopped_with_a_clear_message(exercise):
    quick = dataclasses.replace(exercise, time_limit=0.05)

    def slow(*args):
        while True:
            pass

    result = quick.check(slow)
    assert not result.passed and "took more than 0.05 s" in result.message, result


def _one_number(exercise):
    value = exercise.reference(*exercise.cases()[0])
    return not exercise.parts and np.ndim(value) == 0 and not isinstance(value, (bool, np.bool_))


@pytest.mark.parametrize("exercise", EXERCISES)
def test_numbers_come_in_any_natural_form_but_not_as_bools(exercise):
    if not _one_number(exercise):
        pytest.skip("the answer is not one number")
    right = twin(exercise.reference)
    assert exercise.check(lambda *a: np.array([right(*a)])).passed  # lstsq, [b], (n, 1) inputs
    assert exercise.check(lambda *a: torch.tensor(float(right(*a)))).passed
    result = exercise.check(lambda *a: right(*a) > -1e9)
    assert not result.passed and "True/False" in result.message, result


@pytest.mark.parametrize("exercise", EXERCISES)
def test_nan_and_float16_answers_are_named(exercise):
    right = twin(exercise.reference)
    first = exercise.reference(*exercise.cases()[0])
    if exercise.parts or np.asarray(first).dtype == bool or isinstance(first, tuple):
        pytest.skip("not an array of floats")

    def with_nan(*args):
        answer = np.array(right(*args), dtype=np.float64)
        answer.flat[0] = np.nan
        return answer

    result = exercise.check(with_nan)
    assert not result.passed and "nan" in result.message and "0/0" in result.hint, result
    values = np.concatenate([np.ravel(v) for v in outputs(exercise, exercise.reference)])
    if np.all(values == np.round(values)):
        pytest.skip("whole numbers: float16 holds them exactly, or overflows")

    def half(*args):
        with np.errstate(over="ignore"):  # float16 overflows above 65504: that is the point
            return np.asarray(right(*args), dtype=np.float16)

    result = exercise.check(half)
    assert not result.passed and "float16" in result.hint, result


@pytest.mark.parametrize("exercise", NUMBER_EXERCISES)
def test_number_exercises(exercise):
    assert exercise.check(exercise.reference).passed
    assert exercise.check(np.array([exercise.reference])).passed
    assert exercise.check(torch.tensor(exercise.reference)).passed
    for value, hint in exercise.mistakes:
        result = exercise.check(value)
        assert not result.passed and result.hint == hint
    for value in (..., None, True, False, "0", [0, 1], [], np.ones(2), np.nan, 1j, len, {}):
        result = exercise.check(value)
        assert isinstance(result, CheckResult) and not result.passed and result.hint, value
    assert "True/False" in exercise.check(True).message
    assert "nan" in exercise.check(float("nan")).message
