"""helpers.practice (notebook 07), checked against references: closed forms, autograd in float64,
loops."""

import math

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from helpers import (
    count_parameters,
    decay_groups,
    find_redundant_biases,
    first_step_losses,
    fold_value_bias,
    imbalanced_classes,
    init_bias_loss_curves,
    init_bias_losses,
    mlp,
    offset_regression,
    prior_output_bias,
    radial_or_angular,
    relative_change,
    set_output_bias,
    settle_step,
    split_parameters,
    steps_to_reach,
    train,
    transformer_block,
    without_biases,
)


# ---- toy tasks -----------------------------------------------------------------------------------
def test_offset_regression_is_seeded_and_centred_on_its_mean():
    x, y = offset_regression(n=500, mean=50.0, seed=3)
    assert x.shape == (500, 4) and y.shape == (500, 1)
    assert abs(y.mean().item() - 50.0) < 0.6
    assert torch.equal(offset_regression(n=500, seed=3)[1], y)
    assert not torch.equal(offset_regression(n=500, seed=4)[1], y)


def test_imbalanced_classes_has_one_positive_per_ratio_negatives():
    x, y = imbalanced_classes(n=440, ratio=10, seed=0)
    assert x.shape == (440, 2) and int(y.sum()) == 40 and y[:40].all() and not y[40:].any()


@pytest.mark.parametrize(
    "kind, rule",
    [
        ("disc", lambda x: x.norm(dim=1) < 1.2),
        ("quadrants", lambda x: x[:, 0] * x[:, 1] > 0),
    ],
)
def test_radial_and_angular_labels_follow_their_rule(kind, rule):
    x, y = radial_or_angular(kind, n=300, seed=1)
    assert torch.equal(y[:, 0].bool(), rule(x)) and 0.2 < y.mean() < 0.8


def test_radial_or_angular_rejects_unknown_kinds():
    with pytest.raises(ValueError, match="kind must be 'disc' or 'quadrants'; got 'spiral'"):
        radial_or_angular("spiral")


# ---- the prior -----------------------------------------------------------------------------------
def test_prior_bias_is_the_mean_or_the_log_odds():
    y = torch.tensor([[1.0], [0.0], [0.0], [0.0]])
    assert prior_output_bias(y, "regression") == pytest.approx(0.25)
    b = prior_output_bias(y, "binary")
    assert b == pytest.approx(torch.logit(torch.tensor(0.25, dtype=torch.float64)).item())
    assert 1 / (1 + math.exp(-b)) == pytest.approx(0.25)


def test_first_step_losses_against_a_direct_computation():
    x, y = imbalanced_classes(seed=0)
    net = mlp((2, 4, 1), seed=0)
    for b, got in zip(
        (-2.0, 0.0, 1.5), first_step_losses(x, y, "bce", [-2.0, 0.0, 1.5], sizes=(2, 4, 1), seed=0)
    ):
        with torch.no_grad():
            want = F.binary_cross_entropy_with_logits(set_output_bias(net, b)(x), y).item()
        assert got.item() == pytest.approx(want, rel=1e-6)


def test_with_a_constant_network_the_prior_is_the_best_start():
    # Zero last-layer weights make the output exactly b: then the loss is smallest at the prior.
    x, y = imbalanced_classes(seed=0)
    grid = np.linspace(-5, 3, 801)
    b = torch.tensor(grid, dtype=torch.float64)[:, None, None].expand(-1, len(y), 1)
    losses = F.binary_cross_entropy_with_logits(
        b, y.double().expand(len(grid), -1, -1), reduction="none"
    ).mean((1, 2))
    assert abs(grid[int(losses.argmin())] - prior_output_bias(y, "binary")) <= 0.01
    assert losses.min().item() == pytest.approx(
        -(1 / 11 * math.log(1 / 11) + 10 / 11 * math.log(10 / 11)), rel=1e-4
    )


@pytest.mark.parametrize(
    "y, kind, words",
    [
        (torch.ones(4, 1), "binary", "both classes"),
        (torch.zeros(4, 1), "binary", "both classes"),
        (torch.ones(4, 1), "poisson", "kind must be"),
    ],
)
def test_prior_bias_refuses_what_it_cannot_answer(y, kind, words):
    with pytest.raises(ValueError, match=words):
        prior_output_bias(y, kind)


