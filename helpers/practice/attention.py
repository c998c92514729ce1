"""Attention for notebook 07: a self-attention layer with explicit W_Q, W_K, W_V, W_O, a pre-norm
transformer block built from it, and folding the value bias into the output bias. Shapes: x
(N, L, d).
"""

import torch
import torch.nn as nn

from helpers.core.validate import as_int
from helpers.practice.logic import without_biases


class SelfAttention(nn.Module):
    """Multi-head self-attention with explicit W_Q, W_K, W_V, W_O (nn.Linear), one bias each."""

    def __init__(self, d, heads, bias=True):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(d, d, bias=bias) for _ in range(4))

    def scores(self, x):
        """Scaled dot products q_i . k_j / sqrt(d_head) before softmax, shape (N, heads, L, L)."""
        q, k = (lin(x).unflatten(-1, (self.heads, -1)).transpose(1, 2) for lin in (self.q, self.k))
        return q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5

    def weights(self, x):
        """Attention weights softmax(scores), shape (N, heads, L, L): each row sums to 1."""
        return torch.softmax(self.scores(x), dim=-1)

    def forward(self, x):  # (N, L, d) -> (N, L, d)
        v = self.v(x).unflatten(-1, (self.heads, -1)).transpose(1, 2)
        return self.o((self.weights(x) @ v).transpose(1, 2).flatten(-2))


class TransformerBlock(nn.Module):
    """Pre-norm block: x + attn(norm1(x)), then + mlp(norm2(x)). (N, L, d) -> (N, L, d)."""

    def __init__(self, d=64, heads=4, d_ff=256, attn_bias=True, mlp_bias=True, norm="layer"):
        super().__init__()
        make_norm = {"layer": lambda: nn.LayerNorm(d), "rms": lambda: nn.RMSNorm(d)}[norm]
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
    if d % heads:
        raise ValueError(f"d must be a multiple of heads; got d={d}, heads={heads}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(as_int("seed", seed))
        return TransformerBlock(d, heads, d_ff, attn_bias, mlp_bias, norm)


def fold_value_bias(attn):
    """A copy of a SelfAttention without its value bias b_V, with W_O b_V added to the output bias
    instead.

    Attention weights in a row sum to 1, so b_V reaches every position's output as the same W_O b_V.
    """
    new = without_biases(attn, ["v"])
    with torch.no_grad():
        new.o.bias += attn.o.weight @ attn.v.bias
    return new
