"""Exercise checks for notebook 03 (nn.Linear(bias=...)), declared as data. Cases are seeded, so
messages are reproducible."""

import numpy as np

from helpers.core.checks import WrongAnswer
from helpers.core.exercise import Exercise
from helpers.linear.logic import linear_forward, linear_output_shape, mlp_param_count


def _pairs(sizes):
    return list(zip(sizes[:-1], sizes[1:]))


def _weights(sizes):
    return sum(a * b for a, b in _pairs(sizes))


COUNT_PARAMETERS = Exercise(
    "check_count_mlp_parameters",
    "count_mlp_parameters(sizes, bias)",
    cases=lambda: [
        ((10, 32, 1), True),
        ((784, 128, 64, 10), True),
        ((3, 5), False),
        ((20, 20, 20), False),
        ((2, 3, 4), True),
    ],
    reference=mlp_param_count,
    mistakes=(
        WrongAnswer(
            lambda s, bias: _weights(s),
            "You counted the weights only. With bias=True "
            "every layer also has one bias per output feature.",
        ),
        WrongAnswer(
            lambda s, bias: _weights(s) + sum(a for a, _ in _pairs(s)) * bias,
            "You gave each layer one bias per *input* feature. "
            "The bias has shape (out_features,): one per output.",
        ),
        WrongAnswer(
            lambda s, bias: _weights(s) + sum(s) * bias,
            "You gave the input a bias too. Biases belong to layers: "
            "count out_features of each layer, so sizes[1:] only.",
        ),
        WrongAnswer(
            lambda s, bias: _weights(s) + (len(s) - 1) * bias,
            "You gave each layer a single bias. Every output "
            "neuron has its own: out_features biases per layer.",
        ),
        WrongAnswer(
            lambda s, bias: _weights(s) + s[-1] * bias,
            "Only the last layer got its biases. Every layer has out_features biases, "
            "the hidden layers too.",
        ),
        WrongAnswer(
            lambda s, bias: s[0] * s[1] + s[1] * bias,
            "You counted the first layer only. Add up every layer: one (in, out) pair per "
            "neighbouring sizes, zip(sizes[:-1], sizes[1:]).",
        ),
        WrongAnswer(
            lambda s, bias: _weights(s) + sum(s[1:]),
            "With bias=False the layers have no bias at all: "
            "count in*out for each layer and nothing more.",
        ),
    ),
    describe_case=lambda c: f"sizes = {c[0]}, bias = {c[1]}",
    success=(
        "in*out weights plus out biases per layer: the biases are a small share of a wide network."
    ),
)


def _tuple_hint(exc, case):
    if "can only concatenate tuple" in str(exc):
        return (
            "A tuple joins only another tuple: write (out_features,), with the comma, "
            "for a tuple of one number."
        )
    return None


OUTPUT_SHAPE = Exercise(
    "check_linear_output_shape",
    "linear_output_shape(input_shape, out_features)",
    cases=lambda: [((8, 3), 5), ((2, 7, 3), 5), ((3,), 4), ((4, 6, 10, 16), 2)],
    reference=linear_output_shape,
    mistakes=(
        WrongAnswer(
            lambda s, out: (s[0], out),
            "Only the last axis changes. Linear treats every "
            "other axis as a batch: (2, 7, 3) becomes (2, 7, 5).",
        ),
        WrongAnswer(
            lambda s, out: s + (out,),
            "Linear replaces the last axis (the in_features) "
            "with out_features; it does not add a new axis.",
        ),
        WrongAnswer(
            lambda s, out: (out,) + s[1:],
            "You changed the first axis. Linear acts on the last axis, "
            "the features; the first is the batch.",
        ),
        WrongAnswer(
            lambda s, out: (out, s[0]),
            "The batch axis stays first and the features come last: (8, 5), not (5, 8).",
        ),
        WrongAnswer(
            lambda s, out: (out,),
            "The batch axes survive: a batch of 8 inputs gives a batch of 8 outputs.",
        ),
        WrongAnswer(
            lambda s, out: tuple(s),
            "That is the input's shape, unchanged: the last axis becomes out_features.",
        ),
    ),
    shape_hint=lambda got, expected, case: (
        "Return a tuple with one entry per axis of the output, like (8, 5)."
    ),
    error_hint=_tuple_hint,
    describe_case=lambda c: f"input_shape = {c[0]}, out_features = {c[1]}",
    success=(
        "nn.Linear changes only the last axis, from "
        "in_features to out_features; all others pass through."
    ),
)


def _forward_cases(seed=303):
    rng = np.random.default_rng(seed)
    cases = []
    for n, i, o in [(4, 3, 3), (5, 3, 2), (1, 4, 6)]:  # square first, so x @ W is caught by value
        cases.append(
            (rng.standard_normal((n, i)), rng.standard_normal((o, i)), rng.uniform(0.5, 2.0, o))
        )
    return cases


def _matmul_hint(exc, case):
    text = str(exc)
    if "matmul" in text or "not aligned" in text or "broadcast" in text:
        return (
            "The shapes do not fit. x is (n, in) and W is (out, in), so x @ W.T is (n, out); "
            "then b, shape (out,), is added to every row."
        )
    return None


LINEAR_FORWARD = Exercise(
    "check_linear_forward",
    "linear_forward(x, W, b)",
    cases=_forward_cases,
    reference=linear_forward,
    mistakes=(
        WrongAnswer(
            lambda x, W, b: x @ W + b,
            "W has shape (out_features, in_features), so multiply by its transpose: x @ W.T.",
        ),
        WrongAnswer(
            lambda x, W, b: x @ W.T,
            "The bias is missing: add b, which broadcasts "
            "over the rows (one b per output feature).",
        ),
        WrongAnswer(lambda x, W, b: x @ W.T - b, "The bias is added, not subtracted."),
        WrongAnswer(
            lambda x, W, b: W @ x.T + b[:, None],
            "That is the transpose of the answer, shape (out, n). "
            "Each example is a row: x @ W.T + b.",
        ),
        WrongAnswer(
            lambda x, W, b: x @ W.T * b,
            "The bias is added, not multiplied: x @ W.T + b.",
        ),
    ),
    shape_hint=lambda got, expected, case: (
        "The output has one row per example and one column per output: (n, out)."
    ),
    error_hint=_matmul_hint,
    describe_case=lambda c: f"x {c[0].shape}, W {c[1].shape}, b {c[2].shape}",
    success="x @ W.T + b: exactly what nn.Linear computes.",
)

EXERCISES = (COUNT_PARAMETERS, OUTPUT_SHAPE, LINEAR_FORWARD)


def check_count_mlp_parameters(fn):
    """count_mlp_parameters(sizes, bias) -> total parameters of Linear layers
    sizes[0] -> sizes[1] -> ..."""
    return COUNT_PARAMETERS.check(fn)


def check_linear_output_shape(fn):
    """linear_output_shape(input_shape, out_features) -> the shape of nn.Linear(in, out)(x)."""
    return OUTPUT_SHAPE.check(fn)


def check_linear_forward(fn):
    """linear_forward(x, W, b) -> x @ W.T + b for x (n, in), W (out, in), b (out,)."""
    return LINEAR_FORWARD.check(fn)