# ---- models --------------------------------------------------------------------------------------
def test_mlp_layers_bias_switch_norm_and_seed():
    net = mlp((2, 5, 3, 1), norm="batch", seed=7)
    kinds = [type(m).__name__ for m in net]
    assert kinds == ["Linear", "BatchNorm1d", "ReLU", "Linear", "BatchNorm1d", "ReLU", "Linear"]
    assert count_parameters(mlp((2, 5, 1), bias=False)) == 2 * 5 + 5 * 1
    assert (
        count_parameters(net, only_biases=True) == 5 + 3 + 1 + 5 + 3
    )  # three Linear, two BatchNorm biases
    assert torch.equal(mlp((2, 5, 1), seed=7)[0].weight, mlp((2, 5, 1), seed=7)[0].weight)
    with pytest.raises(ValueError, match="norm must be None or 'batch'"):
        mlp((2, 1), norm="layer")


def test_models_leave_the_global_random_state_alone():
    torch.manual_seed(5)
    expected = torch.rand(1)
    torch.manual_seed(5)
    mlp((2, 8, 1), seed=0)
    transformer_block(d=8, heads=2, d_ff=16, seed=0)
    assert torch.equal(torch.rand(1), expected)


def test_set_output_bias_fills_the_last_linear():
    net = set_output_bias(mlp((2, 4, 3), seed=0), -2.5)
    assert torch.equal(net[-1].bias, torch.full((3,), -2.5))


def reference_attention(attn, x):
    """Loop over heads, float64."""
    d = x.shape[-1]
    dh = d // attn.heads
    q, k, v = attn.q(x), attn.k(x), attn.v(x)
    heads = []
    for h in range(attn.heads):
        s = slice(h * dh, (h + 1) * dh)
        w = torch.softmax(q[..., s] @ k[..., s].transpose(1, 2) / math.sqrt(dh), dim=-1)
        heads.append(w @ v[..., s])
    return attn.o(torch.cat(heads, dim=-1))


