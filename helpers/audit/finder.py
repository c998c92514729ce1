"""A bias audit for any model (notebook 05): which biases does a normalisation cancel?

    find_redundant_biases(model, example_input) -> [BiasFinding(module_name, verdict, reason), ...]

The model is recorded with torch.export (`capture.py`), and every bias parameter (every parameter
whose full name contains "bias": `fc.bias`, `in_proj_bias`, T5's `relative_attention_bias.weight`)
is followed from the parameter itself through the graph (`rules.py`,
`norms.py`). Each bias gets exactly one verdict:

* "redundant": every path of its shift ends where the shift is removed: a mean subtraction over
  values that all got the same shift (BatchNorm in training mode, InstanceNorm, GroupNorm with one
  channel per group, x - x.mean(...)), or a softmax whose inputs all got the same shift (the key
  bias in attention). It cancels exactly: its gradient is zero and the output ignores it.
* "partially-cancelled": only the bias's mean over the normalised values is removed (LayerNorm over
  features, GroupNorm over a group of channels): adding one constant to every entry changes nothing,
  other changes do. Its gradient is not zero but sums to zero there.
* "matters": its shift reaches the output, or something that keeps it (a ReLU, a mean it is not
  constant over, a random factor from dropout or stochastic depth in training mode).
* "not audited", with the reason: forward() does not use it on the way to the output, or its shift
  enters an operation the audit does not know.
Only the first two are listed unless show_all=True.

Verdicts are structural: they are checked with all parameters moved to random values (two seeded
draws), so a bias is never called redundant because some weight happens to be zero right now (a
zero-initialised head, ReZero's alpha = 0, a BatchNorm gamma of 0); such a bias "matters", and its
reason says that its gradient is zero at the current values. They describe the model in the mode it
is in (training-mode BatchNorm cancels a bias, eval-mode BatchNorm does not) and on example_input's
shapes. The model is copied: its parameters, running statistics and the global random state are
left untouched.
"""

from dataclasses import dataclass

import torch

from helpers.audit.capture import Capture
from helpers.audit.paths import follow

VERDICTS = ("redundant", "partially-cancelled", "matters", "not audited")


@dataclass(frozen=True)
class BiasFinding:
    """One audited bias: module_name (as in model.named_modules()), verdict, a reason in plain
    words, and the parameter's full name (as in model.named_parameters())."""

    module_name: str
    verdict: str
    reason: str
    parameter: str = ""

    def __str__(self):
        plain = self.parameter.rsplit(".", 1)[-1] == "bias" and self.module_name
        return f"{self.module_name if plain else self.parameter}: {self.verdict}. {self.reason}"


def _removed(stops):
    return any(s.kind == "cancel" for s in stops) and all(
        s.kind in ("cancel", "zero") for s in stops
    )


def _places(stops):
    return "; ".join(dict.fromkeys(s.what for s in stops))


