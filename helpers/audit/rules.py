"""How a bias's shift travels through one torch.fx node: the rules behind `find_redundant_biases`
(notebook 05).

A bias b adds a *shift* to its layer's output: a tensor that depends on b only, never on the input.
We follow it as a concrete float64 "tangent" T, the change of a node's value when b moves by a
direction d, node by node through the traced graph (the model's real values on the example input are
known too):

* Linear ops keep a shift a shift, f(z + T) = f(z) + L(T), and we compute L(T) exactly: add, sub,
  cat, reshape/flatten/permute, indexing, mean, sum, average pooling, padding, nn.Linear and
  nn.ConvNd (without their own bias), eval-mode BatchNorm, and multiplication by a tensor that does
  not depend on the input. Because L(T) is computed, not guessed, the bookkeeping is exact: a
  per-channel shift that enters a zero-padded Conv comes out different near the borders, and a
  flatten keeps every channel's constant.
* Max pooling keeps a shift that is constant over space: max(x + c) = max(x) + c.
* Ends of a path ("terminals", in `audit_norms.py`): a normalisation that subtracts a mean
  (training-mode BatchNorm, InstanceNorm, GroupNorm, LayerNorm and their F.* forms) removes the
  shift iff T is the same for every value that shares one mean; var/std ignore it on the same
  condition.
* A sum or difference may cancel the shift outright (x - x.mean(dim) when the shift is constant
  along dim): below TOL (1e-9) times its inputs' size, the tangent counts as removed there. Other
  linear ops must cancel it exactly (to 1e-13), so scaling a bias down never counts as removing it.
* Everything else breaks the shift and ends the path with a failure: ReLU and every other non-linear
  function, RMSNorm (no mean is subtracted), dropout in training mode (a random factor per value),
  multiplication by an input-dependent tensor, in-place ops, unknown modules, and the model's
  output.
"""

import operator

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.fx.node import map_arg

from helpers.audit.norms import Stop, constant_over, fail_other, functional_terminal, norm_module

ADDITIVE = {
    operator.add,
    operator.sub,
    operator.neg,
    torch.add,
    torch.sub,
    torch.neg,
    torch.cat,
    torch.concat,
    torch.stack,
    "add",
    "sub",
    "neg",
}
_SCALING = {
    operator.mul,
    operator.truediv,
    operator.matmul,
    torch.mul,
    torch.div,
    torch.matmul,
    torch.mm,
    torch.bmm,
    "mul",
    "div",
    "matmul",
    "mm",
    "bmm",
}
_MOVES = {
    operator.getitem,
    torch.flatten,
    torch.reshape,
    torch.permute,
    torch.transpose,
    torch.squeeze,
    torch.unsqueeze,
    torch.mean,
    torch.sum,
    torch.chunk,
    torch.split,
    torch.narrow,
    torch.select,
    torch.flip,
    torch.roll,
    torch.movedim,
    torch.swapaxes,
    torch.t,
    torch.clone,
    torch.unbind,
    F.avg_pool1d,
    F.avg_pool2d,
    F.avg_pool3d,
    F.adaptive_avg_pool1d,
    F.adaptive_avg_pool2d,
    F.adaptive_avg_pool3d,
    F.interpolate,
    F.pixel_shuffle,
    F.pixel_unshuffle,
    "view",
    "reshape",
    "flatten",
    "unflatten",
    "permute",
    "transpose",
    "unsqueeze",
    "squeeze",
    "contiguous",
    "mean",
    "sum",
    "chunk",
    "split",
    "expand",
    "expand_as",
    "repeat",
    "narrow",
    "select",
    "flip",
    "roll",
    "movedim",
    "clone",
    "t",
    "view_as",
    "reshape_as",
    "unbind",
    "__getitem__",
}
_WITH_BIAS_ARG = {
    F.linear,
    F.conv1d,
    F.conv2d,
    F.conv3d,
    F.conv_transpose1d,
    F.conv_transpose2d,
    F.conv_transpose3d,
}
_MAX_POOLS = {
    F.max_pool1d: 1,
    F.max_pool2d: 2,
    F.max_pool3d: 3,
    F.adaptive_max_pool1d: 1,
    F.adaptive_max_pool2d: 2,
    F.adaptive_max_pool3d: 3,
}  # -> number of pooled (last) axes
# Ops that read only a tensor's shape, dtype or device: their result carries no shift.
VALUE_FREE = {
    torch.zeros_like,
    torch.ones_like,
    torch.full_like,
    torch.empty_like,
    torch.rand_like,
    torch.randn_like,
    "new_zeros",
    "new_ones",
    "new_full",
    "new_empty",
    "size",
    "dim",
    "zeros_like",
    "ones_like",
}
_LINEAR_MODULES = (
    nn.Identity,
    nn.Flatten,
    nn.Unflatten,
    nn.modules.pooling._AvgPoolNd,
    nn.AdaptiveAvgPool1d,
    nn.AdaptiveAvgPool2d,
    nn.AdaptiveAvgPool3d,
    nn.Upsample,
    nn.PixelShuffle,
    nn.PixelUnshuffle,
    nn.ZeroPad1d,
    nn.ZeroPad2d,
    nn.ZeroPad3d,
    nn.modules.padding._ReflectionPadNd,
    nn.modules.padding._ReplicationPadNd,
    nn.modules.padding._CircularPadNd,
)
_MAX_POOL_MODULES = (nn.modules.pooling._MaxPoolNd, nn.modules.pooling._AdaptiveMaxPoolNd)


