"""find_redundant_biases on a zoo of models, each verdict checked against a structural reference.

Reference (tests/audit_reference.py, independent of the audit): in the model's own mode and in
float64, at several random perturbations of every non-bias parameter, the gradient of a random
linear function of the output with respect to each bias. Zero at every draw -> "redundant";
non-zero but summing to zero -> "partially-cancelled"; else the bias matters and must not be listed.
"""

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from audit_reference import (
    one_thread,  # noqa: F401 (a fixture)
    output_change,
    structural_reference,
)

from helpers import BiasFinding, UntraceableModelError, find_redundant_biases

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny float64 models


def reference_verdicts(model, inputs):
    """{module name: verdict} for the biases the structural reference finds cancelled."""
    found = structural_reference(model, inputs)
    return {
        name.rsplit(".", 1)[0] if "." in name else "": verdict
        for name, verdict in found.items()
        if verdict in ("redundant", "partially-cancelled")
    }


def audit(model, *inputs):
    return {
        f.module_name: f.verdict
        for f in find_redundant_biases(model, inputs if len(inputs) > 1 else inputs[0])
    }


# ---- custom forward() models ---------------------------------------------------------------------
class ResBlock(nn.Module):
    """conv-BN-ReLU-conv-BN plus a 1x1 conv-BN shortcut: every conv bias is cancelled."""

    def __init__(self, c_in=3, c=4, stem_bias=False):
        super().__init__()
        self.stem = nn.Conv2d(c_in, c, 3, padding=1) if stem_bias else None
        c_in = c if stem_bias else c_in
        self.conv1, self.bn1 = nn.Conv2d(c_in, c, 3, padding=1), nn.BatchNorm2d(c)
        self.conv2, self.bn2 = nn.Conv2d(c, c, 3, padding=1), nn.BatchNorm2d(c)
        self.short = None if stem_bias else nn.Sequential(nn.Conv2d(c_in, c, 1), nn.BatchNorm2d(c))

    def forward(self, x):
        if self.stem is not None:
            x = self.stem(x)
        h = F.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        return F.relu(h + (x if self.short is None else self.short(x)))


class Attention(nn.Module):
    """Single-head self-attention written out, so that torch.fx traces into its Linear layers."""

    def __init__(self, d):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))

    def forward(self, x):  # (N, L, d)
        scores = self.q(x) @ self.k(x).transpose(1, 2) / x.shape[-1] ** 0.5
        return self.o(torch.softmax(scores, dim=-1) @ self.v(x))


class TransformerBlock(nn.Module):
    def __init__(self, d=8, pre_norm=False):
        super().__init__()
        self.attn, self.pre_norm = Attention(d), pre_norm
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, x):
        if self.pre_norm:
            x = x + self.attn(self.ln1(x))
            return x + self.ff(self.ln2(x))
        x = self.ln1(x + self.attn(x))
        return self.ln2(x + self.ff(x))


class Lambda(nn.Module):
    """A small model whose forward() is the function given, with a Linear `fc` (4 -> 4) and
    BatchNorms."""

    def __init__(self, fn):
        super().__init__()
        self.fc, self.bn, self.bn2 = nn.Linear(4, 4), nn.BatchNorm1d(4), nn.BatchNorm1d(4)
        self.scale = nn.Parameter(torch.linspace(0.5, 2.0, 4))
        self.fn = fn

    def forward(self, x):
        return self.fn(self, x)


class MHA(nn.Module):
    """A Linear before nn.MultiheadAttention, a leaf module the audit does not look into."""

    def __init__(self):
        super().__init__()
        self.fc, self.mha, self.ln = (
            nn.Linear(8, 8),
            nn.MultiheadAttention(8, 2, batch_first=True),
            nn.LayerNorm(8),
        )

    def forward(self, x):
        h = self.fc(x)
        return self.ln(self.mha(h, h, h, need_weights=False)[0])


