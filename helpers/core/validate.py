"""Input validation shared by every helper: wrong input fails early, naming the argument.

Each function raises TypeError (wrong kind of thing) or ValueError (right kind, wrong shape or
value) with a message that says which argument, what was expected and what was given. Arrays must
hold real, finite numbers and must not be empty unless a helper says otherwise: a complex number
would lose its imaginary part, and an empty batch would "show" a zero gradient.

Upper bounds. A request far beyond anything the course needs would run for minutes or fill the
memory with no sign of progress, so the helpers refuse it instead:
    MAX_STEPS                100,000  iterations of a training or descent loop
    MAX_DASHBOARD_STEPS        5,000  steps a dashboard reruns on every slider move
    MAX_ENTRIES           10,000,000  numbers in an array a helper creates (80 MB of float64)
    MAX_GRADIENT_ENTRIES      10,000  entries `numerical_gradient` perturbs (two calls of f each)

The torch checks (as_tensor, as_module, as_dtype, model_dtype) import torch only when called, so
a lesson without PyTorch never loads it.
"""

from numbers import Integral, Real

import numpy as np

MAX_STEPS = 100_000
MAX_DASHBOARD_STEPS = 5_000
MAX_ENTRIES = 10_000_000
MAX_GRADIENT_ENTRIES = 10_000
_BOUND = "a bound that keeps a notebook responsive"


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if hasattr(value, "detach") and hasattr(value, "dtype"):  # a torch tensor
        return f"a tensor of shape {tuple(value.shape)} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


def as_array(name, value, ndim=None, shape=None, finite=True, empty=False, bools=False):
    """Return `value` as a float64 numpy array, checking its number of dimensions and its shape.

    `shape` may hold None for an axis of any length, e.g. shape=(None, 3). Complex numbers, strings
    and (unless bools=True) True/False raise TypeError; NaN or inf (unless finite=False) and an
    empty array (unless empty=True) raise ValueError. A torch tensor is read as its values.
    """
    if type(value) is np.ndarray and value.dtype == np.float64:
        arr = value  # the common case, called thousands of times in a training loop: no conversion
    else:
        arr = _to_float64(name, value, bools)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array; got an array of shape {arr.shape}")
    if shape is not None:
        if arr.ndim != len(shape) or any(
            s is not None and s != a for s, a in zip(shape, arr.shape)
        ):
            want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name} must have shape {want}; got shape {arr.shape}")
    if not empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty; got an array of shape {arr.shape}")
    if finite and not np.isfinite(arr).all():
        raise ValueError(
            f"{name} must hold finite numbers; got {np.sum(~np.isfinite(arr))} NaN or inf value(s)"
        )
    return arr


def _to_float64(name, value, bools):
    """as_array's conversion of anything but a float64 array, with its type checks."""
    if hasattr(value, "detach") and hasattr(value, "numpy"):  # a torch tensor, even with grad
        value = value.detach().cpu().numpy()
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of numbers; got {_describe(value)}")
    try:
        raw = np.asarray(value)
        if raw.dtype.kind == "O":  # e.g. a list mixing numbers and None
            raw = raw.astype(np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers; got {_describe(value)}") from None
    if raw.dtype.kind == "c":
        raise TypeError(
            f"{name} must hold real numbers; got {_describe(raw)}: the imaginary part would be lost"
        )
    if raw.dtype.kind not in "biuf" or (raw.dtype.kind == "b" and not bools):
        raise TypeError(f"{name} must be an array of numbers; got {_describe(raw)}")
    return np.asarray(raw, dtype=np.float64)


def as_labels(name, value):
    """Binary class labels as a (n,) float array of 0s and 1s. A column (n, 1) is read as (n,);
    True/False count as 1/0."""
    y = as_array(name, value, bools=True)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"{name} must be labels of shape (n,) or (n, 1); got shape {y.shape}")
    others = np.unique(y[(y != 0) & (y != 1)])
    if others.size:
        hint = " (for labels -1 and +1, pass (y + 1) / 2)" if set(np.unique(y)) == {-1, 1} else ""
        raise ValueError(
            f"{name} must hold the class labels 0 and 1 only; got also {others[:3].tolist()}{hint}"
        )
    return y


def as_float(name, value, above=None, at_least=None):
    """Return `value` as a Python float; bools and non-numbers raise TypeError. `above` and
    `at_least` are optional lower bounds (value > above, value >= at_least)."""
    if isinstance(value, bool) or not isinstance(value, (Real, np.floating, np.integer)):
        if isinstance(value, np.ndarray) and value.size == 1:
            return as_float(name, value.item(), above, at_least)
        raise TypeError(f"{name} must be a real number; got {_describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value}")
    if above is not None and not value > above:
        raise ValueError(f"{name} must be > {above:g}; got {value:g}")
    if at_least is not None and not value >= at_least:
        raise ValueError(f"{name} must be >= {at_least:g}; got {value:g}")
    return value


def as_int(name, value, minimum=None, maximum=None):
    """Return `value` as a Python int, at least `minimum` and at most `maximum` if given."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer; got {_describe(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}, {_BOUND}; got {value:,}")
    return int(value)


def check_size(what, count, maximum=MAX_ENTRIES):
    """Raise ValueError if a request would create more than `maximum` numbers."""
    if count > maximum:
        raise ValueError(f"{what} would hold {count:,} numbers; at most {maximum:,}, {_BOUND}")


def as_bool(name, value):
    """Return `value` if it is True or False (a string such as "False" is not)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {_describe(value)}")
    return bool(value)


