"""The audit's arguments and its errors (notebook 05): check what find_redundant_biases is given,
run the model once, and turn every failure to record it into an UntraceableModelError that says
what to do (or a TypeError / ValueError that names the argument)."""

import io
import logging
from contextlib import contextmanager, redirect_stderr

import torch
import torch.nn as nn
import torch.utils._pytree as pytree


class UntraceableModelError(RuntimeError):
    """The model's forward() cannot be recorded as a graph (or the graph computes something else),
    so the audit refuses to answer."""


ADVICE = (
    "Without a graph the audit cannot follow a bias, and it will not guess. Pass what forward() "
    "needs as example_input (positional tensors) and forward_kwargs (concrete values for optional "
    "arguments), or audit the sub-modules that can be traced."
)


def first_line(exc):
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}"


def why_untraceable(model, exc):
    text, name = str(exc), type(model).__name__
    if "data-dependent" in text or "GuardOnDataDependent" in type(exc).__name__:
        return UntraceableModelError(
            f"find_redundant_biases cannot trace {name} with torch.export: forward() uses a "
            "tensor's value in Python control flow (`if x.sum() > 0:`, `.item()`, a loop over a "
            "tensor's values), so its graph depends on the data. Rewrite that part with "
            "torch.where, or audit the sub-modules that do not branch."
        )
    if "in output" in text or "pytree" in text:
        why = (
            "forward() returns something that is not a tensor or a tuple, list or dict of "
            "tensors (a key-value cache, for instance). Ask it for tensors only: for a "
            "transformers model, forward_kwargs={'use_cache': False}."
        )
    else:
        why = ADVICE
    return UntraceableModelError(
        f"find_redundant_biases cannot trace {name} with torch.export ({first_line(exc)}). {why}"
    )


@contextmanager
def quiet_export():
    """torch.export logs warnings and prints a partial graph to stderr when it fails; the audit
    explains instead. Every torch logger is silenced and stderr captured while it runs."""
    names = ["torch"] + [n for n in logging.root.manager.loggerDict if n.startswith("torch.")]
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        with redirect_stderr(io.StringIO()):
            yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def check_arguments(model, example_input, forward_kwargs):
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    inputs = example_input if isinstance(example_input, (tuple, list)) else (example_input,)
    if not inputs or not all(isinstance(x, torch.Tensor) for x in inputs):
        raise TypeError(
            "example_input must be a tensor or a tuple of tensors; got "
            f"{type(example_input).__name__}"
        )
    kwargs = {} if forward_kwargs is None else forward_kwargs
    if not isinstance(kwargs, dict) or not all(isinstance(k, str) for k in kwargs):
        raise TypeError(
            "forward_kwargs must be a dict of keyword arguments for forward() (or None); got "
            f"{type(forward_kwargs).__name__}"
        )
    as64 = lambda v: (
        v.detach().double() if isinstance(v, torch.Tensor) and v.is_floating_point() else v
    )
    return tuple(as64(x) for x in inputs), {k: pytree.tree_map(as64, v) for k, v in kwargs.items()}


def run_model(work, inputs, kwargs):
    try:
        torch.manual_seed(0)
        return work(*inputs, **kwargs)
    except Exception as exc:
        if "Expected more than 1 value per channel when training" in str(exc):
            raise ValueError(
                "example_input has a batch of one, and a BatchNorm in training mode needs more "
                "than one value per channel to take a batch mean (torch: "
                f"{first_line(exc)}). Pass a batch of two or more examples, or call "
                "model.eval() to audit the model as it runs in eval mode."
            ) from exc
        raise ValueError(
            "example_input does not run through the model in float64 (the audit computes on a "
            f"float64 copy): {type(exc).__name__}: {exc}"
        ) from exc
