"""The machinery behind every self-checking exercise: its result, a known mistake, and `run_check`.

A check calls the learner's function on seeded random cases of several shapes, compares with a
reference, and returns a `CheckResult`. A wrong answer is compared with the known mistakes, so the
hint can name the mistake, but only one that explains every case. Nothing the learner hands in can
crash a check: not a non-function, not a function that raises, loops or returns the wrong type.
Exercises are declared as data with `helpers.core.exercise.Exercise`; `run_check` is the one-call
form of the same thing.
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
    """A known mistake: a function that computes the wrong answer (it takes the same arguments as
    the learner's function), and the hint that names it."""

    compute: object
    hint: str


def describe(value):
    """Short text for a value in a message: numbers rounded, tuples with their values, arrays and
    tensors by shape."""
    if value is None or value is Ellipsis:
        return "None" if value is None else "... (the placeholder)"
    if isinstance(value, (bool, np.bool_)):
        return f"{bool(value)}"
    if isinstance(value, (int, np.integer)):
        return f"{int(value)}"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.4g}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, (tuple, list)):
        kind = "tuple" if isinstance(value, tuple) else "list"
        numbers = all(isinstance(v, (int, float, np.number)) for v in value)
        if len(value) <= 6 and numbers and not any(isinstance(v, bool) for v in value):
            inner = ", ".join(describe(v) for v in value)
            if kind == "tuple":
                return f"the tuple ({inner}{',' if len(value) == 1 else ''})"
            return f"the list [{inner}]"
        return f"a {kind} of {len(value)} items"
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        shape = tuple(value.shape)
        if not shape:
            try:
                return describe(value.item())
            except Exception:
                return "a 0-d array"
        kind = "tensor" if hasattr(value, "detach") else "array"
        return f"{'an' if kind == 'array' else 'a'} {kind} of shape {shape}"
    if callable(value):
        return f"the function {getattr(value, '__name__', type(value).__name__)}"
    return f"a {type(value).__name__}"


def run_check(fn, *, call, cases, reference, wrong_answers=(), **options):
    """Check `fn` against `reference` on each case; the one-call form of `Exercise(...).check`.

    call: the expression the learner writes, for messages, e.g. "best_b(x, y, w)". cases: argument
    tuples. reference / WrongAnswer.compute: take the same arguments. options: success,
    describe_case, rtol, atol, shape_hint(got, expected, case), error_hint(exception, case),
    forbidden (course functions the learner must not call), check_name.
    """
    from helpers.core.exercise import Exercise  # built on this module

    check_name = options.pop("check_name", f"check_{call.split('(')[0]}")
    cases = list(cases)
    exercise = Exercise(check_name, call, lambda: cases, reference, tuple(wrong_answers), **options)
    return exercise.check(fn)
