"""Bias in practice (notebook 07): toy tasks, tiny seeded training loops, weight-decay parameter
groups, a transformer block with switchable biases, relative change of parameter groups, and bias
removal.

Shapes: inputs x are float32 tensors (n, d_in), targets y are (n, 1); a transformer block maps
(N, L, d) to (N, L, d). Every random draw comes from a `seed` argument; the global torch random
state is left alone.
"""

import copy
import math

import torch
import torch.nn as nn

from helpers.core.training import LOSSES, as_batch, check_output, choose, run_model, train
from helpers.core.validate import (
    _describe,
    as_array,
    as_bool,
    as_choice,
    as_float,
    as_int,
    as_labels,
    as_module,
    as_sizes,
    as_tensor,
    check_size,
)

_NORMS = (nn.modules.batchnorm._NormBase, nn.GroupNorm, nn.LayerNorm, nn.RMSNorm)


def _gen(seed):
    return torch.Generator().manual_seed(as_int("seed", seed))


# ---- toy tasks -----------------------------------------------------------------------------------
def offset_regression(n=256, mean=50.0, seed=0):
    """Regression with targets around `mean`: x (n, 4) standard normal, y = mean + x @ w + noise,
    (n, 1)."""
    g = _gen(seed)
    x = torch.randn(as_int("n", n, minimum=2, maximum=10**6), 4, generator=g)
    w = torch.tensor([[3.0], [-2.0], [1.5], [0.5]])
    return x, as_float("mean", mean) + x @ w + 0.5 * torch.randn(n, 1, generator=g)


def imbalanced_classes(n=440, ratio=10, seed=0):
    """Binary labels, one positive per `ratio` negatives: x (n, 2), y (n, 1) in {0, 1}, positives
    first.

    Positives sit around (1, 1), negatives around (-1, -1), both with unit spread: they overlap.
    """
    g, ratio = _gen(seed), as_int("ratio", ratio, minimum=1, maximum=10**6)
    n_pos = as_int("n", n, minimum=ratio + 1, maximum=10**6) // (ratio + 1)  # at least 1
    y = torch.zeros(n, 1)
    y[:n_pos] = 1.0
    return torch.randn(n, 2, generator=g) + (2 * y - 1), y


def radial_or_angular(kind, n=400, seed=0):
    """Two 2-D classification tasks, x (n, 2), y (n, 1) in {0, 1}.

    "disc": label 1 inside the circle of radius 1.2 (depends on the distance from the origin);
    "quadrants": label 1 where x1 * x2 > 0 (depends only on the direction from the origin).
    """
    as_choice("kind", kind, ("disc", "quadrants"), "'disc' or 'quadrants'")
    x = torch.randn(as_int("n", n, minimum=2, maximum=10**6), 2, generator=_gen(seed)) * 1.2
    if kind == "disc":
        return x, (x.norm(dim=1, keepdim=True) < 1.2).float()
    return x, (x[:, :1] * x[:, 1:] > 0).float()


def prior_output_bias(y, kind):
    """The output bias that makes an untrained model predict the base rate: mean(y) for
    "regression", the log-odds log(p / (1 - p)) of the positive fraction p for "binary"."""
    as_choice("kind", kind, ("regression", "binary"), "'regression' or 'binary'")
    if kind == "binary":
        as_labels("y", y)
    y = torch.as_tensor(as_array("y", y, bools=kind == "binary"), dtype=torch.float64)
    if kind == "regression":
        return float(y.mean())
    p = float(y.mean())
    if not 0 < p < 1:
        raise ValueError(f"y must hold both classes for kind='binary'; got positive fraction {p}")
    return math.log(p / (1 - p))


