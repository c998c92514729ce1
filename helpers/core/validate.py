"""Input validation shared by every helper: wrong input fails early, naming the argument.

Each function raises TypeError (wrong kind of thing) or ValueError (right kind, wrong shape or
value) with a message that says which argument, what was expected and what was given.
"""

from numbers import Integral, Real

import numpy as np


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


def as_array(name, value, ndim=None, shape=None):
    """Return `value` as a float64 numpy array, checking its number of dimensions and its shape.

    `shape` may hold None for an axis of any length, e.g. shape=(None, 3).
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of numbers; got {_describe(value)}")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers; got {_describe(value)}") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array; got an array of shape {arr.shape}")
    if shape is not None:
        if arr.ndim != len(shape) or any(
            s is not None and s != a for s, a in zip(shape, arr.shape)
        ):
            want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name} must have shape {want}; got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(
            f"{name} must hold finite numbers; got {np.sum(~np.isfinite(arr))} NaN or inf value(s)"
        )
    return arr


def as_float(name, value):
    """Return `value` as a Python float; bools and non-numbers raise TypeError."""
    if isinstance(value, bool) or not isinstance(value, (Real, np.floating, np.integer)):
        if isinstance(value, np.ndarray) and value.size == 1:
            return as_float(name, value.item())
        raise TypeError(f"{name} must be a real number; got {_describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value}")
    return value


def as_int(name, value, minimum=None):
    """Return `value` as a Python int, at least `minimum` if given."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer; got {_describe(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    return int(value)


def as_range(name, value):
    """Return `value` as a (low, high) pair of floats with low < high."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name} must be a (low, high) pair; got {_describe(value)}")
    low, high = as_float(f"{name}[0]", value[0]), as_float(f"{name}[1]", value[1])
    if not low < high:
        raise ValueError(f"{name} must have low < high; got ({low}, {high})")
    return low, high


def same_length(name_a, a, name_b, b):
    """Raise ValueError unless the 1-D arrays a and b have the same length."""
    if len(a) != len(b):
        raise ValueError(
            f"{name_a} and {name_b} must have the same length; got {len(a)} and {len(b)}"
        )


def as_xy(x, y):
    """x and y as 1-D float arrays of the same length (the data of a line fit)."""
    x, y = as_array("x", x, ndim=1), as_array("y", y, ndim=1)
    same_length("x", x, "y", y)
    return x, y


def as_callable(name, value):
    """Return `value` if it can be called, else raise TypeError."""
    if not callable(value):
        raise TypeError(f"{name} must be a function; got {_describe(value)}")
    return value
