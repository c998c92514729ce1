"""The maths of notebook 05 against torch's own modules in float64."""

import copy

import pytest
import torch
import torch.nn as nn

from helpers import bias_response, eval_shift, fold_batchnorm, linear_bn_outputs, module_bias_grad

D = torch.float64


def trained_bn(d=3, seed=0):
    """A Linear(2, d) -> BatchNorm1d(d) whose running statistics have seen some batches."""
    torch.manual_seed(seed)
    layer, bn = nn.Linear(2, d).to(D), nn.BatchNorm1d(d).to(D)
    with torch.no_grad():
        bn.weight.uniform_(0.5, 2.0)
        bn.bias.normal_()
        for _ in range(20):
            bn(layer(torch.randn(16, 2, dtype=D) * 2 + 1))
    return layer, bn


def test_linear_bn_outputs_match_the_modules_in_both_modes_and_leave_bn_alone():
    layer, bn = trained_bn()
    x = torch.randn(10, 2, dtype=D)
    state = copy.deepcopy(bn.state_dict())
    train, evaluated = linear_bn_outputs(x, layer, bn)
    assert all(torch.equal(state[k], v) for k, v in bn.state_dict().items())
    torch.testing.assert_close(train, copy.deepcopy(bn).train()(layer(x)))
    torch.testing.assert_close(evaluated, copy.deepcopy(bn).eval()(layer(x)))


def test_bias_response_train_mode_ignores_b_and_eval_mode_shifts_by_the_formula():
    layer, bn = trained_bn()
    x = torch.randn(12, 2, dtype=D)
    new_b = layer.bias.detach() + torch.tensor([1.0, -2.0, 0.5], dtype=D)
    r = bias_response(x, layer, bn, new_b)
    assert float(r["train_change"].max()) < 1e-12
    expected = eval_shift(bn, new_b - layer.bias.detach())
    torch.testing.assert_close(r["eval_shift"], expected)
    torch.testing.assert_close(
        r["eval"] - linear_bn_outputs(x, layer, bn)[1], expected.expand(12, 3)
    )


def test_bias_gradient_is_zero_before_batchnorm_and_matches_autograd_otherwise():
    torch.manual_seed(0)
    x = torch.randn(16, 3, dtype=D)
    bn_model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4)).to(D)
    assert float(module_bias_grad(bn_model, x, "0").abs().max()) < 1e-14
    assert (
        float(bn_model[1].num_batches_tracked) == 0
    )  # the caller's running statistics are untouched
    relu_model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2)).to(D)
    probe = torch.randn(16, 2, generator=torch.Generator().manual_seed(0), dtype=D)
    (relu_model(x) * probe).sum().backward()
    torch.testing.assert_close(module_bias_grad(relu_model, x, "0"), relu_model[0].bias.grad)
    with pytest.raises(ValueError, match="name must name a module with a bias"):
        module_bias_grad(relu_model, x, "1")


@pytest.mark.parametrize(
    "make",
    [
        lambda: (nn.Linear(3, 4, bias=False), nn.BatchNorm1d(4), (5, 3)),
        lambda: (nn.Linear(3, 4), nn.BatchNorm1d(4, affine=False), (5, 3)),
        lambda: (nn.Conv2d(2, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), (2, 2, 5, 5)),
    ],
)
def test_folding_gives_one_layer_with_the_same_eval_output(make):
    torch.manual_seed(1)
    layer, bn, shape = make()
    layer, bn = layer.to(D), bn.to(D)
    with torch.no_grad():
        for _ in range(5):
            bn(layer(torch.randn(*shape, dtype=D) + 2))
        if bn.affine:
            bn.weight.uniform_(0.5, 2)
            bn.bias.normal_()
    bn.eval()
    folded = fold_batchnorm(layer, bn)
    x = torch.randn(*shape, dtype=D)
    torch.testing.assert_close(folded(x), bn(layer(x)), rtol=1e-12, atol=1e-12)
    assert folded.bias is not None and float(folded.bias.detach().abs().max()) > 0.1
    assert layer.bias is None or layer.bias is not folded.bias  # the original layer is unchanged


def test_fold_rejects_what_it_cannot_fold():
    with pytest.raises(TypeError, match="layer must be a torch.nn.Linear or Conv2d; got ReLU"):
        fold_batchnorm(nn.ReLU(), nn.BatchNorm1d(3))
    with pytest.raises(ValueError, match="track_running_stats=True"):
        fold_batchnorm(nn.Linear(2, 3), nn.BatchNorm1d(3, track_running_stats=False))


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
from helpers import models_with_and_without_bias, toy_regression  # noqa: E402


