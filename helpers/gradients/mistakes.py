"""The known mistakes of notebook 04's exercises: hints, wrong bias gradients, shape and errors.

Shapes follow nn.Linear: grad_z (N, out), x (N, in), weight (out, in).
"""

import numpy as np

from helpers.core.checks import WrongAnswer

AXIS = (
    "You reduced over axis 1, the outputs, which gives one number per example. Rows are examples, "
    "so the batch is axis 0: grad_z.sum(axis=0). (axis=1 is right only when examples are columns.)"
)
ROW = (
    "Right numbers, but shape (1, out), a row: keepdims=True, or a row of ones "
    "np.ones((1, N)) @ grad_z, keeps an axis that broadcasting hides. b - lr * db would quietly "
    "turn b into a (1, out) matrix. Use grad_z.sum(axis=0) or np.ones(N) @ grad_z."
)
COLUMN = (
    "A column, shape (out, 1): b is a flat vector of shape (out,). keepdims=True, "
    "a column of ones grad_z.T @ np.ones((N, 1)), or [:, None] add that axis: drop it."
)
MEAN = (
    "That is the mean over the batch, 1/N of the answer. grad_z is "
    "already dL/dz for the loss as it is: if that loss is a mean, its "
    "1/N is inside grad_z. The bias gradient is the sum over the batch."
)
MEAN_ROW = MEAN + " It is also a row, shape (1, out): drop keepdims."
EVERYTHING = (
    "Every bias gets the same number: you reduced over both axes. Each output j has its own "
    "bias, so add up column j only: sum over axis 0, keep the out axis."
)
ONE_EXAMPLE = (
    "That is the gradient from one example only. Every example in the batch adds its own "
    "dL/dz to b's gradient: sum over all N rows."
)
ONE_EXAMPLE_WEIGHT = (
    "That is the gradient from one example only. Every example adds its own outer product "
    "outer(grad_z[n], x[n]) to the weight gradient: grad_z.T @ x adds them all."
)
NO_REDUCTION = (
    "No reduction: that is grad_z itself (or its transpose), one row per example. b has one entry "
    "per output (shape (out,)), so add up the rows: grad_z.sum(axis=0)."
)
PER_EXAMPLE = (
    "That is one number per example. With a single output, grad_z itself and a sum over axis 1 "
    "look alike; b2 has one entry per output, so sum over the batch, axis 0: shape (1,)."
)
SIGMOID = (
    "The sigmoid's derivative is s * (1 - s) where s = sigmoid(z) is the layer's OUTPUT (a1). "
    "The code puts the pre-activation z1 into it. Use a1 * (1 - a1)."
)
TRANSPOSED = (
    "Transposed: a weight gradient has the weight's shape (out, in), "
    "so it is grad_z.T @ x, not x.T @ grad_z."
)
PRODUCT_OF_SUMS = (
    "The product of the sums is not the sum of the products: grad_weight adds one outer product "
    "per example, sum over n of outer(grad_z[n], x[n]), which is grad_z.T @ x."
)


def error_hint(exc, case):
    """A hint for the errors that shape mistakes raise: an axis that does not exist, factors that do
    not fit."""
    text = str(exc)
    if type(exc).__name__ == "AxisError" or "out of bounds for array of dimension" in text:
        return (
            "grad_z has two axes: axis 0 runs over the "
            "examples (the batch), axis 1 over the outputs."
        )
    if "matmul" in text or "not aligned" in text or "could not be broadcast" in text:
        return (
            "The shapes do not fit. Write each factor's shape beside it: "
            "grad_z (N, out), x (N, in), weight (out, in); "
            "in A @ B the last size of A must equal the first size of B."
        )
    return None


def bias_mistakes(dz, single_output=False):
    """Known wrong bias gradients, given a function case -> dz (N, out) that a learner should
    reduce. With single_output (out = 1) the mistakes that coincide there are left out."""
    per_example = PER_EXAMPLE if single_output else AXIS
    wrongs = [
        (lambda g: g.sum(axis=1), per_example),
        (lambda g: g.mean(axis=1), AXIS),
        (lambda g: g.sum(axis=1, keepdims=True), per_example),
        (lambda g: g.sum(axis=0, keepdims=True), ROW),
        (lambda g: g.sum(axis=0)[:, None], COLUMN),
        (lambda g: g.mean(axis=0), MEAN),
        (lambda g: g.mean(axis=0, keepdims=True), MEAN_ROW),
        (lambda g: g.sum(), EVERYTHING),
        (lambda g: np.full(g.shape[1], g.sum()), EVERYTHING),
        (lambda g: g.mean(), EVERYTHING),
        (lambda g: np.full(g.shape[1], g.mean()), EVERYTHING),
        (lambda g: g[0], ONE_EXAMPLE),
        (lambda g: g[-1], ONE_EXAMPLE),
        (lambda g: g, NO_REDUCTION),
        (lambda g: g.T, NO_REDUCTION),
    ]
    if single_output:  # these give what an earlier one (or the right answer) gives when out = 1
        wrongs = [w for i, w in enumerate(wrongs) if i not in (1, 4, 8, 10, 13)]
    return tuple(WrongAnswer(lambda *case, f=f: f(dz(*case)), hint) for f, hint in wrongs)


def bias_shape_hint(got, expected, n):
    """A hint for a bias gradient of the wrong shape, from the shape alone; n is the batch size,
    expected has shape (out,)."""
    out = expected.shape[0]
    if got.size == 1 and out > 1:
        return "That is a single number; b has one entry per output, shape (out,)."
    if got.shape == (1, out):
        return "Shape (1, out) is a row: b is a flat vector of shape (out,). Drop the extra axis."
    if got.shape in ((n,), (n, 1)):
        return "That has one number per example; b has one per output: reduce over the batch."
    if got.shape in ((n, out), (out, n)):
        return "That still has the batch axis: b has one number per output, shape (out,)."
    return f"The bias gradient has b's shape (out,) = {expected.shape}: one number per bias."
