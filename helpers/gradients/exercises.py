"""Exercise checks for notebook 04 (bias gradients). Cases are seeded, so messages are reproducible.

Shapes follow nn.Linear: grad_z (N, out), x (N, in), weight (out, in). Every check tries N != out
(so a reduction over the wrong axis shows in the shape), N = 1, and N == out (where only the values
differ).
"""

import numpy as np

from helpers.core.checks import CheckResult, WrongAnswer, describe, run_check
from helpers.gradients.logic import two_layer_loss_and_grads
from helpers.neurons.logic import sigmoid

AXIS = (
    "You reduced over axis 1, the outputs, which gives one number per example. Rows are examples, "
    "so the batch is axis 0: grad_z.sum(axis=0). (axis=1 is right only when examples are columns.)"
)
KEEPDIMS = (
    "Right numbers, but shape (1, out): keepdims=True keeps a row that broadcasting hides. "
    "b - lr * db would quietly turn b into a (1, out) matrix. Drop keepdims."
)
MEAN = (
    "That is the mean over the batch, 1/N of the answer. grad_z is "
    "already dL/dz for the loss as it is: if that loss is a mean, its "
    "1/N is inside grad_z. The bias gradient is the sum over the batch."
)
EVERYTHING = (
    "Every bias gets the same number: you reduced over both axes. Each output j has its own "
    "bias, so add up column j only: sum over axis 0, keep the out axis."
)
ONE_EXAMPLE = (
    "That is the gradient from one example only. Every example in the batch adds its own "
    "dL/dz to b's gradient: sum over all N rows."
)
NO_REDUCTION = (
    "No reduction: that is grad_z itself, one row per example. b has one entry per output "
    "(shape (out,)), so add up the rows: grad_z.sum(axis=0)."
)
SIGMOID = (
    "The sigmoid's derivative is s * (1 - s) where s = sigmoid(z) is the layer's OUTPUT (a1). "
    "The code puts the pre-activation z1 into it. Use a1 * (1 - a1)."
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


def bias_wrong_answers(dz):
    """Known wrong bias gradients, given a function case -> dz (N, out) that a learner should
    reduce."""
    wrongs = [
        (lambda g: g.sum(axis=1), AXIS),
        (lambda g: g.mean(axis=1), AXIS),
        (lambda g: g.sum(axis=1, keepdims=True), AXIS),
        (lambda g: g.sum(axis=0, keepdims=True), KEEPDIMS),
        (lambda g: g.mean(axis=0), MEAN),
        (lambda g: g.mean(axis=0, keepdims=True), MEAN),
        (lambda g: g.sum(), EVERYTHING),
        (lambda g: np.full(g.shape[1], g.sum()), EVERYTHING),
        (lambda g: g.mean(), EVERYTHING),
        (lambda g: np.full(g.shape[1], g.mean()), EVERYTHING),
        (lambda g: g[0], ONE_EXAMPLE),
        (lambda g: g[-1], ONE_EXAMPLE),
        (lambda g: g, NO_REDUCTION),
    ]
    return [WrongAnswer(lambda *case, f=f: f(dz(*case)), hint) for f, hint in wrongs]


def bias_shape_hint(got, expected, n):
    """A hint for a bias gradient of the wrong shape; n is the batch size, expected has shape
    (out,)."""
    out = expected.shape[0]
    if got.size == 1:
        return EVERYTHING
    if got.shape == (1, out):
        return KEEPDIMS
    if got.shape in ((n,), (n, 1)):
        return AXIS
    if got.shape in ((n, out), (out, n)):
        return NO_REDUCTION
    if got.shape == (out, 1):
        return (
            "A column of shape (out, 1): b is a flat vector "
            "of shape (out,). Drop keepdims or the transpose."
        )
    return f"The bias gradient has b's shape (out,) = {expected.shape}: one number per bias."


def _bias_cases(seed=404, shapes=((5, 3), (1, 4), (4, 4), (3, 7), (6, 6), (8, 2))):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal(shape),) for shape in shapes]


