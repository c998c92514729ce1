"""The machinery behind every self-checking exercise.

A check calls the learner's function on seeded random cases of several shapes, compares with a
reference, and returns a `CheckResult`. A mismatch is compared with known wrong answers, so the hint
can name the mistake. Nothing the learner hands in can crash a check: not a non-function, not a
function that raises, not a return value of the wrong type.
"""

import html
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CheckResult:
    """Outcome of a check: `.passed`, `.message`, and a `.hint` when it did not pass."""

    passed: bool
    message: str
    hint: str = ""

    def __repr__(self):
        text = ("Correct! " if self.passed else "Not yet. ") + self.message
        return text + (f"\nHint: {self.hint}" if self.hint else "")

    def _repr_html_(self):
        colour, mark = (
            ("#009E73", "&#10004; Correct!") if self.passed else ("#D55E00", "&#10008; Not yet.")
        )
        hint = f"<br><i>Hint:</i> {html.escape(self.hint)}" if self.hint else ""
        return (
            f'<div style="border-left: 5px solid {colour}; padding: 4px 10px;">'
            f"<b>{mark}</b> {html.escape(self.message)}{hint}</div>"
        )


@dataclass(frozen=True)
class WrongAnswer:
    """A known mistake: a function that computes the wrong answer, and the hint that names it."""

    compute: object
    hint: str


def describe(value):
    """Short text for a value in a message: arrays by shape, numbers rounded."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return f"{value.item():.4g}"
        return f"array of shape {value.shape}"
    if isinstance(value, (float, np.floating)):
        return f"{value:.4g}"
    return f"{type(value).__name__} {value!r}"[:80]


def _as_result_array(value):
    """The learner's return value as a float array, or None if it is not numbers at all."""
    if value is None or isinstance(value, (str, bytes, dict)):
        return None
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr


def _matches(got, expected, rtol, atol):
    return got.shape == np.shape(expected) and np.allclose(got, expected, rtol=rtol, atol=atol)


def run_check(
    fn,
    *,
    call,
    cases,
    reference,
    wrong_answers=(),
    success="",
    describe_case=None,
    rtol=1e-6,
    atol=1e-9,
    shape_hint=None,
    error_hint=None,
):
    """Check `fn` against `reference` on each case.

    call: the expression the learner should support, for messages, e.g. "best_b(x, y, w)".
    cases: list of argument tuples. reference / WrongAnswer.compute: take the same arguments.
    describe_case: case -> short text for messages. shape_hint: (got, expected, case) -> hint or
    None, for mistakes best told apart by shape. error_hint: (exception, case) -> hint or None, for
    errors a known mistake raises (a matmul whose shapes do not fit, an axis that does not exist).
    """
    name = call.split("(")[0]
    if not callable(fn):
        hint = (
            f"Pass the function itself: check_{name}({name}), without brackets after {name}."
            if not isinstance(fn, type(Ellipsis))
            else f"Define {name} first, then pass it in."
        )
        return CheckResult(
            False, f"The check needs a function like {call}; it was given {describe(fn)}.", hint
        )
    describe_case = describe_case or (lambda case: ", ".join(describe(np.asarray(a)) for a in case))
    for case in cases:
        args = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in case]
        where = f"on input ({describe_case(case)})"
        try:
            raw = fn(*args)
        except NotImplementedError:
            return CheckResult(
                False,
                f"{name} is not written yet.",
                "Replace the `raise NotImplementedError` line with your code.",
            )
        except Exception as exc:  # a learner's bug must never crash the notebook
            hint = (
                error_hint and error_hint(exc, case)
            ) or "Run your function by hand on a small input and read the error line by line."
            return CheckResult(False, f"{call} raised {type(exc).__name__}: {exc} {where}.", hint)
        if raw is None:
            return CheckResult(
                False,
                f"{call} returned None {where}.",
                "Your function needs a `return` statement with the answer (replace the `...`).",
            )
        got = _as_result_array(raw)
        if got is None:
            return CheckResult(
                False,
                f"{call} returned {describe(raw)} {where}; expected numbers.",
                "Return a number or a numpy array, not text or a dict.",
            )
        expected = np.asarray(reference(*case), dtype=np.float64)
        if _matches(got, expected, rtol, atol):
            continue
        for wrong in wrong_answers:
            if _matches(got, np.asarray(wrong.compute(*case), dtype=np.float64), rtol, atol):
                if (
                    got.shape == expected.shape and got.ndim > 0
                ):  # right shape, wrong numbers: say so
                    worst = float(np.max(np.abs(got - expected)))
                    return CheckResult(
                        False,
                        f"{call} has the right shape {got.shape} {where}, but its values "
                        f"are off by up to {worst:.3g}.",
                        wrong.hint,
                    )
                return CheckResult(
                    False,
                    f"{call} gave {describe(got)} {where}; expected {describe(expected)}.",
                    wrong.hint,
                )
        if got.shape != expected.shape:
            hint = (
                shape_hint and shape_hint(got, expected, case)
            ) or "Check which axis you reduce over."
            return CheckResult(
                False,
                f"{call} returned shape {got.shape} {where}; expected shape {expected.shape}.",
                hint,
            )
        worst = float(np.max(np.abs(got - expected)))
        return CheckResult(
            False,
            f"{call} is off by up to {worst:.3g} {where}: got "
            f"{describe(got)}, expected {describe(expected)}.",
            "Compare your formula with the one in the text, term by term.",
        )
    return CheckResult(
        True, success or f"{name} agrees with the reference on all {len(cases)} test cases."
    )
