"""The words of every check: what a learner's function did, said with the learner's own name.

Each function returns a `CheckResult`. `where` is the text describing a case ("12 points, w =
0.37"); `label` is the learner's call, "threshold_of(w, b)", or "your function" for a lambda.
"""

import numpy as np

from helpers.core.answers import is_whole, numbers_that_differ
from helpers.core.checks import CheckResult, describe


def learner_label(fn, call):
    """The learner's name for the call: "threshold_of(w, b)" for their threshold_of."""
    name = getattr(fn, "__name__", "")
    if not isinstance(name, str) or not name.isidentifier():
        return "your function"
    return f"{name}({call.partition('(')[2]}"


def what_to_return(expected):
    """Words for the kind of answer expected: "one number", "True or False", ..."""
    if isinstance(expected, tuple):
        return f"a tuple like {expected!r}"
    arr = np.asarray(expected)
    if arr.dtype == bool:
        return "True or False" if arr.ndim == 0 else f"an array of True/False of shape {arr.shape}"
    return "one number" if arr.ndim == 0 else f"an array of shape {arr.shape}"


def not_a_function(value, call, check_name):
    name = call.split("(")[0]
    message = f"The check needs a function like {call}; it was given {describe(value)}."
    if value is Ellipsis:
        hint = f"Define {name} first, then pass it in: {check_name}({name})."
    elif isinstance(value, str):
        hint = f"Pass the function itself, not its name in quotes: {check_name}({name})."
    else:
        hint = (
            f"Pass the function itself, without calling it: {check_name}({name}), "
            f"no brackets after {name}."
        )
    return CheckResult(False, message, hint)


def capital(text):
    """ "your function" opening a sentence becomes "Your function"; names stay as written."""
    return "Y" + text[1:] if text.startswith("your function") else text


def course_function(fn_name, call, check_name, is_reference):
    name = call.split("(")[0]
    if not fn_name.isidentifier() or fn_name.startswith("_"):
        message = "That is the check's own reference answer: the check cannot pass it as yours."
    else:
        why = (
            "the answer this exercise asks you to write"
            if is_reference
            else ("one this exercise asks you not to use")
        )
        message = f"`{fn_name}` is the course's own function, {why}: the check cannot pass it."
    return CheckResult(
        False,
        message,
        f"Write your own {call} in the exercise cell and pass that: {check_name}({name}).",
    )


def calls_course_function(label, where, called, is_reference, hint):
    why = "the answer this exercise asks you to write" if is_reference else "which it must not use"
    return CheckResult(
        False,
        f"{capital(label)} calls the course's own `{called}` on input ({where}), {why}.",
        hint or f"Compute the answer yourself, without `{called}`.",
    )


def too_slow(label, where, limit):
    return CheckResult(
        False,
        f"{capital(label)} took more than {limit:g} s on input ({where}), so the check stopped it. "
        "These inputs are small: a right answer takes a few milliseconds.",
        "Look for a loop that never ends, a sleep, or work that grows much faster than the input.",
    )


def raised(label, where, exc, call, hint):
    if isinstance(exc, NotImplementedError):
        return CheckResult(
            False,
            f"{capital(label)} is not written yet.",
            "Replace the `raise NotImplementedError` line with your code.",
        )
    text = str(exc)
    arity = isinstance(exc, TypeError) and ("positional argument" in text or "keyword" in text)
    if arity:
        hint = f"The check calls {call}: your function must take these arguments, in this order."
    hint = hint or "Run your function by hand on a small input and read the error line by line."
    return CheckResult(
        False, f"{capital(label)} raised {type(exc).__name__}: {text} on input ({where}).", hint
    )


