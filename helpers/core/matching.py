"""Does a known mistake explain what the learner's function did? Only if it does on every case.

`explains` compares answers, case by case; `explains_run` compares whole calls, where an error
raised by the learner must be raised, with the same type, by the mistake too. A function that
returns several parts makes one mistake in one part: `making` builds that whole function.
"""

from helpers.core.answers import compare, read_answer
from helpers.core.sandbox import fresh_copy


def close(answer, wrong, rtol, atol):
    """True when the learner's `Answer` agrees with the mistake's value."""
    return not answer.problem and wrong is not None and compare(answer, wrong, rtol, atol).ok


def _run(compute, case):
    try:
        return compute(*[fresh_copy(a) for a in case]), None
    except Exception as exc:  # a mistake that cannot happen on this case
        return None, exc


def explains(compute, cases, answers, rtol, atol):
    """True when compute(*case) gives exactly the learner's answer on every case."""
    for case, answer in zip(cases, answers):
        wrong, error = _run(compute, case)
        if error is not None or not close(answer, wrong, rtol, atol):
            return False
    return True


def explains_run(compute, cases, outcomes, several, rtol, atol):
    """True when compute raises where the learner's calls (sandbox `Call`s) raised, with the same
    type, and gives their values elsewhere; several: the values are tuples of parts."""
    for case, outcome in zip(cases, outcomes):
        wrong, error = _run(compute, case)
        if error is not None or outcome.error is not None:
            if error is None or outcome.error is None or type(error) is not type(outcome.error):
                return False
            continue
        pairs = [(outcome.value, wrong)]
        if several:
            value = outcome.value
            if not isinstance(value, (tuple, list)) or len(value) != len(wrong):
                return False
            pairs = zip(value, wrong)
        if not all(close(read_answer(v), w, rtol, atol) for v, w in pairs):
            return False
    return True


def making(parts, k, mistake):
    """The whole function that makes `mistake` in part k and gets every other part right."""

    def learner(*case):
        return tuple(
            mistake.compute(*case) if i == k else p.reference(*case) for i, p in enumerate(parts)
        )

    return learner