# ---- models --------------------------------------------------------------------------------------
def mlp(sizes, bias=True, norm=None, seed=0):
    """Linear [-> BatchNorm1d] -> ReLU ... -> Linear, e.g. sizes=(2, 32, 32, 1); norm None or
    "batch"."""
    as_choice("norm", norm, (None, "batch"), "None or 'batch'")
    sizes, bias = as_sizes("sizes", sizes), as_bool("bias", bias)
    check_size("sizes", sum(a * b for a, b in zip(sizes[:-1], sizes[1:])))
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(as_int("seed", seed))
        layers = []
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers.append(nn.Linear(a, b, bias=bias))
            if i < len(sizes) - 2:
                layers += ([nn.BatchNorm1d(b)] if norm == "batch" else []) + [nn.ReLU()]
        return nn.Sequential(*layers)


def set_output_bias(model, value):
    """Set every entry of the bias of the model's last nn.Linear to `value` (in place); returns the
    model."""
    linears = [m for m in as_module("model", model).modules() if isinstance(m, nn.Linear)]
    if not linears or linears[-1].bias is None:
        raise ValueError("model must end in an nn.Linear with a bias (bias=True) to set it")
    last = linears[-1]
    with torch.no_grad():
        last.bias.fill_(as_float("value", value))
    return model


def without_biases(model, names):
    """A copy of `model` in which the nn.Linear / nn.ConvNd modules named in `names` have
    bias=False.

    All other parameters and buffers are copied, so only the listed biases are gone.
    """
    if isinstance(names, str) or not isinstance(names, (list, tuple)):
        raise TypeError(
            f"names must be a list of module names such as ['0']; got {_describe(names)}"
        )
    modules = dict(as_module("model", model).named_modules())
    for name in names:
        if not isinstance(name, str) or not name or name not in modules:
            raise ValueError(
                f"names must name modules of the model, such as {list(modules)[1:4]}; got {name!r}"
            )
    new = copy.deepcopy(model)
    for name in names:
        old = new.get_submodule(name)
        if isinstance(old, nn.Linear):
            rep = nn.Linear(old.in_features, old.out_features, bias=False)
        elif isinstance(old, nn.modules.conv._ConvNd) and not old.transposed:
            rep = type(old)(
                old.in_channels,
                old.out_channels,
                old.kernel_size,
                stride=old.stride,
                padding=old.padding,
                dilation=old.dilation,
                groups=old.groups,
                bias=False,
                padding_mode=old.padding_mode,
            )
        else:
            raise TypeError(
                f"without_biases handles nn.Linear and nn.ConvNd; {name!r} is {type(old).__name__}"
            )
        rep = rep.to(old.weight.dtype)
        with torch.no_grad():
            rep.weight.copy_(old.weight)
        parent, _, child = name.rpartition(".")
        setattr(new.get_submodule(parent) if parent else new, child, rep)
    return new


# ---- training ------------------------------------------------------------------------------------
def decay_groups(model, weight_decay):
    """Optimizer parameter groups: weights of Linear/Conv/embedding layers get `weight_decay`;
    biases and the parameters of normalisation layers get none. Each group also carries "names"
    (for printing)."""
    norm_params = {
        id(p)
        for m in as_module("model", model).modules()
        if isinstance(m, _NORMS)
        for p in m.parameters(recurse=False)
    }
    decay, keep = [], []
    for name, p in model.named_parameters():
        skip = name.split(".")[-1] == "bias" or id(p) in norm_params or p.ndim < 2
        (keep if skip else decay).append((name, p))
    return [
        {"params": [p for _, p in g], "names": [n for n, _ in g], "weight_decay": wd}
        for g, wd in ((decay, as_float("weight_decay", weight_decay, at_least=0)), (keep, 0.0))
    ]


def relative_change(before, after):
    """||after - before|| / ||before||: how far a parameter vector moved, as a fraction of its
    size."""
    before, after = as_array("before", before), as_array("after", after)
    if before.shape != after.shape:
        raise ValueError(
            f"before and after must have the same shape; got {before.shape} and {after.shape}"
        )
    if not before.any():
        raise ValueError("before must not be all zeros: the change is measured against its size")
    before, after = torch.as_tensor(before), torch.as_tensor(after)
    return float((after - before).norm() / before.norm())