def unreadable(label, where, answer, expected, return_line):
    if answer.problem == "None":
        return CheckResult(
            False,
            f"{capital(label)} returned None on input ({where}).",
            f"Your function needs a `{return_line}` line with the answer (replace the `...`).",
        )
    if answer.problem == "complex":
        return CheckResult(
            False,
            f"{capital(label)} returned complex numbers on input ({where}); expected "
            f"{what_to_return(expected)}.",
            "A square root or a log of a negative number? Check the sign of what goes into it.",
        )
    return CheckResult(
        False,
        f"{capital(label)} returned {describe(answer.raw)} on input ({where}); expected "
        f"{what_to_return(expected)}.",
        f"Return {what_to_return(expected)}, not text, a dict or a function.",
    )


def _at(verdict):
    if not verdict.index:
        return ""
    index = verdict.index[0] if len(verdict.index) == 1 else verdict.index
    return f" at index {index}"


def mismatch(label, where, verdict, answer, expected, agree):
    """The sentence for a wrong answer on one case. agree: (cases right, cases in all)."""
    expected_arr = np.asarray(expected)
    if verdict.reason == "nan" and answer.array.shape != expected_arr.shape and expected_arr.ndim:
        what = "nan" if answer.array.size == 1 else f"{describe(answer.raw)} with nan in it"
        return (
            f"{capital(label)} returned {what} on input ({where}); expected "
            f"{describe(expected)}. (nan means not a number.)"
        )
    if verdict.reason == "shape" or isinstance(expected, tuple):
        return (
            f"{capital(label)} returned {describe(answer.raw)} on input ({where}); "
            f"expected {describe(expected)}."
        )
    if verdict.reason == "bool":
        return (
            f"{capital(label)} returned {describe(answer.raw)} on input ({where}), a True/False; "
            f"expected {what_to_return(expected)}, {describe(expected)}."
        )
    g, e = numbers_that_differ(verdict.got, verdict.expected)
    if expected_arr.dtype == bool:
        g, e = str(bool(verdict.got)) if answer.is_bool else g, str(bool(verdict.expected))
    g = "nan (not a number)" if verdict.reason == "nan" else g
    shape = f" has the right shape {expected_arr.shape} but" if expected_arr.ndim else ""
    text = f"{capital(label)}{shape} is off on input ({where}){_at(verdict)}: got {g}, expected {e}"
    whole = is_whole(verdict.got) and is_whole(verdict.expected)
    if verdict.reason in ("value", "precision") and expected_arr.dtype != bool and not whole:
        text += (
            f" (a difference of {abs(verdict.got - verdict.expected):.2g}; "
            f"the check allows {verdict.allowed:.2g})"
        )
    if expected_arr.size > 1:
        n = verdict.wrong_entries
        text += f"; {n} of its {expected_arr.size} entries {'is' if n == 1 else 'are'} off"
    right, total = agree
    return text + "." + (f" It is right on {right} of the {total} cases." if right else "")


def default_hint(verdict, answer, expected):
    """A hint that names no mistake: what the difference itself says."""
    arr = np.asarray(expected)
    if verdict.reason == "shape":
        if arr.ndim == 0:
            return "Return one number: reduce to a single value (a 1-element array is fine too)."
        return f"Return {what_to_return(expected)}."
    if verdict.reason == "bool":
        return "A comparison such as a > b gives True/False: return the number itself."
    if verdict.reason == "nan":
        return (
            "nan comes from 0/0, inf - inf, a log or square root of a negative number, or the "
            "mean of an empty array: print the steps of your function on this input."
        )
    if verdict.reason == "precision":
        limit = " and nothing above 65504" if answer.dtype == "float16" else ""
        return (
            f"Your answer is {answer.dtype}, which keeps only a few significant digits{limit}. "
            f"Compute in float64, numpy's default: drop the conversion to {answer.dtype}."
        )
    return "Compare your formula with the one in the text, term by term."


def changed_input(label, where, name):
    return CheckResult(
        False,
        f"{capital(label)} gives the right answers, but it changes its input {name} in place "
        f"(on input ({where})).",
        "A function should leave its arguments as they were: the caller may still need them. "
        f"Work on a copy ({name} = {name}.copy()) or build new arrays ({name} - m, not "
        f"{name} -= m).",
    )
