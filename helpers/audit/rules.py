"""How a bias's shift travels through one operation of the graph: the rules behind
`find_redundant_biases` (notebook 05).

A bias b adds a *shift* to what its layer computes. We follow it as a concrete float64 "tangent" T,
the change of every node's value when b moves by a direction d, starting at the parameter itself
(so a bias used by nn.Linear, by F.linear in a subclass, by torch.addmm in transformers' Conv1D or
by F.batch_norm in timm's BatchNormAct2d is followed alike):

* Linear operations keep a shift a shift, f(z + T) = f(z) + L(T), and L(T) is computed exactly from
  the values the graph holds: add, sub, cat, reshape, indexing, mean, sum, average pooling, padding,
  a Linear or Conv (without its bias), eval-mode BatchNorm, products with a tensor that does not
  depend on b, and attention's weighted sum of values. A layer's bias argument adds its own shift.
  Because L(T) is computed, not guessed, a per-channel shift that enters a zero-padded Conv comes
  out different near the borders, and a flatten keeps every channel's constant.
* Max pooling keeps a shift that is constant over the pooled positions: max(x + c) = max(x) + c.
* Terminals (`norms.py`): a normalisation that subtracts a mean, var/std, softmax.
* A sum or difference may cancel the shift outright (x - x.mean(dim)): below TOL (1e-9) times its
  inputs' size, it counts as removed there. Other linear operations must cancel it exactly.
* A product with a random tensor (dropout, stochastic depth in training mode) makes the shift
  differ from example to example; a non-linear function (ReLU, GELU, RMSNorm, ...) does not pass it
  through; an operation the audit does not know ends the path as "unknown".
"""

import torch

from helpers.audit import ops
from helpers.audit.norms import Stop, attention, constant_over, norm_input, softmax_input, spread

_BIAS_ARG = {"addmm": "self", "baddbmm": "self", "addbmm": "self"}  # else "bias"


def _substitute(value, tangents, values, replace):
    """Map node arguments to tensors: shifted nodes through `replace(node)`, others to values."""
    return torch.fx.node.map_arg(value, lambda n: replace(n) if n in tangents else values[n])


def _call(node, args, kwargs):
    return node.target(*args, **kwargs)


def _zeros_for(values, tangents):
    """Replace every tensor argument that carries no shift by zeros: it adds nothing to one."""

    def zero(n):
        if n in tangents:
            t = tangents[n]
            return t.clone() if isinstance(t, torch.Tensor) else t
        v = values[n]
        return torch.zeros_like(v) if isinstance(v, torch.Tensor) else v

    return zero


def _layer(node, name, a, tangents, values, where):
    """linear / conv / addmm / norms with a bias argument: the input's shift goes through the layer
    (norms: `norm_input`), and the bias's own shift is added, broadcast like the bias."""
    bias_arg = _BIAS_ARG.get(name, "bias")
    shifted = [k for k, v in a.items() if isinstance(v, torch.fx.Node) and v in tangents]
    if name in ops.NORMS and shifted != [bias_arg]:
        if shifted != ["input"]:
            raise Stop("fail", where, f"enters {where} as its {' and '.join(shifted)}")
        values_a = {k: values[v] if isinstance(v, torch.fx.Node) else v for k, v in a.items()}
        return norm_input(name, values_a, tangents[a["input"]], values[a["input"]].shape, where)
    if len([k for k in shifted if k != bias_arg]) > 1:
        raise Stop("fail", where, f"is multiplied by itself at {where}")
    total = None
    for k in shifted:  # the layer is affine in its input and in its bias: add the two effects

        def arg(n, k=k):
            if n is a[k]:
                return tangents[n].clone()
            zero = k == bias_arg or n is a.get(bias_arg)
            return torch.zeros_like(values[n]) if zero else values[n]

        args = torch.fx.node.map_arg(node.args, arg)
        part = _call(node, args, torch.fx.node.map_arg(node.kwargs, arg))
        total = part if total is None else total + part
    return total