def with_running_var(model):
    """Give every BatchNorm running variances that differ between channels, as after training."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm1d) and m.running_var is not None:
            m.running_var.uniform_(0.5, 2.0)
    return model


def seq(*layers):
    return nn.Sequential(*layers)


X2, X4 = (
    torch.randn(8, 3, generator=torch.Generator().manual_seed(1)),
    torch.randn(6, 3, 6, 6, generator=torch.Generator().manual_seed(2)),
)
XF, XS = (
    torch.randn(8, 4, generator=torch.Generator().manual_seed(3)),
    torch.randn(3, 5, 8, generator=torch.Generator().manual_seed(4)),
)

ZOO = {  # name: (model factory, inputs, expected findings)
    "linear-bn": (lambda: seq(nn.Linear(3, 4), nn.BatchNorm1d(4)), (X2,), {"0": "redundant"}),
    "linear-relu-bn": (lambda: seq(nn.Linear(3, 4), nn.ReLU(), nn.BatchNorm1d(4)), (X2,), {}),
    "linear-layernorm": (
        lambda: seq(nn.Linear(3, 4), nn.LayerNorm(4)),
        (X2,),
        {"0": "partially-cancelled"},
    ),
    "linear-rmsnorm": (lambda: seq(nn.Linear(3, 4), nn.RMSNorm(4)), (X2,), {}),
    "linear-bn-eval": (lambda: seq(nn.Linear(3, 4), nn.BatchNorm1d(4)).eval(), (X2,), {}),
    "linear-bn-untracked-eval": (
        lambda: seq(nn.Linear(3, 4), nn.BatchNorm1d(4, track_running_stats=False)).eval(),
        (X2,),
        {"0": "redundant"},
    ),
    "linear-dropout-bn": (
        lambda: seq(nn.Linear(3, 4), nn.Dropout(0.5), nn.BatchNorm1d(4)),
        (X2,),
        {},
    ),
    "linear-dropout-bn-untracked-eval": (
        lambda: seq(
            nn.Linear(3, 4), nn.Dropout(0.5), nn.BatchNorm1d(4, track_running_stats=False)
        ).eval(),
        (X2,),
        {"0": "redundant"},
    ),
    "linear-bn-linear-bn": (
        lambda: seq(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 4), nn.BatchNorm1d(4)),
        (X2,),
        {"0": "redundant", "1": "redundant", "2": "redundant"},
    ),
    "linear-linear-layernorm": (
        lambda: seq(nn.Linear(3, 4), nn.Linear(4, 4), nn.LayerNorm(4)),
        (X2,),
        {"1": "partially-cancelled"},
    ),
    "linear-bn-bn": (
        lambda: seq(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.BatchNorm1d(4)),
        (X2,),
        {"0": "redundant", "1": "redundant"},
    ),
    "linear-sigmoid": (lambda: seq(nn.Linear(3, 4), nn.Sigmoid()), (X2,), {}),
    "conv-bn": (lambda: seq(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4)), (X4,), {"0": "redundant"}),
    "conv-groupnorm": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.GroupNorm(2, 4)),
        (X4,),
        {"0": "partially-cancelled"},
    ),
    "linear-groupnorm": (
        lambda: seq(nn.Linear(3, 8), nn.GroupNorm(2, 8)),
        (X2,),
        {"0": "partially-cancelled"},
    ),
    "conv-groupnorm-per-channel": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.GroupNorm(4, 4)),
        (X4,),
        {"0": "redundant"},
    ),
    "conv-groupnorm-one-group": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.GroupNorm(1, 4)),
        (X4,),
        {"0": "partially-cancelled"},
    ),
    "conv-instancenorm": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.InstanceNorm2d(4, affine=True)),
        (X4,),
        {"0": "redundant"},
    ),
    "conv-layernorm-chw": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.LayerNorm([4, 4, 4])),
        (X4,),
        {"0": "partially-cancelled"},
    ),
    "conv-flatten-layernorm": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.Flatten(), nn.LayerNorm(64)),
        (X4,),
        {"0": "partially-cancelled"},
    ),
    "conv-padded-conv-bn": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.Conv2d(4, 4, 3, padding=1), nn.BatchNorm2d(4)),
        (X4,),
        {"1": "redundant"},
    ),
    "conv-conv-bn": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.Conv2d(4, 4, 3), nn.BatchNorm2d(4)),
        (X4,),
        {"0": "redundant", "1": "redundant"},
    ),
    "conv-reflect-conv-bn": (
        lambda: seq(
            nn.Conv2d(3, 4, 3),
            nn.Conv2d(4, 4, 3, padding=1, padding_mode="reflect"),
            nn.BatchNorm2d(4),
        ),
        (X4,),
        {"0": "redundant", "1": "redundant"},
    ),
    "conv-maxpool-flatten-bn": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.MaxPool2d(2), nn.Flatten(), nn.BatchNorm1d(16)),
        (X4,),
        {"0": "redundant"},
    ),
    "conv-avgpool-bn": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.AvgPool2d(2), nn.BatchNorm2d(4)),
        (X4,),
        {"0": "redundant"},
    ),
    "conv-padded-avgpool-bn": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.AvgPool2d(3, stride=1, padding=1), nn.BatchNorm2d(4)),
        (X4,),
        {},
    ),  # zero padding counted in the border averages
    "conv-adaptive-pool-flatten-bn": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.BatchNorm1d(4)),
        (X4,),
        {"0": "redundant"},
    ),
    "convtranspose-bn": (
        lambda: seq(nn.ConvTranspose2d(3, 4, 3, stride=2), nn.BatchNorm2d(4)),
        (X4,),
        {"0": "redundant"},
    ),
    "conv1d-bn1d": (lambda: seq(nn.Conv1d(5, 4, 3), nn.BatchNorm1d(4)), (XS,), {"0": "redundant"}),
    "resblock": (
        lambda: ResBlock(),
        (X4,),
        {"conv1": "redundant", "conv2": "redundant", "short.0": "redundant"},
    ),
    "resblock-identity-shortcut": (
        lambda: ResBlock(stem_bias=True),
        (X4,),
        {"conv1": "redundant", "conv2": "redundant"},
    ),
    "transformer-post-norm": (
        lambda: TransformerBlock(),
        (XS,),
        {"attn.k": "redundant", "attn.o": "partially-cancelled", "ff.2": "partially-cancelled"},
    ),  # softmax ignores the key bias: it adds q . b_k to all of a query's scores
    "transformer-pre-norm": (
        lambda: TransformerBlock(pre_norm=True),
        (XS,),
        {"attn.k": "redundant"},
    ),
    "centred-by-hand": (
        lambda: Lambda(lambda m, x: (m.fc(x) - m.fc(x).mean(0)) / m.fc(x).std(0)),
        (XF,),
        {"fc": "redundant"},
    ),
    "skip-to-output": (lambda: Lambda(lambda m, x: m.bn(m.fc(x)) + m.fc(x)), (XF,), {}),
    "two-norms": (
        lambda: Lambda(lambda m, x: m.bn(m.fc(x)) + m.bn2(2 * m.fc(x) - 1)),
        (XF,),
        {"fc": "redundant"},
    ),
    "scaled-by-parameter": (
        lambda: Lambda(lambda m, x: m.bn(m.fc(x) * m.scale)),
        (XF,),
        {"fc": "redundant"},
    ),
    "scaled-by-input": (lambda: Lambda(lambda m, x: m.bn(m.fc(x) * x)), (XF,), {}),
    "shared-layer-twice": (
        lambda: Lambda(lambda m, x: m.bn(m.fc(m.fc(x)))),
        (XF,),
        {"fc": "redundant"},
    ),
    "sequence-transposed-bn": (
        lambda: Lambda(lambda m, x: m.bn(m.fc(x).transpose(1, 2))),
        (torch.randn(3, 5, 4),),
        {"fc": "redundant"},
    ),
    "concat-then-bn": (
        lambda: Lambda(
            lambda m, x: nn.functional.batch_norm(
                torch.cat([m.fc(x), m.fc(x)], 1), None, None, training=True
            )
        ),
        (XF,),
        {"fc": "redundant"},
    ),
    "concat-then-layernorm": (
        lambda: Lambda(lambda m, x: F.layer_norm(torch.cat([m.fc(x), x], 1), (8,))),
        (XF,),
        {},
    ),
    "functional-layernorm": (
        lambda: Lambda(lambda m, x: F.layer_norm(m.fc(x), (4,))),
        (XF,),
        {"fc": "partially-cancelled"},
    ),
    "literal-addend": (
        lambda: Lambda(lambda m, x: m.bn(m.fc(x) + 1.0) + 0.5),
        (XF,),
        {"fc": "redundant"},
    ),
    "difference-cancels-the-layer": (
        lambda: Lambda(lambda m, x: m.bn2((m.fc(x) + 1.0) - m.fc(x) + x)),
        (XF,),
        {"fc": "redundant"},
    ),
    "literal-addend-layernorm": (
        lambda: Lambda(lambda m, x: F.layer_norm(1.0 - m.fc(x), (4,))),
        (XF,),
        {"fc": "partially-cancelled"},
    ),
    "tiny-scale-still-matters": (lambda: Lambda(lambda m, x: m.fc(x) * 1e-11), (XF,), {}),
    "resblock-eval": (lambda: ResBlock().eval(), (X4,), {}),
    "conv-groupnorm-eval": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.GroupNorm(2, 4)).eval(),
        (X4,),
        {"0": "partially-cancelled"},
    ),
    "conv-instancenorm-tracked-eval": (
        lambda: seq(nn.Conv2d(3, 4, 3), nn.InstanceNorm2d(4, track_running_stats=True)).eval(),
        (X4,),
        {},
    ),
    "layernorm-layernorm": (
        lambda: seq(nn.Linear(3, 4), nn.LayerNorm(4), nn.LayerNorm(4)),
        (X2,),
        {"0": "partially-cancelled", "1": "partially-cancelled"},
    ),
    "fresh-bn-eval-then-layernorm": (
        lambda: seq(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.LayerNorm(4)).eval(),
        (X2,),
        {"1": "partially-cancelled"},
    ),  # BN scales all channels alike only while its gammas are all 1: not structural
    "bn-eval-then-layernorm": (
        lambda: with_running_var(seq(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.LayerNorm(4)).eval()),
        (X2,),
        {"1": "partially-cancelled"},
    ),  # BN scales channels differently: only beta
    "chunk-then-bn": (
        lambda: Lambda(lambda m, x: m.bn(torch.cat(m.fc(x).chunk(2, dim=1)[::-1], 1))),
        (XF,),
        {"fc": "redundant"},
    ),
    "functional-maxpool-bn": (
        lambda: Lambda(
            lambda m, x: m.bn(F.max_pool1d(m.fc(x)[:, :, None].expand(8, 4, 6), 2).mean(2))
        ),
        (XF,),
        {"fc": "redundant"},
    ),
    "unbatched-conv-maxpool": (
        lambda: Lambda(
            lambda m, x: F.layer_norm(nn.functional.max_pool2d(m.fc(x)[None], 2).flatten(), (8,))
        ),
        (XF,),
        {"fc": "partially-cancelled"},
    ),  # only a constant b passes max
    "functional-linear-then-bn": (
        lambda: Lambda(lambda m, x: m.bn(F.linear(m.fc(x), m.fc.weight, m.scale))),
        (XF,),
        {"fc": "redundant"},
    ),
    "functional-conv-then-bn": (
        lambda: seq(
            nn.Conv2d(3, 4, 3),
            Lambda(
                lambda m, x: F.batch_norm(
                    F.conv2d(x, x.new_ones(4, 4, 1, 1) / 4, x.new_ones(4)),
                    None,
                    None,
                    training=True,
                )
            ),
        ),
        (X4,),
        {"0": "redundant"},
    ),
    "multihead-attention": (lambda: MHA(), (XS,), {"mha.out_proj": "partially-cancelled"}),
    "in-place-relu": (
        lambda: seq(nn.Linear(3, 4), nn.ReLU(inplace=True), nn.BatchNorm1d(4)),
        (X2,),
        {},
    ),
    "reshape-keeps-channels": (
        lambda: Lambda(lambda m, x: m.bn(m.fc(x).reshape(2, 4, 4).mean(0))),
        (torch.randn(8, 4),),
        {"fc": "redundant"},
    ),
}


@pytest.mark.parametrize("name", ZOO)
def test_audit_matches_the_expected_findings_and_the_structural_reference(name):
    factory, inputs, expected = ZOO[name]
    torch.manual_seed(0)
    model = factory()
    assert audit(model, *inputs) == expected
    assert reference_verdicts(model, inputs) == expected


def test_softmax_cancels_the_key_bias_and_the_output_confirms_it():
    # Softmax ignores a constant added along its axis, and q . (k + b_k) adds q . b_k to every
    # score of a query: the key projection's bias is redundant, whatever the weights.
    torch.manual_seed(0)
    model = Attention(8)
    finding = [f for f in find_redundant_biases(model, XS) if f.module_name == "k"][0]
    assert finding.verdict == "redundant" and "softmax" in finding.reason
    moved = torch.randn(8, generator=torch.Generator().manual_seed(3))
    assert output_change(model, (XS,), "k.bias", moved, seed=11) < 1e-12
    assert output_change(model, (XS,), "q.bias", moved, seed=11) > 1e-3


def test_findings_carry_names_verdicts_and_readable_reasons():
    torch.manual_seed(0)
    findings = find_redundant_biases(ResBlock(), X4)
    assert [f.module_name for f in findings] == ["conv1", "conv2", "short.0"]
    assert all(isinstance(f, BiasFinding) for f in findings)
    assert (
        "bn1" in findings[0].reason
        and "training mode" in findings[0].reason
        and "gradient is zero" in findings[0].reason
    )
    ln = find_redundant_biases(seq(nn.Linear(3, 4), nn.LayerNorm(4)), X2)[0]
    assert "mean" in ln.reason and "sums to zero" in ln.reason
    assert str(ln).startswith("0: partially-cancelled.")


def test_show_all_explains_why_a_bias_matters():
    everything = find_redundant_biases(
        seq(nn.Linear(3, 4), nn.ReLU(), nn.BatchNorm1d(4)), X2, show_all=True
    )
    assert [(f.module_name, f.verdict) for f in everything] == [("0", "matters"), ("2", "matters")]
    assert "ReLU" in everything[0].reason and "output" in everything[1].reason


def test_an_untraceable_model_gets_a_clear_error():
    class Branchy(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc, self.bn = nn.Linear(3, 4), nn.BatchNorm1d(4)

        def forward(self, x):
            return self.bn(self.fc(x)) if x.sum() > 0 else self.fc(x)

    with pytest.raises(
        UntraceableModelError, match="cannot trace Branchy with torch.export.*control flow"
    ):
        find_redundant_biases(Branchy(), X2)


def test_the_audit_leaves_the_model_and_the_random_state_alone():
    torch.manual_seed(0)
    model = seq(nn.Linear(3, 4), nn.Dropout(0.3), nn.BatchNorm1d(4))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    torch.manual_seed(5)
    find_redundant_biases(model, X2)
    after_audit = torch.rand(1)
    torch.manual_seed(5)
    assert torch.equal(after_audit, torch.rand(1))
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert model.training and next(model.parameters()).dtype == torch.float32


@pytest.mark.parametrize(
    "model, example, error, words",
    [
        ("not a model", X2, TypeError, "model must be a torch.nn.Module"),
        (nn.Linear(3, 4), [1, 2, 3], TypeError, "example_input must be a tensor"),
        (
            nn.Linear(3, 4),
            torch.randn(2, 5),
            ValueError,
            "example_input does not run through the model",
        ),
        (
            Lambda(lambda m, x: F.linear(m.fc(x), torch.ones(4, 4, dtype=torch.float32))),
            XF,
            ValueError,
            "in float64",
        ),
    ],
)
def test_bad_arguments_are_named(model, example, error, words):
    with pytest.raises(error, match=words):
        find_redundant_biases(model, example)


@pytest.mark.slow  # a fuzzer: random stacks against autograd
def test_random_stacks_never_overclaim_and_mostly_agree_exactly():
    """120 random Linear/norm/activation stacks, some in eval mode: the audit never claims more
    cancellation than autograd shows; it may claim less (near-invariances such as LayerNorm's to
    scale, up to its eps)."""
    import random

    width, rank = 8, {None: 0, "partially-cancelled": 1, "redundant": 2}
    vocab = [
        lambda: nn.Linear(width, width),
        lambda: nn.Linear(width, width, bias=False),
        lambda: nn.BatchNorm1d(width),
        lambda: nn.BatchNorm1d(width, affine=False),
        lambda: nn.BatchNorm1d(width, track_running_stats=False),
        lambda: nn.LayerNorm(width),
        lambda: nn.GroupNorm(2, width),
        lambda: nn.RMSNorm(width),
        lambda: nn.ReLU(),
        lambda: nn.Identity(),
        lambda: nn.Dropout(0.0),
        lambda: nn.Tanh(),
    ]
    rng, exact = random.Random(1), 0
    for i in range(120):
        torch.manual_seed(i)
        model = nn.Sequential(
            nn.Linear(4, width), *[rng.choice(vocab)() for _ in range(rng.randint(1, 5))]
        )
        if rng.random() < 0.3:
            model = with_running_var(model.eval())
        x = torch.randn(16, 4, generator=torch.Generator().manual_seed(i))
        found, reference = audit(model, x), reference_verdicts(model, (x,))
        assert all(rank[found.get(k)] <= rank[reference.get(k)] for k in found), (
            i,
            model,
            found,
            reference,
        )
        exact += found == reference
    assert exact >= 115


@pytest.mark.slow  # a fuzzer: random stacks against autograd
def test_random_conv_stacks_agree_with_autograd():
    """60 random conv stacks: padding (zeros / reflect), pooling with and without counted padding,
    BatchNorm2d, GroupNorm, InstanceNorm, LayerNorm over (C, H, W), ReLU. Border effects decide
    several of them."""
    import random

    c = 4
    vocab = [
        lambda: nn.Conv2d(c, c, 3, padding=1),
        lambda: nn.Conv2d(c, c, 1),
        lambda: nn.Conv2d(c, c, 3, padding=1, padding_mode="reflect"),
        lambda: nn.Conv2d(c, c, 3, padding=1, bias=False),
        lambda: nn.MaxPool2d(3, stride=1, padding=1),
        lambda: nn.AvgPool2d(3, stride=1, padding=1),
        lambda: nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False),
        lambda: nn.BatchNorm2d(c),
        lambda: nn.GroupNorm(2, c),
        lambda: nn.GroupNorm(4, c),
        lambda: nn.InstanceNorm2d(c, affine=True),
        lambda: nn.LayerNorm([c, 6, 6]),
        lambda: nn.ReLU(),
        lambda: nn.Identity(),
    ]
    rng = random.Random(2)
    for i in range(60):
        torch.manual_seed(i)
        model = nn.Sequential(
            nn.Conv2d(3, c, 3, padding=1), *[rng.choice(vocab)() for _ in range(rng.randint(1, 4))]
        )
        x = torch.randn(5, 3, 6, 6, generator=torch.Generator().manual_seed(i))
        assert audit(model, x) == reference_verdicts(model, (x,)), (i, model)


def test_warm_up_audit_runs_the_audit_once_and_leaves_the_random_state_alone():
    from helpers import warm_up_audit

    state = torch.random.get_rng_state()
    assert warm_up_audit() == "redundant"  # Linear -> BatchNorm1d in training mode
    assert torch.equal(torch.random.get_rng_state(), state)
