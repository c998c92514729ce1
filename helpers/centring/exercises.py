"""Exercise checks for notebook 06 (zero-centring), declared as data. Cases are seeded, so messages
are reproducible. The lesson uses the course's centred_params, condition_number and max_stable_lr,
the answers of the three exercises: the exercises forbid them, and the checks refuse any function
calling them."""

import numpy as np

from helpers.centring.logic import (
    best_fixed_lr,
    centred_params,
    condition_number,
    hessian,
    max_stable_lr,
)
from helpers.core.checks import WrongAnswer
from helpers.core.exercise import Exercise


def _x_cases(seed=606, sizes=(3, 10, 50)):
    rng = np.random.default_rng(seed)
    cases = []
    for n, offset in zip(sizes, (2.0, 15.0, -40.0)):
        cases.append((offset + rng.uniform(-4, 4, n),))
    return cases


def _centre_cases():
    rng = np.random.default_rng(601)
    return [tuple(np.round(rng.uniform(-5, 5, 3), 2)) for _ in range(4)] + [(2.0, -1.0, 15.0)]


CENTRED_BIAS = Exercise(
    "check_centred_bias",
    "centred_bias(w, b, m)",
    cases=_centre_cases,
    reference=lambda w, b, m: b + w * m,
    forbidden=(centred_params,),
    forbidden_hint="Solve w*x + b = w*(x - m) + b' for b' yourself, without centred_params.",
    mistakes=(
        WrongAnswer(
            lambda w, b, m: b - w * m,
            "The sign is flipped. Expand w*(x - m) + b': it gives w*x - w*m + b', "
            "and that must equal w*x + b.",
        ),
        WrongAnswer(
            lambda w, b, m: b + m,
            "Close: the shift is w times the mean, because the input is multiplied by w.",
        ),
        WrongAnswer(
            lambda w, b, m: b,
            "The bias has to change: w*(x - m) is w*m lower than w*x, so b' makes up w*m.",
        ),
        WrongAnswer(lambda w, b, m: w * m, "That is only the shift; keep the old bias b as well."),
        WrongAnswer(
            lambda w, b, m: b - m,
            "The shift is w times the mean, added: w*(x - m) is w*m lower than w*x, "
            "so b' = b + w*m.",
        ),
    ),
    describe_case=lambda c: f"w = {c[0]}, b = {c[1]}, m = {c[2]}",
    success=(
        "b' = b + w*m: the centred model is the same function, "
        "with its bias moved to the centre of the data."
    ),
)


def _design_cond(x):
    return np.linalg.cond(np.column_stack([x, np.ones_like(x)]))


def _bare_hessian(x):
    return np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])


def _cond(x):
    low, high = np.linalg.eigvalsh(hessian(x))
    return high / low


def _lam_max(x):
    return np.linalg.eigvalsh(hessian(x))[-1]


HESSIAN_CONDITION = Exercise(
    "check_hessian_condition",
    "hessian_condition(x)",
    cases=_x_cases,
    reference=condition_number,
    forbidden_hint=(
        "The exercise asks you not to call condition_number: build the 2x2 Hessian and "
        "divide its largest eigenvalue by its smallest (np.linalg.eigvalsh)."
    ),
    mistakes=(
        WrongAnswer(
            lambda x: 1 / _cond(x),
            "Upside down: divide the largest eigenvalue by the smallest.",
        ),
        WrongAnswer(
            _design_cond,
            "That is the condition number of the data matrix [x, 1]. The Hessian "
            "is 2 X^T X / n, so its condition number is the square of that one.",
        ),
        WrongAnswer(
            lambda x: float(np.max(x * x) / np.min(x * x)),
            "That compares inputs, not curvatures. Build the "
            "2x2 Hessian first, then take the ratio of its eigenvalues (np.linalg.eigvalsh).",
        ),
        WrongAnswer(
            lambda x: float(np.max(np.abs(_bare_hessian(x))) / np.min(np.abs(_bare_hessian(x)))),
            "That is the ratio of the largest to the smallest *entry*. "
            "The condition number uses eigenvalues.",
        ),
        WrongAnswer(
            lambda x: float(np.mean(x * x) / np.var(x)) if np.var(x) else np.inf,
            "Close, but not exact: compute both eigenvalues of the 2x2 Hessian.",
        ),
        WrongAnswer(
            _lam_max,
            "That is the largest eigenvalue alone; the condition number divides it by the "
            "smallest.",
        ),
    ),
    describe_case=lambda c: f"{len(c[0])} inputs with mean {np.mean(c[0]):.2f}",
    success=(
        "Far from zero, mean(x) dominates the Hessian and the ratio of its eigenvalues explodes."
    ),
)


MAX_LEARNING_RATE = Exercise(
    "check_max_learning_rate",
    "max_learning_rate(x)",
    cases=lambda: _x_cases(seed=707),
    reference=max_stable_lr,
    forbidden_hint=(
        "The exercise asks you not to call max_stable_lr: build the 2x2 Hessian and take "
        "2 / its largest eigenvalue."
    ),
    mistakes=(
        WrongAnswer(
            lambda x: 4 / _lam_max(x),
            "Twice too large: the Hessian of mean((y - w*x - b)**2) carries a factor 2, "
            "H = 2 * [[mean(x**2), mean(x)], [mean(x), 1]].",
        ),
        WrongAnswer(
            lambda x: 1 / _lam_max(x),
            "That is 1/lambda_max, the step that is safe and fastest along the steep "
            "direction. Divergence starts at 2/lambda_max.",
        ),
        WrongAnswer(
            lambda x: 2 / np.linalg.eigvalsh(hessian(x))[0],
            "That uses the smallest eigenvalue. The steepest "
            "direction (largest eigenvalue) is the one that blows up first.",
        ),
        WrongAnswer(
            lambda x: 1 / np.mean(x * x),
            "Close: that ignores the bias row and column of the Hessian. Use both "
            "eigenvalues of the full 2x2 matrix.",
        ),
        WrongAnswer(
            best_fixed_lr,
            "2 / (lambda_min + lambda_max) is the best fixed learning rate, the one that "
            "converges fastest overall (best_fixed_lr). The speed limit, above which descent "
            "diverges, is 2 / lambda_max.",
        ),
    ),
    describe_case=lambda c: f"{len(c[0])} inputs with mean {np.mean(c[0]):.2f}",
    success=(
        "The steepest direction sets the speed limit: move the "
        "data away from zero and lambda_max grows like mean(x)**2."
    ),
)

EXERCISES = (CENTRED_BIAS, HESSIAN_CONDITION, MAX_LEARNING_RATE)


def check_centred_bias(fn):
    """centred_bias(w, b, m) -> the bias b' with w*x + b = w*(x - m) + b' for every x."""
    return CENTRED_BIAS.check(fn)


def check_hessian_condition(fn):
    """hessian_condition(x) -> lambda_max / lambda_min of the Hessian of the MSE of y = w*x + b,
    without condition_number."""
    return HESSIAN_CONDITION.check(fn)


def check_max_learning_rate(fn):
    """max_learning_rate(x) -> 2 / lambda_max of the Hessian: the largest step size that does not
    diverge, without max_stable_lr."""
    return MAX_LEARNING_RATE.check(fn)
