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


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------

BAD_ARRAYS = [
    (None, TypeError, "x must be an array of numbers; got NoneType None"),
    ("1, 2", TypeError, "x must be an array of numbers; got str"),
    (["1", "2"], TypeError, r"x must be an array of numbers; got an array of shape \(2,\)"),
    ([1 + 2j, 3], TypeError, "x must hold real numbers; .*imaginary part would be lost"),
    ([True, False], TypeError, "x must be an array of numbers; got .*dtype bool"),
    ([], ValueError, r"x must not be empty; got an array of shape \(0,\)"),
    (np.zeros((3, 0)), ValueError, r"x must not be empty; got an array of shape \(3, 0\)"),
    ([1.0, np.inf], ValueError, "x must hold finite numbers; got 1 NaN or inf"),
    ([1, None], ValueError, "x must hold finite numbers"),
]


@pytest.mark.parametrize("bad, error, message", BAD_ARRAYS)
def test_as_array_rejects_what_would_give_a_silent_wrong_answer(bad, error, message):
    with pytest.raises(error, match=message):
        v.as_array("x", bad)


def test_as_array_options_and_tensors():
    torch = pytest.importorskip("torch")
    assert v.as_array("x", [], empty=True).shape == (0,)
    assert np.isnan(v.as_array("x", [np.nan], finite=False)[0])
    assert v.as_array("x", [True, False], bools=True).tolist() == [1.0, 0.0]
    t = torch.ones(2, requires_grad=True)
    assert v.as_array("x", t).tolist() == [1.0, 1.0]


@pytest.mark.parametrize(
    "bad, error, message",
    [
        ([0, 1, 2], ValueError, r"y must hold the class labels 0 and 1 only; got also \[2.0\]"),
        (
            [-1, 1, 1],
            ValueError,
            r"got also \[-1.0\] \(for labels -1 and \+1, pass \(y \+ 1\) / 2\)",
        ),
        (np.zeros((3, 2)), ValueError, r"y must be labels of shape \(n,\) or \(n, 1\)"),
        ("01", TypeError, "y must be an array of numbers"),
        ([], ValueError, "y must not be empty"),
    ],
)
def test_as_labels_rejects_anything_but_zeros_and_ones(bad, error, message):
    with pytest.raises(error, match=message):
        v.as_labels("y", bad)


