"""The course's one training loop for torch models (notebooks 03, 05 and 07): full batch, in place.

`train` returns the same shape of result wherever it is used: {"loss": (steps,) float64 array, the
loss before each step}, plus the parameter paths you ask for (each with the start, so steps + 1
rows).
"""

import numpy as np
import torch
import torch.nn.functional as F

from helpers.core.validate import (
    MAX_STEPS,
    as_bool,
    as_choice,
    as_float,
    as_int,
    as_module,
    as_tensor,
    model_dtype,
)

LOSSES = {"mse": F.mse_loss, "bce": F.binary_cross_entropy_with_logits}
OPTIMIZERS = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD, "adamw": torch.optim.AdamW}


def choose(name, value, options):
    """options[value], or a ValueError naming the argument `name` and the allowed values."""
    return options[as_choice(name, value, options)]


def as_batch(model, x, y, loss="mse"):
    """model, x and y checked for training: an nn.Module, and non-empty tensors of finite numbers
    in the model's dtype; for loss="bce", targets y between 0 and 1. Returns (x, y)."""
    as_module("model", model)
    dtype = model_dtype(model)
    x, y = as_tensor("x", x, dtype=dtype), as_tensor("y", y, dtype=dtype)
    if loss == "bce" and not ((y >= 0) & (y <= 1)).all():
        raise ValueError(
            f"y must hold targets between 0 and 1 for loss='bce'; got values from "
            f"{y.min().item():g} to {y.max().item():g} (for labels -1 and +1, pass (y + 1) / 2)"
        )
    return x, y


def check_output(out, y):
    """Raise ValueError unless the targets y have exactly the shape of the model's output: a loss
    between (n, 1) and (n,) would broadcast to (n, n) and train on the wrong numbers."""
    if out.shape != y.shape:
        try:
            would = (
                f": the loss would broadcast to {tuple(torch.broadcast_shapes(out.shape, y.shape))}"
            )
        except RuntimeError:
            would = ""
        raise ValueError(
            f"y must have the shape of model(x), {tuple(out.shape)}; got shape {tuple(y.shape)}"
            f"{would}"
        )


def run_model(model, x):
    """model(x), with torch's error for an x that does not fit the model (its shape, a batch of
    one in BatchNorm's train mode) re-raised as a ValueError naming x."""
    try:
        return model(x)
    except (RuntimeError, ValueError) as error:
        raise ValueError(f"x of shape {tuple(x.shape)} does not fit the model: {error}") from None


def split_parameters(model):
    """(weights, biases): every parameter named "bias" flattened into one vector, all others into
    another (an empty vector where there is none)."""
    named = list(as_module("model", model).named_parameters())

    def flat(biases):
        parts = [p.detach().reshape(-1) for n, p in named if (n.split(".")[-1] == "bias") == biases]
        return torch.cat(parts) if parts else torch.zeros(0)

    return flat(False), flat(True)


def param_groups(model, groups, weight_decay):
    """The optimizer's parameter groups: `groups` (as from `decay_groups`, without their "names"),
    or one group of every parameter with `weight_decay`."""
    if groups is None:
        decay = as_float("weight_decay", weight_decay, at_least=0)
        return [{"params": list(model.parameters()), "weight_decay": decay}]
    if (
        not isinstance(groups, (list, tuple))
        or not groups
        or not all(isinstance(g, dict) and "params" in g for g in groups)
    ):
        raise TypeError(
            f"groups must be a non-empty list of dicts with 'params', as from decay_groups; got "
            f"{type(groups).__name__}"
        )
    own = {id(p) for p in model.parameters()}
    if not all(id(p) in own for g in groups for p in g["params"]):
        raise ValueError("groups must hold the model's own parameters (from decay_groups(model))")
    return [{k: v for k, v in g.items() if k != "names"} for g in groups]


def train(
    model,
    x,
    y,
    loss="mse",
    steps=200,
    lr=0.01,
    optimizer="adam",
    weight_decay=0.0,
    groups=None,
    track=False,
    record=(),
):
    """Full-batch training of `model` in place on loss(model(x), y).

    loss: "mse" or "bce" (with logits); optimizer: "adam", "sgd" or "adamw"; groups: parameter
    groups (as from `decay_groups`) instead of one group with `weight_decay`.
    Returns {"loss": (steps,) float64 array, the loss before each step}; with track=True also
    "weights" and "biases", (steps + 1, n) tensors of the `split_parameters` path; and for each
    parameter name in `record` (e.g. "0.bias"), that parameter's path, a (steps + 1, *shape) tensor.
    x and y are tensors in the model's dtype, y of exactly model(x)'s shape (an (n,) target for an
    (n, 1) output would broadcast the loss to (n, n)); steps is at most 100,000 (MAX_STEPS).
    """
    loss_fn = choose("loss", loss, LOSSES)
    x, y = as_batch(model, x, y, loss)
    opt_class = choose("optimizer", optimizer, OPTIMIZERS)
    steps, track = as_int("steps", steps, minimum=1, maximum=MAX_STEPS), as_bool("track", track)
    named = dict(model.named_parameters())
    if isinstance(record, str) or not isinstance(record, (list, tuple)):
        raise TypeError(
            f"record must be a list of parameter names such as ['0.bias']; got {record!r}"
        )
    for name in record:
        if name not in named:
            raise ValueError(
                f"record must name parameters of the model, such as {list(named)[:3]}; got {name!r}"
            )
    opt = opt_class(param_groups(model, groups, weight_decay), lr=as_float("lr", lr, above=0))
    snapshot = lambda: (
        ([split_parameters(model)] if track else []) + [named[n].detach().clone() for n in record]
    )
    losses, path = [], [snapshot()]
    for step in range(steps):
        opt.zero_grad()
        out = run_model(model, x) if step == 0 else model(x)
        if step == 0:
            check_output(out, y)
        value = loss_fn(out, y)
        value.backward()
        opt.step()
        losses.append(value.item())
        path.append(snapshot())
    history = {"loss": np.array(losses)}
    columns = list(zip(*path))
    if track:
        history["weights"], history["biases"] = (torch.stack(v) for v in zip(*columns.pop(0)))
    history.update({name: torch.stack(column) for name, column in zip(record, columns)})
    return history