def _model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).to(D)


X64 = torch.randn(8, 2, generator=torch.Generator().manual_seed(0), dtype=D)
BAD = [
    (
        lambda: module_bias_grad(_model(), X64[:0], "0"),
        ValueError,
        r"x must not be empty; got a tensor of shape \(0, 2\)",
    ),
    (
        lambda: module_bias_grad(_model(), X64.float(), "0"),
        TypeError,
        "x must have the model's dtype torch.float64; got torch.float32",
    ),
    (lambda: module_bias_grad(_model(), X64.numpy(), "0"), TypeError, "x must be a torch tensor"),
    (
        lambda: module_bias_grad(_model(), X64 * float("nan"), "0"),
        ValueError,
        "x must hold finite numbers",
    ),
    (
        lambda: module_bias_grad(_model(), X64, ["0"]),
        ValueError,
        "name must name a module with a bias",
    ),
    (lambda: module_bias_grad(_model(), X64, "0", seed=0.5), TypeError, "seed must be an integer"),
    (lambda: module_bias_grad("model", X64, "0"), TypeError, "model must be a torch.nn.Module"),
    (
        lambda: linear_bn_outputs(X64, *trained_bn(d=3)[:1], nn.BatchNorm1d(4).to(D)),
        ValueError,
        "bn must have as many features as layer has outputs, 3; got 4",
    ),
    (
        lambda: linear_bn_outputs(X64[:, :1], *trained_bn()),
        ValueError,
        r"x must have shape \(any, 2\); got shape \(8, 1\)",
    ),
    (
        lambda: linear_bn_outputs(X64.float(), *trained_bn()),
        TypeError,
        "x must have the model's dtype torch.float64",
    ),
    (
        lambda: linear_bn_outputs(X64, *trained_bn(), bias=[1.0, 2.0]),
        ValueError,
        r"bias must have shape \(3,\), one entry per feature; got \(2,\)",
    ),
    (
        lambda: linear_bn_outputs(X64, *trained_bn(), bias=[1.0, 2.0, 1j]),
        TypeError,
        "bias must hold real numbers",
    ),
    (
        lambda: bias_response(X64, *trained_bn(), bias=torch.zeros(2, 3)),
        ValueError,
        r"bias must have shape \(3,\), one entry per feature; got \(2, 3\)",
    ),
    (
        lambda: bias_response(X64, *trained_bn(), bias=None),
        TypeError,
        "bias must be an array of numbers; got NoneType",
    ),
    (
        lambda: eval_shift(trained_bn()[1], [1.0, 2.0]),
        ValueError,
        r"delta_b must have shape \(3,\)",
    ),
    (lambda: eval_shift(trained_bn()[1], float("nan")), ValueError, "delta_b must hold finite"),
    (
        lambda: eval_shift(nn.LayerNorm(3), 1.0),
        TypeError,
        "bn must be a torch.nn.BatchNorm1d or BatchNorm2d; got LayerNorm",
    ),
    (
        lambda: eval_shift(nn.BatchNorm1d(3, track_running_stats=False), 1.0),
        ValueError,
        "bn must track running statistics",
    ),
    (
        lambda: fold_batchnorm(nn.Linear(2, 3), nn.BatchNorm1d(4)),
        ValueError,
        "bn must have as many features as layer has outputs, 3; got 4",
    ),
    (lambda: toy_regression(n=1), ValueError, "n must be at least 2"),
    (lambda: toy_regression(n=10**9), ValueError, "n must be at most 1,000,000"),
    (lambda: toy_regression(dtype=torch.int64), TypeError, "dtype must be a floating-point torch"),
    (lambda: toy_regression(dtype="float64"), TypeError, "dtype must be a floating-point torch"),
    (lambda: models_with_and_without_bias(width=0), ValueError, "width must be at least 1"),
    (lambda: models_with_and_without_bias(dtype=torch.bool), TypeError, "dtype must be a floating"),
]


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_input_raises_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_an_empty_batch_no_longer_shows_a_zero_bias_gradient():
    with pytest.raises(ValueError, match="x must not be empty"):
        module_bias_grad(_model(), X64[:0], "2")


def test_an_input_that_does_not_fit_the_model_is_named():
    with pytest.raises(ValueError, match=r"x of shape \(8, 1\) does not fit the model"):
        module_bias_grad(_model(), X64[:, :1], "0")
