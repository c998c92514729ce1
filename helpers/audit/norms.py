"""What each normalisation does to a bias's shift: the terminals of `find_redundant_biases`
(notebook 05).

A normalisation that subtracts a mean ends a path of the shift. It removes the shift exactly when
the shift is the same for every value that shares one mean (`constant_over`): training-mode
BatchNorm (one mean per channel over the batch and positions), InstanceNorm (per example and
channel, over positions), GroupNorm (per example and group of channels), LayerNorm (per example,
over its last axes), and var/std, which ignore such a shift. Otherwise the path fails: the shift
reaches a mean it is not constant over. Eval-mode BatchNorm (running statistics) subtracts a fixed
number, so it is no terminal but a fixed per-channel scaling, and RMSNorm subtracts no mean at all.
"""

import inspect

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.fx.node import map_arg

TOL = 1e-9  # relative: float64 round-off of a mean is ~1e-16, a real difference is far above this


class Stop(Exception):
    """A path of the shift ends: kind "cancel" (removed) or "fail" (the bias reaches something that
    keeps it)."""

    def __init__(self, kind, where, what):
        super().__init__(what)
        self.kind, self.where, self.what = kind, where, what


def _max_abs(t):
    return float(t.abs().max()) if t.numel() else 0.0


def constant_over(t, shape, axes=None, groups=None):
    """True if t (broadcast to `shape`) is the same along `axes` (or within each of `groups` channel
    groups)."""
    t = t.expand(shape)
    if groups is not None:
        t, axes = t.reshape(shape[0], groups, -1), (2,)
    axes = tuple(range(t.dim())) if axes is None else tuple(a % t.dim() for a in axes)
    spread = _max_abs(t - t.mean(dim=axes, keepdim=True)) if axes else 0.0
    return spread <= TOL * max(_max_abs(t), 1e-300)


def _bound(fn, args, kwargs):
    return inspect.signature(fn).bind(*args, **kwargs).arguments


def _sink(where, what, ok):
    """End the path at a mean subtraction: a cancel if the shift is constant over each mean, else a
    failure."""
    if ok:
        raise Stop("cancel", where, what)
    raise Stop("fail", where, f"reaches a mean it is not constant over ({what})")


def norm_module(mod, t, shape, where):
    """Terminal or linear step for a normalisation module whose input carries tangent t."""
    name = type(mod).__name__
    if isinstance(mod, nn.modules.instancenorm._InstanceNorm):
        batched = len(shape) == mod._get_no_batch_dim() + 1
        if mod.training or not mod.track_running_stats:
            axes = tuple(range(2 if batched else 1, len(shape)))
            _sink(
                where,
                f"{where} subtracts each channel's mean over positions, per example",
                constant_over(t, shape, axes),
            )
        return F.instance_norm(
            t,
            torch.zeros_like(mod.running_mean),
            mod.running_var,
            mod.weight,
            None,
            False,
            0.0,
            mod.eps,
        )
    if isinstance(mod, nn.modules.batchnorm._BatchNorm):
        if mod.training or mod.running_mean is None:
            over = "the batch" + (" and positions" if len(shape) > 2 else "")
            mode = (
                "in training mode "
                if mod.track_running_stats
                else "with track_running_stats=False (batch statistics in every mode) "
            )
            _sink(
                where,
                f"{mode}{where} subtracts each channel's mean over {over}",
                constant_over(t, shape, (0,) + tuple(range(2, len(shape)))),
            )
        return F.batch_norm(
            t,
            torch.zeros_like(mod.running_mean),
            mod.running_var,
            mod.weight,
            None,
            False,
            0.0,
            mod.eps,
        )
    if isinstance(mod, nn.GroupNorm):
        size = mod.num_channels // mod.num_groups
        what = (
            f"{where} (one group per channel) subtracts "
            "each channel's mean over positions, per example"
            if size == 1
            else (
                f"{where} subtracts the mean of each group of "
                f"{size} channels (and positions), per example"
            )
        )
        _sink(where, what, constant_over(t, shape, groups=mod.num_groups))
    if isinstance(mod, nn.LayerNorm):
        k = len(mod.normalized_shape)
        what = (
            f"{where} subtracts each example's mean over its last {k} axes"
            if k > 1
            else f"{where} subtracts each example's mean over its {shape[-1]} features"
        )
        _sink(where, what, constant_over(t, shape, tuple(range(-k, 0))))
    raise Stop(
        "fail",
        where,
        f"goes through {where}, which rescales by a mean of squares but subtracts no mean"
        if name in ("RMSNorm", "LocalResponseNorm")
        else f"goes through {where}, which does not pass a shift through",
    )


