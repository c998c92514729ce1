"""helpers.core.training: the one training loop of notebooks 03, 05 and 07, against closed forms."""

import numpy as np
import pytest
import torch
from torch import nn

from helpers import models_with_and_without_bias, toy_regression, train


def test_the_pair_of_models_trains_identically_under_sgd_and_the_bias_decays_with_weight_decay():
    x, y = toy_regression(n=64, seed=1)
    a, b = models_with_and_without_bias(seed=2, width=8)
    assert a[0].bias is not None and b[0].bias is None
    torch.testing.assert_close(a[0].weight, b[0].weight)
    run_a = train(a, x, y, optimizer="sgd", steps=30, lr=0.05, record=["0.bias"])
    run_b = train(b, x, y, optimizer="sgd", steps=30, lr=0.05)
    la, lb, ba = run_a["loss"], run_b["loss"], run_a["0.bias"]
    assert (
        set(run_b) == {"loss"}
        and ba.shape == (31, 8)
        and la.shape == (30,)
        and la.dtype == np.float64
    )
    assert np.abs(la - lb).max() < 1e-12 and la[-1] < la[0]
    c, _ = models_with_and_without_bias(seed=2, width=8)
    b0 = c[0].bias.detach().clone()
    bc = train(c, x, y, optimizer="sgd", steps=30, lr=0.05, weight_decay=0.1, record=["0.bias"])[
        "0.bias"
    ]
    torch.testing.assert_close(bc[0], b0)
    torch.testing.assert_close(bc[-1], b0 * (1 - 0.05 * 0.1) ** 30)
    with pytest.raises(ValueError, match="optimizer must be one of"):
        train(c, x, y, optimizer="rmsprop")
    with pytest.raises(ValueError, match="record must name parameters"):
        train(c, x, y, record=["no.such.bias"])


def test_training_a_linear_layer_fits_a_line_and_reports_falling_losses():
    torch.manual_seed(0)
    x = torch.linspace(-1, 1, 30).unsqueeze(1)
    layer = nn.Linear(1, 1)
    losses = train(layer, x, 2 * x + 3, optimizer="sgd", steps=300, lr=0.1)["loss"]
    assert losses.shape == (300,) and losses[-1] < 1e-8 < losses[0]
    assert layer.bias.item() == pytest.approx(3, abs=1e-4)


def test_train_refuses_what_is_not_a_model():
    with pytest.raises(TypeError, match="model must be a torch.nn.Module; got str"):
        train("model", torch.zeros(2, 1), torch.zeros(2, 1))
