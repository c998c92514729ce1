"""Follow one bias's shift through the whole graph (notebook 05): `follow` moves the bias by a
direction, applies `rules.step` node by node along the live graph, and returns the Stops where the
paths of its shift end (removed, kept, random, zero, unknown)."""

import math

import torch

from helpers.audit.norms import TOL, Stop
from helpers.audit.ops import ADDITIVE, describe, op_name
from helpers.audit.rules import step


def _magnitude(t):
    if isinstance(t, (tuple, list)):
        return max((_magnitude(x) for x in t), default=0.0)
    return float(t.abs().max()) if isinstance(t, torch.Tensor) and t.numel() else 0.0


def follow(cap, source, values, direction, zero_kind="zero"):
    """Move one bias by `direction`; return the Stops where the paths of its shift end."""
    tangents, stops, shaken = {source: direction}, [], {}
    for node in cap.gm.graph.nodes:
        if node.op != "call_function" or node not in cap.live:
            continue
        carrying = [n for n in node.all_input_nodes if n in tangents]
        if not carrying:
            continue
        where = describe(node)
        factor = op_name(node) not in ADDITIVE and any(
            n in cap.random for n in node.all_input_nodes if n not in tangents
        )
        origin = where if factor else next((shaken[n] for n in carrying if n in shaken), None)
        try:
            out = step(node, tangents, values, cap, where)
        except Stop as stop:
            if origin and stop.kind == "fail":
                stop.what += _SHAKEN.format(origin)
            stops.append(stop)
            continue
        except Exception as exc:  # an argument pattern the rules did not foresee
            what = f"enters {where}, which the audit could not follow ({type(exc).__name__})"
            stops.append(Stop("unknown", where, what))
            continue
        if out is None:
            continue
        size = _magnitude(out)
        if not math.isfinite(size):
            stops.append(Stop("unknown", where, f"becomes infinite or NaN at {where}"))
            continue
        additive = op_name(node) in ADDITIVE
        # A sum or difference can cancel the shift up to round-off (x - x.mean(...)); other linear
        # operations only exactly, never merely by scaling it down.
        if size <= (TOL if additive else 1e-13) * max(_magnitude(tangents[n]) for n in carrying):
            what = f"at {where} the shift is subtracted away (as in x - x.mean(...))"
            stops.append(
                Stop("cancel", where, what, "subtraction")
                if additive
                else Stop(zero_kind, where, f"is multiplied by zero at {where}")
            )
            continue
        tangents[node] = out
        if origin:
            shaken[node] = origin
    if any(o in tangents for o in cap.outputs):
        stops.append(Stop("fail", "output", "reaches the model's output with no mean subtracted"))
    return stops


_SHAKEN = (
    "; on the way, at {}, it was multiplied by a random factor (stochastic depth or dropout in "
    "training mode), which differs from example to example, so no mean over the batch removes it "
    "(in eval mode the factor is 1)"
)