def test_as_labels_reads_a_column_and_bools():
    assert v.as_labels("y", [[0], [1], [1]]).tolist() == [0.0, 1.0, 1.0]
    assert v.as_labels("y", np.array([True, False])).tolist() == [1.0, 0.0]


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: v.as_float("lr", 1 + 1j), TypeError, r"lr must be a real number; got complex"),
        (lambda: v.as_float("lr", None), TypeError, "lr must be a real number; got NoneType"),
        (lambda: v.as_float("lr", "0.1"), TypeError, "lr must be a real number; got str"),
        (lambda: v.as_float("lr", float("nan")), ValueError, "lr must be a finite number; got nan"),
        (lambda: v.as_float("lr", 0, above=0), ValueError, "lr must be > 0; got 0"),
        (lambda: v.as_float("decay", -1, at_least=0), ValueError, "decay must be >= 0; got -1"),
        (
            lambda: v.as_int("steps", 10**6, maximum=v.MAX_STEPS),
            ValueError,
            "steps must be at most 100,000, a bound that keeps a notebook responsive; got 1,000,0",
        ),
        (lambda: v.as_int("n", np.float64(3)), TypeError, "n must be an integer"),
        (
            lambda: v.check_size("w_values, b_values and x", 10**9),
            ValueError,
            "w_values, b_values and x would hold 1,000,000,000 numbers; at most 10,000,000",
        ),
        (lambda: v.as_bool("bias", "False"), TypeError, "bias must be True or False; got str"),
        (lambda: v.as_bool("bias", 1), TypeError, "bias must be True or False; got int 1"),
        (
            lambda: v.as_choice("loss", ["mse"], {"mse": 1}),
            ValueError,
            r"loss must be one of \['mse'\]; got \['mse'\]",
        ),
        (lambda: v.as_range("r", (0, float("nan"))), ValueError, r"r\[1\] must be a finite"),
        (lambda: v.as_range("r", 3), TypeError, r"r must be a \(low, high\) pair"),
        (lambda: v.as_sizes("sizes", 5), TypeError, "sizes must be a tuple of layer sizes"),
        (lambda: v.as_sizes("sizes", (4,)), ValueError, "sizes must list at least an input"),
        (lambda: v.as_sizes("sizes", (4, 0)), ValueError, r"sizes\[1\] must be at least 1"),
        (lambda: v.as_axes("ax", None), TypeError, "ax must be a matplotlib Axes; got NoneType"),
    ],
)
def test_scalar_checks_name_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_torch_side_checks():
    torch = pytest.importorskip("torch")
    x = torch.zeros(4, 2)
    assert v.as_tensor("x", x, ndim=2, shape=(None, 2), dtype=torch.float32) is x
    bad = [
        (np.zeros((4, 2)), TypeError, r"x must be a torch tensor; got an array .*torch.as_tensor"),
        (torch.zeros(4, 2, dtype=torch.complex64), TypeError, "x must hold real floating-point"),
        (torch.zeros(4, 2, dtype=torch.int64), TypeError, "x must hold real floating-point"),
        (torch.zeros(0, 2), ValueError, r"x must not be empty; got a tensor of shape \(0, 2\)"),
        (torch.zeros(4, 3), ValueError, r"x must have shape \(any, 2\); got shape \(4, 3\)"),
        (torch.zeros(4), ValueError, r"x must be a 2-D tensor; got a tensor of shape \(4,\)"),
        (
            torch.zeros(4, 2, dtype=torch.float64),
            TypeError,
            r"x must have the model's dtype torch.float32; got torch.float64 \(convert with",
        ),
        (torch.full((4, 2), float("nan")), ValueError, "x must hold finite numbers; got 8 NaN"),
    ]
    for value, error, message in bad:
        with pytest.raises(error, match=message):
            v.as_tensor("x", value, ndim=2, shape=(None, 2), dtype=torch.float32)
    with pytest.raises(TypeError, match=r"layer must be a torch.nn.Linear; got ReLU"):
        v.as_module("layer", torch.nn.ReLU(), (torch.nn.Linear,))
    with pytest.raises(TypeError, match="dtype must be a floating-point torch dtype"):
        v.as_dtype("dtype", torch.int64)
    assert v.model_dtype(torch.nn.Linear(2, 2).double()) == torch.float64
    assert v.model_dtype(torch.nn.ReLU()) is None


def test_choices_grids_and_text():
    with pytest.raises(ValueError, match=r"kind must be 'a' or 'b'; got array\(\[1., 2.\]\)"):
        v.as_choice("kind", np.array([1.0, 2.0]), ("a", "b"), "'a' or 'b'")
    assert v.as_choice("norm", None, (None, "batch")) is None
    with pytest.raises(ValueError, match="x_grid must hold at least 2 points in increasing order"):
        v.as_grid("x_grid", np.linspace(3, -3, 5))
    with pytest.raises(ValueError, match=r"x_grid must hold at least 2 points .*got 3 point\(s\)"):
        v.as_grid("x_grid", np.ones(3))
    with pytest.raises(TypeError, match="xlabel must be a string; got int 3"):
        v.as_text("xlabel", 3)


def test_as_array_checks_a_float64_array_as_any_other_input():
    # a float64 array skips the conversion (the fast path of training loops), not the checks
    arr = np.array([[1.0, 2.0]])
    assert v.as_array("x", arr) is arr
    for bad, shape, message in [
        (np.array([1.0, np.inf]), None, "finite"),
        (np.zeros((0,)), None, "empty"),
        (np.zeros((2, 3)), (2, 2), "shape"),
    ]:
        with pytest.raises(ValueError, match=message):
            v.as_array("x", bad, shape=shape)
    assert v.as_array("x", np.array([1.0], dtype=np.float32)).dtype == np.float64