def check_bias_gradient(fn):
    """bias_gradient(grad_z) -> dL/db of shape (out,), given grad_z = dL/dz of shape (N, out)."""
    return run_check(
        fn,
        call="bias_gradient(grad_z)",
        cases=_bias_cases(),
        reference=lambda g: g.sum(axis=0),
        wrong_answers=bias_wrong_answers(lambda g: g),
        error_hint=error_hint,
        shape_hint=lambda got, expected, case: bias_shape_hint(got, expected, case[0].shape[0]),
        describe_case=lambda c: (
            f"grad_z of shape {c[0].shape}: N = {c[0].shape[0]}, out = {c[0].shape[1]}"
        ),
        success="db = grad_z.sum(axis=0): each example adds its own dL/dz to the bias gradient.",
    )


def _safe(compute):
    """A wrong answer that may not exist for this case's shapes (a matmul that does not fit) matches
    nothing."""

    def wrapped(*case):
        try:
            return compute(*case)
        except (ValueError, IndexError):
            return np.nan

    return wrapped


def _check_parts(fn, call, labels, cases, parts, describe_case, check_name):
    """Check a function that returns a tuple of arrays (in the order of `labels`) one part at a
    time.

    parts: label -> run_check keyword arguments (reference, wrong_answers, shape_hint), in checking
    order.
    """
    name = call.split("(")[0]
    if not callable(fn):
        hint = (
            f"Pass the function itself: {check_name}({name}), without brackets after {name}."
            if fn is not Ellipsis
            else f"Define {name} first, then pass it in."
        )
        return CheckResult(
            False, f"The check needs a function like {call}; it was given {describe(fn)}.", hint
        )

    def is_parts(value):
        return isinstance(value, (tuple, list)) and len(value) == len(labels)

    first, raised = None, False
    try:
        first = fn(*[np.array(a, copy=True) for a in cases[0]])
    except Exception:  # run_check below calls it again and reports the error kindly
        raised = True
    if first is None and not raised:
        return CheckResult(
            False,
            f"{call} returned None.",
            f"Your function needs a `return {', '.join(labels)}` line (replace the `...`).",
        )
    if first is not None and not is_parts(first):
        what = (
            f"{type(first).__name__} of {len(first)} items"
            if isinstance(first, (tuple, list))
            else describe(first)
        )
        return CheckResult(
            False,
            f"{call} returned {what}; expected {len(labels)} arrays.",
            f"End the function with `return {', '.join(labels)}`.",
        )

    def part(i):
        def pick(*args):
            got = fn(*args)
            if got is None or is_parts(got):
                return None if got is None else got[i]
            raise TypeError(f"it returned {type(got).__name__}, not {len(labels)} arrays")

        return pick

    for label, kwargs in parts.items():
        result = run_check(
            part(labels.index(label)),
            call=f"{call} -> {label}",
            cases=cases,
            describe_case=describe_case,
            error_hint=error_hint,
            **kwargs,
        )
        if not result.passed:
            return result
    return None


def _linear_cases(seed=405, shapes=((5, 3, 2), (1, 4, 3), (3, 3, 3), (4, 2, 4), (6, 5, 5))):
    rng = np.random.default_rng(seed)
    return [
        (rng.standard_normal((n, o)), rng.standard_normal((n, i)), rng.standard_normal((o, i)))
        for n, i, o in shapes
    ]


