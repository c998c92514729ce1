import numpy as np
import pytest

from helpers import CheckResult, check_add_ones_column, check_best_b, check_slope_through_origin


def best_b(x, y, w):
    return np.mean(y - w * x)


def test_a_correct_answer_passes_in_any_formulation():
    assert check_best_b(best_b).passed
    assert check_best_b(lambda x, y, w: (y - w * x).sum() / len(x)).passed
    assert check_slope_through_origin(lambda x, y: np.dot(x, y) / np.dot(x, x)).passed
    assert check_slope_through_origin(
        lambda x, y: np.linalg.lstsq(x[:, None], y, rcond=None)[0][0]
    ).passed
    assert check_add_ones_column(lambda x: np.c_[x, np.ones(len(x))]).passed
    assert check_add_ones_column(lambda x: np.stack([x, np.ones_like(x)], axis=1).tolist()).passed


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda x, y, w: np.mean(y), "Subtract w*x"),
        (lambda x, y, w: np.mean(w * x - y), "sign is flipped"),
        (lambda x, y, w: np.mean(y) - w, "mean of x"),
        (lambda x, y, w: np.sum(y - w * x), "divide by n"),
        (lambda x, y, w: np.median(y - w * x), "median"),
        (lambda x, y, w: 0.0, "term by term"),
    ],
)
def test_known_wrong_answers_get_their_own_hint(wrong, words):
    result = check_best_b(wrong)
    assert not result.passed
    assert words in result.hint


def test_slope_check_recognises_the_slope_with_a_bias():
    result = check_slope_through_origin(lambda x, y: np.polyfit(x, y, 1)[0])
    assert not result.passed and "*with* a bias" in result.hint


def test_ones_column_check_names_swapped_columns_and_rows():
    assert "swapped" in check_add_ones_column(lambda x: np.column_stack([np.ones_like(x), x])).hint
    assert "axis=1" in check_add_ones_column(lambda x: np.stack([x, np.ones_like(x)])).hint
    assert "shape" in check_add_ones_column(lambda x: x).message


@pytest.mark.parametrize(
    "handed_in, words",
    [
        (3, "Pass the function itself"),
        ("best_b", "Pass the function itself"),
        (..., "Define best_b first"),
        (lambda x, y, w: None, "return"),
        (lambda x, y, w: "seven", "Return a number"),
        (lambda x, y, w: 1 / 0, "ZeroDivisionError"),
        (lambda x: 0.0, "TypeError"),
    ],
)
def test_bad_input_fails_kindly_and_never_raises(handed_in, words):
    result = check_best_b(handed_in)
    assert isinstance(result, CheckResult) and not result.passed
    assert words in result.message + result.hint


def test_not_implemented_is_reported_as_not_written_yet():
    def stub(x, y, w):
        raise NotImplementedError

    assert "not written yet" in check_best_b(stub).message


def test_the_check_does_not_let_the_learner_mutate_its_cases():
    def mutating(x, y, w):
        answer = np.mean(y - w * x)
        x[:] = 0
        return answer

    assert check_best_b(mutating).passed and check_best_b(best_b).passed


def test_results_render_as_text_and_html():
    ok, bad = check_best_b(best_b), check_best_b(lambda x, y, w: np.mean(y))
    assert repr(ok).startswith("Correct!") and "Hint:" not in repr(ok)
    assert repr(bad).startswith("Not yet.") and "Hint:" in repr(bad)
    assert "&#10004;" in ok._repr_html_() and "&#10008;" in bad._repr_html_()
    assert "<script>" not in CheckResult(False, "<script>")._repr_html_()


def test_a_wrong_answer_of_the_right_shape_is_told_by_its_values():
    result = check_add_ones_column(lambda x: np.column_stack([np.ones_like(x), x]))
    assert "right shape (1, 2)" in result.message and "off by up to" in result.message
    assert "expected array of shape" not in result.message