def test_self_attention_matches_a_per_head_loop_and_rows_sum_to_one():
    block = transformer_block(d=8, heads=2, d_ff=16, seed=1).double()
    x = torch.randn(3, 5, 8, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(block.attn(x), reference_attention(block.attn, x))
    w = block.attn.weights(x)
    assert w.shape == (3, 2, 5, 5)
    torch.testing.assert_close(w.sum(-1), torch.ones(3, 2, 5, dtype=torch.float64))


def test_autograd_agrees_the_key_bias_does_nothing_and_the_query_bias_does():
    block = transformer_block(d=8, heads=2, d_ff=16, seed=2).double()
    x = torch.randn(3, 5, 8, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    out = block(x)
    loss = (
        out
        * torch.randn(out.shape, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    ).sum()
    gk, gq = torch.autograd.grad(loss, [block.attn.k.bias, block.attn.q.bias])
    assert gk.abs().max() < 1e-12 and gq.abs().max() > 1e-3


def test_transformer_parameter_counts_follow_the_formula():
    d, dff = 8, 16
    attn, norms, ff = 4 * (d * d + d), 2 * 2 * d, d * dff + dff + dff * d + d
    assert count_parameters(transformer_block(d=d, heads=2, d_ff=dff)) == attn + norms + ff
    assert (
        count_parameters(transformer_block(d=d, heads=2, d_ff=dff, attn_bias=False))
        == attn + norms + ff - 4 * d
    )
    lean = transformer_block(d=d, heads=2, d_ff=dff, attn_bias=False, mlp_bias=False, norm="rms")
    assert count_parameters(lean) == 4 * d * d + 2 * d + 2 * d * dff
    assert count_parameters(lean, only_biases=True) == 0
    with pytest.raises(ValueError, match="multiple of heads"):
        transformer_block(d=10, heads=4)


def test_the_audit_can_trace_the_block():
    block = transformer_block(d=8, heads=2, d_ff=16)
    findings = find_redundant_biases(block, torch.randn(2, 3, 8), show_all=True)
    assert {f.module_name for f in findings} >= {
        "attn.q",
        "attn.k",
        "attn.v",
        "attn.o",
        "mlp.0",
        "mlp.2",
    }


def test_folding_the_value_bias_keeps_the_output():
    attn = transformer_block(d=8, heads=2, d_ff=16, seed=3).attn.double()
    with torch.no_grad():
        attn.v.bias.normal_(0, 3.0, generator=torch.Generator().manual_seed(0))
    x = torch.randn(2, 4, 8, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    folded = fold_value_bias(attn)
    assert folded.v.bias is None and count_parameters(attn) - count_parameters(folded) == 8
    torch.testing.assert_close(folded(x), attn(x), rtol=0, atol=1e-12)


# ---- bias removal --------------------------------------------------------------------------------
def test_without_biases_keeps_outputs_before_batchnorm_and_leaves_the_original():
    net = mlp((3, 6, 6, 1), norm="batch", seed=0).double()
    x = torch.randn(16, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    trimmed = without_biases(net, ["0", "3"])
    assert net[0].bias is not None and trimmed[0].bias is None and trimmed[3].bias is None
    assert trimmed[6].bias is not None and torch.equal(trimmed[0].weight, net[0].weight)
    torch.testing.assert_close(trimmed(x), net(x), rtol=0, atol=1e-12)
    net.eval(), trimmed.eval()
    assert (
        trimmed(x) - net(x)
    ).abs().max() > 1e-3  # eval mode: running mean still zero, the bias mattered


def test_without_biases_handles_convolutions_and_refuses_other_modules():
    net = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1, stride=2), nn.BatchNorm2d(3)).double()
    x = torch.randn(4, 2, 6, 6, dtype=torch.float64)
    trimmed = without_biases(net, ["0"])
    assert trimmed[0].bias is None and trimmed[0].stride == (2, 2)
    torch.testing.assert_close(trimmed(x), net(x), rtol=0, atol=1e-12)
    with pytest.raises(TypeError, match="'1' is BatchNorm2d"):
        without_biases(net, ["1"])


# ---- training ------------------------------------------------------------------------------------
def test_decay_groups_split_weights_from_biases_and_norm_parameters():
    model = nn.ModuleDict(
        {
            "emb": nn.Embedding(5, 4),
            "fc": nn.Linear(4, 4),
            "ln": nn.LayerNorm(4),
            "bn": nn.BatchNorm1d(4),
            "conv": nn.Conv1d(4, 4, 3),
        }
    )
    decay, keep = decay_groups(model, 0.05)
    assert decay["weight_decay"] == 0.05 and keep["weight_decay"] == 0.0
    assert sorted(decay["names"]) == ["conv.weight", "emb.weight", "fc.weight"]
    assert sorted(keep["names"]) == [
        "bn.bias",
        "bn.weight",
        "conv.bias",
        "fc.bias",
        "ln.bias",
        "ln.weight",
    ]
    assert len(decay["params"]) + len(keep["params"]) == len(list(model.parameters()))


def test_a_decayed_bias_settles_where_the_closed_form_says():
    x, y = offset_regression(n=128, mean=20.0, seed=0)
    for lam, groups in ((0.2, None), (0.2, "spare")):
        lin = nn.Linear(4, 1)
        train(
            lin,
            x,
            y,
            steps=400,
            lr=0.1,
            optimizer="sgd",
            weight_decay=lam,
            groups=decay_groups(lin, lam) if groups else None,
        )
        residual = (y - x @ lin.weight.T).mean().item()
        expected = residual if groups else 2 * residual / (2 + lam)
        assert lin.bias.item() == pytest.approx(expected, rel=1e-4)


def test_train_records_the_loss_before_each_step_and_the_trajectory():
    x, y = imbalanced_classes(n=60, seed=0)
    net = mlp((2, 4, 1), seed=0)
    start = F.binary_cross_entropy_with_logits(net(x), y).item()
    w0, b0 = split_parameters(net)
    h = train(net, x, y, loss="bce", steps=30, lr=0.05, track=True)
    assert len(h["loss"]) == 30 and h["loss"][0] == pytest.approx(start) and h["loss"][-1] < start
    assert h["weights"].shape == (31, 2 * 4 + 4) and h["biases"].shape == (31, 4 + 1)
    assert torch.equal(h["weights"][0], w0) and torch.equal(
        h["biases"][-1], split_parameters(net)[1]
    )


def test_init_bias_losses_start_at_the_first_step_loss():
    x, y = imbalanced_classes(n=60, seed=0)
    first = first_step_losses(x, y, "bce", [-1.0, 0.5], sizes=(2, 4, 1), seed=0)
    losses = init_bias_losses(x, y, "bce", 0.5, sizes=(2, 4, 1), steps=5, seed=0)
    assert len(losses) == 5 and losses[0] == pytest.approx(first[1].item())


def test_relative_change_against_numpy():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    assert relative_change(a, b) == pytest.approx(np.linalg.norm(b - a) / np.linalg.norm(a))
    assert relative_change(torch.ones(5), torch.ones(5)) == 0.0


def test_steps_to_reach_and_settle_step():
    assert (
        steps_to_reach([5.0, 3.0, 1.0, 0.5], 1.0) == 2 and steps_to_reach([5.0, 3.0], 1.0) is None
    )
    path = torch.tensor(
        [[0.0], [6.0], [3.0], [8.0], [9.5], [10.0]]
    )  # end at 10; 90 % of the way = within 1
    assert settle_step(path, 0.9) == 4
    assert settle_step(path, 0.5) == 3  # step 2 (3.0) is still more than 5 away
    assert settle_step(torch.tensor([[1.0], [1.0]])) == 0


def test_torch_optimizers_take_the_groups_as_they_are():
    model = mlp((3, 4, 1), norm="batch", seed=0)
    opt = torch.optim.AdamW(decay_groups(model, 0.1), lr=0.1)
    bias_before = model[-1].bias.detach().clone()
    model(torch.randn(8, 3)).pow(2).mean().backward()
    opt.step()
    assert [g["weight_decay"] for g in opt.param_groups] == [0.1, 0.0]
    assert not torch.equal(
        model[-1].bias, bias_before
    )  # the bias still learns; it is only spared the decay


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(loss="l1"), r"loss must be one of \['bce', 'mse'\]; got 'l1'"),
        (
            dict(optimizer="rmsprop"),
            r"optimizer must be one of \['adam', 'adamw', 'sgd'\]; got 'rmsprop'",
        ),
        (dict(steps=0), "steps must be at least 1"),
    ],
)
def test_train_names_bad_arguments(kwargs, words):
    x, y = offset_regression(n=8)
    with pytest.raises(ValueError, match=words):
        train(mlp((4, 1)), x, y, **kwargs)


