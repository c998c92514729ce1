"""A bias audit for any model (notebook 05): which biases does a normalisation cancel?

    find_redundant_biases(model, example_input) -> [BiasFinding(module_name, verdict, reason), ...]

The model is traced with torch.fx; the bias of every nn.Linear, nn.ConvNd, nn.ConvTransposeNd and
affine normalisation layer is followed from its layer's output through the graph (rules:
`audit_rules.py` for ordinary operations, `audit_norms.py` for normalisations).

* "redundant": every path of the bias's shift ends at a subtraction of a mean taken over values that
  all got the same shift, so the bias cancels exactly. Its gradient is zero and the output ignores
  it.
* "partially-cancelled": the mean is also taken across the bias's own axis (LayerNorm over features,
  GroupNorm over a group of channels), so only the bias's mean there is removed: adding one constant
  to every entry of b changes nothing, other changes do. Its gradient is not zero but sums to zero
  there.
* Biases that matter are not listed (pass show_all=True to see them too, with verdict "matters").

Assumptions, stated in each reason: the audit describes the model in the mode it is in. A
training-mode BatchNorm subtracts the batch mean and cancels a bias; an eval-mode BatchNorm (running
statistics) is a fixed affine map and cancels nothing, so call model.train() to ask "does this bias
get a zero gradient in training?". BatchNorm with track_running_stats=False uses batch statistics in
both modes. The audit is conservative: anything it cannot follow (an unknown op, an in-place op,
multiplication by an input-dependent tensor) counts as "the bias matters". Biases inside leaf
modules such as nn.MultiheadAttention and biases passed to F.linear by hand are not audited. The
model is copied, so its parameters, running statistics and the global random state are left
untouched.
"""

import copy
from dataclasses import dataclass

import torch
import torch.fx as fx
import torch.nn as nn

from helpers.audit.norms import TOL, Stop
from helpers.audit.rules import ADDITIVE, VALUE_FREE, describe_node, step

_SOURCES = (
    nn.Linear,
    nn.Bilinear,
    nn.modules.conv._ConvNd,
    nn.modules.batchnorm._NormBase,
    nn.GroupNorm,
    nn.LayerNorm,
)


class UntraceableModelError(RuntimeError):
    """The model's forward() cannot be traced (or traces to something else), so the audit refuses to
    answer."""


@dataclass(frozen=True)
class BiasFinding:
    """One audited bias: module_name (as in model.named_modules()), verdict, and a reason in plain
    words."""

    module_name: str
    verdict: str
    reason: str

    def __str__(self):
        return f"{self.module_name}: {self.verdict}. {self.reason}"


class _Recorder(fx.Interpreter):
    """Runs the traced graph and keeps every node's value (the interpreter itself frees them
    early)."""

    def run_node(self, n):
        self.values[n] = out = super().run_node(n)
        return out


def _magnitude(t):
    if isinstance(t, (tuple, list)):
        return max((_magnitude(x) for x in t), default=0.0)
    return float(t.abs().max()) if isinstance(t, torch.Tensor) and t.numel() else 0.0


def _holds_tensor(v):
    return isinstance(v, torch.Tensor) or (
        isinstance(v, (tuple, list)) and any(_holds_tensor(x) for x in v)
    )


def _leaves(v):
    if isinstance(v, dict):
        v = list(v.values())
    if isinstance(v, (tuple, list)):
        return [leaf for x in v for leaf in _leaves(x)]
    return [v] if isinstance(v, torch.Tensor) else []


def _initial_tangent(mod, d, shape):
    """How the layer's output changes when its bias moves by d: d broadcast along the bias's own
    axes."""
    if isinstance(mod, (nn.Linear, nn.Bilinear, nn.LayerNorm)):
        return d.expand(shape).clone()  # the bias runs along the last axes
    batched = {
        nn.modules.conv._ConvNd: lambda m: len(m.kernel_size) + 2,
        nn.modules.instancenorm._InstanceNorm: lambda m: m._get_no_batch_dim() + 1,
    }
    ch = 1
    for kind, ndim in batched.items():
        if isinstance(mod, kind) and len(shape) != ndim(mod):
            ch = 0  # an unbatched input: channels come first
    return d.reshape((-1,) + (1,) * (len(shape) - ch - 1)).expand(shape).clone()


def _trace(model, example_input):
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    inputs = example_input if isinstance(example_input, (tuple, list)) else (example_input,)
    if not inputs or not all(isinstance(x, torch.Tensor) for x in inputs):
        raise TypeError(
            "example_input must be a tensor or a tuple of tensors; got "
            f"{type(example_input).__name__}"
        )
    work = copy.deepcopy(model).double()
    inputs = tuple(x.detach().double() if x.is_floating_point() else x for x in inputs)
    try:
        gm = fx.symbolic_trace(work)
    except Exception as exc:
        raise UntraceableModelError(
            f"find_redundant_biases cannot trace {type(model).__name__} with torch.fx "
            f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}). "
            "Usually forward() uses a tensor's value in Python control flow "
            "(`if x.sum() > 0:`, a loop over a tensor). Without a graph the audit "
            "cannot follow the bias, and it will not guess. Rewrite that part "
            "(torch.where), or audit the traceable sub-modules."
        ) from exc
    with torch.random.fork_rng(devices=[]):
        try:
            torch.manual_seed(0)
            expected = work(*inputs)
        except Exception as exc:
            raise ValueError(
                f"example_input does not run through the model in float64 (the audit computes on a "
                f"float64 copy): {type(exc).__name__}: {exc}"
            ) from exc
        torch.manual_seed(0)
        recorder = _Recorder(gm)
        recorder.values = {}
        got = recorder.run(*inputs)
    pairs = list(zip(_leaves(got), _leaves(expected)))
    if len(pairs) != len(_leaves(expected)) or not all(
        torch.allclose(a, b, rtol=1e-9, atol=1e-12) for a, b in pairs
    ):
        raise UntraceableModelError(
            f"The graph torch.fx traced from {type(model).__name__} computes something "
            "else than forward() on example_input, so the audit will not trust it."
        )
    return gm, recorder.values


