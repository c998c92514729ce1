"""The maths of notebook 03 (nn.Linear(bias=...)): parameter counts, the default init and a
statistical test of it, collapsing a stack of Linear layers into one affine map, and affine maps of
the plane.

Shapes follow PyTorch: a Linear layer's weight is (out, in), its bias (out,), and it maps x of shape
(..., in) to x @ W.T + b of shape (..., out). Randomness comes in as `seed`; global state is
untouched.
"""

import numpy as np
import torch
from torch import nn

from helpers.core.validate import (
    _describe,
    as_array,
    as_bool,
    as_callable,
    as_float,
    as_int,
    as_module,
    as_sizes,
    as_tensor,
    check_size,
    model_dtype,
)


def layer_arrays(x, weight, bias):
    """x (N, in), weight (out, in), bias (out,) or None as float arrays, or a clear error naming the
    argument."""
    x = as_array("x", x, ndim=2)
    weight = as_array("weight", weight, shape=(None, x.shape[1]))
    if bias is not None:
        bias = as_array("bias", bias, shape=(weight.shape[0],))
    return x, weight, bias


def linear_forward(x, weight, bias=None):
    """z = x @ weight.T + bias: x (N, in), weight (out, in), bias (out,) or None -> z (N, out)."""
    x, weight, bias = layer_arrays(x, weight, bias)
    z = x @ weight.T
    return z if bias is None else z + bias


def count_parameters(module, only_biases=False):
    """Number of trainable numbers in a torch module: sum(p.numel() for p in module.parameters()),
    or only those in parameters named "bias" with only_biases=True (notebooks 03 and 07)."""
    only_biases = as_bool("only_biases", only_biases)
    return sum(
        p.numel()
        for name, p in as_module("module", module).named_parameters()
        if p.requires_grad and (not only_biases or name.rsplit(".", 1)[-1] == "bias")
    )


def linear_param_count(in_features, out_features, bias=True):
    """(weights, biases) of nn.Linear(in, out, bias): in*out weights and one bias per output."""
    i, o = as_int("in_features", in_features, 1), as_int("out_features", out_features, 1)
    return i * o, o if as_bool("bias", bias) else 0


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    """(weights, biases) of nn.Conv2d with a square kernel: one bias per output channel, shared by
    every position of the image."""
    i, o = as_int("in_channels", in_channels, 1), as_int("out_channels", out_channels, 1)
    k = as_int("kernel_size", kernel_size, 1)
    return o * i * k * k, o if as_bool("bias", bias) else 0


def mlp_param_count(sizes, bias=True):
    """Total parameters of Linear layers sizes[0] -> sizes[1] -> ... (activations have none)."""
    sizes = as_sizes("sizes", sizes)
    return sum(sum(linear_param_count(a, b, bias)) for a, b in zip(sizes[:-1], sizes[1:]))


def linear_output_shape(input_shape, out_features):
    """Shape of nn.Linear(in, out)(x) for x of `input_shape`: only the last axis changes, to out."""
    if not isinstance(input_shape, (tuple, list)):
        raise TypeError(
            f"input_shape must be a tuple such as (32, 10); got {_describe(input_shape)}"
        )
    shape = tuple(as_int(f"input_shape[{j}]", s, 1) for j, s in enumerate(input_shape))
    if not shape:
        raise ValueError("input_shape must have at least one axis (the features)")
    return shape[:-1] + (as_int("out_features", out_features, 1),)


def default_init_bound(in_features):
    """PyTorch's documented default for nn.Linear: weight and bias ~ U(-k, k) with
    k = 1/sqrt(in)."""
    return 1.0 / np.sqrt(as_int("in_features", in_features, 1))