def step(node, tangents, values, cap, where):
    """The tangent of `node`'s output (None: it carries no shift), given its inputs' tangents;
    raises Stop when the path ends here."""
    name, a = ops.op_name(node), ops.schema_args(node)
    carrying = [n for n in node.all_input_nodes if n in tangents]
    if name in ops.VALUE_FREE:
        return None
    if name in ops.ADDITIVE:  # other addends (and literals, as in x + 1) add nothing to the shift
        zero = _zeros_for(values, tangents)
        args = torch.fx.node.map_arg(node.args, zero)
        if name not in ("cat", "concat", "concatenate", "stack", "hstack", "vstack"):
            args = tuple(
                0 if i < 2 and isinstance(x, (int, float)) else x for i, x in enumerate(args)
            )
        return _call(node, args, torch.fx.node.map_arg(node.kwargs, zero))
    if name in ops.LAYERS or name in ops.NORMS:
        return _layer(node, name, a, tangents, values, where)
    first = node.args[0] if node.args else None
    if name in ops.DROPOUTS:
        if a.get("train", True) and a.get("p", 0.5) > 0:
            raise Stop(
                "random",
                where,
                f"goes through {where} in training mode, which multiplies each value by its own "
                "random factor",
            )
        t = tangents[first]
        return (t, None) if name == "native_dropout" else t
    if name == "scaled_dot_product_attention":
        return attention(a, tangents, values, where)
    if name in ops.SOFTMAX:
        probs = torch.softmax(values[first], a["dim"])
        softmax_input(
            tangents[first],
            probs,
            a["dim"],
            where,
            f"{where} ignores a constant added along its axis (it subtracts the log-sum-exp)",
        )
    if name in ops.SPREADS:
        spread(a, tangents[first], values[first].shape, where)
    if name in ops.PRODUCTS:
        if len(carrying) > 1 or (name == "div" and first not in tangents):
            raise Stop("fail", where, f"is multiplied by itself or divided by something at {where}")
        if a.get("rounding_mode") is not None:
            raise Stop("fail", where, f"goes through {where}, which rounds")
        return _call(
            node, *_substitute((node.args, node.kwargs), tangents, values, lambda n: tangents[n])
        )
    if name in ops.MAX_POOLS:
        t, shape = tangents[first], values[first].shape
        pooled = int(name.split("_pool")[1][0])
        if not constant_over(t, shape, tuple(range(-pooled, 0))):
            raise Stop(
                "fail",
                where,
                f"goes through {where}: max pooling keeps a shift only if it is the same over "
                "the pooled positions",
            )
        out = node.target(t.expand(shape).contiguous(), *node.args[1:], **node.kwargs)
        return (out[0], None) if isinstance(out, tuple) else out
    if name in ops.MOVES:
        return _move(node, name, a, first, carrying, tangents, values, where)
    if name in ops.NONLINEAR:
        raise Stop("fail", where, f"goes through {where}, which does not pass a shift through")
    raise Stop("unknown", where, f"enters {where}, an operation the audit does not follow")


def _move(node, name, a, first, carrying, tangents, values, where):
    if name == "getitem":
        return tangents[first][node.args[1]]
    if name == "where":
        if a.get("condition") in tangents:
            raise Stop("fail", where, f"decides a comparison at {where}")
        zero = _zeros_for(values, tangents)
        rest = [zero(x) if isinstance(x, torch.fx.Node) else 0.0 for x in node.args[1:]]
        return torch.where(values[node.args[0]], *rest)
    if len(carrying) != 1 or (first not in tangents and name != "embedding"):
        raise Stop("fail", where, f"enters {where} through an argument that selects or sizes")
    if name in ("_to_copy", "to") and not values[node].is_floating_point():
        raise Stop("fail", where, f"is rounded at {where}")
    args, kwargs = _substitute((node.args, node.kwargs), tangents, values, lambda n: tangents[n])
    if name == "masked_fill":  # the fill value is no shift
        return torch.masked_fill(args[0], args[1], 0.0)
    if name == "constant_pad_nd":
        args = tuple(args[:2]) + (0.0,)  # nor is the pad value
    if name == "pad" and a.get("mode", "constant") == "constant":
        args, kwargs = tuple(args[:2]), {"mode": "constant", "value": 0.0}
    return _call(node, args, kwargs)
