"""Exercise checks for notebook 05 (BatchNorm and the bias before it), declared as data. Cases are
seeded; inputs are numpy arrays."""

import numpy as np

from helpers.batchnorm.logic import eval_shift, fold_batchnorm
from helpers.core.checks import WrongAnswer
from helpers.core.exercise import Exercise


def _bn_cases(seed=505, sizes=(1, 3, 8)):
    rng = np.random.default_rng(seed)
    cases = []
    for d in sizes:
        b = rng.normal(0, 2, d) if d != 3 else np.zeros(d)  # one case without a bias: bias=False
        gamma, beta = rng.uniform(0.5, 2.0, d), rng.normal(0, 1, d)
        mean, var = rng.normal(0, 3, d), rng.uniform(0.01, 4.0, d)
        cases.append((b, gamma, beta, mean, var, 1e-2 if d == 1 else 1e-5))
    return cases


def _describe_bn(case):
    return f"{len(case[0])} channel(s){', b = 0' if not np.any(case[0]) else ''}, eps = {case[5]:g}"


FOLDED_BIAS = Exercise(
    "check_folded_bias",
    "folded_bias(b, gamma, beta, running_mean, running_var, eps)",
    cases=_bn_cases,
    reference=lambda b, g, beta, m, v, eps: beta + g * (b - m) / np.sqrt(v + eps),
    mistakes=(
        WrongAnswer(
            lambda b, g, beta, m, v, eps: beta + g * (b - m) / np.sqrt(v),
            "Close: eval-mode BatchNorm divides by sqrt(running_var + eps); "
            "the eps matters when a variance is tiny.",
        ),
        WrongAnswer(
            lambda b, g, beta, m, v, eps: beta + g * (b - m) / (v + eps),
            "Divide by the standard deviation, sqrt(running_var + eps), not by the variance.",
        ),
        WrongAnswer(
            lambda b, g, beta, m, v, eps: beta + g * b / np.sqrt(v + eps),
            "The running mean is subtracted from every input, "
            "so it ends up in the bias: use (b - running_mean).",
        ),
        WrongAnswer(
            lambda b, g, beta, m, v, eps: g * (b - m) / np.sqrt(v + eps),
            "BatchNorm adds beta at the end, so beta belongs in the folded bias too.",
        ),
        WrongAnswer(
            lambda b, g, beta, m, v, eps: beta + g * (m - b) / np.sqrt(v + eps),
            "The sign is flipped: BatchNorm computes (h - running_mean), "
            "so the bias term is (b - running_mean).",
        ),
        WrongAnswer(
            lambda b, g, beta, m, v, eps: beta + b - m,
            "The bias is scaled like everything else: multiply "
            "(b - running_mean) by gamma / sqrt(running_var + eps).",
        ),
        WrongAnswer(
            lambda b, g, beta, m, v, eps: beta - g * m / np.sqrt(v + eps),
            "You left out b: the layer's own bias goes through BatchNorm together with the "
            "running mean, as (b - running_mean). (The check has one case with b = 0, where "
            "this happens to be right.)",
        ),
        WrongAnswer(
            lambda b, g, beta, m, v, eps: beta + (b - m) / np.sqrt(v + eps),
            "gamma is missing: BatchNorm scales the normalised value by gamma before it adds beta.",
        ),
        WrongAnswer(
            lambda b, g, beta, m, v, eps: b,
            "Folding changes the bias: BatchNorm shifts and scales it. "
            "Write out gamma*(W x + b - mean)/sqrt(var + eps) + beta.",
        ),
    ),
    forbidden=(fold_batchnorm,),
    forbidden_hint=(
        "Write the formula with numpy, without fold_batchnorm: expand "
        "gamma * (W x + b - running_mean) / sqrt(running_var + eps) + beta."
    ),
    describe_case=_describe_bn,
    success=(
        "Folded bias = beta + gamma (b - running_mean) / sqrt(running_var + eps): "
        "non-zero even when b = 0."
    ),
)


def _shift_cases():
    return [
        (np.full(len(c[0]), delta), c[1], c[4], c[5])
        for c, delta in zip(_bn_cases(seed=606), (0.5, -2.0, 3.0))
    ]


