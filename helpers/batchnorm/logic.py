"""The maths of notebook 05 (BatchNorm and the bias before it): gradients, train/eval outputs,
folding.

All functions leave the modules they are given unchanged (no running-statistics updates, no .grad
writes).
"""

import copy

import torch
import torch.nn as nn
import torch.nn.functional as F

from helpers.core.training import run_model
from helpers.core.validate import (
    as_array,
    as_dtype,
    as_int,
    as_module,
    as_tensor,
    model_dtype,
)


def _check_bn(bn, layer=None):
    """bn: a BatchNorm with running statistics, and as many features as `layer` has outputs."""
    as_module("bn", bn, (nn.BatchNorm1d, nn.BatchNorm2d))
    if bn.running_mean is None:
        raise ValueError("bn must track running statistics (track_running_stats=True)")
    outputs = getattr(layer, "out_features", getattr(layer, "out_channels", None))
    if layer is not None and bn.num_features != outputs:
        raise ValueError(
            f"bn must have as many features as layer has outputs, {outputs}; got {bn.num_features}"
        )
    return bn


def _per_feature(name, value, d, dtype):
    """A number per feature, (d,), as a tensor of `dtype` (a single number when d == 1)."""
    arr = as_array(name, value)
    if arr.ndim > 1 or arr.size != d:
        raise ValueError(f"{name} must have shape ({d},), one entry per feature; got {arr.shape}")
    return torch.as_tensor(arr.reshape(d), dtype=dtype)


def module_bias_grad(model, x, name, seed=0):
    """Gradient of a fixed random linear function of model(x) w.r.t. the bias of module `name`.

    The model runs in its current mode and dtype; returns a tensor shaped like that bias.
    """
    x = as_tensor("x", x, dtype=model_dtype(as_module("model", model)))
    module = dict(model.named_modules()).get(name) if isinstance(name, str) else None
    if module is None or getattr(module, "bias", None) is None:
        raise ValueError(f"name must name a module with a bias in the model; got {name!r}")
    model = copy.deepcopy(
        model
    )  # a train-mode forward would update the caller's running statistics
    out = run_model(model, x)
    g = torch.Generator().manual_seed(as_int("seed", seed))
    probe = torch.randn(out.shape, generator=g, dtype=out.dtype)
    (grad,) = torch.autograd.grad((out * probe).sum(), dict(model.named_modules())[name].bias)
    return grad


def linear_bn_outputs(x, layer, bn, bias=None):
    """BatchNorm(layer(x)) in train mode (batch statistics) and in eval mode (running statistics).

    x: (n, d_in); layer: nn.Linear (d_in -> d), bn: nn.BatchNorm1d(d); bias: (d,) used instead of
    layer.bias (None: the layer's own). Returns (train_out, eval_out), each (n, d), without touching
    bn.
    """
    as_module("layer", layer, (nn.Linear,))
    _check_bn(as_module("bn", bn, (nn.BatchNorm1d,)), layer)
    x = as_tensor("x", x, shape=(None, layer.in_features), dtype=model_dtype(layer))
    if bias is not None:
        bias = _per_feature("bias", bias, layer.out_features, x.dtype)
    with torch.no_grad():
        h = F.linear(x, layer.weight, layer.bias if bias is None else bias)
        train = F.batch_norm(h, None, None, bn.weight, bn.bias, training=True, eps=bn.eps)
        evaluated = F.batch_norm(
            h, bn.running_mean, bn.running_var, bn.weight, bn.bias, training=False, eps=bn.eps
        )
    return train, evaluated


def fold_batchnorm(layer, bn):
    """A new layer equal to bn(layer(.)) with bn in eval mode: weights scaled per output channel,
    and a bias.

    layer: nn.Linear or nn.Conv2d, with or without a bias; bn: its BatchNorm1d/2d with running
    statistics.
    W' = W * g,  b' = beta + g * (b - running_mean),  g = gamma / sqrt(running_var + eps).
    """
    as_module("layer", layer, (nn.Linear, nn.Conv2d))
    _check_bn(bn, layer)
    folded = copy.deepcopy(layer)
    if folded.bias is None:
        folded.bias = nn.Parameter(torch.zeros(bn.num_features, dtype=layer.weight.dtype))
    with torch.no_grad():
        gamma = bn.weight if bn.affine else torch.ones_like(bn.running_var)
        beta = bn.bias if bn.affine else torch.zeros_like(bn.running_mean)
        g = gamma / torch.sqrt(bn.running_var + bn.eps)
        folded.weight.mul_(g.reshape((-1,) + (1,) * (layer.weight.dim() - 1)))
        folded.bias.copy_(beta + g * (folded.bias - bn.running_mean))
    return folded


def toy_regression(n=256, seed=0, dtype=torch.float64):
    """Seeded data for the training experiment: x (n, 2) standard normal, y = sin(2 x0) + x1^2 /
    2 + noise, (n, 1)."""
    g, dtype = torch.Generator().manual_seed(as_int("seed", seed)), as_dtype("dtype", dtype)
    x = torch.randn(as_int("n", n, minimum=2, maximum=10**6), 2, generator=g, dtype=dtype)
    return x, torch.sin(2 * x[:, :1]) + 0.5 * x[:, 1:] ** 2 + 0.1 * torch.randn(
        n, 1, generator=g, dtype=dtype
    )


def models_with_and_without_bias(seed=0, width=16, dtype=torch.float64):
    """Two copies of Linear(2, width) -> BatchNorm1d -> ReLU -> Linear(width, 1), equal except that
    the first Linear of the second has no bias. Returns (with_bias, without_bias)."""
    width, dtype = as_int("width", width, minimum=1, maximum=10_000), as_dtype("dtype", dtype)
    torch.manual_seed(as_int("seed", seed))
    with_bias = nn.Sequential(
        nn.Linear(2, width), nn.BatchNorm1d(width), nn.ReLU(), nn.Linear(width, 1)
    ).to(dtype)
    without = copy.deepcopy(with_bias)
    without[0] = nn.Linear(2, width, bias=False).to(dtype)
    with torch.no_grad():
        without[0].weight.copy_(with_bias[0].weight)
    return with_bias, without


def bias_response(x, layer, bn, bias):
    """What moving the pre-BatchNorm bias from layer.bias to `bias` does, in train mode and in eval
    mode.

    Returns a dict of (n, d) tensors "train", "eval" (outputs at `bias`) and (d,) tensors
    "train_change" (max |change| of the train-mode output: round-off only) and "eval_shift" (the
    eval-mode output's shift, gamma * delta_b / sqrt(running_var + eps), the same for every
    example).
    """
    as_array("bias", bias)  # None here would silently mean "the layer's own"
    train0, eval0 = linear_bn_outputs(x, layer, bn)
    train, evaluated = linear_bn_outputs(x, layer, bn, bias)
    return {
        "train": train,
        "eval": evaluated,
        "train_change": (train - train0).abs().amax(0),
        "eval_shift": (evaluated - eval0).mean(0),
    }


def eval_shift(bn, delta_b):
    """The formula: gamma * delta_b / sqrt(running_var + eps) for a BatchNorm in eval mode, shape
    (d,)."""
    _check_bn(bn)
    gamma = bn.weight.detach() if bn.affine else torch.ones_like(bn.running_var)
    if as_array("delta_b", delta_b).ndim:  # one number for every feature, or one each
        delta_b = _per_feature("delta_b", delta_b, bn.num_features, gamma.dtype)
    return gamma * torch.as_tensor(delta_b, dtype=gamma.dtype) / torch.sqrt(bn.running_var + bn.eps)
