"""How a bias's shift travels through one torch.fx node: the rules behind `find_redundant_biases` (notebook 05).

A bias b adds a *shift* to its layer's output: a tensor that depends on b only, never on the input. We
follow it as a concrete float64 "tangent" T, the change of a node's value when b moves by a direction d,
node by node through the traced graph (the model's real values on the example input are known too):

* Linear ops keep a shift a shift, f(z + T) = f(z) + L(T), and we compute L(T) exactly: add, sub, cat,
  reshape/flatten/permute, indexing, mean, sum, average pooling, padding, nn.Linear and nn.ConvNd (without
  their own bias), eval-mode BatchNorm, and multiplication by a tensor that does not depend on the input.
  Because L(T) is computed, not guessed, the bookkeeping is exact: a per-channel shift that enters a
  zero-padded Conv comes out different near the borders, and a flatten keeps every channel's constant.
* Max pooling keeps a shift that is constant over space: max(x + c) = max(x) + c.
* Ends of a path ("terminals"): a normalisation that subtracts a mean (training-mode BatchNorm, InstanceNorm,
  GroupNorm, LayerNorm and their F.* forms) removes the shift iff T is the same for every value that shares
  one mean; var/std ignore it on the same condition.
* A sum or difference may cancel the shift outright (x - x.mean(dim) when the shift is constant along dim):
  below TOL times its inputs' size, the tangent counts as removed there. Other linear ops must cancel it
  exactly (to 1e-13), so scaling a bias down never counts as removing it.
* Everything else breaks the shift and ends the path with a failure: ReLU and every other non-linear
  function, RMSNorm (no mean is subtracted), dropout in training mode (a random factor per value),
  multiplication by an input-dependent tensor, in-place ops, unknown modules, and the model's output.
"""
import inspect
import operator

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.fx.node import Node, map_arg

TOL = 1e-9  # relative: float64 round-off of a mean is ~1e-16, a real difference is far above this

ADDITIVE = {operator.add, operator.sub, operator.neg, torch.add, torch.sub, torch.neg, torch.cat,
             torch.concat, torch.stack, "add", "sub", "neg"}
_SCALING = {operator.mul, operator.truediv, operator.matmul, torch.mul, torch.div, torch.matmul, torch.mm,
            torch.bmm, "mul", "div", "matmul", "mm", "bmm"}
_MOVES = {operator.getitem, torch.flatten, torch.reshape, torch.permute, torch.transpose, torch.squeeze,
          torch.unsqueeze, torch.mean, torch.sum, torch.chunk, torch.split, torch.narrow, torch.select,
          torch.flip, torch.roll, torch.movedim, torch.swapaxes, torch.t, torch.clone, torch.unbind,
          F.avg_pool1d, F.avg_pool2d, F.avg_pool3d, F.adaptive_avg_pool1d, F.adaptive_avg_pool2d,
          F.adaptive_avg_pool3d, F.interpolate, F.pixel_shuffle, F.pixel_unshuffle,
          "view", "reshape", "flatten", "unflatten", "permute", "transpose", "unsqueeze", "squeeze",
          "contiguous", "mean", "sum", "chunk", "split", "expand", "expand_as", "repeat", "narrow", "select",
          "flip", "roll", "movedim", "clone", "t", "view_as", "reshape_as", "unbind", "__getitem__"}
_WITH_BIAS_ARG = {F.linear, F.conv1d, F.conv2d, F.conv3d, F.conv_transpose1d, F.conv_transpose2d,
                  F.conv_transpose3d}
_MAX_POOLS = {F.max_pool1d: 1, F.max_pool2d: 2, F.max_pool3d: 3, F.adaptive_max_pool1d: 1,
              F.adaptive_max_pool2d: 2, F.adaptive_max_pool3d: 3}  # -> number of pooled (last) axes
_LINEAR_MODULES = (nn.Identity, nn.Flatten, nn.Unflatten, nn.modules.pooling._AvgPoolNd, nn.AdaptiveAvgPool1d,
                   nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d, nn.Upsample, nn.PixelShuffle, nn.PixelUnshuffle,
                   nn.ZeroPad1d, nn.ZeroPad2d, nn.ZeroPad3d, nn.modules.padding._ReflectionPadNd,
                   nn.modules.padding._ReplicationPadNd, nn.modules.padding._CircularPadNd)