EVAL_SHIFT = Exercise(
    "check_eval_shift",
    "eval_output_shift(delta_b, gamma, running_var, eps)",
    cases=_shift_cases,
    reference=lambda d, g, v, eps: g * d / np.sqrt(v + eps),
    mistakes=(
        WrongAnswer(
            lambda d, g, v, eps: np.zeros_like(d),
            "Zero is the train-mode answer. In eval mode the running "
            "mean is frozen, so nothing subtracts the change.",
        ),
        WrongAnswer(
            lambda d, g, v, eps: d,
            "The change passes through BatchNorm's scaling: "
            "multiply by gamma / sqrt(running_var + eps).",
        ),
        WrongAnswer(
            lambda d, g, v, eps: d / np.sqrt(v + eps),
            "Almost: BatchNorm multiplies by gamma after normalising.",
        ),
        WrongAnswer(
            lambda d, g, v, eps: g * d / (v + eps),
            "Divide by the standard deviation, sqrt(running_var + eps), not by the variance.",
        ),
        WrongAnswer(
            lambda d, g, v, eps: g * d / np.sqrt(v),
            "Close: eval-mode BatchNorm divides by sqrt(running_var + eps); "
            "the eps matters when a variance is tiny.",
        ),
        WrongAnswer(
            lambda d, g, v, eps: g * d,
            "The change is normalised before gamma scales it: "
            "divide by sqrt(running_var + eps) too.",
        ),
    ),
    forbidden=(eval_shift,),
    forbidden_hint="Write the formula with numpy, without eval_shift.",
    describe_case=lambda c: f"{len(c[0])} channel(s), delta_b = {c[0][0]:g}",
    success=(
        "In eval mode the output moves by gamma * delta_b / sqrt(running_var + eps): "
        "the bias matters again."
    ),
)


def _surviving(b, groups):
    return (b.reshape(groups, -1) - b.reshape(groups, -1).mean(axis=1, keepdims=True)).reshape(-1)


def _group_cases():
    rng = np.random.default_rng(707)
    return [(rng.normal(1.0, 2.0, c), g) for c, g in ((6, 2), (8, 1), (4, 4), (12, 3))]


def _interleaved(b, groups):
    """Groups taken as every groups-th channel (channel c in group c % groups)."""
    columns = b.reshape(-1, groups)
    return (columns - columns.mean(axis=0, keepdims=True)).reshape(-1)


SURVIVING_BIAS = Exercise(
    "check_surviving_bias",
    "surviving_bias(b, groups)",
    cases=_group_cases,
    reference=_surviving,
    mistakes=(
        WrongAnswer(
            lambda b, g: b - b.mean(),
            "That removes the mean over all channels, which is LayerNorm-style (groups = 1). "
            "GroupNorm subtracts one mean per group: reshape b to (groups, -1) first.",
        ),
        WrongAnswer(
            lambda b, g: np.zeros_like(b),
            "Zero would be BatchNorm's answer. GroupNorm averages across the "
            "channels of a group, so only each group's mean of b cancels.",
        ),
        WrongAnswer(
            lambda b, g: b,
            "GroupNorm does subtract a mean per group, and that removes part of b.",
        ),
        WrongAnswer(
            lambda b, g: np.repeat(b.reshape(g, -1).mean(axis=1), len(b) // g),
            "That is the part that cancels (each group's mean); "
            "the question asks for what is left.",
        ),
        WrongAnswer(
            _interleaved,
            "Your groups interleave: channel c in group c % groups. GroupNorm's groups are "
            "consecutive blocks of C/groups channels: b.reshape(groups, -1), one row a group.",
        ),
    ),
    describe_case=lambda c: f"{len(c[0])} channels, groups = {c[1]}",
    success=(
        "Only b minus its mean within each group survives; "
        "with one channel per group nothing survives."
    ),
)

EXERCISES = (FOLDED_BIAS, EVAL_SHIFT, SURVIVING_BIAS)


def check_folded_bias(fn):
    """folded_bias(b, gamma, beta, running_mean, running_var, eps) -> the bias of Linear+BatchNorm
    folded into one."""
    return FOLDED_BIAS.check(fn)


def check_eval_shift(fn):
    """eval_output_shift(delta_b, gamma, running_var, eps) -> how far eval-mode BatchNorm's output
    moves."""
    return EVAL_SHIFT.check(fn)


def check_surviving_bias(fn):
    """surviving_bias(b, groups) -> the part of a per-channel bias that GroupNorm(groups, C) does
    not remove."""
    return SURVIVING_BIAS.check(fn)
