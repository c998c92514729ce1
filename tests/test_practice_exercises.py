"""Exercise checks of notebook 07: right answers pass in any form; a legitimate choice is not called
a mistake; the course's helpers are refused. (Every known mistake: tests/test_exercises.py.)"""

import numpy as np
import torch

from helpers import (
    check_change_ratio,
    check_prior_bias,
    check_should_decay,
    prior_output_bias,
    relative_change,
)


def test_right_answers_pass_in_several_forms():
    assert check_prior_bias(lambda y: np.log(np.mean(y) / (1 - np.mean(y)))).passed
    assert check_prior_bias(lambda y: torch.logit(torch.tensor(np.mean(y))).item()).passed
    assert check_prior_bias(lambda y: np.log(np.sum(y) / np.sum(1 - y))).passed
    assert check_should_decay(lambda name, p: p.ndim >= 2).passed
    assert check_should_decay(lambda name, p: p.dim() > 1).passed
    assert check_change_ratio(lambda b, a: np.linalg.norm(a - b) / np.linalg.norm(b)).passed
    assert check_change_ratio(
        lambda b, a: torch.as_tensor(a - b).norm() / torch.as_tensor(b).norm()
    ).passed


def test_a_mingpt_style_choice_is_not_told_reversed():
    result = check_should_decay(lambda name, p: p.ndim >= 2 and not name.startswith("embed"))
    assert not result.passed and "minGPT" in result.hint and "Reversed" not in result.hint
    assert "embed.weight" in result.message


def test_a_true_false_answer_that_no_mistake_explains_is_described_honestly():
    # off on biases and on the LayerNorm only: no known mistake gives exactly these answers
    result = check_should_decay(lambda name, p: not name.startswith("ln") and name != "fc.bias")
    assert "conv.bias" in result.message and "got True, expected False" in result.message
    assert result.hint == "Compare your formula with the one in the text, term by term."


def test_one_number_may_come_as_a_one_element_array():
    assert check_change_ratio(
        lambda b, a: np.linalg.norm((a - b).reshape(1, -1), axis=1) / np.linalg.norm(b)
    ).passed
    assert check_prior_bias(lambda y: np.log(np.mean(y, keepdims=True) / (1 - np.mean(y)))).passed


def test_the_course_helpers_are_refused():
    result = check_prior_bias(lambda y: prior_output_bias(y, "binary"))
    assert "calls the course's own `prior_output_bias`" in result.message
    assert "course's own function" in check_change_ratio(relative_change).message