def as_choice(name, value, options, expected=None):
    """Return `value` if it is one of `options`, else ValueError listing them (or saying
    `expected`, e.g. "'mean' or 'sum'")."""
    try:
        known = bool(value in options)
    except (TypeError, ValueError):  # unhashable (a list), or an array compared elementwise
        known = False
    if not known:
        expected = expected or f"one of {sorted(options, key=repr)}"
        raise ValueError(f"{name} must be {expected}; got {repr(value)[:80]}")
    return value


def as_range(name, value):
    """Return `value` as a (low, high) pair of floats with low < high."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name} must be a (low, high) pair; got {_describe(value)}")
    low, high = as_float(f"{name}[0]", value[0]), as_float(f"{name}[1]", value[1])
    if not low < high:
        raise ValueError(f"{name} must have low < high; got ({low}, {high})")
    return low, high


def as_sizes(name, value):
    """Layer sizes such as (2, 16, 1): a tuple of at least two integers >= 1."""
    if not isinstance(value, (tuple, list)):
        raise TypeError(
            f"{name} must be a tuple of layer sizes such as (2, 16, 1); got {_describe(value)}"
        )
    sizes = tuple(as_int(f"{name}[{j}]", s, minimum=1) for j, s in enumerate(value))
    if len(sizes) < 2:
        raise ValueError(f"{name} must list at least an input and an output size; got {sizes}")
    return sizes


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


def as_grid(name, value):
    """A 1-D grid of at least 2 points in increasing order, as a float array (a plot's x axis runs
    from its first to its last point)."""
    grid = as_array(name, value, ndim=1)
    if len(grid) < 2 or not np.all(np.diff(grid) > 0):
        raise ValueError(
            f"{name} must hold at least 2 points in increasing order, such as np.linspace(-3, 3, "
            f"100); got {len(grid)} point(s) from {grid[0]:g} to {grid[-1]:g}"
        )
    return grid


def as_text(name, value):
    """Return `value` if it is a string (a label, a title)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string; got {_describe(value)}")
    return value


def as_callable(name, value):
    """Return `value` if it can be called, else raise TypeError."""
    if not callable(value):
        raise TypeError(f"{name} must be a function; got {_describe(value)}")
    return value


def as_axes(name, value):
    """Return `value` if it is a matplotlib Axes (what a plot draws on), else raise TypeError."""
    from matplotlib.axes import Axes

    if not isinstance(value, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes; got {_describe(value)}")
    return value


# ---- torch-side checks: torch is imported only when one of these is called -----------------------


def as_tensor(name, value, ndim=None, shape=None, dtype=None):
    """Return `value` if it is a non-empty torch tensor of finite real floating-point numbers, with
    `ndim` dimensions, `shape` (None for any length) and `dtype` if given (e.g. the model's)."""
    import torch

    if not isinstance(value, torch.Tensor):
        hint = " (torch.as_tensor makes one)" if isinstance(value, (np.ndarray, list)) else ""
        raise TypeError(f"{name} must be a torch tensor; got {_describe(value)}{hint}")
    if not value.is_floating_point():
        raise TypeError(f"{name} must hold real floating-point numbers; got dtype {value.dtype}")
    got = tuple(value.shape)
    if ndim is not None and value.dim() != ndim:
        raise ValueError(f"{name} must be a {ndim}-D tensor; got a tensor of shape {got}")
    if shape is not None and (
        len(shape) != len(got) or any(s is not None and s != g for s, g in zip(shape, got))
    ):
        want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
        raise ValueError(f"{name} must have shape {want}; got shape {got}")
    if value.numel() == 0:
        raise ValueError(f"{name} must not be empty; got a tensor of shape {got}")
    if dtype is not None and value.dtype != dtype:
        raise TypeError(
            f"{name} must have the model's dtype {dtype}; got {value.dtype} "
            f"(convert with .to({dtype}))"
        )
    if not torch.isfinite(value).all():
        bad = int((~torch.isfinite(value)).sum())
        raise ValueError(f"{name} must hold finite numbers; got {bad} NaN or inf value(s)")
    return value


def as_module(name, value, kinds=None):
    """Return `value` if it is a torch module of one of `kinds` (default: any nn.Module)."""
    import torch.nn as nn

    kinds = kinds or (nn.Module,)
    if not isinstance(value, kinds):
        expected = " or ".join(k.__name__ for k in kinds)
        raise TypeError(f"{name} must be a torch.nn.{expected}; got {_describe(value)}")
    return value


def as_dtype(name, value):
    """Return `value` if it is a floating-point torch dtype, such as torch.float64."""
    import torch

    if not isinstance(value, torch.dtype) or not value.is_floating_point:
        raise TypeError(f"{name} must be a floating-point torch dtype; got {_describe(value)}")
    return value


def model_dtype(model):
    """The dtype of a module's first floating-point parameter, or None if it has none."""
    return next((p.dtype for p in model.parameters() if p.is_floating_point()), None)
