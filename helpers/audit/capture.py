"""Turn a model and an example input into a graph the audit can replay (notebook 05).

`Capture` runs a float64 copy of the model, records forward() with `torch.export` (non-strict:
Python runs as usual, tensors are recorded as ATen operations) and checks that replaying the graph
gives forward()'s outputs. `Capture.replay` runs the graph again with the parameters given,
keeping every node's value.
"""

import copy

import torch
import torch.fx as fx
import torch.utils._pytree as pytree
from torch.export.graph_signature import InputKind, OutputKind

from helpers.audit.inputs import (
    ADVICE,
    UntraceableModelError,
    check_arguments,
    first_line,
    quiet_export,
    run_model,
    why_untraceable,
)
from helpers.audit.ops import RANDOM, mutated_first_argument, op_name, schema_args


class _Recorder(fx.Interpreter):
    """Runs the graph and keeps every node's value; an in-place operation works on a copy, so a
    kept value is never changed afterwards."""

    def run_node(self, n):
        if n.op == "call_function" and mutated_first_argument(n):
            args, kwargs = self.fetch_args_kwargs_from_env(n)
            args = (args[0].clone(),) + tuple(args[1:])
            out = n.target(*args, **kwargs)
        else:
            out = super().run_node(n)
        if n in self.noise and isinstance(out, torch.Tensor) and out.is_floating_point():
            out = torch.rand(out.shape, generator=self.generator, dtype=out.dtype) + 0.5
        self.values[n] = out
        return out


def _functional_uses(gm):
    """After `y = op_(x)`, forward() reads x's new value: point those later uses at y."""
    order = {n: i for i, n in enumerate(gm.graph.nodes)}
    for node in list(gm.graph.nodes):
        if node.op == "call_function" and mutated_first_argument(node) and node.args:
            first = node.args[0]
            if isinstance(first, fx.Node):
                first.replace_all_uses_with(
                    node, delete_user_cb=lambda u, n=node: order[u] > order[n]
                )


