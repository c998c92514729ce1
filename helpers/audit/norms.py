"""Where a bias's shift can be removed: the terminals of `find_redundant_biases` (notebook 05).

A normalisation that subtracts a mean ends a path of the shift. It removes the shift exactly when
the shift is the same for every value that shares one mean (`constant_over`): training-mode
BatchNorm (one mean per channel over the batch and positions), InstanceNorm (per example and
channel, over positions), GroupNorm (per example and group of channels), LayerNorm (per example,
over its last axes), and var/std, which ignore such a shift. Softmax ignores a constant added along
its axis (it subtracts the log-sum-exp), and so does the softmax inside scaled-dot-product
attention: a key bias adds q.b to all of one query's scores. Otherwise the path fails. Eval-mode
BatchNorm (running statistics) subtracts a fixed number, so it is no terminal but a fixed
per-channel scaling; RMSNorm subtracts no mean at all.
"""

import math

import torch

TOL = 1e-9  # relative: float64 round-off of a mean is ~1e-16, a real difference is far above this


class Stop(Exception):
    """A path of the shift ends. kind: "cancel" (removed), "fail" (it changes the output),
    "random" (a random factor), "zero" (multiplied by zero), "unknown" (the audit cannot tell)."""

    def __init__(self, kind, where, what, by="mean"):
        super().__init__(what)
        self.kind, self.where, self.what, self.by = kind, where, what, by


def _max_abs(t):
    return float(t.abs().max()) if t.numel() else 0.0


def constant_over(t, shape, axes=None, groups=None, keep=None):
    """True if t (broadcast to `shape`) is the same along `axes` (or within each of `groups` channel
    groups); where `keep` is given (a bool mask), only the kept entries count."""
    t = t.expand(shape)
    if groups is not None:
        t, axes = t.reshape(shape[0], groups, -1), (2,)
        keep = None
    axes = tuple(range(t.dim())) if axes is None else tuple(a % t.dim() for a in axes)
    if keep is None:
        spread = _max_abs(t - t.mean(dim=axes, keepdim=True)) if axes else 0.0
    else:
        keep = keep.expand(t.shape)
        w = keep.to(t.dtype)
        mean = (t * w).sum(dim=axes, keepdim=True) / w.sum(dim=axes, keepdim=True).clamp_min(1)
        spread = _max_abs(torch.where(keep, t - mean, torch.zeros_like(t)))
    return spread <= TOL * max(_max_abs(t), 1e-300)


def sink(where, what, ok, by="mean"):
    """End the path at a mean subtraction: a cancel if the shift is constant over each mean, else a
    failure."""
    if ok:
        raise Stop("cancel", where, what, by)
    raise Stop("fail", where, f"reaches a mean it is not constant over ({what})")


def norm_input(name, a, t, shape, where):
    """A shift t enters normalisation `name` (ATen arguments `a`) as its input: a terminal, or for
    eval-mode BatchNorm / tracked InstanceNorm, a fixed per-channel scaling (returned)."""
    chan = (0,) + tuple(range(2, len(shape)))
    if "batch_norm" in name:
        training = a.get("training", name == "_native_batch_norm_legit")
        if training or a.get("running_mean") is None:
            over = "the batch" + (" and positions" if len(shape) > 2 else "")
            mode = (
                "in training mode "
                if a.get("running_mean") is not None
                else "with track_running_stats=False (batch statistics in every mode) "
            )
            sink(
                where,
                f"{mode}{where} subtracts each channel's mean over {over}",
                constant_over(t, shape, chan),
            )
        w, rv = a.get("weight"), a["running_var"]
        scale = (1.0 if w is None else w) / torch.sqrt(rv + a.get("eps", 1e-5))
        out = t * scale.reshape((-1,) + (1,) * (len(shape) - 2))
        return (out, None, None) if name.startswith(("native", "_native")) else out
    if name == "instance_norm":
        if a.get("use_input_stats", True):
            sink(
                where,
                f"{where} subtracts each channel's mean over positions, per example",
                constant_over(t, shape, tuple(range(2, len(shape)))),
            )
        w, rv = a.get("weight"), a["running_var"]
        scale = (1.0 if w is None else w) / torch.sqrt(rv + a.get("eps", 1e-5))
        return t * scale.reshape((-1,) + (1,) * (len(shape) - 2))
    if "group_norm" in name:
        groups = a.get("num_groups", a.get("group"))
        size = shape[1] // groups
        what = (
            f"{where} (one group per channel) subtracts each channel's mean over positions, "
            "per example"
            if size == 1
            else f"{where} subtracts the mean of each group of {size} channels (and positions), "
            "per example"
        )
        sink(where, what, constant_over(t, shape, groups=groups))
    k = len(a["normalized_shape"])  # layer_norm
    over = f"its last {k} axes" if k > 1 else f"its {shape[-1]} features"
    sink(
        where,
        f"{where} subtracts each example's mean over {over}",
        constant_over(t, shape, tuple(range(-k, 0))),
    )