def sample_default_init(in_features, out_features, n_layers, seed):
    """Build n_layers fresh nn.Linear(in, out) from `seed` (global RNG restored afterwards).

    Returns (weights, biases) as float64 arrays of shape (n_layers*out*in,) and (n_layers*out,).
    """
    n_layers = as_int("n_layers", n_layers, 1)
    in_features, out_features = (
        as_int("in_features", in_features, 1),
        as_int("out_features", out_features, 1),
    )
    check_size(
        "in_features, out_features and n_layers", n_layers * out_features * (in_features + 1)
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(as_int("seed", seed))
        layers = [nn.Linear(in_features, out_features) for _ in range(n_layers)]
    weights = torch.cat([layer.weight.detach().ravel() for layer in layers])
    biases = torch.cat([layer.bias.detach().ravel() for layer in layers])
    return weights.double().numpy(), biases.double().numpy()


def ks_uniform(samples, low, high):
    """Kolmogorov-Smirnov statistic: the largest gap between the samples' CDF and that of
    U(low, high)."""
    x, low, high = (
        as_array("samples", samples, ndim=1),
        as_float("low", low),
        as_float("high", high),
    )
    if not low < high:
        raise ValueError(f"low must be below high; got low={low:g}, high={high:g}")
    u = np.sort(np.clip((x - low) / (high - low), 0.0, 1.0))  # F(x) of U(low, high)
    n = len(u)
    steps = np.arange(1, n + 1) / n
    return float(max(np.max(steps - u), np.max(u - (steps - 1 / n))))


def uniform_test(samples, bound, z=4.0):
    """Test samples against U(-bound, bound). Returns a dict of measured values, their tolerances,
    each criterion under `checks`, and `passed` if all hold: every sample inside the bounds, mean
    and variance within z standard errors of 0 and bound**2/3, and the KS statistic below its 1%
    critical value 1.628/sqrt(n)."""
    x, a = as_array("samples", samples, ndim=1), as_float("bound", bound, above=0)
    n, z = len(x), as_float("z", z, above=0)
    r = {
        "n": n,
        "min": float(x.min()),
        "max": float(x.max()),
        "mean": float(x.mean()),
        "var": float(x.var()),
        "var_expected": a * a / 3,
        "mean_tol": float(z * a / np.sqrt(3 * n)),
        "var_tol": float(z * np.sqrt(4 / 45) * a * a / np.sqrt(n)),
        "ks": ks_uniform(x, -a, a),
        "ks_critical": float(1.628 / np.sqrt(n)),
    }
    r["checks"] = {
        "inside": bool(-a <= r["min"] and r["max"] <= a),
        "mean": bool(abs(r["mean"]) < r["mean_tol"]),
        "var": bool(abs(r["var"] - r["var_expected"]) < r["var_tol"]),
        "ks": bool(r["ks"] < r["ks_critical"]),
    }
    r["passed"] = all(r["checks"].values())
    return r


def collapse_linear_stack(model):
    """One (W, b) equal to a stack of Linear layers with nothing between them.

    Layer by layer: W <- W_k @ W, b <- W_k @ b + b_k (a missing bias counts as zero).
    model: nn.Sequential (or a list) of nn.Linear. Returns W: (out, in), b: (out,) as float64
    tensors.
    """
    if not isinstance(model, (nn.Sequential, nn.ModuleList, list, tuple)):
        raise TypeError(
            f"model must be an nn.Sequential or a list of nn.Linear; got {_describe(model)}"
        )
    layers = list(model)
    if not layers or not all(isinstance(m, nn.Linear) for m in layers):
        kinds = [type(m).__name__ for m in layers]
        raise ValueError(f"model must hold only nn.Linear layers to collapse; got {kinds}")
    for j, (a, b) in enumerate(zip(layers[:-1], layers[1:])):
        if a.out_features != b.in_features:
            raise ValueError(
                f"model's layers must chain: layer {j} gives {a.out_features} features, layer "
                f"{j + 1} takes {b.in_features}"
            )
    W = torch.eye(layers[0].in_features, dtype=torch.float64)
    b = torch.zeros(layers[0].in_features, dtype=torch.float64)
    with torch.no_grad():
        for m in layers:
            Wk = m.weight.double()
            bk = (
                m.bias.double()
                if m.bias is not None
                else torch.zeros(m.out_features, dtype=torch.float64)
            )
            W, b = Wk @ W, Wk @ b + bk
    return W, b


def affinity_gap(fn, x1, x2, t=0.3):
    """max |f(t*x1 + (1-t)*x2) - (t*f(x1) + (1-t)*f(x2))|: zero (to round-off) exactly when f is
    affine along the segment from x2 to x1. x1, x2: tensors of the same shape."""
    as_callable("fn", fn)
    dtype = model_dtype(fn) if isinstance(fn, nn.Module) else None
    x1, x2 = as_tensor("x1", x1, dtype=dtype), as_tensor("x2", x2, dtype=dtype)
    if x1.shape != x2.shape:
        raise ValueError(
            f"x1 and x2 must have the same shape; got {tuple(x1.shape)} and {tuple(x2.shape)}"
        )
    t = as_float("t", t)
    with torch.no_grad():
        return float((fn(t * x1 + (1 - t) * x2) - (t * fn(x1) + (1 - t) * fn(x2))).abs().max())


def rotation_matrix(degrees):
    """The 2x2 matrix that turns the plane anticlockwise by `degrees`."""
    t = np.deg2rad(as_float("degrees", degrees))
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])


def apply_affine(points, weight, bias):
    """points @ W.T + b for points of shape (..., 2), W (2, 2), b (2,): what a 2-to-2 Linear layer
    does."""
    points = as_array("points", points)
    if points.ndim == 0 or points.shape[-1] != 2:
        raise ValueError(
            f"points must have shape (..., 2), points of the plane; got shape {points.shape}"
        )
    weight = as_array("weight", weight, shape=(2, 2))
    return points @ weight.T + as_array("bias", bias, shape=(2,))


UNIT_SQUARE = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])


def map_grid(grid, weight, bias):
    """Images under x @ W.T + b of a grid (n_lines, n_points, 2), the unit square (4, 2) and the
    origin (2,)."""
    grid = as_array("grid", grid, shape=(None, None, 2))
    return (
        apply_affine(grid, weight, bias),
        apply_affine(UNIT_SQUARE, weight, bias),
        apply_affine(np.zeros(2), weight, bias),
    )


def grid_lines(limit=2.0, n_lines=9, n_points=30):
    """A square grid over [-limit, limit]^2 as polylines: (2*n_lines, n_points, 2), vertical lines
    first."""
    limit = as_float("limit", limit, above=0)
    ticks = np.linspace(-limit, limit, as_int("n_lines", n_lines, 2, maximum=1000))
    along = np.linspace(-limit, limit, as_int("n_points", n_points, 2, maximum=1000))
    vertical = [np.column_stack([np.full_like(along, t), along]) for t in ticks]
    horizontal = [np.column_stack([along, np.full_like(along, t)]) for t in ticks]
    return np.array(vertical + horizontal)


def _num(v):
    return f"{round(float(v), 2) + 0.0:.2f}"  # + 0.0 turns -0.00 into 0.00


def describe_map(weight, bias):
    """One line of text for a readout or title: W (2, 2), b (2,) and det W."""
    (a, b_), (c, d) = as_array("weight", weight, shape=(2, 2))
    b1, b2 = as_array("bias", bias, shape=(2,))
    return (
        f"W = [[{_num(a)}, {_num(b_)}], [{_num(c)}, {_num(d)}]]   b = [{_num(b1)}, {_num(b2)}]"
        f"   det W = {_num(a * d - b_ * c)}"
    )