def test_the_batched_curves_follow_each_separate_run():
    """Each row of init_bias_loss_curves is the run init_bias_losses makes alone, to float32
    round-off."""
    x, y = imbalanced_classes(n=110, ratio=10, seed=0)
    b_values = [-3.0, 0.0, 1.5]
    curves = init_bias_loss_curves(x, y, "bce", b_values, sizes=(2, 8, 1), steps=30, seed=1)
    assert curves.shape == (3, 30)
    for row, b0 in zip(curves, b_values):
        alone = init_bias_losses(x, y, "bce", b0, sizes=(2, 8, 1), steps=30, seed=1)
        np.testing.assert_allclose(row, alone, rtol=1e-5)
    assert not np.allclose(curves[0], curves[1], rtol=1e-3), "different starts, different curves"


def test_the_batched_curves_check_their_input_before_training():
    x, y = imbalanced_classes(n=20, ratio=3, seed=0)
    run = lambda **kw: init_bias_loss_curves(
        **{"x": x, "y": y, "loss": "bce", "b_values": [0.0], "sizes": (2, 4, 1), "steps": 2, **kw}
    )
    with pytest.raises(ValueError, match="lr must be > 0"):
        run(lr=0)
    with pytest.raises(ValueError, match=r"y must have the shape of model\(x\), \(20, 1\)"):
        run(y=y[:, 0])
    with pytest.raises(ValueError, match="y must hold targets between 0 and 1"):
        run(y=2 * y - 1)
    with pytest.raises(ValueError, match=r"x must have shape \(any, 3\)"):
        run(sizes=(3, 4, 1))


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
from helpers import SelfAttention, TransformerBlock  # noqa: E402

XC, YC = imbalanced_classes(n=44, ratio=10, seed=0)


def _net():
    return mlp((2, 4, 1), seed=0)


