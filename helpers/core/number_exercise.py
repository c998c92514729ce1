"""An exercise whose answer is one number (a bias, say), judged by what that number does.

`NumberExercise.check(value)` accepts a number, a numpy or torch scalar, or a one-element array; it
refuses a bool, text, a function or a placeholder, kindly, and never raises.
"""

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from helpers.core.answers import read_answer
from helpers.core.checks import CheckResult, describe


@dataclass(frozen=True)
class NumberExercise:
    """variable: the name in the notebook (b_half). effect(number) -> the quantity the exercise is
    about (the fraction of active inputs), which must come within `tolerance` of `target`.
    mistakes: (value, hint) pairs for known wrong numbers. report(number, effect) -> a clause
    saying what the number does, completed with "." or ", not {target_text}."; advice(number,
    effect) -> a hint for an unknown wrong number."""

    check_name: str
    variable: str
    effect: Callable
    target: float
    tolerance: float
    reference: float
    target_text: str
    report: Callable
    advice: Callable
    mistakes: tuple = ()
    start_hint: str = ""
    example: str = "0.3"

    def _refuse(self, value):
        """A CheckResult for anything that is not one number, else None."""
        name = self.variable
        if value is Ellipsis or value is None:
            return CheckResult(
                False, f"Replace the ... after {name} = with a number.", self.start_hint
            )
        if isinstance(value, (bool, np.bool_)):
            return CheckResult(
                False,
                f"{name} is {value}, a True/False, not a number.",
                f"Write a number, such as {name} = {self.example}.",
            )
        if callable(value):
            return CheckResult(
                False,
                f"{name} is {describe(value)}; this exercise asks for a number.",
                f"Write the number itself, such as {name} = {self.example}.",
            )
        answer = read_answer(value)
        if answer.problem or answer.is_bool or answer.array.size != 1:
            return CheckResult(
                False,
                f"The answer should be one number; {name} is {describe(value)}.",
                f"Write one number, such as {name} = {self.example} (no quotes, no list).",
            )
        if math.isnan(answer.array.item()):
            return CheckResult(
                False,
                f"{name} is nan (not a number).",
                "nan comes from 0/0 or a log of a negative number: write the number you mean.",
            )
        return None

    def check(self, value):
        """Check the learner's number; returns a CheckResult, never raises."""
        refused = self._refuse(value)
        if refused:
            return refused
        number = float(read_answer(value).array.item())
        effect = self.effect(number)
        if abs(effect - self.target) < self.tolerance:
            return CheckResult(True, self.report(number, effect) + ".")
        sentence = f"{self.report(number, effect)}, not {self.target_text}."
        for wrong, hint in self.mistakes:
            if abs(number - wrong) < 1e-9:
                return CheckResult(False, sentence, hint)
        return CheckResult(False, sentence, self.advice(number, effect))