def _follow(gm, sources, values, input_dependent, direction):
    """Move every call of one bias by `direction`; return the (cancels, fails) where its shift's
    paths end."""
    tangents, cancels, fails = {}, [], []
    for node in gm.graph.nodes:
        carrying = [n for n in node.all_input_nodes if n in tangents]
        if node.op == "output":
            fails += (
                [Stop("fail", "output", "reaches the model's output with no mean subtracted")]
                if carrying
                else []
            )
            continue
        if node not in sources and (not carrying or not _holds_tensor(values[node])):
            continue  # untouched by the bias, or a size / dtype / device: no shift to follow
        out = None
        if carrying:
            try:
                out = step(node, gm, tangents, values, input_dependent)
            except Stop as stop:
                (cancels if stop.kind == "cancel" else fails).append(stop)
                continue
            if out is None:  # the op reads only shape, dtype or device
                continue
            # A sum or difference can cancel the shift up to round-off (x - x.mean(...)); other
            # linear ops only exactly (a filter whose weights sum to zero), never merely by scaling
            # it down.
            tol = TOL if node.op != "call_module" and node.target in ADDITIVE else 1e-13
            if _magnitude(out) <= tol * max(_magnitude(tangents[n]) for n in carrying):
                where = describe_node(node, gm)
                cancels.append(
                    Stop(
                        "cancel",
                        where,
                        f"at {where} the shift is subtracted away (as in x - x.mean(...))",
                    )
                )
                continue
        if node in sources:
            start = _initial_tangent(gm.get_submodule(node.target), direction, values[node].shape)
            out = start if out is None else out + start
        tangents[node] = out
    return cancels, fails


def _reason(verdict, stops, mode_note):
    places = "; ".join(dict.fromkeys(s.what for s in stops))
    if verdict == "redundant":
        return (
            "Every path from this layer's output ends at a mean subtraction that "
            f"removes its bias: {places}. The bias adds the same amount to every "
            "value in each of those means, so it cancels exactly: its gradient "
            f"is zero and changing it does not change the output{mode_note}."
        )
    if verdict == "partially-cancelled":
        return (
            f"{places[0].upper()}{places[1:]}, which removes only the bias's mean "
            "over the values it averages; the rest of the bias still changes the "
            "output, so its gradient is not zero but sums to zero over those values "
            "(adding one constant to every entry of the bias changes nothing)."
        )
    return f"The bias matters: its shift {stops[0].what}."


def find_redundant_biases(model, example_input, show_all=False):
    """Biases that a normalisation cancels in `model` as it runs now on `example_input` (a tensor or
    a tuple).

    Returns a list of BiasFinding in model.named_modules() order; see the module docstring for the
    rules. show_all=True also lists the biases that matter, with verdict "matters" and the first
    reason found. Each bias is moved in one seeded random direction (for "redundant") and by a
    constant (for "partially-cancelled"); a random direction cancels only if, almost surely, every
    direction does. Raises UntraceableModelError if torch.fx cannot trace the model faithfully.
    """
    gm, values = _trace(model, example_input)
    input_dependent = set()
    for node in gm.graph.nodes:
        reads_values = (
            node.op == "call_module" or node.target not in VALUE_FREE
        )  # not just x's shape or dtype
        if node.op == "placeholder" or (
            reads_values and any(n in input_dependent for n in node.all_input_nodes)
        ):
            input_dependent.add(node)
    calls = {}
    for node in gm.graph.nodes:
        mod = gm.get_submodule(node.target) if node.op == "call_module" else None
        if isinstance(mod, _SOURCES) and isinstance(getattr(mod, "bias", None), torch.Tensor):
            calls.setdefault(node.target, set()).add(node)
    findings, generator = [], torch.Generator().manual_seed(0)
    with torch.no_grad():
        for name, _ in model.named_modules():
            if name not in calls:
                continue
            bias = gm.get_submodule(name).bias
            random_dir = torch.randn(bias.shape, generator=generator, dtype=torch.float64)
            cancels, fails = _follow(gm, calls[name], values, input_dependent, random_dir)
            mode_note = (
                " (in eval mode BatchNorm uses its running "
                "mean instead, and there the bias matters)"
                if any("training mode" in s.what for s in cancels)
                else ""
            )
            if cancels and not fails:
                findings.append(
                    BiasFinding(name, "redundant", _reason("redundant", cancels, mode_note))
                )
                continue
            ones_cancels, ones_fails = _follow(
                gm, calls[name], values, input_dependent, torch.ones_like(random_dir)
            )
            if ones_cancels and not ones_fails:
                partial = [
                    s for s in ones_cancels if s.where in {f.where for f in fails}
                ] or ones_cancels
                findings.append(
                    BiasFinding(
                        name, "partially-cancelled", _reason("partially-cancelled", partial, "")
                    )
                )
            elif show_all:
                findings.append(
                    BiasFinding(
                        name,
                        "matters",
                        _reason("matters", fails or [Stop("fail", "", "is never used")], ""),
                    )
                )
    return findings
