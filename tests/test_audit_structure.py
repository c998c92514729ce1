"""find_redundant_biases (issue 14): structural verdicts, every bias accounted for, every way a
bias is used, and errors that say what to do. References come from tests/audit_reference.py."""

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from audit_reference import (
    bias_names,
    one_thread,  # noqa: F401 (a fixture)
    output_change,
    structural_reference,
)

from helpers import UntraceableModelError, find_redundant_biases
from helpers.audit.finder import VERDICTS

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny float64 models

X = torch.randn(8, 4, generator=torch.Generator().manual_seed(5))
XS = torch.randn(3, 5, 8, generator=torch.Generator().manual_seed(6))


class Fn(nn.Module):
    """forward() is the function given; layers: fc (4 -> 4), bn, bn2 (BatchNorm1d(4)), alpha."""

    def __init__(self, fn, alpha=1.0):
        super().__init__()
        self.fc, self.bn, self.bn2 = nn.Linear(4, 4), nn.BatchNorm1d(4), nn.BatchNorm1d(4)
        self.alpha = nn.Parameter(torch.tensor(alpha))
        self.fn = fn

    def forward(self, x):
        return self.fn(self, x)


def verdicts(model, *inputs, **kwargs):
    found = find_redundant_biases(model, inputs if len(inputs) > 1 else inputs[0], True, **kwargs)
    return {f.parameter: (f.verdict, f.reason) for f in found}


def accounted_for(model, found):
    """Every bias parameter exactly once, each with one of the four verdicts."""
    assert sorted(found) == sorted(bias_names(model))
    assert all(v in VERDICTS for v, _ in found.values())


# ---- inert now is not redundant ------------------------------------------------------------------
def zero_head():
    model = nn.Sequential(nn.Linear(4, 4), nn.LayerNorm(4), nn.Linear(4, 2))
    nn.init.zeros_(model[2].weight)  # as torchvision's vit_b_16 head, a diffusion model's output
    return model


def rezero():
    return Fn(lambda m, x: x + m.alpha * m.fc(x), alpha=0.0)  # ReZero: x + alpha * f(x), alpha = 0


def zero_gamma_eval():
    model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Linear(4, 2)).eval()
    nn.init.zeros_(model[1].weight)  # zero_init_residual: the last BatchNorm's gamma = 0
    return model


@pytest.mark.parametrize(
    "factory, inert",
    [(zero_head, ["1.bias"]), (rezero, ["fc.bias"]), (zero_gamma_eval, ["0.bias"])],
    ids=["zero-init head", "ReZero alpha=0", "eval BatchNorm gamma=0"],
)
def test_a_bias_that_is_inert_only_now_matters_and_says_why(factory, inert):
    torch.manual_seed(0)
    model = factory()
    found, reference = verdicts(model, X), structural_reference(model, (X,))
    accounted_for(model, found)
    for name in inert:
        grad_now = torch.autograd.grad(model(X).sum(), dict(model.named_parameters())[name])[0]
        assert grad_now.abs().max() == 0  # the gradient is zero right now ...
        assert reference[name] == "matters"  # ... but not structurally
        verdict, reason = found[name]
        assert verdict == "matters" and "subtracted away" not in reason
        assert "Right now its gradient is zero" in reason and "training moves" in reason
    assert not {f.parameter for f in find_redundant_biases(model, X)} & set(inert)


def test_zero_head_keeps_the_structural_partial_cancellation_before_layernorm():
    torch.manual_seed(0)
    model = zero_head()  # the Linear before the LayerNorm: its mean cancels, whatever the head
    assert structural_reference(model, (X,))["0.bias"] == "partially-cancelled"
    assert [(f.module_name, f.verdict) for f in find_redundant_biases(model, X)] == [
        ("0", "partially-cancelled")
    ]


# ---- every way a bias is used --------------------------------------------------------------------
class MyLinear(nn.Linear):
    pass


class MyBN(nn.BatchNorm2d):
    pass


class DoubledLinear(nn.Linear):
    def forward(self, x):
        return F.linear(x, 2 * self.weight, self.bias)


class BatchNormAct(nn.BatchNorm1d):
    """As timm's BatchNormAct2d: the bias goes to F.batch_norm, then an activation."""

    def forward(self, x):
        x = F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, True)
        return torch.relu(x)


class Conv1D(nn.Module):
    """As transformers' Conv1D (GPT-2): torch.addmm(bias, x, weight)."""

    def __init__(self, nx, nf):
        super().__init__()
        self.weight, self.bias = nn.Parameter(torch.randn(nx, nf)), nn.Parameter(torch.randn(nf))

    def forward(self, x):
        return torch.addmm(self.bias, x.reshape(-1, x.shape[-1]), self.weight).view(*x.shape)


class SelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.mha = nn.MultiheadAttention(8, 2, batch_first=True)

    def forward(self, x):
        return self.mha(x, x, x, need_weights=False)[0]


CASES = {
    "subclass of Linear": (lambda: nn.Sequential(MyLinear(4, 4), nn.BatchNorm1d(4)), X),
    "subclass of BatchNorm2d": (lambda: nn.Sequential(nn.Conv2d(3, 4, 3), MyBN(4)), None),
    "Linear with its own forward": (
        lambda: nn.Sequential(DoubledLinear(4, 4), nn.BatchNorm1d(4)),
        X,
    ),
    "BatchNorm + activation": (lambda: nn.Sequential(nn.Linear(4, 4), BatchNormAct(4)), X),
    "Conv1D (addmm)": (lambda: nn.Sequential(Conv1D(8, 8), nn.LayerNorm(8)), XS),
    "MultiheadAttention": (lambda: SelfAttention(), XS),
}


