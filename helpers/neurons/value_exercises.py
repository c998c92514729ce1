"""Exercise 1 of notebook 02b, declared as data: the bias (one number) that makes relu(x + b) active
for a given share of standard-normal inputs x."""

import math

from helpers.core.number_exercise import NumberExercise


def _normal_cdf(b):
    return 0.5 * (1 + math.erf(b / math.sqrt(2)))


def _on_for(b, frac):
    return f"With b = {b:g} the unit z = x + b is on for {frac:.1%} of standard-normal inputs"


def _raise_or_lower(target):
    def advice(b, frac):
        side = "Raise" if frac < target else "Lower"
        return f"{side} b: the unit is on when x > -b, so a higher b lets more inputs through."

    return advice


HALF_ACTIVE = NumberExercise(
    "check_half_active_bias",
    "b_half",
    effect=_normal_cdf,
    target=0.5,
    tolerance=0.01,
    reference=0.0,
    target_text="50%",
    report=_on_for,
    advice=_raise_or_lower(0.5),
    start_hint="Think of where the threshold -b must sit.",
    mistakes=(
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
        (50.0, "50 is the percentage you want, not the bias: where must the threshold -b sit?"),
    ),
)

MOSTLY_ACTIVE = NumberExercise(
    "check_mostly_active_bias",
    "b_84",
    effect=_normal_cdf,
    target=0.8413,
    tolerance=0.01,
    reference=1.0,
    target_text="84%",
    report=_on_for,
    advice=_raise_or_lower(0.8413),
    start_hint="Think of where the threshold -b must sit.",
    mistakes=(
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
        (84.0, "84 is the percentage you want, not the bias: where must the threshold -b sit?"),
        (
            0.68,
            "0.68 is the share of N(0, 1) within one standard deviation of 0, from the hint; "
            "the bias is a position. 84% lies above which value of x?",
        ),
        (
            0.16,
            "0.16 is the share that stays off, a fraction, not the bias. Which threshold -b "
            "leaves only 16% of N(0, 1) below it?",
        ),
        (
            0.0,
            "b = 0 gives half. To let more inputs through, the threshold -b must move left of 0.",
        ),
    ),
)

NUMBER_EXERCISES = (HALF_ACTIVE, MOSTLY_ACTIVE)


def check_half_active_bias(b):
    """The b for which relu(x + b) is on for half of standard-normal inputs x."""
    return HALF_ACTIVE.check(b)


def check_mostly_active_bias(b):
    """The b for which relu(x + b) is on for 84% of standard-normal inputs x."""
    return MOSTLY_ACTIVE.check(b)