def fail_other(where):
    raise Stop("fail", where, f"enters {where} through an argument the audit does not follow")


def functional_terminal(node, fn, tangents, values, where, concrete):
    """F.batch_norm / layer_norm / group_norm / instance_norm / dropout / pad, var and std; else a
    failure."""
    first = node.args[0] if node.args else None
    t = tangents.get(first)
    if t is None or len([n for n in node.all_input_nodes if n in tangents]) > 1:
        fail_other(where)
    shape = values[first].shape
    if fn in (torch.var, torch.std, "var", "std"):
        dim = node.kwargs.get(
            "dim",
            node.args[1] if len(node.args) > 1 and not isinstance(node.args[1], bool) else None,
        )
        axes = None if dim is None else ((dim,) if isinstance(dim, int) else tuple(dim))
        _sink(
            where,
            f"{where} measures a spread, which a constant shift does not change",
            constant_over(t, shape, axes),
        )
    if fn in (F.batch_norm, F.layer_norm, F.group_norm, F.instance_norm, F.dropout, F.pad):
        a = _bound(
            fn, map_arg(node.args, lambda n: values[n]), map_arg(node.kwargs, lambda n: values[n])
        )
        if fn is F.dropout:
            if a.get("training", True) and a.get("p", 0.5) > 0:
                raise Stop(
                    "fail",
                    where,
                    f"goes through {where} in training mode, which "
                    "multiplies each value by its own random factor",
                )
            return t
        if fn is F.pad:
            return F.pad(
                t,
                a["pad"],
                a.get("mode", "constant"),
                0.0 if a.get("mode", "constant") == "constant" else None,
            )
        if fn is F.layer_norm:
            k = len(a["normalized_shape"])
            over = f"its last {k} axes" if k > 1 else f"its {shape[-1]} features"
            _sink(
                where,
                f"{where} subtracts each example's mean over {over}",
                constant_over(t, shape, tuple(range(-k, 0))),
            )
        if fn is F.group_norm:
            _sink(
                where,
                f"{where} subtracts the mean of each group of channels, per example",
                constant_over(t, shape, groups=a["num_groups"]),
            )
        if fn is F.instance_norm and a.get("use_input_stats", True):
            _sink(
                where,
                f"{where} subtracts each channel's mean over positions, per example",
                constant_over(t, shape, tuple(range(2, len(shape)))),
            )
        if fn is F.batch_norm and (a.get("training", False) or a.get("running_mean") is None):
            _sink(
                where,
                f"{where} subtracts each channel's mean over the batch",
                constant_over(t, shape, (0,) + tuple(range(2, len(shape)))),
            )
        if fn in (
            F.batch_norm,
            F.instance_norm,
        ):  # running statistics: a fixed per-channel affine map
            w, rv = a.get("weight"), a["running_var"]
            scale = (1.0 if w is None else w) / torch.sqrt(rv + a.get("eps", 1e-5))
            return t * scale.reshape((-1,) + (1,) * (len(shape) - 2))
    raise Stop(
        "fail", where, f"goes through {where}, which does not pass a shift through unchanged"
    )