def steps_to_reach(losses, level):
    """The first step whose loss is at or below `level`, or None if it never gets there. losses:
    (steps,); NaN or inf (a diverged run) never count as reached."""
    losses, level = as_array("losses", losses, ndim=1, finite=False), as_float("level", level)
    return next((i for i, v in enumerate(losses) if v <= level), None)


def settle_step(path, fraction=0.9):
    """First step t after which a trajectory (steps + 1, n) stays within (1 - fraction) of its
    start's distance from its end point: the step by which it has covered `fraction` of the way, for
    good."""
    path, fraction = as_tensor("path", path, ndim=2), as_float("fraction", fraction)
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must lie between 0 and 1; got {fraction:g}")
    dist = (path - path[-1]).norm(dim=1)
    far = (dist > (1 - fraction) * dist[0]).nonzero()
    return int(far.max()) + 1 if len(far) else 0


def init_bias_losses(x, y, loss, b0, sizes, steps=100, lr=0.01, seed=0):
    """Train mlp(sizes) from seed with its output bias set to b0; returns the (steps,) list of
    losses."""
    model = set_output_bias(mlp(sizes, seed=seed), as_float("b0", b0))
    as_tensor("x", x, shape=(None, model[0].in_features))  # sizes[0] inputs
    return train(model, x, y, loss=loss, steps=steps, lr=lr)["loss"]


def init_bias_loss_curves(x, y, loss, b_values, sizes, steps=100, lr=0.01, seed=0):
    """`init_bias_losses` for many initial output biases at once: a (len(b_values), steps) array.

    The models share every weight at the start and differ only in their output bias, so they train
    side by side as one batch of independent models: each loss depends on its own model alone, and
    Adam works entry by entry, so each follows the path it would follow alone (to float32
    round-off). One batched run costs about what two separate runs do. x, y, lr and steps are
    checked as `init_bias_losses` checks them, before any training.
    """
    loss_fn, model = choose("loss", loss, LOSSES), mlp(sizes, seed=seed)
    as_tensor("x", x, shape=(None, model[0].in_features))  # sizes[0] inputs
    x, y = as_batch(model, x, y, loss)
    with torch.no_grad():
        check_output(run_model(model, x), y)  # (n,) for (n, 1) would broadcast the loss
    lr = as_float("lr", lr, above=0)
    b_values = torch.as_tensor(as_array("b_values", b_values).reshape(-1), dtype=x.dtype)
    layers = [m for m in model if isinstance(m, nn.Linear)]
    k = len(b_values)
    params = [p.detach().expand(k, *p.shape).clone() for m in layers for p in (m.weight, m.bias)]
    params[-1][:] = b_values[:, None]
    for p in params:
        p.requires_grad_()
    opt = torch.optim.Adam(params, lr=lr)
    xs, ys, curves = x.expand(k, *x.shape), y.expand(k, *y.shape), []
    for _ in range(as_int("steps", steps, minimum=1)):
        opt.zero_grad()
        h = xs
        for i in range(0, len(params), 2):  # (k, n, in) @ (k, in, out) + (k, 1, out)
            h = torch.baddbmm(params[i + 1][:, None, :], h, params[i].transpose(1, 2))
            h = h.relu() if i < len(params) - 2 else h
        per_model = loss_fn(h, ys, reduction="none").mean(dim=(1, 2))  # (k,)
        per_model.sum().backward()
        opt.step()
        curves.append(per_model.detach())
    return torch.stack(curves, 1).double().numpy()


def first_step_losses(x, y, loss, b_values, sizes, seed=0):
    """The loss before any training, for each output bias in b_values: a (len(b_values),) tensor."""
    loss_fn, b_values = choose("loss", loss, LOSSES), as_array("b_values", b_values, ndim=1)
    model, out = mlp(sizes, seed=seed), []
    as_tensor("x", x, shape=(None, model[0].in_features))  # sizes[0] inputs
    x, y = as_batch(model, x, y, loss)
    with torch.no_grad():
        check_output(run_model(model, x), y)
        for b in b_values:
            out.append(loss_fn(set_output_bias(model, float(b))(x), y).item())
    return torch.tensor(out)
