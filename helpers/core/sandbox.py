"""Calling a learner's function the way a check must: on copies of its arguments, with a time
limit, watching for calls to the course's own answer, and noticing when it changes its inputs.

The call runs in a worker thread so that the check can stop waiting after `limit` seconds; a
function still running then is asked to stop (an exception raised in its thread at its next Python
instruction). A profile hook in that thread records every call to a watched function, by its code
object, so an alias or a wrapper of the course's answer is seen as well as the answer itself.
"""

import copy
import ctypes
import inspect
import sys
import threading
import time
from dataclasses import dataclass, field

import numpy as np


class StoppedByCheck(Exception):
    """Raised inside a learner's function that ran past the time limit."""


@dataclass
class Call:
    """What one call did: its value or error, whether it ran out of time, which watched functions
    it called, and which of its arguments (by position) it changed."""

    value: object = None
    error: BaseException | None = None
    timed_out: bool = False
    seconds: float = 0.0
    called: list = field(default_factory=list)
    changed: list = field(default_factory=list)


def fresh_copy(value):
    """A copy the learner may do anything with: arrays, tensors, lists are copied; numbers and
    text are immutable and passed as they are."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (int, float, str, bool, type(None))):
        return value
    try:
        return copy.deepcopy(value)
    except Exception:  # something that cannot be copied: hand it over as it is
        return value


def same(a, b):
    """True when b still equals the untouched copy a (arrays and tensors by value, exactly)."""
    try:
        if hasattr(a, "detach") and hasattr(b, "detach"):
            a, b = a.detach().cpu().numpy(), b.detach().cpu().numpy()
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            return np.shape(a) == np.shape(b) and np.array_equal(a, b, equal_nan=True)
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        return bool(a == b)
    except Exception:
        return True  # cannot tell: do not accuse


def watch_list(functions):
    """{id(code object): function} for the functions to watch (builtins and classes have no code
    object to watch)."""
    found = {}
    for function in functions:
        try:
            found[id(inspect.unwrap(function).__code__)] = function
        except (AttributeError, ValueError):
            pass
    return found


def _stop(thread):
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread.ident), ctypes.py_object(StoppedByCheck)
    )


def call_learner(fn, case, *, limit, watch=None):
    """Call fn on copies of the arguments in `case`.

    limit: seconds to wait. watch: {id(code object): function} of functions the learner must not
    call (by identity: a copy of their code is the learner's own); the result lists them in
    `called`.
    """
    args = [fresh_copy(a) for a in case]
    untouched = [fresh_copy(a) for a in args]
    watch = watch or {}
    outcome = Call()

    def hook(frame, event, arg):
        if event == "call" and id(frame.f_code) in watch:
            outcome.called.append(watch[id(frame.f_code)])

    def run():
        sys.setprofile(hook if watch else None)
        try:
            outcome.value = fn(*args)
        except BaseException as exc:  # noqa: B036 - SystemExit in a learner's code is a bug too
            outcome.error = exc
        finally:
            sys.setprofile(None)

    worker = threading.Thread(target=run, name="learner-function", daemon=True)
    start = time.perf_counter()
    worker.start()
    try:
        worker.join(limit)
    except BaseException:  # the kernel was interrupted: stop the learner's code too
        _stop(worker)
        raise
    outcome.seconds = time.perf_counter() - start
    if worker.is_alive():
        _stop(worker)
        outcome.timed_out, outcome.value, outcome.error = True, None, None
        return outcome
    outcome.changed = [i for i, (a, b) in enumerate(zip(untouched, args)) if not same(a, b)]
    return outcome
