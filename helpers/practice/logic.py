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

from helpers.core.training import LOSSES, choose, train
from helpers.core.validate import as_float, as_int

_NORMS = (nn.modules.batchnorm._NormBase, nn.GroupNorm, nn.LayerNorm, nn.RMSNorm)


def _gen(seed):
    return torch.Generator().manual_seed(as_int("seed", seed))


# ---- toy tasks -----------------------------------------------------------------------------------
def offset_regression(n=256, mean=50.0, seed=0):
    """Regression with targets around `mean`: x (n, 4) standard normal, y = mean + x @ w + noise,
    (n, 1)."""
    g = _gen(seed)
    x = torch.randn(as_int("n", n, minimum=2), 4, generator=g)
    w = torch.tensor([[3.0], [-2.0], [1.5], [0.5]])
    return x, as_float("mean", mean) + x @ w + 0.5 * torch.randn(n, 1, generator=g)


def imbalanced_classes(n=440, ratio=10, seed=0):
    """Binary labels, one positive per `ratio` negatives: x (n, 2), y (n, 1) in {0, 1}, positives
    first.

    Positives sit around (1, 1), negatives around (-1, -1), both with unit spread: they overlap.
    """
    g = _gen(seed)
    n_pos = as_int("n", n, minimum=2) // (as_int("ratio", ratio, minimum=1) + 1)
    y = torch.zeros(n, 1)
    y[:n_pos] = 1.0
    return torch.randn(n, 2, generator=g) + (2 * y - 1), y


def radial_or_angular(kind, n=400, seed=0):
    """Two 2-D classification tasks, x (n, 2), y (n, 1) in {0, 1}.

    "disc": label 1 inside the circle of radius 1.2 (depends on the distance from the origin);
    "quadrants": label 1 where x1 * x2 > 0 (depends only on the direction from the origin).
    """
    x = torch.randn(as_int("n", n, minimum=2), 2, generator=_gen(seed)) * 1.2
    if kind == "disc":
        return x, (x.norm(dim=1, keepdim=True) < 1.2).float()
    if kind == "quadrants":
        return x, (x[:, :1] * x[:, 1:] > 0).float()
    raise ValueError(f"kind must be 'disc' or 'quadrants'; got {kind!r}")


def prior_output_bias(y, kind):
    """The output bias that makes an untrained model predict the base rate: mean(y) for
    "regression", the log-odds log(p / (1 - p)) of the positive fraction p for "binary"."""
    y = torch.as_tensor(y, dtype=torch.float64)
    if kind == "regression":
        return float(y.mean())
    if kind == "binary":
        p = float(y.mean())
        if not 0 < p < 1:
            raise ValueError(
                f"y must hold both classes for kind='binary'; got positive fraction {p}"
            )
        return math.log(p / (1 - p))
    raise ValueError(f"kind must be 'regression' or 'binary'; got {kind!r}")


# ---- models --------------------------------------------------------------------------------------
def mlp(sizes, bias=True, norm=None, seed=0):
    """Linear [-> BatchNorm1d] -> ReLU ... -> Linear, e.g. sizes=(2, 32, 32, 1); norm None or
    "batch"."""
    if norm not in (None, "batch"):
        raise ValueError(f"norm must be None or 'batch'; got {norm!r}")
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
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    with torch.no_grad():
        last.bias.fill_(as_float("value", value))
    return model


def without_biases(model, names):
    """A copy of `model` in which the nn.Linear / nn.ConvNd modules named in `names` have
    bias=False.

    All other parameters and buffers are copied, so only the listed biases are gone.
    """
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
        id(p) for m in model.modules() if isinstance(m, _NORMS) for p in m.parameters(recurse=False)
    }
    decay, keep = [], []
    for name, p in model.named_parameters():
        skip = name.split(".")[-1] == "bias" or id(p) in norm_params or p.ndim < 2
        (keep if skip else decay).append((name, p))
    return [
        {"params": [p for _, p in g], "names": [n for n, _ in g], "weight_decay": wd}
        for g, wd in ((decay, as_float("weight_decay", weight_decay)), (keep, 0.0))
    ]


def relative_change(before, after):
    """||after - before|| / ||before||: how far a parameter vector moved, as a fraction of its
    size."""
    before, after = (
        torch.as_tensor(before, dtype=torch.float64),
        torch.as_tensor(after, dtype=torch.float64),
    )
    return float((after - before).norm() / before.norm())


def steps_to_reach(losses, level):
    """The first step whose loss is at or below `level`, or None if it never gets there."""
    return next((i for i, v in enumerate(losses) if v <= level), None)


def settle_step(path, fraction=0.9):
    """First step t after which a trajectory (steps + 1, n) stays within (1 - fraction) of its
    start's distance from its end point: the step by which it has covered `fraction` of the way, for
    good."""
    dist = (path - path[-1]).norm(dim=1)
    far = (dist > (1 - as_float("fraction", fraction)) * dist[0]).nonzero()
    return int(far.max()) + 1 if len(far) else 0


def init_bias_losses(x, y, loss, b0, sizes, steps=100, lr=0.01, seed=0):
    """Train mlp(sizes) from seed with its output bias set to b0; returns the (steps,) list of
    losses."""
    model = set_output_bias(mlp(sizes, seed=seed), b0)
    return train(model, x, y, loss=loss, steps=steps, lr=lr)["loss"]


def init_bias_loss_curves(x, y, loss, b_values, sizes, steps=100, lr=0.01, seed=0):
    """`init_bias_losses` for many initial output biases at once: a (len(b_values), steps) array.

    The models share every weight at the start and differ only in their output bias, so they train
    side by side as one batch of independent models: each loss depends on its own model alone, and
    Adam works entry by entry, so each follows the path it would follow alone (to float32
    round-off). One batched run costs about what two separate runs do.
    """
    loss_fn = choose("loss", loss, LOSSES)
    b_values = torch.as_tensor(b_values, dtype=x.dtype).reshape(-1)
    layers = [m for m in mlp(sizes, seed=seed) if isinstance(m, nn.Linear)]
    k = len(b_values)
    params = [p.detach().expand(k, *p.shape).clone() for m in layers for p in (m.weight, m.bias)]
    params[-1][:] = b_values[:, None]
    for p in params:
        p.requires_grad_()
    opt = torch.optim.Adam(params, lr=as_float("lr", lr))
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
    loss_fn = choose("loss", loss, LOSSES)
    model, out = mlp(sizes, seed=seed), []
    with torch.no_grad():
        for b in b_values:
            out.append(loss_fn(set_output_bias(model, float(b))(x), y).item())
    return torch.tensor(out)