def spread(a, t, shape, where):
    """var / std: a shift that is the same over the reduced axes does not change them."""
    dim = a.get("dim")
    axes = None if dim is None else ((dim,) if isinstance(dim, int) else tuple(dim))
    sink(
        where,
        f"{where} measures a spread, which a constant shift does not change",
        constant_over(t, shape, axes),
    )


def softmax_input(t, probs, dim, where, what):
    """softmax(x + t) = softmax(x) when t is the same along `dim` wherever softmax is not zero
    (masked positions get probability 0)."""
    ok = constant_over(t, probs.shape, (dim,), keep=probs > 0)
    if ok:
        raise Stop("cancel", where, what, by="softmax")
    raise Stop(
        "fail",
        where,
        f"goes through {where}, whose softmax keeps a shift unless it is the same along its axis",
    )


def attention(a, tangents, values, where):
    """aten.scaled_dot_product_attention with one shifted argument: the value's shift comes out
    weighted by the attention (returned); a query's or key's shift changes the scores, which the
    softmax removes only if it is the same for every key."""
    q, k, v = (values[a[n]] for n in ("query", "key", "value"))
    mask, scale = a.get("attn_mask"), a.get("scale")
    carrying = [n for n in ("query", "key", "value", "attn_mask") if a.get(n) in tangents]
    if len(carrying) != 1:
        raise Stop("fail", where, f"enters {where} through several arguments at once")
    t = tangents[a[carrying[0]]]
    if carrying[0] == "value":
        if a.get("dropout_p", 0.0) > 0:
            raise Stop(
                "random",
                where,
                f"goes through {where} with attention dropout, which multiplies each attention "
                "weight by its own random factor",
            )
        kw = {n: a[n] for n in ("is_causal", "scale", "enable_gqa") if n in a}
        m = None if mask is None else values[mask]
        return torch.nn.functional.scaled_dot_product_attention(q, k, t, m, 0.0, **kw)
    if a.get("enable_gqa") and k.shape[-3] != q.shape[-3]:
        k = k.repeat_interleave(q.shape[-3] // k.shape[-3], -3)
        t = t.repeat_interleave(q.shape[-3] // t.shape[-3], -3) if carrying[0] == "key" else t
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    scores = q @ k.transpose(-2, -1) * scale
    if mask is not None:
        m = values[mask]
        scores = scores.masked_fill(~m, -math.inf) if m.dtype == torch.bool else scores + m
    if a.get("is_causal"):
        causal = torch.ones(scores.shape[-2:], dtype=torch.bool).tril()
        scores = scores.masked_fill(~causal, -math.inf)
    delta = {"query": lambda: t @ k.transpose(-2, -1) * scale, "attn_mask": lambda: t}
    delta["key"] = lambda: q @ t.transpose(-2, -1) * scale
    softmax_input(
        delta[carrying[0]]().expand(scores.shape),
        torch.softmax(scores, -1),
        -1,
        where,
        f"{where} adds the same amount to all of a query's attention scores, which its softmax "
        "ignores",
    )
