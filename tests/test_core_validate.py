import numpy as np
import pytest

from helpers.core import validate as v


def test_as_array_accepts_lists_and_returns_float64():
    arr = v.as_array("x", [1, 2, 3], ndim=1)
    assert arr.dtype == np.float64 and arr.shape == (3,)


@pytest.mark.parametrize("bad", ["abc", None, {"a": 1}, [[1, 2], [3]]])
def test_as_array_rejects_non_numbers_with_typeerror_naming_the_argument(bad):
    with pytest.raises(TypeError, match=r"^x must be an array of numbers; got"):
        v.as_array("x", bad)


def test_as_array_names_expected_and_given_shape():
    with pytest.raises(ValueError, match=r"weight must have shape \(any, 3\); got shape \(2, 4\)"):
        v.as_array("weight", np.zeros((2, 4)), shape=(None, 3))
    with pytest.raises(ValueError, match=r"x must be a 1-D array; got an array of shape \(2, 2\)"):
        v.as_array("x", np.zeros((2, 2)), ndim=1)


def test_as_array_rejects_nan():
    with pytest.raises(ValueError, match="x must hold finite numbers"):
        v.as_array("x", [1.0, np.nan])


def test_scalars_ints_and_ranges():
    assert v.as_float("w", np.float32(2.5)) == 2.5
    with pytest.raises(TypeError, match="w must be a real number; got bool True"):
        v.as_float("w", True)
    with pytest.raises(TypeError, match="n must be an integer; got float 2.0"):
        v.as_int("n", 2.0)
    with pytest.raises(ValueError, match="n must be at least 2; got 1"):
        v.as_int("n", 1, minimum=2)
    with pytest.raises(ValueError, match=r"x_range must have low < high; got \(3.0, 1.0\)"):
        v.as_range("x_range", (3, 1))
    with pytest.raises(TypeError, match="fn must be a function"):
        v.as_callable("fn", 3)