_MAX_POOL_MODULES = (nn.modules.pooling._MaxPoolNd, nn.modules.pooling._AdaptiveMaxPoolNd)


class Stop(Exception):
    """A path of the shift ends: kind "cancel" (removed) or "fail" (the bias reaches something that keeps it)."""

    def __init__(self, kind, where, what):
        super().__init__(what)
        self.kind, self.where, self.what = kind, where, what


def describe_node(node, gm):
    """`name` (kind) for messages: the module's qualified name, or the forward() operation."""
    if node.op == "call_module":
        return f"`{node.target}` ({type(gm.get_submodule(node.target)).__name__})"
    if node.op == "call_method":
        return f"`.{node.target}()` in forward()"
    return f"`{getattr(node.target, '__name__', node.target)}` in forward()"


def _max_abs(t):
    return float(t.abs().max()) if t.numel() else 0.0


def constant_over(t, shape, axes=None, groups=None):
    """True if t (broadcast to `shape`) is the same along `axes` (or within each of `groups` channel groups)."""
    t = t.expand(shape)
    if groups is not None:
        t, axes = t.reshape(shape[0], groups, -1), (2,)
    axes = tuple(range(t.dim())) if axes is None else tuple(a % t.dim() for a in axes)
    spread = _max_abs(t - t.mean(dim=axes, keepdim=True)) if axes else 0.0
    return spread <= TOL * max(_max_abs(t), 1e-300)


def _bound(fn, args, kwargs):
    return inspect.signature(fn).bind(*args, **kwargs).arguments


def _sink(where, what, ok):
    """End the path at a mean subtraction: a cancel if the shift is constant over each mean, else a failure."""
    if ok:
        raise Stop("cancel", where, what)
    raise Stop("fail", where, f"reaches a mean it is not constant over ({what})")


def _norm_module(mod, t, shape, where):
    """Terminal or linear step for a normalisation module whose input carries tangent t."""
    name = type(mod).__name__
    if isinstance(mod, nn.modules.instancenorm._InstanceNorm):
        batched = len(shape) == mod._get_no_batch_dim() + 1
        if mod.training or not mod.track_running_stats:
            axes = tuple(range(2 if batched else 1, len(shape)))
            _sink(where, f"{where} subtracts each channel's mean over positions, per example", constant_over(t, shape, axes))
        return F.instance_norm(t, torch.zeros_like(mod.running_mean), mod.running_var, mod.weight, None, False, 0.0, mod.eps)
    if isinstance(mod, nn.modules.batchnorm._BatchNorm):
        if mod.training or mod.running_mean is None:
            over = "the batch" + (" and positions" if len(shape) > 2 else "")
            mode = "in training mode " if mod.track_running_stats else "with track_running_stats=False (batch statistics in every mode) "
            _sink(where, f"{mode}{where} subtracts each channel's mean over {over}",
                  constant_over(t, shape, (0,) + tuple(range(2, len(shape)))))
        return F.batch_norm(t, torch.zeros_like(mod.running_mean), mod.running_var, mod.weight, None, False, 0.0, mod.eps)
    if isinstance(mod, nn.GroupNorm):
        size = mod.num_channels // mod.num_groups
        what = (f"{where} (one group per channel) subtracts each channel's mean over positions, per example"
                if size == 1 else f"{where} subtracts the mean of each group of {size} channels (and positions), per example")
        _sink(where, what, constant_over(t, shape, groups=mod.num_groups))
    if isinstance(mod, nn.LayerNorm):
        k = len(mod.normalized_shape)
        what = f"{where} subtracts each example's mean over its last {k} axes" if k > 1 else \
            f"{where} subtracts each example's mean over its {shape[-1]} features"
        _sink(where, what, constant_over(t, shape, tuple(range(-k, 0))))
    raise Stop("fail", where, f"goes through {where}, which rescales by a mean of squares but subtracts no mean"
               if name in ("RMSNorm", "LocalResponseNorm") else f"goes through {where}, which does not pass a shift through")