class Capture:
    """The recorded graph of a float64 copy of the model, with what the audit needs to replay it."""

    def __init__(self, model, example_input, forward_kwargs=None):
        inputs, kwargs = check_arguments(model, example_input, forward_kwargs)
        self.name, work = type(model).__name__, copy.deepcopy(model).double()
        with torch.random.fork_rng(devices=[]):
            expected = run_model(work, inputs, kwargs)
            torch.manual_seed(0)
            try:
                with quiet_export():
                    ep = torch.export.export(work, inputs, kwargs, strict=False)
            except Exception as exc:
                raise why_untraceable(model, exc) from exc
        self.modules = dict(work.named_modules())
        want = [v for v in pytree.tree_leaves(expected) if isinstance(v, torch.Tensor)]
        self._load(ep, (inputs, kwargs))
        if not self._faithful(want):
            # An in-place change of a view (x[:, :2] += 1) needs torch's functionalisation.
            with quiet_export():
                self._load(ep.run_decompositions({}), (inputs, kwargs))
            if not self._faithful(want):
                raise UntraceableModelError(
                    f"The graph torch.export recorded from {self.name} computes something else "
                    "than forward() on example_input, so the audit will not trust it. " + ADVICE
                )

    def _load(self, ep, user_values):
        self.gm, sig, state = ep.graph_module, ep.graph_signature, ep.state_dict
        _functional_uses(self.gm)
        nodes = {n.name: n for n in self.gm.graph.nodes}
        self.parameters, self.feed, self.user_inputs = {}, {}, []  # node -> name, value; nodes
        user = iter(pytree.tree_leaves(user_values, is_leaf=lambda v: v is None))
        for spec in sig.input_specs:
            node = nodes[spec.arg.name] if hasattr(spec.arg, "name") else None
            if spec.kind == InputKind.PARAMETER:
                self.parameters[node] = spec.target
                self.feed[node] = state[spec.target].detach()
            elif spec.kind in (InputKind.BUFFER, InputKind.CONSTANT_TENSOR):
                self.feed[node] = state.get(spec.target, ep.constants.get(spec.target))
            elif spec.kind == InputKind.USER_INPUT:
                self.feed[node] = next(user)
                self.user_inputs.append(node)
            else:
                raise UntraceableModelError(f"{self.name}: the audit cannot replay {spec.kind}")
        out_node = next(n for n in self.gm.graph.nodes if n.op == "output")
        outs = pytree.tree_leaves(out_node.args[0])
        self.outputs = [
            o
            for o, spec in zip(outs, sig.output_specs)
            if spec.kind == OutputKind.USER_OUTPUT and isinstance(o, fx.Node)
        ]
        self._mark()

    def _faithful(self, want):
        self.current = got = self.replay({})
        have = [got[o] for o in self.outputs if isinstance(got[o], torch.Tensor)]
        return len(want) == len(have) and all(
            a.shape == b.shape and torch.allclose(a, b, rtol=1e-9, atol=1e-12)
            for a, b in zip(have, want)
        )

    def _mark(self):
        """Which nodes reach an output (live), which hold random numbers, which are torch layers."""
        self.live, todo = set(), list(self.outputs)
        while todo:
            n = todo.pop()
            if n not in self.live:
                self.live.add(n)
                todo += n.all_input_nodes
        # A random factor: made from random numbers (dropout masks, stochastic depth), not from
        # the input. Data that merely passed a dropout earlier is no factor of that kind.
        self.random, self.noise, data = set(), set(), set(self.user_inputs)
        for n in self.gm.graph.nodes:
            if n.op != "call_function":
                continue
            if any(a in data for a in n.all_input_nodes):
                data.add(n)
            made_random = op_name(n) in RANDOM and schema_args(n).get("train", True) is not False
            if n not in data and (made_random or any(a in self.random for a in n.all_input_nodes)):
                self.random.add(n)
                self.noise |= {n} if made_random else set()
            path = list((n.meta.get("nn_module_stack") or {"": ("", "")}).values())[-1][0]
            mod = self.modules.get(path)
            n.meta["audit_torch_layer"] = (
                mod is not None
                and path != ""
                and not list(mod.children())
                and type(mod).forward.__module__.startswith("torch.nn")
            )

    def replay(self, parameters, noise_seed=None):
        """Every node's value, with `parameters` ({name: tensor}) in place of the model's own; with
        noise_seed, random numbers (a stochastic-depth mask) become seeded values in [0.5, 1.5),
        so that no two examples or values share one by chance."""
        feed = {}
        for node, value in self.feed.items():
            name = self.parameters.get(node)
            value = parameters.get(name, value)
            feed[node] = value.clone() if isinstance(value, torch.Tensor) else value
        recorder = _Recorder(self.gm)
        recorder.values, recorder.noise = {}, self.noise if noise_seed is not None else ()
        recorder.generator = torch.Generator().manual_seed(noise_seed or 0)
        args = [feed[n] for n in self.gm.graph.nodes if n.op == "placeholder"]
        with torch.random.fork_rng(devices=[]), torch.no_grad():
            torch.manual_seed(0)
            try:
                recorder.run(*args)
            except Exception as exc:
                raise UntraceableModelError(
                    f"The graph torch.export recorded from {self.name} does not replay "
                    f"({first_line(exc)}). " + ADVICE
                ) from exc
        return recorder.values

    def perturbed(self, seed):
        """The parameters moved at random (float64, seeded): a draw for the structural verdicts."""
        g = torch.Generator().manual_seed(seed)
        moved = {}
        for node, name in self.parameters.items():
            p = self.feed[node]
            if isinstance(p, torch.Tensor) and p.is_floating_point():
                size = max(float(p.pow(2).mean().sqrt()) if p.numel() else 0.0, 1e-2)
                noise = torch.randn(p.shape, generator=g, dtype=p.dtype)
                moved[name] = p + 0.5 * size * noise
        return moved