BAD = [
    (lambda: SelfAttention(8, 3), ValueError, "d must be a multiple of heads; got d=8, heads=3"),
    (lambda: SelfAttention(8, -1), ValueError, "heads must be at least 1; got -1"),
    (lambda: SelfAttention(8, 0), ValueError, "heads must be at least 1; got 0"),
    (lambda: SelfAttention(8, 2.0), TypeError, "heads must be an integer; got float"),
    (lambda: SelfAttention(0, 1), ValueError, "d must be at least 1"),
    (lambda: SelfAttention(8, 2, bias="no"), TypeError, "bias must be True or False"),
    (
        lambda: SelfAttention(8, 2)(torch.randn(5, 8)),
        ValueError,
        r"x must be a 3-D tensor; got a tensor of shape \(5, 8\)",
    ),
    (
        lambda: SelfAttention(8, 2)(torch.randn(2, 5, 4)),
        ValueError,
        r"x must have shape \(any, any, 8\); got shape \(2, 5, 4\)",
    ),
    (
        lambda: SelfAttention(8, 2)(torch.randn(2, 5, 8).double()),
        TypeError,
        "x must have the model's dtype torch.float32; got torch.float64",
    ),
    (lambda: SelfAttention(8, 2).scores(np.ones((2, 5, 8))), TypeError, "x must be a torch tensor"),
    (lambda: SelfAttention(8, 2).weights(torch.randn(0, 5, 8)), ValueError, "x must not be empty"),
    (lambda: transformer_block(d=8, heads=-1), ValueError, "heads must be at least 1; got -1"),
    (lambda: transformer_block(d=8, heads=0), ValueError, "heads must be at least 1; got 0"),
    (lambda: TransformerBlock(d=8, heads=3), ValueError, "d must be a multiple of heads"),
    (
        lambda: transformer_block(d=8, heads=2, norm="batch"),
        ValueError,
        r"norm must be one of \['layer', 'rms'\]; got 'batch'",
    ),
    (lambda: transformer_block(d=8, heads=2, d_ff=0), ValueError, "d_ff must be at least 1"),
    (lambda: transformer_block(d=8, heads=2, mlp_bias=None), TypeError, "mlp_bias must be True"),
    (
        lambda: fold_value_bias(SelfAttention(8, 2, bias=False)),
        ValueError,
        "attn must have a value bias and an output bias",
    ),
    (lambda: fold_value_bias(nn.Linear(2, 2)), TypeError, "attn must be a torch.nn.SelfAttention"),
    (lambda: imbalanced_classes(n=5, ratio=10), ValueError, "n must be at least 11; got 5"),
    (lambda: imbalanced_classes(n=44, ratio=0), ValueError, "ratio must be at least 1"),
    (lambda: imbalanced_classes(n=10**9), ValueError, "n must be at most 1,000,000"),
    (lambda: offset_regression(n=0), ValueError, "n must be at least 2"),
    (lambda: offset_regression(mean=np.nan), ValueError, "mean must be a finite number"),
    (lambda: radial_or_angular("spiral", n=-1), ValueError, "kind must be 'disc' or 'quadrants'"),
    (
        lambda: prior_output_bias(2 * YC - 1, "binary"),
        ValueError,
        r"y must hold the class labels 0 and 1 only; got also \[-1.0\]",
    ),
    (lambda: prior_output_bias([], "regression"), ValueError, "y must not be empty"),
    (lambda: prior_output_bias(None, "regression"), TypeError, "y must be an array of numbers"),
    (
        lambda: prior_output_bias(np.array([1 + 1j]), "regression"),
        TypeError,
        "y must hold real numbers",
    ),
    (
        lambda: prior_output_bias(YC, "classification"),
        ValueError,
        "kind must be 'regression' or 'binary'",
    ),
    (lambda: mlp((4,)), ValueError, "sizes must list at least an input and an output size"),
    (lambda: mlp(4), TypeError, "sizes must be a tuple of layer sizes"),
    (lambda: mlp((4, 0, 1)), ValueError, r"sizes\[1\] must be at least 1"),
    (lambda: mlp((10**5, 10**5, 1)), ValueError, "sizes would hold 10,000,100,000 numbers"),
    (lambda: mlp((2, 4, 1), bias="False"), TypeError, "bias must be True or False"),
    (
        lambda: set_output_bias(nn.ReLU(), 1.0),
        ValueError,
        "model must end in an nn.Linear with a bias",
    ),
    (
        lambda: set_output_bias(mlp((2, 4, 1), bias=False), 1.0),
        ValueError,
        "model must end in an nn.Linear with a bias",
    ),
    (lambda: set_output_bias(_net(), np.nan), ValueError, "value must be a finite number"),
    (lambda: without_biases(_net(), "0"), TypeError, "names must be a list of module names"),
    (lambda: without_biases(_net(), ["9"]), ValueError, "names must name modules of the model"),
    (lambda: without_biases(_net(), [""]), ValueError, "names must name modules of the model"),
    (lambda: decay_groups(_net(), -0.1), ValueError, "weight_decay must be >= 0"),
    (lambda: decay_groups("model", 0.1), TypeError, "model must be a torch.nn.Module"),
    (
        lambda: relative_change([1.0, 2.0], [1.0]),
        ValueError,
        "before and after must have the same shape",
    ),
    (lambda: relative_change([0.0, 0.0], [1.0, 1.0]), ValueError, "before must not be all zeros"),
    (lambda: relative_change([], []), ValueError, "before must not be empty"),
    (lambda: relative_change([1.0, np.nan], [1.0, 1.0]), ValueError, "before must hold finite"),
    (lambda: steps_to_reach([3.0, 2.0, 1.0], np.nan), ValueError, "level must be a finite number"),
    (lambda: steps_to_reach([[3.0, 2.0]], 1.0), ValueError, "losses must be a 1-D array"),
    (lambda: steps_to_reach("321", 1.0), TypeError, "losses must be an array of numbers"),
    (
        lambda: settle_step(torch.ones(5, 3), fraction=1.5),
        ValueError,
        "fraction must lie between 0",
    ),
    (lambda: settle_step(np.ones((5, 3))), TypeError, "path must be a torch tensor"),
    (lambda: settle_step(torch.ones(5)), ValueError, "path must be a 2-D tensor"),
    (
        lambda: init_bias_losses(XC[:, :1], YC, "bce", 0.0, (2, 4, 1), steps=2),
        ValueError,
        r"x must have shape \(any, 2\); got shape \(44, 1\)",
    ),
    (
        lambda: init_bias_losses(XC, YC[:, 0], "bce", 0.0, (2, 4, 1), steps=2),
        ValueError,
        r"y must have the shape of model\(x\), \(44, 1\); got shape \(44,\)",
    ),
    (
        lambda: init_bias_losses(XC, YC, "bce", 0.0, (2, 4, 1), steps=10**6),
        ValueError,
        "steps must be at most 100,000",
    ),
    (
        lambda: first_step_losses(XC, YC[:, 0], "mse", [0.0], (2, 4, 1)),
        ValueError,
        r"y must have the shape of model\(x\), \(44, 1\); got shape \(44,\): the loss would",
    ),
    (
        lambda: first_step_losses(XC, YC, "mse", [np.nan], (2, 4, 1)),
        ValueError,
        "b_values must hold finite numbers",
    ),
    (
        lambda: first_step_losses(XC.double(), YC, "mse", [0.0], (2, 4, 1)),
        TypeError,
        "x must have the model's dtype torch.float32",
    ),
    (
        lambda: first_step_losses(XC, 2 * YC - 1, "bce", [0.0], (2, 4, 1)),
        ValueError,
        "y must hold targets between 0 and 1 for loss='bce'",
    ),
]


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_input_raises_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_imbalanced_classes_always_hold_a_positive():
    _, y = imbalanced_classes(n=11, ratio=10, seed=0)
    assert y.sum() == 1


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: radial_or_angular(np.array(["disc", "quadrants"])),
            ValueError,
            "kind must be 'disc' or 'quadrants'; got array",
        ),
        (
            lambda: prior_output_bias(YC, ["binary"]),
            ValueError,
            r"kind must be 'regression' or 'binary'; got \['binary'\]",
        ),
        (lambda: mlp((2, 4, 1), norm=np.zeros(2)), ValueError, "norm must be None or 'batch'; got"),
        (
            lambda: init_bias_losses(XC, YC, "bce", None, (2, 4, 1), steps=2),
            TypeError,
            "b0 must be a real number; got NoneType",
        ),
        (
            lambda: first_step_losses(XC, YC, "bce", [0.0], (3, 4, 1)),
            ValueError,
            r"x must have shape \(any, 3\); got shape \(44, 2\)",
        ),
    ],
)
def test_choices_and_starting_values_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