def check_linear_backward(fn):
    """my_linear_backward(grad_z, x, weight) -> (grad_x (N, in), grad_weight (out, in), grad_bias
    (out,))."""
    transposed = (
        "Transposed: weight is (out, in), so grad_weight = grad_z.T @ x has that shape too."
    )
    parts = {
        "grad_x": dict(
            reference=lambda g, x, W: g @ W,
            wrong_answers=[
                WrongAnswer(
                    _safe(lambda g, x, W: g @ W.T),
                    "grad_x = grad_z @ weight (no transpose): z = x @ weight.T.",
                ),
                WrongAnswer(
                    _safe(lambda g, x, W: (g @ W).T),
                    "grad_x has x's shape (N, in); drop the transpose.",
                ),
            ],
            shape_hint=lambda got, exp, c: (
                f"grad_x has x's shape {exp.shape}: grad_z (N, out) @ weight (out, in)."
            ),
        ),
        "grad_weight": dict(
            reference=lambda g, x, W: g.T @ x,
            wrong_answers=[
                WrongAnswer(_safe(lambda g, x, W: x.T @ g), transposed),
                WrongAnswer(
                    lambda g, x, W: g.T @ x / len(x),
                    MEAN.replace("bias gradient", "weight gradient"),
                ),
                WrongAnswer(lambda g, x, W: np.outer(g[0], x[0]), ONE_EXAMPLE),
            ],
            shape_hint=lambda got, exp, c: (
                transposed
                if got.shape == exp.shape[::-1]
                else f"grad_weight has weight's shape {exp.shape}: grad_z.T @ x."
            ),
        ),
        "grad_bias": dict(
            reference=lambda g, x, W: g.sum(axis=0),
            wrong_answers=bias_wrong_answers(lambda g, x, W: g),
            shape_hint=lambda got, exp, c: bias_shape_hint(got, exp, c[0].shape[0]),
        ),
    }
    call = "my_linear_backward(grad_z, x, weight)"
    failed = _check_parts(
        fn,
        call,
        list(parts),
        _linear_cases(),
        parts,
        describe_case=lambda c: f"N = {c[1].shape[0]}, in = {c[1].shape[1]}, out = {c[2].shape[0]}",
        check_name="check_linear_backward",
    )
    return failed or CheckResult(
        True,
        "grad_x = grad_z @ W, grad_W = grad_z.T @ x, grad_b = grad_z.sum(axis=0): "
        f"all three agree on {len(_linear_cases())} shapes.",
    )


def _net_cases(seed=406, shapes=((6, 2, 4), (1, 3, 5), (4, 2, 4), (5, 3, 3), (7, 1, 2))):
    rng = np.random.default_rng(seed)
    cases = []
    for n, i, h in shapes:
        cases.append(
            (
                rng.standard_normal((n, i)),
                rng.standard_normal((n, 1)),
                rng.standard_normal((h, i)),
                rng.standard_normal(h),
                rng.standard_normal((1, h)),
                rng.standard_normal(1),
            )
        )
    return cases


def _grads(x, y, W1, b1, W2, b2):
    return two_layer_loss_and_grads({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, x, y)[1]


def _dz1(x, y, W1, b1, W2, b2, buggy=False, d_out_only=False):
    """dL/dz1 (N, H), or with d_out_only dL/dout (N, 1); buggy: sigmoid' taken at the pre-activation
    z1."""
    z1 = x @ W1.T + b1
    a1 = sigmoid(z1)
    d_out = 2 * (a1 @ W2.T + b2 - y) / len(y)
    s = z1 if buggy else a1
    return d_out if d_out_only else (d_out @ W2) * s * (1 - s)


def check_two_layer_backward(fn):
    """fixed_backward(x, y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2) for the loss
    mean((out - y)**2)."""
    both = "Two bugs at once: " + SIGMOID + " Then: " + AXIS
    buggy = lambda *c: _dz1(*c, buggy=True)  # noqa: E731
    parts = {
        "dW2": dict(reference=lambda *c: _grads(*c)["W2"]),
        "db2": dict(
            reference=lambda *c: _grads(*c)["b2"],
            wrong_answers=bias_wrong_answers(lambda *c: _dz1(*c, d_out_only=True)),
        ),
        "dW1": dict(
            reference=lambda *c: _grads(*c)["W1"],
            wrong_answers=[WrongAnswer(lambda *c: buggy(*c).T @ c[0], SIGMOID)],
        ),
        "db1": dict(
            reference=lambda *c: _grads(*c)["b1"],
            wrong_answers=[
                WrongAnswer(lambda *c: buggy(*c).sum(axis=1), both),
                WrongAnswer(lambda *c: buggy(*c).sum(axis=0), SIGMOID),
            ]
            + bias_wrong_answers(_dz1),
            shape_hint=lambda got, exp, c: bias_shape_hint(got, exp, c[0].shape[0]),
        ),
    }
    failed = _check_parts(
        fn,
        "fixed_backward(x, y, W1, b1, W2, b2)",
        ["dW1", "db1", "dW2", "db2"],
        _net_cases(),
        parts,
        check_name="check_two_layer_backward",
        describe_case=lambda c: f"N = {len(c[0])}, in = {c[0].shape[1]}, hidden = {len(c[3])}",
    )
    return failed or CheckResult(
        True,
        "All four gradients agree with the reference: the sigmoid's derivative "
        "uses its output, and every bias gradient sums over the batch (axis 0).",
    )