def _module_step(mod, node, t, values, where):
    shape = values[node.args[0]].shape
    if len(node.args) != 1 or node.kwargs:
        raise Stop("fail", where, f"goes through {where} called with extra arguments, which the audit does not follow")
    if isinstance(mod, (nn.modules.batchnorm._NormBase, nn.GroupNorm, nn.LayerNorm, nn.RMSNorm, nn.LocalResponseNorm)):
        return _norm_module(mod, t, shape, where)
    if isinstance(mod, nn.modules.dropout._DropoutNd):
        if mod.training and mod.p > 0:
            raise Stop("fail", where, f"goes through {where} in training mode, which multiplies each value by its own random factor")
        return t
    if isinstance(mod, nn.Linear):
        return F.linear(t, mod.weight)
    if isinstance(mod, nn.modules.conv._ConvNd) and not mod.transposed:
        return mod._conv_forward(t, mod.weight, None)
    if isinstance(mod, nn.modules.conv._ConvTransposeNd) and mod.padding_mode == "zeros":
        fn = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}[len(mod.kernel_size)]
        return fn(t, mod.weight, None, mod.stride, mod.padding, mod.output_padding, mod.groups, mod.dilation)
    if isinstance(mod, _LINEAR_MODULES):
        return mod(t)
    if isinstance(mod, nn.modules.padding._ConstantPadNd):
        return F.pad(t, mod.padding, value=0.0)
    if isinstance(mod, _MAX_POOL_MODULES) and not mod.return_indices:
        return _max_pool(mod, t, shape, int(type(mod).__name__[-2]), where)
    raise Stop("fail", where, f"goes through {where}, which does not pass a shift through unchanged")


def _max_pool(pool, t, in_shape, pooled_axes, where):
    """max(x + c) = max(x) + c when c is the same over the pooled (last `pooled_axes`) positions."""
    if not constant_over(t, in_shape, tuple(range(-pooled_axes, 0))):
        raise Stop("fail", where, f"goes through {where}: max pooling keeps a shift only if it is the same over space")
    return pool(t.expand(in_shape).contiguous())


def step(node, gm, tangents, values, input_dependent):
    """The tangent of `node`'s output, given the tangents of its inputs; raises Stop when the path ends here."""
    where = describe_node(node, gm)
    carrying = [n for n in node.all_input_nodes if n in tangents]
    fn = node.target if node.op == "call_function" else node.target if node.op == "call_method" else None
    inplace = node.kwargs.get("inplace") or (node.op == "call_method" and fn.endswith("_") and not fn.endswith("__")) \
        or fn in (operator.iadd, operator.isub, operator.imul, operator.itruediv) \
        or (node.op == "call_module" and getattr(gm.get_submodule(node.target), "inplace", False))
    if inplace:
        raise Stop("fail", where, f"is changed in place by {where}; the audit does not follow in-place changes")
    if node.op == "call_module":
        if not node.args or node.args[0] not in tangents or len(carrying) > 1:
            _fail_other(where)
        return _module_step(gm.get_submodule(node.target), node, tangents[node.args[0]], values, where)

    def call(args, kwargs):
        if node.op == "call_method":
            return getattr(args[0], fn)(*args[1:], **kwargs)
        return fn(*args, **kwargs)

    def concrete(n):
        return tangents[n] if n in tangents else values[n]

    if fn in ADDITIVE:  # other addends contribute nothing to the shift: replace them by zeros
        zero = lambda n: tangents[n] if n in tangents else (torch.zeros_like(values[n]) if isinstance(values[n], torch.Tensor) else 0)
        args = map_arg(node.args, zero)
        if fn not in (torch.cat, torch.concat, torch.stack):  # a literal addend (x + 1) is no shift either
            args = tuple(0 if i < 2 and isinstance(a, (int, float)) else a for i, a in enumerate(args))
        return call(args, map_arg(node.kwargs, zero))
    first = node.args[0] if node.args else None
    others = [n for n in node.all_input_nodes if n is not first]
    if fn in _MOVES or fn in _WITH_BIAS_ARG or fn in _SCALING or fn in _MAX_POOLS:
        if fn in _SCALING:
            if len(carrying) > 1 or (fn in (operator.truediv, torch.div, "div") and first not in tangents):
                raise Stop("fail", where, f"is multiplied by itself or divided by something depending on it at {where}")
            others = [n for n in node.all_input_nodes if n not in tangents]
        elif first not in tangents or len(carrying) > 1:
            raise Stop("fail", where, f"enters {where} in a way the audit does not follow")
        if any(isinstance(values[n], torch.Tensor) and n in input_dependent for n in others):
            raise Stop("fail", where, f"is multiplied or indexed by a tensor that depends on the input at {where}")
        args, kwargs = map_arg(node.args, concrete), dict(map_arg(node.kwargs, concrete))
        if fn in _WITH_BIAS_ARG:
            args = tuple(None if i == 2 else a for i, a in enumerate(args))
            kwargs.pop("bias", None)
        if fn in _MAX_POOLS:
            if kwargs.get("return_indices"):
                raise Stop("fail", where, f"goes through {where} with return_indices, which the audit does not follow")
            return _max_pool(lambda x: call((x,) + tuple(args[1:]), kwargs), tangents[first],
                             values[first].shape, _MAX_POOLS[fn], where)
        return call(args, kwargs)
    return _functional_terminal(node, fn, tangents, values, where, concrete)


