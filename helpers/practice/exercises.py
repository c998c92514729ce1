"""Exercise checks for notebook 07 (bias in practice), declared as data. Cases are seeded, so
messages are reproducible. The lesson uses the course's prior_output_bias and relative_change,
which answer exercises 1 and 3: those exercises forbid them, and the checks refuse them."""

import numpy as np
import torch
import torch.nn as nn

from helpers.core.checks import WrongAnswer
from helpers.core.exercise import Exercise
from helpers.practice.logic import prior_output_bias, relative_change


def _label_cases(seed=707):
    rng = np.random.default_rng(seed)
    cases = []
    for n, p in ((11, 1 / 11), (40, 0.25), (200, 0.7), (33, 0.5)):
        y = np.zeros(n)
        y[: max(1, round(p * n))] = 1.0
        cases.append((rng.permutation(y),))
    return cases


def m(y):
    return np.mean(y)


PRIOR_BIAS = Exercise(
    "check_prior_bias",
    "prior_bias(y)",
    cases=_label_cases,
    reference=lambda y: np.log(m(y) / (1 - m(y))),
    forbidden=(prior_output_bias,),
    forbidden_hint="Write it with numpy, without prior_output_bias: which b has sigmoid(b) = p?",
    mistakes=(
        WrongAnswer(
            lambda y: m(y),
            "That is the probability p itself. The bias is a logit: the sigmoid of it should "
            "be p, so invert the sigmoid: log(p / (1 - p)).",
        ),
        WrongAnswer(
            lambda y: np.log(m(y)),
            "log(p) is the log-probability. The sigmoid needs the log-odds, log(p / (1 - p)).",
        ),
        WrongAnswer(
            lambda y: np.log((1 - m(y)) / m(y)),
            "The sign is flipped: that is the log-odds of "
            "the negative class. Use log(p / (1 - p)).",
        ),
        WrongAnswer(
            lambda y: m(y) / (1 - m(y)), "Those are the odds; the bias is their logarithm."
        ),
        WrongAnswer(
            lambda y: np.zeros(()),
            "Zero is PyTorch's usual start: it predicts 50 %, not the base rate.",
        ),
        WrongAnswer(
            lambda y: 1 / (1 + np.exp(-m(y))),
            "You applied the sigmoid to p. The bias is the number whose sigmoid is p: "
            "the inverse of the sigmoid, log(p / (1 - p)).",
        ),
    ),
    describe_case=lambda c: f"{len(c[0])} labels, {int(c[0].sum())} positive",
    success=(
        "b = log(p / (1 - p)): sigmoid(b) = p, so the "
        "untrained model already predicts the base rate."
    ),
)


def _parameter_cases():
    torch.manual_seed(0)
    model = nn.ModuleDict(
        {
            "embed": nn.Embedding(10, 8),
            "conv": nn.Conv2d(3, 4, 3),
            "fc": nn.Linear(8, 4),
            "bn": nn.BatchNorm2d(4),
            "ln": nn.LayerNorm(8),
        }
    )
    return [(name, p) for name, p in model.named_parameters()]


SHOULD_DECAY = Exercise(
    "check_should_decay",
    "should_decay(name, param)",
    cases=_parameter_cases,
    reference=lambda name, p: p.ndim >= 2,
    mistakes=(
        WrongAnswer(
            lambda name, p: not name.endswith("bias"),
            "Biases are out, good; but the scale (weight) of a BatchNorm or LayerNorm is 1-D "
            "too and should not be pulled to 0 either. Test param.ndim instead of the name.",
        ),
        WrongAnswer(
            lambda name, p: p.ndim == 2,
            "A convolution's weight has 4 dimensions (out, in, kh, kw): "
            "it is a weight too. Use ndim >= 2.",
        ),
        WrongAnswer(
            lambda name, p: True,
            "Everything is decayed: that is what optimizer(model.parameters(), "
            "weight_decay=...) does. Biases and norm parameters should be left out.",
        ),
        WrongAnswer(
            lambda name, p: p.ndim < 2,
            "Reversed: the 1-D parameters (biases, norm scales) are the ones to spare.",
        ),
        WrongAnswer(
            lambda name, p: p.ndim >= 2 and not name.startswith("embed"),
            "Sparing the embedding is a real choice: minGPT, for one, decays only the weights "
            "of Linear layers. This exercise follows the text above, which decays embeddings "
            "too, as the weight matrices they are; the embedding is the one case you differ.",
        ),
    ),
    describe_case=lambda c: f"{c[0]}, shape {tuple(c[1].shape)}",
    success=(
        "Decay the matrices and kernels (ndim >= 2); spare "
        "biases and normalisation parameters (ndim 1)."
    ),
)


def _change_cases(seed=808):
    rng = np.random.default_rng(seed)
    return [
        (b, b + rng.normal(0, s, b.shape))
        for b, s in (
            (rng.normal(0, 1, 5), 0.3),
            (rng.normal(2, 1, (3, 4)), 1.0),
            (rng.normal(0, 0.1, 64), 0.05),
        )
    ]


def norm(a):
    return np.sqrt(np.sum(a**2))


CHANGE_RATIO = Exercise(
    "check_change_ratio",
    "change_ratio(before, after)",
    cases=_change_cases,
    reference=relative_change,
    mistakes=(
        WrongAnswer(
            lambda b, a: norm(a - b),
            "That is the absolute change. Divide by the size of the starting values, ||before||.",
        ),
        WrongAnswer(
            lambda b, a: norm(a - b) / norm(a),
            "Divide by ||before|| (where the parameters started), not ||after||.",
        ),
        WrongAnswer(
            lambda b, a: np.mean(np.abs(a - b) / np.abs(b)),
            "An average of per-entry ratios explodes for "
            "entries near zero. Take norms first, then divide.",
        ),
        WrongAnswer(
            lambda b, a: norm(a) / norm(b) - 1,
            "That compares sizes, not positions: a parameter can turn around without "
            "changing its norm. Take the norm of the difference, ||after - before||.",
        ),
        WrongAnswer(
            lambda b, a: np.sum((a - b) ** 2) / np.sum(b**2),
            "Those are squared norms: take the square roots.",
        ),
        WrongAnswer(
            lambda b, a: np.max(np.abs(a - b)) / np.max(np.abs(b)),
            "That compares the largest entries (the max norm). The ratio here uses the "
            "Euclidean norm of the whole array, np.linalg.norm: the root of the sum of squares.",
        ),
    ),
    shape_hint=lambda got, expected, case: (
        "Return one number: reduce over every entry (a norm of the whole array)."
    ),
    describe_case=lambda c: f"arrays of shape {c[0].shape}",
    success=(
        "||after - before|| / ||before||: a scale-free measure, "
        "so groups of different sizes can be compared."
    ),
)

EXERCISES = (PRIOR_BIAS, SHOULD_DECAY, CHANGE_RATIO)


def check_prior_bias(fn):
    """prior_bias(y) -> the output bias (a logit) that makes a classifier predict the positive rate
    of labels y, without prior_output_bias."""
    return PRIOR_BIAS.check(fn)


def check_should_decay(fn):
    """should_decay(name, param) -> True for weights that weight decay should shrink, False for
    biases and norm parameters."""
    return SHOULD_DECAY.check(fn)


def check_change_ratio(fn):
    """change_ratio(before, after) -> ||after - before|| / ||before|| for arrays of any shape,
    without relative_change."""
    return CHANGE_RATIO.check(fn)
