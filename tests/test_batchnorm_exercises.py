"""Exercise checks of notebook 05: right answers pass in any form; what issue 13 found is named;
the course's helpers are refused. (Every known mistake: tests/test_exercises.py.)"""

import numpy as np

from helpers import (
    check_eval_shift,
    check_folded_bias,
    check_surviving_bias,
    eval_shift,
    fold_batchnorm,
)


def test_correct_answers_pass():
    assert check_folded_bias(
        lambda b, g, beta, m, v, eps: beta + g * (b - m) / np.sqrt(v + eps)
    ).passed
    assert check_folded_bias(
        lambda b, g, beta, m, v, eps: (g * b - g * m) * (v + eps) ** -0.5 + beta
    ).passed
    assert check_eval_shift(lambda d, g, v, eps: g * d / np.sqrt(v + eps)).passed
    assert check_surviving_bias(
        lambda b, k: (b.reshape(k, -1) - b.reshape(k, -1).mean(1, keepdims=True)).ravel()
    ).passed


def test_the_mistakes_from_issue_13_are_named():
    forgot_b = check_folded_bias(lambda b, g, beta, m, v, eps: beta - g * m / np.sqrt(v + eps))
    assert "You left out b" in forgot_b.hint
    interleaved = check_surviving_bias(
        lambda b, k: (b.reshape(-1, k) - b.reshape(-1, k).mean(0)).reshape(-1)
    )
    assert "Your groups interleave" in interleaved.hint


def test_the_course_helpers_are_refused():
    import torch

    def folded_by_the_course(b, g, beta, m, v, eps):
        layer, bn = torch.nn.Linear(1, len(b)).double(), torch.nn.BatchNorm1d(len(b), eps=eps)
        bn = bn.double().eval()
        with torch.no_grad():
            layer.bias.copy_(torch.tensor(b))
            bn.weight.copy_(torch.tensor(g))
            bn.bias.copy_(torch.tensor(beta))
            bn.running_mean.copy_(torch.tensor(m))
            bn.running_var.copy_(torch.tensor(v))
        return fold_batchnorm(layer, bn).bias.detach().numpy()

    result = check_folded_bias(folded_by_the_course)
    assert "calls the course's own `fold_batchnorm`" in result.message
    assert "course's own function" in check_eval_shift(eval_shift).message