def _fail_other(where):
    raise Stop("fail", where, f"enters {where} through an argument the audit does not follow")


def _functional_terminal(node, fn, tangents, values, where, concrete):
    """F.batch_norm / layer_norm / group_norm / instance_norm / dropout / pad, var and std; else a failure."""
    first = node.args[0] if node.args else None
    t = tangents.get(first)
    if t is None or len([n for n in node.all_input_nodes if n in tangents]) > 1:
        _fail_other(where)
    shape = values[first].shape
    if fn in (torch.var, torch.std, "var", "std"):
        dim = node.kwargs.get("dim", node.args[1] if len(node.args) > 1 and not isinstance(node.args[1], bool) else None)
        axes = None if dim is None else ((dim,) if isinstance(dim, int) else tuple(dim))
        _sink(where, f"{where} measures a spread, which a constant shift does not change", constant_over(t, shape, axes))
    if fn in (F.batch_norm, F.layer_norm, F.group_norm, F.instance_norm, F.dropout, F.pad):
        a = _bound(fn, map_arg(node.args, lambda n: values[n]), map_arg(node.kwargs, lambda n: values[n]))
        if fn is F.dropout:
            if a.get("training", True) and a.get("p", 0.5) > 0:
                raise Stop("fail", where, f"goes through {where} in training mode, which multiplies each value by its own random factor")
            return t
        if fn is F.pad:
            return F.pad(t, a["pad"], a.get("mode", "constant"), 0.0 if a.get("mode", "constant") == "constant" else None)
        if fn is F.layer_norm:
            k = len(a["normalized_shape"])
            over = f"its last {k} axes" if k > 1 else f"its {shape[-1]} features"
            _sink(where, f"{where} subtracts each example's mean over {over}", constant_over(t, shape, tuple(range(-k, 0))))
        if fn is F.group_norm:
            _sink(where, f"{where} subtracts the mean of each group of channels, per example", constant_over(t, shape, groups=a["num_groups"]))
        if fn is F.instance_norm and a.get("use_input_stats", True):
            _sink(where, f"{where} subtracts each channel's mean over positions, per example", constant_over(t, shape, tuple(range(2, len(shape)))))
        if fn is F.batch_norm and (a.get("training", False) or a.get("running_mean") is None):
            _sink(where, f"{where} subtracts each channel's mean over the batch", constant_over(t, shape, (0,) + tuple(range(2, len(shape)))))
        if fn in (F.batch_norm, F.instance_norm):  # running statistics: a fixed per-channel affine map
            w, rv = a.get("weight"), a["running_var"]
            scale = (1.0 if w is None else w) / torch.sqrt(rv + a.get("eps", 1e-5))
            return t * scale.reshape((-1,) + (1,) * (len(shape) - 2))
    raise Stop("fail", where, f"goes through {where}, which does not pass a shift through unchanged")