def describe_node(node, gm):
    """`name` (kind) for messages: the module's qualified name, or the forward() operation."""
    if node.op == "call_module":
        return f"`{node.target}` ({type(gm.get_submodule(node.target)).__name__})"
    if node.op == "call_method":
        return f"`.{node.target}()` in forward()"
    return f"`{getattr(node.target, '__name__', node.target)}` in forward()"


def _module_step(mod, node, t, values, where):
    shape = values[node.args[0]].shape
    if len(node.args) != 1 or node.kwargs:
        raise Stop(
            "fail",
            where,
            f"goes through {where} called with extra arguments, which the audit does not follow",
        )
    if isinstance(
        mod,
        (
            nn.modules.batchnorm._NormBase,
            nn.GroupNorm,
            nn.LayerNorm,
            nn.RMSNorm,
            nn.LocalResponseNorm,
        ),
    ):
        return norm_module(mod, t, shape, where)
    if isinstance(mod, nn.modules.dropout._DropoutNd):
        if mod.training and mod.p > 0:
            raise Stop(
                "fail",
                where,
                f"goes through {where} in training mode, which "
                "multiplies each value by its own random factor",
            )
        return t
    if isinstance(mod, nn.Linear):
        return F.linear(t, mod.weight)
    if isinstance(mod, nn.modules.conv._ConvNd) and not mod.transposed:
        return mod._conv_forward(t, mod.weight, None)
    if isinstance(mod, nn.modules.conv._ConvTransposeNd) and mod.padding_mode == "zeros":
        fn = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}[
            len(mod.kernel_size)
        ]
        return fn(
            t,
            mod.weight,
            None,
            mod.stride,
            mod.padding,
            mod.output_padding,
            mod.groups,
            mod.dilation,
        )
    if isinstance(mod, _LINEAR_MODULES):
        return mod(t)
    if isinstance(mod, nn.modules.padding._ConstantPadNd):
        return F.pad(t, mod.padding, value=0.0)
    if isinstance(mod, _MAX_POOL_MODULES) and not mod.return_indices:
        return _max_pool(mod, t, shape, int(type(mod).__name__[-2]), where)
    raise Stop(
        "fail", where, f"goes through {where}, which does not pass a shift through unchanged"
    )


