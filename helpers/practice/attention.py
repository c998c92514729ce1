"""Attention for notebook 07: a self-attention layer with explicit W_Q, W_K, W_V, W_O, a pre-norm
transformer block built from it, and folding the value bias into the output bias. Shapes: x
(N, L, d).
"""

import torch
import torch.fx
import torch.nn as nn

from helpers.core.validate import (
    as_bool,
    as_choice,
    as_int,
    as_module,
    as_tensor,
    model_dtype,
)
from helpers.practice.logic import without_biases


def _heads(d, heads):
    """d and heads checked: each head gets d / heads features, so heads must divide d."""
    d, heads = as_int("d", d, minimum=1, maximum=4096), as_int("heads", heads, minimum=1)
    if d % heads:
        raise ValueError(f"d must be a multiple of heads; got d={d}, heads={heads}")
    return d, heads


class SelfAttention(nn.Module):
    """Multi-head self-attention with explicit W_Q, W_K, W_V, W_O (nn.Linear), one bias each."""

    def __init__(self, d, heads, bias=True):
        super().__init__()
        d, self.heads = _heads(d, heads)
        bias = as_bool("bias", bias)
        self.q, self.k, self.v, self.o = (nn.Linear(d, d, bias=bias) for _ in range(4))

    def _check(self, x):
        """x: (N, L, d) in the layer's dtype. Skipped while torch.fx or torch.export traces:
        an unbatched (L, d) would mix positions and heads without an error."""
        tracing = isinstance(x, torch.fx.Proxy) or torch.compiler.is_compiling()
        if not tracing:
            d = self.q.in_features
            as_tensor("x", x, ndim=3, shape=(None, None, d), dtype=model_dtype(self))
        return x

    def scores(self, x):
        """Scaled dot products q_i . k_j / sqrt(d_head) before softmax, shape (N, heads, L, L)."""
        x = self._check(x)
        q, k = (lin(x).unflatten(-1, (self.heads, -1)).transpose(1, 2) for lin in (self.q, self.k))
        return q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5

    def weights(self, x):
        """Attention weights softmax(scores), shape (N, heads, L, L): each row sums to 1."""
        return torch.softmax(self.scores(x), dim=-1)

    def forward(self, x):  # (N, L, d) -> (N, L, d)
        x = self._check(x)
        v = self.v(x).unflatten(-1, (self.heads, -1)).transpose(1, 2)
        return self.o((self.weights(x) @ v).transpose(1, 2).flatten(-2))


class TransformerBlock(nn.Module):
    """Pre-norm block: x + attn(norm1(x)), then + mlp(norm2(x)). (N, L, d) -> (N, L, d)."""

    def __init__(self, d=64, heads=4, d_ff=256, attn_bias=True, mlp_bias=True, norm="layer"):
        super().__init__()
        d, _ = _heads(d, heads)
        make_norm = {"layer": lambda: nn.LayerNorm(d), "rms": lambda: nn.RMSNorm(d)}
        make_norm = make_norm[as_choice("norm", norm, make_norm)]
        d_ff = as_int("d_ff", d_ff, minimum=1, maximum=16384)
        attn_bias, mlp_bias = as_bool("attn_bias", attn_bias), as_bool("mlp_bias", mlp_bias)
        self.norm1, self.attn, self.norm2 = (
            make_norm(),
            SelfAttention(d, heads, attn_bias),
            make_norm(),
        )
        self.mlp = nn.Sequential(
            nn.Linear(d, d_ff, bias=mlp_bias), nn.GELU(), nn.Linear(d_ff, d, bias=mlp_bias)
        )

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


def transformer_block(d=64, heads=4, d_ff=256, attn_bias=True, mlp_bias=True, norm="layer", seed=0):
    """A seeded TransformerBlock; norm "layer" (LayerNorm, with a bias) or "rms" (RMSNorm, none)."""
    _heads(d, heads)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(as_int("seed", seed))
        return TransformerBlock(d, heads, d_ff, attn_bias, mlp_bias, norm)


def fold_value_bias(attn):
    """A copy of a SelfAttention without its value bias b_V, with W_O b_V added to the output bias
    instead.

    Attention weights in a row sum to 1, so b_V reaches every position's output as the same W_O b_V.
    """
    as_module("attn", attn, (SelfAttention,))
    if attn.v.bias is None or attn.o.bias is None:
        raise ValueError("attn must have a value bias and an output bias (bias=True) to fold")
    new = without_biases(attn, ["v"])
    with torch.no_grad():
        new.o.bias += attn.o.weight @ attn.v.bias
    return new
