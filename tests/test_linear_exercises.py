"""Notebook 03's exercise checks: right answers pass in any form; what issue 13 found is named."""

import numpy as np
import torch
from torch import nn

import helpers
from helpers import check_count_mlp_parameters, check_linear_forward, check_linear_output_shape
from helpers.linear.logic import linear_forward


def test_right_answers_pass_in_any_form():
    assert check_count_mlp_parameters(
        lambda s, bias=True: sum(a * b + b * bias for a, b in zip(s, s[1:]))
    ).passed
    assert check_count_mlp_parameters(
        lambda s, bias: sum(
            p.numel()
            for a, b in zip(s, s[1:])
            for p in nn.Linear(a, b, bias=bias, device="meta").parameters()
        )
    ).passed
    assert check_linear_output_shape(lambda s, out: (*s[:-1], out)).passed
    assert check_linear_output_shape(lambda s, out: [*s[:-1], out]).passed
    assert check_linear_output_shape(
        lambda s, out: nn.Linear(s[-1], out)(torch.zeros(s)).shape
    ).passed
    assert check_linear_forward(lambda x, W, b: np.einsum("ni,oi->no", x, W) + b).passed
    assert check_linear_forward(
        lambda x, W, b: nn.functional.linear(torch.tensor(x), torch.tensor(W), torch.tensor(b))
    ).passed


def test_counting_the_first_layer_only_is_not_called_weights_only():
    result = check_count_mlp_parameters(lambda s, bias: s[0] * s[1] + s[1] * bias)
    assert "first layer only" in result.hint and "weights only" not in result.hint


def test_a_tuple_is_shown_as_a_tuple():
    result = check_linear_output_shape(lambda s, out: (s[0], out))
    assert "returned the tuple (2, 5)" in result.message
    assert "expected the tuple (2, 7, 5)" in result.message
    assert "array of shape" not in result.message


def test_a_missing_comma_gets_a_tuple_hint():
    result = check_linear_output_shape(lambda s, out: s[:-1] + (out))
    assert "raised TypeError" in result.message and "(out_features,)" in result.hint


def test_the_course_forward_pass_is_not_offered_in_03_and_not_accepted():
    groups = {name: notebook for notebook, _, names in helpers._PUBLIC for name in names.split()}
    assert groups["linear_forward"].startswith("04")
    assert "course's own function" in check_linear_forward(linear_forward).message
    result = check_linear_forward(lambda x, W, b: helpers.linear_forward(x, W, b))
    assert "calls the course's own `linear_forward`" in result.message