def _max_pool(pool, t, in_shape, pooled_axes, where):
    """max(x + c) = max(x) + c when c is the same over the pooled (last `pooled_axes`) positions."""
    if not constant_over(t, in_shape, tuple(range(-pooled_axes, 0))):
        raise Stop(
            "fail",
            where,
            f"goes through {where}: max pooling keeps a shift only if it is the same over space",
        )
    return pool(t.expand(in_shape).contiguous())


def step(node, gm, tangents, values, input_dependent):
    """The tangent of `node`'s output (None: it carries no shift), given its inputs' tangents;
    raises Stop when the path ends here."""
    where = describe_node(node, gm)
    carrying = [n for n in node.all_input_nodes if n in tangents]
    fn = (
        node.target
        if node.op == "call_function"
        else node.target
        if node.op == "call_method"
        else None
    )
    inplace = (
        node.kwargs.get("inplace")
        or (node.op == "call_method" and fn.endswith("_") and not fn.endswith("__"))
        or fn in (operator.iadd, operator.isub, operator.imul, operator.itruediv)
        or (node.op == "call_module" and getattr(gm.get_submodule(node.target), "inplace", False))
    )
    if inplace:
        raise Stop(
            "fail",
            where,
            f"is changed in place by {where}; the audit does not follow in-place changes",
        )
    if node.op == "call_module":
        if not node.args or node.args[0] not in tangents or len(carrying) > 1:
            fail_other(where)
        return _module_step(
            gm.get_submodule(node.target), node, tangents[node.args[0]], values, where
        )

    def call(args, kwargs):
        if node.op == "call_method":
            return getattr(args[0], fn)(*args[1:], **kwargs)
        return fn(*args, **kwargs)

    def concrete(n):
        return tangents[n] if n in tangents else values[n]

    if fn in VALUE_FREE:
        return None
    if fn in ADDITIVE:  # other addends contribute nothing to the shift: replace them by zeros
        zero = lambda n: (
            tangents[n]
            if n in tangents
            else (torch.zeros_like(values[n]) if isinstance(values[n], torch.Tensor) else 0)
        )
        args = map_arg(node.args, zero)
        if fn not in (
            torch.cat,
            torch.concat,
            torch.stack,
        ):  # a literal addend (x + 1) is no shift either
            args = tuple(
                0 if i < 2 and isinstance(a, (int, float)) else a for i, a in enumerate(args)
            )
        return call(args, map_arg(node.kwargs, zero))
    first = node.args[0] if node.args else None
    others = [n for n in node.all_input_nodes if n is not first]
    if fn in _MOVES or fn in _WITH_BIAS_ARG or fn in _SCALING or fn in _MAX_POOLS:
        if fn in _SCALING:
            if len(carrying) > 1 or (
                fn in (operator.truediv, torch.div, "div") and first not in tangents
            ):
                raise Stop(
                    "fail",
                    where,
                    f"is multiplied by itself or divided by something depending on it at {where}",
                )
            others = [n for n in node.all_input_nodes if n not in tangents]
        elif first not in tangents or len(carrying) > 1:
            raise Stop("fail", where, f"enters {where} in a way the audit does not follow")
        if any(isinstance(values[n], torch.Tensor) and n in input_dependent for n in others):
            raise Stop(
                "fail",
                where,
                f"is multiplied or indexed by a tensor that depends on the input at {where}",
            )
        args, kwargs = map_arg(node.args, concrete), dict(map_arg(node.kwargs, concrete))
        if fn in _WITH_BIAS_ARG:
            args = tuple(None if i == 2 else a for i, a in enumerate(args))
            kwargs.pop("bias", None)
        if fn in _MAX_POOLS:
            if kwargs.get("return_indices"):
                raise Stop(
                    "fail",
                    where,
                    f"goes through {where} with return_indices, which the audit does not follow",
                )
            return _max_pool(
                lambda x: call((x,) + tuple(args[1:]), kwargs),
                tangents[first],
                values[first].shape,
                _MAX_POOLS[fn],
                where,
            )
        return call(args, kwargs)
    return functional_terminal(node, fn, tangents, values, where, concrete)
