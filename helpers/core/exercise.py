"""An exercise declared as data, and the check that runs it.

An `Exercise` holds the call the learner writes, its cases, the reference, the known mistakes (each
a function giving the wrong answer, with its hint) and the success text. `Exercise.check(fn)` runs
the learner's function on every case (see `helpers.core.sandbox`), then says, in the learner's own
names, the first thing that is wrong. A known mistake's hint is quoted only when that mistake gives
exactly the learner's answers on every case; otherwise the message says which case is off, by how
much and what the check allows. A function that returns several arrays is declared with `parts`,
checked one part at a time.
"""

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from helpers.core import feedback
from helpers.core.answers import compare, read_answer
from helpers.core.checks import CheckResult, describe
from helpers.core.matching import explains, explains_run, making
from helpers.core.sandbox import call_learner, fresh_copy, watch_list


@dataclass(frozen=True)
class Part:
    """One of the arrays a function returns, by its label: its reference, mistakes, shape hint."""

    label: str
    reference: Callable
    mistakes: tuple = ()
    shape_hint: Callable | None = None


@dataclass(frozen=True)
class Exercise:
    """A self-checking exercise. check_name and call are what the notebook writes:
    check_threshold(threshold_of) checks a threshold_of(w, b).

    cases: () -> argument tuples. reference, mistakes (WrongAnswer), shape_hint(got, expected,
    case) -> str: for a function returning one answer; parts (Part, in return order) and order
    (labels, checking order) for one returning several. forbidden: course functions the learner's
    code must not call, besides the reference. error_hint(exception, case) -> str or None.
    """

    check_name: str
    call: str
    cases: Callable
    reference: Callable | None = None
    mistakes: tuple = ()
    success: str = ""
    describe_case: Callable | None = None
    shape_hint: Callable | None = None
    error_hint: Callable | None = None
    parts: tuple = ()
    order: tuple = ()
    forbidden: tuple = ()
    forbidden_hint: str = ""
    rtol: float = 1e-6
    atol: float = 1e-9
    time_limit: float = 2.0  # seconds per call
    _keys: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.parts and self.reference is None:
            parts = self.parts
            object.__setattr__(self, "reference", lambda *c: tuple(p.reference(*c) for p in parts))
        self._keys.update({id(f): f for f in (self.reference, *self.forbidden)})

    @property
    def name(self):
        return self.call.split("(")[0]

    def where(self, case):
        if self.describe_case:
            return self.describe_case(case)
        return ", ".join(describe(a) for a in case)

    def mistake_functions(self):
        """(mistake, a whole learner function that makes it), in the order they are tried."""
        if not self.parts:
            return [(m, m.compute) for m in self.mistakes]
        return [
            (m, making(self.parts, k, m))
            for k, part in enumerate(self.parts)
            for m in part.mistakes
        ]

    def check(self, fn):
        """Check the learner's function; returns a CheckResult, never raises."""
        if not callable(fn):
            return feedback.not_a_function(fn, self.call, self.check_name)
        if id(fn) in self._keys and self._keys[id(fn)] is fn:
            is_reference = fn is self.reference
            name = getattr(fn, "__name__", self.name)
            return feedback.course_function(name, self.call, self.check_name, is_reference)
        label = feedback.learner_label(fn, self.call)
        watch = watch_list(self._keys.values())
        cases, outcomes = list(self.cases()), []
        for case in cases:
            where = self.where(case)
            outcome = call_learner(fn, case, limit=self.time_limit, watch=watch)
            if outcome.called:
                called = outcome.called[0]
                name = getattr(called, "__name__", "?")
                return feedback.calls_course_function(
                    label, where, name, called is self.reference, self.forbidden_hint
                )
            if outcome.timed_out:
                return feedback.too_slow(label, where, self.time_limit)
            if isinstance(outcome.error, NotImplementedError):
                return feedback.raised(label, where, outcome.error, self.call, "")
            outcomes.append(outcome)
        errors = [(case, o.error) for case, o in zip(cases, outcomes) if o.error is not None]
        if errors:  # the error is the message; a mistake that raises just so is the hint
            case, error = errors[0]
            mistake = next(
                (
                    m
                    for m, fn in self.mistake_functions()
                    if explains_run(fn, cases, outcomes, bool(self.parts), self.rtol, self.atol)
                ),
                None,
            )
            hint = mistake.hint if mistake else self.error_hint and self.error_hint(error, case)
            return feedback.raised(label, self.where(case), error, self.call, hint)
        values = [o.value for o in outcomes]
        changed = [(case, k) for case, o in zip(cases, outcomes) for k in o.changed]
        failed = self._judge_parts(label, cases, values) if self.parts else None
        if not self.parts:
            failed = self._judge(
                label, cases, values, self.reference, self.mistakes, self.shape_hint, "return"
            )
        if failed:
            return failed
        if changed:
            case, k = changed[0]
            names = self.call.partition("(")[2].rstrip(")").split(", ")
            return feedback.changed_input(label, self.where(case), names[k])
        return CheckResult(
            True, self.success or f"{label} agrees with the reference on all {len(cases)} cases."
        )

    def _judge_parts(self, label, cases, values):
        labels = [p.label for p in self.parts]
        line = f"return {', '.join(labels)}"
        for case, value in zip(cases, values):
            if not (isinstance(value, (tuple, list)) and len(value) == len(labels)):
                what = describe(value) if value is not None else "None"
                return CheckResult(
                    False,
                    f"{label} returned {what} on input ({self.where(case)}); expected "
                    f"{len(labels)} arrays: {', '.join(labels)}.",
                    f"End the function with `{line}`.",
                )
        for name in self.order or labels:
            k = labels.index(name)
            part = self.parts[k]
            failed = self._judge(
                f"{name} from {label}",
                cases,
                [v[k] for v in values],
                part.reference,
                part.mistakes,
                part.shape_hint,
                line,
            )
            if failed:
                return failed
        return None

    def _judge(self, label, cases, values, reference, mistakes, shape_hint, return_line):
        """None if every value agrees with the reference, else what is wrong with the first one."""
        expected = [reference(*[fresh_copy(a) for a in case]) for case in cases]
        answers = [read_answer(v) for v in values]
        for case, answer, exp in zip(cases, answers, expected):
            if answer.problem:
                return feedback.unreadable(label, self.where(case), answer, exp, return_line)
        verdicts = [compare(a, e, self.rtol, self.atol) for a, e in zip(answers, expected)]
        first = next((i for i, v in enumerate(verdicts) if not v.ok), None)
        if first is None:
            return None
        case, answer, exp, verdict = cases[first], answers[first], expected[first], verdicts[first]
        agree = (sum(v.ok for v in verdicts), len(cases))
        message = feedback.mismatch(label, self.where(case), verdict, answer, exp, agree)
        mistake = next(
            (m for m in mistakes if explains(m.compute, cases, answers, self.rtol, self.atol)),
            None,
        )
        if mistake:
            return CheckResult(False, message, mistake.hint)
        hint = (
            verdict.reason == "shape"
            and shape_hint
            and shape_hint(answer.array, np.asarray(exp, dtype=np.float64), case)
        )
        return CheckResult(False, message, hint or feedback.default_hint(verdict, answer, exp))
