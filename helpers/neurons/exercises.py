"""Exercise checks declared as data: notebook 02's exercises 1 and 2 (`check_threshold`,
`check_kinks`) and notebook 02b's exercise 2 (`check_dead_units`; its exercise 1 is in
`helpers.neurons.value_exercises`). Cases are seeded, so messages are reproducible. The references
are the course's own `threshold`, `kinks` and `dead_units`, which neither notebook imports: a check
refuses them, and any function calling them."""

import numpy as np

from helpers.core.checks import WrongAnswer
from helpers.core.exercise import Exercise
from helpers.neurons.logic import dead_units, kinks, threshold

THRESHOLD = Exercise(
    "check_threshold",
    "threshold_of(w, b)",
    cases=lambda: [(2.0, 3.0), (-0.5, 1.5), (4.0, -2.0), (-3.0, -1.2)],
    reference=threshold,
    mistakes=(
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
        WrongAnswer(
            lambda w, b: (0.5 - b) / w,
            "That solves w*x + b = 0.5. The sigmoid's *output* is 0.5 at the threshold, because "
            "sigmoid(0) = 0.5; its *input* w*x + b is 0 there. Solve w*x + b = 0.",
        ),
    ),
    describe_case=lambda c: f"w = {c[0]}, b = {c[1]}",
    success="x = -b/w: b slides the switch-on point, w sets how sharply it switches.",
)


def _kink_cases():
    rng = np.random.default_rng(202)
    cases = []
    for H in (3, 5, 8):
        W1 = rng.uniform(0.5, 2.0, H) * rng.choice([-1.0, 1.0], H)
        cases.append((W1, rng.uniform(-3, 3, H)))
    return cases


KINKS = Exercise(
    "check_kinks",
    "kinks_of(W1, b1)",
    cases=_kink_cases,
    reference=kinks,
    mistakes=(
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
            lambda W1, b1: -b1 * W1, "Multiply or divide? From W1[j]*x = -b1[j], x = -b1[j]/W1[j]."
        ),
        WrongAnswer(
            lambda W1, b1: np.sort(-b1 / W1),
            "Right numbers, wrong order: you sorted them. Kink j is where neuron j bends, so keep "
            "them in neuron order: -b1/W1, unsorted.",
        ),
        WrongAnswer(
            lambda W1, b1: np.sum(-b1 / W1),
            "You summed the kinks into one number; return one kink per neuron.",
        ),
    ),
    shape_hint=lambda got, expected, case: (
        "The answer has one kink per hidden neuron: an array of shape (H,), element-wise -b1/W1."
    ),
    describe_case=lambda c: f"{len(c[0])} hidden neurons",
    success=("One bias per neuron, one kink per neuron: the biases place the bends of the output."),
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


def _per_example_or_unit(got, expected, case):
    if got.shape == (case[0].shape[0],):
        return (
            "That has one answer per example (a row). Dead is a "
            "property of a unit (a column): reduce over axis=0."
        )
    return "Return one True/False per unit: shape (H,), reduce over axis=0."


DEAD_UNITS = Exercise(
    "check_dead_units",
    "find_dead(Z)",
    cases=_dead_cases,
    reference=dead_units,
    mistakes=(
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
        WrongAnswer(
            lambda Z: np.all(Z > 0, axis=0),
            "That marks the units that are on for every example. Dead is the other extreme: "
            "off (z <= 0) for every example.",
        ),
        WrongAnswer(
            lambda Z: np.mean(Z <= 0, axis=0),
            "That is the fraction of examples on which each unit is off. Dead means all of them: "
            "np.all(..., axis=0) gives one True/False per unit.",
        ),
        WrongAnswer(
            lambda Z: np.all(Z <= 0, axis=1),
            "That asks, for each example, whether every unit is off: one answer per example. "
            "Dead is a property of a unit (a column): reduce over axis=0.",
        ),
    ),
    shape_hint=_per_example_or_unit,
    describe_case=lambda c: f"Z of shape {c[0].shape}",
    success=(
        "A dead unit is off on every example, so no example "
        "sends a gradient to its weights or its bias."
    ),
)


EXERCISES = (THRESHOLD, KINKS, DEAD_UNITS)


def check_threshold(fn):
    """threshold_of(w, b) -> the x where the neuron f(w*x + b) switches on: -b/w."""
    return THRESHOLD.check(fn)


def check_kinks(fn):
    """kinks_of(W1, b1) -> where each hidden ReLU of a one-input network bends: -b1/W1, (H,)."""
    return KINKS.check(fn)


def check_dead_units(fn):
    """find_dead(Z) -> for pre-activations Z (n examples, H units), which units are dead, (H,)."""
    return DEAD_UNITS.check(fn)
