"""helpers.core.answers: reading a learner's return value and comparing it with the answer."""

import numpy as np
import pytest
import torch

from helpers.core.answers import compare, numbers_that_differ, read_answer


@pytest.mark.parametrize(
    "value, shape, is_bool, dtype",
    [
        (2.5, (), False, "float64"),
        ([1, 2], (2,), False, "int64"),
        ((2, 7, 5), (3,), False, "int64"),
        (np.float16(0.5), (), False, "float16"),
        (torch.ones(3, dtype=torch.float32, requires_grad=True), (3,), False, "float32"),
        (torch.ones(2, dtype=torch.bfloat16), (2,), False, "bfloat16"),
        (True, (), True, "bool"),
        (np.array([True, False]), (2,), True, "bool"),
        (torch.tensor([True]), (1,), True, "bool"),
        ([torch.tensor(1.0), torch.tensor(2.0)], (2,), False, "float32"),
    ],
)
def test_numbers_are_read_in_any_form(value, shape, is_bool, dtype):
    answer = read_answer(value)
    assert not answer.problem and answer.array.shape == shape
    assert answer.is_bool == is_bool and answer.dtype == dtype


@pytest.mark.parametrize(
    "value, problem",
    [
        (None, "None"),
        ("0.5", "not numbers"),
        (["1", "2"], "not numbers"),
        ({"b": 1}, "not numbers"),
        ([[1, 2], [3]], "not numbers"),
        (len, "not numbers"),
        (object(), "not numbers"),
        (2j, "complex"),
        (np.array([1 + 1j]), "complex"),
    ],
)
def test_what_is_not_numbers_is_said_so(value, problem):
    assert read_answer(value).problem == problem


def test_one_element_is_one_number_but_only_where_one_number_is_expected():
    assert compare(read_answer(np.array([3.0])), 3.0).ok  # lstsq, [b], a (n, 1) input
    assert compare(read_answer([[3.0]]), np.float64(3.0)).ok
    assert compare(read_answer(3.0), np.array([3.0])).reason == "shape"
    assert compare(read_answer(np.array([3.0, 3.0])), 3.0).reason == "shape"


def test_bools_are_numbers_only_where_bools_are_expected():
    assert compare(read_answer(True), 1.0).reason == "bool"
    assert compare(read_answer(np.array([True, False])), np.array([1.0, 0.0])).reason == "bool"
    assert compare(read_answer(np.array([True, False])), np.array([True, False])).ok
    assert compare(read_answer(np.array([1, 0])), np.array([True, False])).ok
    assert compare(read_answer(True), True).ok


def test_nan_float16_and_float32_are_told_apart_from_wrong_values():
    verdict = compare(read_answer(np.array([1.0, np.nan])), np.array([1.0, 2.0]))
    assert verdict.reason == "nan" and verdict.index == (1,)
    assert compare(read_answer(np.float16(19.52675)), 19.52675).reason == "precision"
    with np.errstate(over="ignore"):
        overflowed = np.float16(1e5)  # inf: float16 ends at 65504
    assert compare(read_answer(overflowed), 1e5).reason == "precision"
    assert compare(read_answer(np.float16(21.0)), 19.52675).reason == "value"
    assert compare(read_answer(np.float32(19.52675)), 19.52675).ok  # PyTorch's default: fine
    assert compare(read_answer(np.float32(np.pi)), np.pi).ok
    assert compare(read_answer(19.5268), 19.52675).reason == "value"


def test_extreme_numbers_are_compared_without_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert compare(read_answer(np.array([1e308, -np.inf])), np.array([-1e308, 1.0])).reason
        assert compare(read_answer(np.inf), np.inf).ok


def test_a_verdict_points_at_the_worst_entry_and_says_what_is_allowed():
    verdict = compare(read_answer(np.array([1.0, 2.5, 3.1])), np.array([1.0, 2.0, 3.0]))
    assert verdict.index == (1,) and verdict.got == 2.5 and verdict.expected == 2.0
    assert verdict.wrong_entries == 2 and verdict.allowed == pytest.approx(1e-9 + 2e-6)


def test_two_numbers_get_the_digits_that_tell_them_apart():
    assert numbers_that_differ(19.5268, 19.52675) == ("19.52680", "19.52675")
    assert numbers_that_differ(19.52995, 19.53) == ("19.52995", "19.53000")
    assert numbers_that_differ(21.56, 19.53) == ("21.56", "19.53")
    assert numbers_that_differ(2.5, 4.0) == ("2.5", "4.0")
    assert numbers_that_differ(1.5e-7, 1.4e-7) == ("1.5e-07", "1.4e-07")
    assert numbers_that_differ(0.1 + 0.2, 0.3) == ("0.30000000000000004", "0.29999999999999999")
    assert numbers_that_differ(352.0, 385) == ("352", "385")