def _judge(cap, source, draws, current, direction):
    """(verdict, reason) for the bias at placeholder `source`."""
    runs = [follow(cap, source, v, direction) for v in draws]
    cancels = [s for s in runs[0] if s.kind == "cancel"]
    if all(_removed(r) for r in runs):
        note = (
            " (in eval mode BatchNorm uses its running mean instead, and there the bias matters)"
            if any("training mode" in s.what for s in cancels)
            else ""
        )
        if all(s.by != "softmax" for s in cancels):
            return "redundant", (
                "Every path from this layer's output ends at a mean subtraction that removes its "
                f"bias: {_places(cancels)}. The bias adds the same amount to every value in each "
                "of those means, so it cancels exactly: its gradient is zero and changing it does "
                f"not change the output{note}."
            )
        return "redundant", (
            f"Every path of this bias's shift ends where it is removed: {_places(cancels)}. The "
            "bias adds the same amount to every value of each of those means or softmaxes, so it "
            "cancels exactly: its gradient is zero and changing it does not change the output"
            f"{note}."
        )
    ones = torch.ones_like(direction)
    ones_runs = [follow(cap, source, v, ones) for v in draws]
    if all(_removed(r) for r in ones_runs):
        failed_at = {s.where for s in runs[0]}
        found = [s for s in ones_runs[0] if s.kind == "cancel"]
        where = _places([s for s in found if s.where in failed_at] or found)
        return "partially-cancelled", (
            f"{where[0].upper()}{where[1:]}, which removes only the bias's mean over the values it "
            "averages; the rest of the bias still changes the output, so its gradient is not zero "
            "but sums to zero over those values (adding one constant to every entry of the bias "
            "changes nothing)."
        )
    stops = [s for r in runs for s in r]
    failing = [s for s in stops if s.kind == "fail"] or [s for s in stops if s.kind == "random"]
    if failing:
        reason = f"The bias matters: its shift {failing[0].what}."
        now = follow(cap, source, current, direction, zero_kind="inert")
        inert = [s for s in now if s.kind == "inert"]
        if inert and all(s.kind in ("cancel", "zero", "inert") for s in now):
            reason += (
                f" Right now its gradient is zero, because its shift {_places(inert)}: that is a "
                "matter of the current values (a zero-initialised weight or scale), not of the "
                "model's structure, and it changes as soon as training moves them."
            )
        return "matters", reason
    unknown = [s for s in stops if s.kind == "unknown"]
    if unknown:
        return "not audited", (
            f"Not audited: its shift {unknown[0].what}, so the audit cannot tell whether it "
            "cancels."
        )
    if stops:
        return "not audited", (
            f"Not audited: its shift {stops[0].what} whatever the parameters' values, so it never "
            "reaches the output."
        )
    return "not audited", _UNUSED


_UNUSED = (
    "Not audited: forward() does not use this bias to compute the output on example_input (an "
    "unused layer, or a branch not taken), so there is no shift to follow."
)


def find_redundant_biases(model, example_input, show_all=False, forward_kwargs=None):
    """Biases that a normalisation (or softmax) cancels in `model` as it runs now on
    `example_input` (a tensor or a tuple of tensors; forward_kwargs: a dict of keyword arguments).

    Returns a list of BiasFinding in model.named_parameters() order; see the module docstring for
    the verdicts. show_all=True lists every bias parameter, also those that matter or were not
    audited. Each bias is moved in one seeded random direction (for "redundant") and by a constant
    (for "partially-cancelled"), with all parameters at two random draws; a random direction cancels
    only if, almost surely, every direction does. Raises UntraceableModelError if the model cannot
    be recorded faithfully, TypeError / ValueError for bad arguments.
    """
    if not isinstance(show_all, bool):
        raise TypeError(f"show_all must be True or False; got {type(show_all).__name__}")
    cap = Capture(model, example_input, forward_kwargs)
    draws = [cap.replay(cap.perturbed(seed), noise_seed=seed) for seed in (1, 2)]
    sources = {name: node for node, name in cap.parameters.items()}
    findings, generator = [], torch.Generator().manual_seed(0)
    for name, param in model.named_parameters():
        if "bias" not in name:  # bias, in_proj_bias, bias_k, relative_attention_bias.weight
            continue
        module_name = name.rsplit(".", 1)[0] if "." in name else ""
        source = sources.get(name)
        if source is None or source not in cap.live:
            verdict, reason = "not audited", _UNUSED
        else:
            direction = torch.randn(param.shape, generator=generator, dtype=torch.float64)
            with torch.no_grad():
                verdict, reason = _judge(cap, source, draws, cap.current, direction)
        if show_all or verdict in VERDICTS[:2]:
            findings.append(BiasFinding(module_name, verdict, reason, name))
    return findings


def warm_up_audit():
    """Audit a tiny model once, Linear(2, 2) -> BatchNorm1d(2) in training mode, so that a
    notebook's setup cell pays the audit's one-time cost (torch.export loads and records its first
    graph: about a second) and the lesson's first audit does not. The global random state is left
    untouched. Returns the verdict on the tiny model's bias: "redundant", as BatchNorm cancels it.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
    (finding,) = find_redundant_biases(model, torch.arange(8.0).reshape(4, 2))
    return finding.verdict