@pytest.mark.parametrize("name", CASES)
def test_every_bias_is_found_and_agrees_with_the_reference(name):
    factory, x = CASES[name]
    x = torch.randn(6, 3, 6, 6) if x is None else x
    torch.manual_seed(0)
    model = factory()
    found, reference = verdicts(model, x), structural_reference(model, (x,))
    accounted_for(model, found)
    for param, (verdict, _) in found.items():
        assert verdict == reference[param] or (verdict, reference[param]) == (
            "not audited",
            "unused",
        )


def test_multihead_attention_biases_are_followed_inside_it():
    torch.manual_seed(0)
    found = verdicts(SelfAttention(), XS)
    assert found["mha.in_proj_bias"][0] == "matters"  # its query part changes the scores
    assert found["mha.out_proj.bias"][0] == "matters"  # it reaches the output directly
    with_norm = nn.Sequential(SelfAttention(), nn.LayerNorm(8))
    assert verdicts(with_norm, XS)["0.mha.out_proj.bias"][0] == "partially-cancelled"


# ---- dead branches, random factors, unknown operations --------------------------------------
def test_a_dead_branch_is_pruned_and_hides_no_cancellation():
    def forward(m, x):
        h = m.fc(x)
        _ = torch.relu(h) + m.bn2(x)  # computed, never used
        return m.bn(h)

    found = verdicts(Fn(forward), X)
    assert found["fc.bias"][0] == "redundant"
    assert found["bn2.bias"][0] == "not audited" and "does not use" in found["bn2.bias"][1]
    assert found["bn.bias"][0] == "matters"


def test_stochastic_depth_keeps_the_bias_and_says_why():
    def forward(m, x):  # x + stochastic_depth(fc(x)), then BatchNorm, as in an EfficientNet
        keep = torch.empty(x.shape[0], 1).bernoulli_(0.8) / 0.8 if m.training else 1.0
        return m.bn(x + m.fc(x) * keep)

    torch.manual_seed(0)
    model = Fn(forward)
    verdict, reason = verdicts(model, X)["fc.bias"]
    assert verdict == "matters" and "random factor" in reason and "stochastic depth" in reason
    assert verdicts(model.eval(), X)["fc.bias"][0] == "matters"  # eval BatchNorm: a fixed map
    bn_in_both = Fn(lambda m, x: m.bn(x + m.fc(x) * (1.0 if not m.training else 1.0)))
    assert verdicts(bn_in_both, X)["fc.bias"][0] == "redundant"


def test_an_operation_the_audit_does_not_know_means_not_audited():
    found = verdicts(Fn(lambda m, x: m.bn(torch.special.i0(m.fc(x)))), X)
    verdict, reason = found["fc.bias"]
    assert verdict == "not audited" and "does not follow" in reason


# ---- arguments and errors ------------------------------------------------------------------------
class Masked(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc, self.bn = nn.Linear(4, 4), nn.BatchNorm1d(4)

    def forward(self, x, mask=None, scale=None):
        h = self.fc(x)
        if mask is not None:
            h = h * mask
        if scale is not None:
            h = h * scale
        return self.bn(h)


def test_optional_arguments_and_forward_kwargs():
    torch.manual_seed(0)
    model = Masked()
    assert verdicts(model, X)["fc.bias"][0] == "redundant"
    assert verdicts(model, X, forward_kwargs={"scale": 2.0})["fc.bias"][0] == "redundant"
    mask = (torch.arange(32).reshape(8, 4) % 3 > 0).double()  # masks some values: not constant
    assert verdicts(model, X, forward_kwargs={"mask": mask})["fc.bias"][0] == "matters"
    with pytest.raises(TypeError, match="forward_kwargs must be a dict"):
        find_redundant_biases(model, X, forward_kwargs=[("scale", 2.0)])
    with pytest.raises(TypeError, match="show_all must be True or False"):
        find_redundant_biases(model, X, show_all="yes")


def test_a_shape_dependent_branch_is_audited_at_the_example_shapes():
    forward = lambda m, x: m.bn(m.fc(x)) if x.shape[0] > 4 else m.fc(x)  # noqa: E731
    assert verdicts(Fn(forward), X)["fc.bias"][0] == "redundant"
    assert verdicts(Fn(forward), X[:3])["fc.bias"][0] == "matters"


def test_a_batch_of_one_in_training_mode_gets_a_batchnorm_message():
    with pytest.raises(ValueError, match="batch of one.*BatchNorm in training mode.*model.eval"):
        find_redundant_biases(nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4)), X[:1])


def test_a_non_tensor_output_gets_advice():
    class Cache:
        pass

    with pytest.raises(UntraceableModelError, match="not a tensor.*use_cache"):
        find_redundant_biases(Fn(lambda m, x: (m.fc(x), Cache())), X)


def test_a_value_dependent_branch_is_refused_with_advice():
    with pytest.raises(UntraceableModelError, match="tensor's value in Python control flow"):
        find_redundant_biases(Fn(lambda m, x: m.fc(x) if x.sum() > 0 else x), X)


def test_an_output_change_confirms_every_cancellation_claimed_on_a_small_block():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 8))
    model.append(nn.LayerNorm(8))
    g = torch.Generator().manual_seed(1)
    for f in find_redundant_biases(model, X):
        shape = dict(model.named_parameters())[f.parameter].shape
        move = torch.randn(shape, generator=g) if f.verdict == "redundant" else torch.ones(shape)
        assert output_change(model, (X,), f.parameter, move, seed=12) < 1e-10
    assert [f.verdict for f in find_redundant_biases(model, X)] == [
        "redundant",
        "partially-cancelled",
    ]
