"""helpers.core.checks: the result a check returns, how values are described, and run_check."""

import numpy as np
import torch

from helpers import CheckResult, WrongAnswer, run_check
from helpers.core.checks import describe

CASES = [(np.array([1.0, 2.0, 3.0]),), (np.array([4.0, -1.0]),)]


def test_results_render_as_text_and_html():
    ok, bad = CheckResult(True, "fine"), CheckResult(False, "off", "look here")
    assert repr(ok).startswith("Correct!") and "Hint:" not in repr(ok)
    assert repr(bad).startswith("Not yet.") and repr(bad).endswith("Hint: look here")
    assert "&#10004;" in ok._repr_html_() and "&#10008;" in bad._repr_html_()
    assert "<script>" not in CheckResult(False, "<script>")._repr_html_()


def test_values_are_described_by_what_they_are():
    assert describe((2, 5)) == "the tuple (2, 5)"  # not "array of shape (2,)"
    assert describe([1, 2.5]) == "the list [1, 2.5]"
    assert describe(torch.Size([2, 7, 5])) == "the tuple (2, 7, 5)"
    assert describe(tuple(range(9))) == "a tuple of 9 items"
    assert describe(np.zeros((2, 3))) == "an array of shape (2, 3)"
    assert describe(torch.zeros(4)) == "a tensor of shape (4,)"
    assert describe(np.float64(19.52675)) == "19.53" and describe(np.array(2.0)) == "2"
    assert describe(True) == "True" and describe(7) == "7" and describe(None) == "None"
    assert describe(...) == "... (the placeholder)" and describe("abc") == "the text 'abc'"
    assert describe(len) == "the function len" and describe({}) == "a dict"


def test_run_check_is_the_one_call_form_of_an_exercise():
    kwargs = dict(call="double(x)", cases=CASES, reference=lambda x: 2 * x)
    assert run_check(lambda x: x + x, **kwargs).passed
    result = run_check(
        lambda x: x * x,
        wrong_answers=[WrongAnswer(lambda x: x * x, "Twice, not squared.")],
        **kwargs,
    )
    assert not result.passed and result.hint == "Twice, not squared."
    assert "check_double(double)" in run_check(3, **kwargs).hint


def test_run_check_error_hint_is_optional_and_general():
    kwargs = dict(call="f(x)", cases=[(np.ones(2),)], reference=lambda x: x)
    assert "line by line" in run_check(lambda x: 1 / 0, **kwargs).hint
    hinted = run_check(
        lambda x: 1 / 0,
        error_hint=lambda exc, case: f"{type(exc).__name__} on {len(case[0])}",
        **kwargs,
    )
    assert hinted.hint == "ZeroDivisionError on 2" and not hinted.passed
    assert (
        "line by line"
        in run_check(lambda x: 1 / 0, error_hint=lambda exc, case: None, **kwargs).hint
    )
