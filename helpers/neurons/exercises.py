"""Exercise checks for notebook 02 (one bias per neuron). Cases are seeded, so messages are
reproducible."""

import math

import numpy as np

from helpers.core.checks import CheckResult, WrongAnswer, describe, run_check


def check_threshold(fn):
    """threshold(w, b) -> the x where the neuron f(w*x + b) switches on: -b/w."""
    cases = [(2.0, 3.0), (-0.5, 1.5), (4.0, -2.0), (-3.0, -1.2)]
    return run_check(
        fn,
        call="threshold(w, b)",
        cases=cases,
        reference=lambda w, b: -b / w,
        wrong_answers=[
            WrongAnswer(
                lambda w, b: b / w,
                "The sign is flipped. Solve w*x + b = 0 for x: move b to the other side first.",
            ),
            WrongAnswer(
                lambda w, b: -b,
                "That is where w*x + b = 0 only when w = 1. Divide by w: "
                "a steeper neuron switches on closer to 0.",
            ),
            WrongAnswer(lambda w, b: -w / b, "w and b are swapped: x = -b/w, bias on top."),
            WrongAnswer(lambda w, b: -b * w, "Multiply or divide? From w*x = -b, x = -b / w."),
        ],
        describe_case=lambda c: f"w = {c[0]}, b = {c[1]}",
        success="x = -b/w: b slides the switch-on point, w sets how sharply it switches.",
    )


def check_kinks(fn):
    """kinks(W1, b1) -> where each hidden ReLU of a one-input network bends: -b1/W1, shape (H,)."""
    rng = np.random.default_rng(202)
    cases = []
    for H in (3, 5, 8):
        W1 = rng.uniform(0.5, 2.0, H) * rng.choice([-1.0, 1.0], H)
        cases.append((W1, rng.uniform(-3, 3, H)))
    return run_check(
        fn,
        call="kinks(W1, b1)",
        cases=cases,
        reference=lambda W1, b1: -b1 / W1,
        wrong_answers=[
            WrongAnswer(
                lambda W1, b1: b1 / W1,
                "The sign is flipped: neuron j switches where W1[j]*x + b1[j] = 0.",
            ),
            WrongAnswer(
                lambda W1, b1: -W1 / b1, "W1 and b1 are swapped: the bias goes on top, x = -b1/W1."
            ),
            WrongAnswer(
                lambda W1, b1: -b1,
                "Every neuron has its own weight: divide each bias by its own W1[j].",
            ),
            WrongAnswer(
                lambda W1, b1: np.sum(-b1 / W1),
                "You summed the kinks into one number; return one kink per neuron.",
            ),
        ],
        shape_hint=lambda got, expected, case: (
            "One kink per hidden neuron: an array of shape (H,), element-wise -b1/W1."
        ),
        describe_case=lambda c: f"{len(c[0])} hidden neurons",
        success=(
            "One bias per neuron, one kink per neuron: the biases place the bends of the output."
        ),
    )


def _dead_cases(seed=303):
    rng = np.random.default_rng(seed)
    cases = []
    for n, H in ((6, 4), (20, 7), (1, 3)):
        Z = rng.normal(0.0, 1.0, (n, H))
        Z[:, 0] = -np.abs(Z[:, 0])  # dead: negative everywhere
        Z[:, 1] = np.minimum(Z[:, 1], 0.0)  # dead too, but with exact zeros (relu(0) = 0)
        Z[0, 1] = 0.0
        Z[:, -1] = np.abs(Z[:, -1]) + 0.1  # alive on every example
        Z[0, -1] = -1.0
        cases.append((Z,))
    return cases


def check_dead_units(fn):
    """dead_units(Z) -> for pre-activations Z (n examples, H units), which units are dead: shape
    (H,)."""
    return run_check(
        fn,
        call="dead_units(Z)",
        cases=_dead_cases(),
        reference=lambda Z: np.all(Z <= 0, axis=0),
        wrong_answers=[
            WrongAnswer(
                lambda Z: np.any(Z <= 0, axis=0),
                "That marks a unit dead if it is off for *some* example. "
                "Dead means off for *every* example: np.all, not np.any.",
            ),
            WrongAnswer(
                lambda Z: np.all(Z < 0, axis=0),
                "relu(0) = 0 and its gradient there is 0 too: a unit whose "
                "pre-activation is exactly 0 is off. Use <= 0.",
            ),
            WrongAnswer(
                lambda Z: np.any(Z > 0, axis=0),
                "That is the opposite: the units that are alive. Negate it.",
            ),
        ],
        shape_hint=lambda got, expected, case: (
            "You have one answer per example (a row). Dead is a "
            "property of a unit (a column): reduce over axis=0."
            if got.shape == (case[0].shape[0],)
            else "Return one True/False per unit: shape (H,), reduce over axis=0."
        ),
        describe_case=lambda c: f"Z of shape {c[0].shape}",
        success=(
            "A dead unit is off on every example, so no example "
            "sends a gradient to its weights or its bias."
        ),
    )


def _normal_cdf(b):
    return 0.5 * (1 + math.erf(b / math.sqrt(2)))


def _check_bias_for_fraction(b, target, wrong):
    if b is ... or b is None:
        return CheckResult(
            False, "Replace the ... with a number.", "Think of where the threshold -b must sit."
        )
    try:
        b = float(b)
    except (TypeError, ValueError):
        return CheckResult(
            False,
            f"The answer should be one number; got {describe(b)}.",
            "Write a number such as 0.3.",
        )
    frac = _normal_cdf(b)
    if abs(frac - target) < 0.01:
        return CheckResult(
            True,
            f"With b = {b:g} the unit z = x + b is on for {frac:.1%} of standard-normal inputs.",
        )
    for value, hint in wrong:
        if abs(b - value) < 1e-9:
            return CheckResult(
                False,
                f"With b = {b:g} the unit is on for {frac:.1%} of inputs, not {target:.0%}.",
                hint,
            )
    side = "raise" if frac < target else "lower"
    return CheckResult(
        False,
        f"With b = {b:g} the unit is on for {frac:.1%} of inputs, not {target:.0%}.",
        f"{side.capitalize()} b: the unit is on when x > -b, "
        "so a higher b lets more inputs through.",
    )


def check_half_active_bias(b):
    """The b for which relu(x + b) is on for half of standard-normal inputs x."""
    return _check_bias_for_fraction(
        b,
        0.5,
        [
            (
                0.5,
                "0.5 is the fraction you want, not the bias. The unit "
                "is on when x > -b; which -b splits N(0, 1) in half?",
            ),
            (
                1.0,
                "b = 1 puts the threshold at x = -1, one standard "
                "deviation below the mean: most inputs pass.",
            ),
            (-1.0, "b = -1 puts the threshold at x = 1: only the top sixth of inputs pass."),
        ],
    )


def check_mostly_active_bias(b):
    """The b for which relu(x + b) is on for 84% of standard-normal inputs x."""
    return _check_bias_for_fraction(
        b,
        0.8413,
        [
            (
                -1.0,
                "The sign is flipped: b = -1 puts the threshold at x = +1, "
                "so only 16% pass. The unit is on when x > -b.",
            ),
            (
                0.84,
                "0.84 is the fraction you want, not the bias. About "
                "84% of N(0, 1) lies above one value: which one?",
            ),
            (
                0.0,
                "b = 0 gives half. To let more inputs through, "
                "the threshold -b must move left of 0.",
            ),
        ],
    )
