"""helpers.core.training: the one training loop of notebooks 03, 05 and 07, against closed forms."""

import numpy as np
import pytest
import torch
from torch import nn

from helpers import models_with_and_without_bias, split_parameters, toy_regression, train


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


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------


def _data(n=16, dtype=torch.float32):
    g = torch.Generator().manual_seed(0)
    return torch.randn(n, 3, generator=g, dtype=dtype), torch.randn(n, 1, generator=g, dtype=dtype)


X, Y = _data()
TRAIN_BAD = [
    (
        dict(y=Y[:, 0]),
        ValueError,
        r"y must have the shape of model\(x\), \(16, 1\); got shape \(16,\): the loss would "
        r"broadcast to \(16, 16\)",
    ),
    (
        dict(y=Y[:8]),
        ValueError,
        r"y must have the shape of model\(x\), \(16, 1\); got shape \(8, 1\)",
    ),
    (
        dict(x=X.double()),
        TypeError,
        "x must have the model's dtype torch.float32; got torch.float64",
    ),
    (
        dict(y=Y.double()),
        TypeError,
        "y must have the model's dtype torch.float32; got torch.float64",
    ),
    (dict(x=X.numpy()), TypeError, "x must be a torch tensor; got an array of shape"),
    (dict(x=X[:0], y=Y[:0]), ValueError, r"x must not be empty; got a tensor of shape \(0, 3\)"),
    (dict(x=X.to(torch.complex64)), TypeError, "x must hold real floating-point numbers"),
    (dict(y=Y * float("nan")), ValueError, "y must hold finite numbers"),
    (
        dict(y=torch.sign(Y), loss="bce"),
        ValueError,
        r"y must hold targets between 0 and 1 for loss='bce'; got values from -1 to 1",
    ),
    (dict(steps=10**6), ValueError, "steps must be at most 100,000"),
    (dict(steps=0), ValueError, "steps must be at least 1"),
    (dict(steps=2.5), TypeError, "steps must be an integer"),
    (dict(lr=0.0), ValueError, "lr must be > 0; got 0"),
    (dict(lr=-0.1), ValueError, "lr must be > 0"),
    (dict(lr="0.1"), TypeError, "lr must be a real number"),
    (dict(weight_decay=-1.0), ValueError, "weight_decay must be >= 0"),
    (dict(loss=["mse"]), ValueError, r"loss must be one of \['bce', 'mse'\]"),
    (dict(track="yes"), TypeError, "track must be True or False"),
    (dict(record="0.bias"), TypeError, "record must be a list of parameter names"),
    (dict(groups="all"), TypeError, "groups must be a non-empty list of dicts with 'params'"),
    (dict(model=None), TypeError, "model must be a torch.nn.Module; got NoneType"),
]


@pytest.mark.parametrize("change, error, message", TRAIN_BAD)
def test_train_rejects_bad_input_before_training(change, error, message):
    model = nn.Linear(3, 1)
    before = [p.detach().clone() for p in model.parameters()]
    args = dict(model=model, x=X, y=Y, steps=3) | change
    with pytest.raises(error, match=message):
        train(**args)
    assert all(torch.equal(p, p0) for p, p0 in zip(model.parameters(), before))


def test_train_checks_an_n_by_1_output_against_n_targets_even_for_bce():
    with pytest.raises(ValueError, match=r"y must have the shape of model\(x\), \(16, 1\)"):
        train(nn.Linear(3, 1), X, (Y[:, 0] > 0).float(), loss="bce", steps=2)


def test_split_parameters_of_a_model_without_biases_and_of_no_model():
    weights, biases = split_parameters(nn.Linear(3, 2, bias=False))
    assert weights.shape == (6,) and biases.shape == (0,)
    with pytest.raises(TypeError, match="model must be a torch.nn.Module; got list"):
        split_parameters([1, 2])


def test_an_input_that_does_not_fit_the_model_is_named():
    with pytest.raises(ValueError, match=r"x of shape \(16, 2\) does not fit the model: mat1"):
        train(nn.Linear(3, 1), X[:, :2], Y, steps=2)
    with pytest.raises(ValueError, match=r"x of shape \(1, 3\) does not fit the model: Expected"):
        train(nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)), X[:1], Y[:1, :1].expand(1, 2))


def test_groups_of_another_model_are_refused():
    from helpers import decay_groups

    other = nn.Linear(3, 1)
    with pytest.raises(ValueError, match="groups must hold the model's own parameters"):
        train(nn.Linear(3, 1), X, Y, steps=2, groups=decay_groups(other, 0.1))
