"""The course's one training loop for torch models (notebooks 03, 05 and 07): full batch, in place.

`train` returns the same shape of result wherever it is used: {"loss": (steps,) float64 array, the
loss before each step}, plus the parameter paths you ask for (each with the start, so steps + 1
rows).
"""

import numpy as np
import torch
import torch.nn.functional as F

from helpers.core.validate import as_float, as_int

LOSSES = {"mse": F.mse_loss, "bce": F.binary_cross_entropy_with_logits}
OPTIMIZERS = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD, "adamw": torch.optim.AdamW}


def choose(name, value, options):
    """options[value], or a ValueError naming the argument `name` and the allowed values."""
    if value not in options:
        raise ValueError(f"{name} must be one of {sorted(options)}; got {value!r}")
    return options[value]


def split_parameters(model):
    """(weights, biases): every parameter named "bias" flattened into one vector, all others into
    another."""
    named = list(model.named_parameters())
    flat = lambda keep: torch.cat(
        [p.detach().reshape(-1) for n, p in named if keep(n.split(".")[-1] == "bias")]
    )
    return flat(lambda b: not b), flat(lambda b: b)


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
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    loss_fn = choose("loss", loss, LOSSES)
    opt_class = choose("optimizer", optimizer, OPTIMIZERS)
    named = dict(model.named_parameters())
    for name in record:
        if name not in named:
            raise ValueError(
                f"record must name parameters of the model, such as {list(named)[:3]}; got {name!r}"
            )
    params = (
        groups
        if groups is not None
        else [{"params": list(model.parameters()), "weight_decay": weight_decay}]
    )
    params = [{k: v for k, v in g.items() if k != "names"} for g in params]
    opt = opt_class(params, lr=as_float("lr", lr))
    snapshot = lambda: (
        ([split_parameters(model)] if track else []) + [named[n].detach().clone() for n in record]
    )
    losses, path = [], [snapshot()]
    for _ in range(as_int("steps", steps, minimum=1)):
        opt.zero_grad()
        value = loss_fn(model(x), y)
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
