"""Reading what a learner's function returned, and comparing it with the expected answer.

`read_answer` turns a return value (number, bool, list, tuple, numpy array, torch tensor) into a
float64 array and remembers what it was: its kind (bool or number), its precision (float16 keeps
about 3 digits) and a short description. `compare` says whether it agrees with the expected value
and, when it does not, why: the shape, a bool where a number is expected, a nan, round-off of a
low-precision answer, or the values. `numbers_that_differ` writes two numbers with just enough
digits to see that they differ.
"""

import math
from dataclasses import dataclass

import numpy as np

# How close (relatively) a low-precision answer may come before its round-off is to blame: a few
# units of its precision (float16 keeps about 3 digits, bfloat16 2, float32 7).
_ROUND_OFF = {"float16": 4e-3, "bfloat16": 3e-2, "float32": 1e-4}


@dataclass(frozen=True)
class Answer:
    """A return value read as numbers. `problem` is empty when it could be read."""

    raw: object
    array: np.ndarray | None = None
    is_bool: bool = False
    dtype: str = "float64"
    problem: str = ""


def _tensor_to_numpy(value):
    value = value.detach().cpu()
    dtype = str(value.dtype).replace("torch.", "")
    if dtype == "bfloat16":  # numpy has no bfloat16
        value = value.double()
    return value.numpy(), dtype


def read_answer(value):
    """Read a return value as an `Answer`, never raising."""
    if value is None:
        return Answer(value, problem="None")
    if isinstance(value, (str, bytes, dict, set)) or callable(value):
        return Answer(value, problem="not numbers")
    dtype = None
    try:
        if hasattr(value, "detach") and hasattr(value, "numpy"):  # a torch tensor
            value_np, dtype = _tensor_to_numpy(value)
        else:
            value_np = np.asarray(value)
        if value_np.dtype == object:
            if any(isinstance(v, (str, bytes)) for v in value_np.flat):
                return Answer(value, problem="not numbers")
            value_np = value_np.astype(np.float64)
    except Exception:  # ragged lists, objects numpy cannot read
        return Answer(value, problem="not numbers")
    kind = value_np.dtype.kind
    if kind in "US" or kind not in "biuf":
        return Answer(value, problem="complex" if kind == "c" else "not numbers")
    return Answer(
        value,
        array=value_np.astype(np.float64),
        is_bool=kind == "b" or isinstance(value, bool),
        dtype=dtype or str(value_np.dtype),
    )


@dataclass(frozen=True)
class Verdict:
    """Whether an answer agrees with the expected value; if not, `reason` and the worst entry."""

    ok: bool
    reason: str = ""  # shape, bool, nan, precision, value
    index: tuple = ()
    got: float = 0.0
    expected: float = 0.0
    allowed: float = 0.0
    wrong_entries: int = 0


def _tolerances(answer, expected, rtol, atol):
    """float32 answers (PyTorch's default) may differ by their own round-off."""
    if answer.dtype == "float32":
        scale = float(np.max(np.abs(expected))) if expected.size else 0.0
        return max(rtol, 1e-5), max(atol, 1e-6 * scale)
    return rtol, atol


def compare(answer, expected, rtol=1e-6, atol=1e-9):
    """Compare an `Answer` (readable) with the expected value (anything numpy can read)."""
    with np.errstate(all="ignore"):  # inf - inf, 1e308 + 1e308: the learner's numbers, no warnings
        return _compare(answer, expected, rtol, atol)


def _compare(answer, expected, rtol, atol):
    expected_raw = expected
    expected = np.asarray(expected)
    expects_bool = expected.dtype == bool or isinstance(expected_raw, bool)
    expected = expected.astype(np.float64)
    got = answer.array
    if expected.ndim == 0 and got.size == 1:
        got = got.reshape(())  # [b] or a (1,) array where one number is expected: fine
    if got.shape != expected.shape:
        nan = bool(np.isnan(got).any() and not np.isnan(expected).any())
        return Verdict(False, "nan" if nan else "shape", got=np.nan if nan else 0.0)
    if answer.is_bool and not expects_bool:
        return Verdict(False, "bool")
    rtol, atol = _tolerances(answer, expected, rtol, atol)
    allowed = atol + rtol * np.abs(expected)
    both_nan = np.isnan(got) & np.isnan(expected)
    diff = np.where(both_nan | (got == expected), 0.0, np.abs(got - expected))  # inf == inf
    bad = ~(diff <= allowed)  # nan differences are bad
    if not bad.any():
        return Verdict(True)
    nan_got = np.isnan(got) & ~np.isnan(expected)
    pick = nan_got if nan_got.any() else bad
    score = np.where(pick, np.nan_to_num(diff / np.maximum(allowed, 1e-300), nan=np.inf), -1.0)
    index = np.unravel_index(int(np.argmax(score)), got.shape) if got.ndim else ()
    reason = "nan" if nan_got.any() else "value"
    band = _ROUND_OFF.get(answer.dtype)
    if reason == "value" and band:
        close = np.abs(got - expected) <= band * np.abs(expected)
        overflow = np.isinf(got) & (np.abs(expected) > 6e4) & (answer.dtype == "float16")
        reason = "precision" if np.all(close | overflow) else reason
    return Verdict(
        False,
        reason,
        tuple(int(i) for i in index),
        float(got[index]),
        float(expected[index]),
        float(allowed[index]),
        int(bad.sum()),
    )


def numbers_that_differ(got, expected):
    """The two numbers as text, with the same number of decimals and one digit more than it takes
    to see that they differ: "19.52680" and "19.52675"."""
    if is_whole(got) and is_whole(expected) and max(abs(got), abs(expected)) < 1e15:
        return f"{int(got)}", f"{int(expected)}"
    if not (math.isfinite(got) and math.isfinite(expected)):
        return f"{got:.6g}", f"{expected:.6g}"
    digits = next((d for d in range(4, 17) if f"{got:.{d}g}" != f"{expected:.{d}g}"), 16) + 1
    scale = max(abs(got), abs(expected))
    exponent = math.floor(math.log10(scale)) if scale else 0
    style, decimals = (
        ("f", max(digits - 1 - exponent, 0)) if -4 <= exponent < 6 else ("e", digits - 1)
    )
    pair = [f"{v:.{decimals}{style}}" for v in (got, expected)]
    while decimals > 0 and all(p.split("e")[0].endswith("0") for p in pair):
        decimals -= 1  # 2.5000 and 4.0000 say no more than 2.5 and 4.0
        pair = [f"{v:.{decimals}{style}}" for v in (got, expected)]
    return tuple(pair)


def is_whole(value):
    """True for integer-valued numbers (counts, shapes), where tolerances mean nothing."""
    return math.isfinite(value) and float(value).is_integer()
