"""Exercise checks for notebook 06 (zero-centring). Cases are seeded, so messages are
reproducible."""

import numpy as np

from helpers.centring.logic import condition_number, hessian, max_stable_lr
from helpers.core.checks import WrongAnswer, run_check


def _x_cases(seed=606, sizes=(3, 10, 50)):
    rng = np.random.default_rng(seed)
    cases = []
    for n, offset in zip(sizes, (2.0, 15.0, -40.0)):
        cases.append((offset + rng.uniform(-4, 4, n),))
    return cases


def check_centred_bias(fn):
    """centred_bias(w, b, m) -> the bias b' with w*x + b = w*(x - m) + b' for every x."""
    rng = np.random.default_rng(601)
    cases = [tuple(np.round(rng.uniform(-5, 5, 3), 2)) for _ in range(4)] + [(2.0, -1.0, 15.0)]
    return run_check(
        fn,
        call="centred_bias(w, b, m)",
        cases=cases,
        reference=lambda w, b, m: b + w * m,
        wrong_answers=[
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
            WrongAnswer(
                lambda w, b, m: w * m, "That is only the shift; keep the old bias b as well."
            ),
        ],
        describe_case=lambda c: f"w = {c[0]}, b = {c[1]}, m = {c[2]}",
        success=(
            "b' = b + w*m: the centred model is the same function, "
            "with its bias moved to the centre of the data."
        ),
    )


def check_hessian_condition(fn):
    """hessian_condition(x) -> lambda_max / lambda_min of the Hessian of the MSE of y = w*x + b."""

    def design_cond(x):
        return np.linalg.cond(np.column_stack([x, np.ones_like(x)]))

    def bare_hessian(x):
        return np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])

    return run_check(
        fn,
        call="hessian_condition(x)",
        cases=_x_cases(),
        reference=condition_number,
        wrong_answers=[
            WrongAnswer(
                lambda x: 1 / condition_number(x),
                "Upside down: divide the largest eigenvalue by the smallest.",
            ),
            WrongAnswer(
                design_cond,
                "That is the condition number of the data matrix [x, 1]. The Hessian "
                "is 2 X^T X / n, so its condition number is the square of that one.",
            ),
            WrongAnswer(
                lambda x: float(np.max(x * x) / np.min(x * x)),
                "That compares inputs, not curvatures. Build the "
                "2x2 Hessian first, then take the ratio of its eigenvalues (np.linalg.eigvalsh).",
            ),
            WrongAnswer(
                lambda x: float(np.max(np.abs(bare_hessian(x))) / np.min(np.abs(bare_hessian(x)))),
                "That is the ratio of the largest to the smallest *entry*. "
                "The condition number uses eigenvalues.",
            ),
            WrongAnswer(
                lambda x: float(np.mean(x * x) / np.var(x)) if np.var(x) else np.inf,
                "Close, but not exact: compute both eigenvalues of the 2x2 Hessian.",
            ),
        ],
        describe_case=lambda c: f"{len(c[0])} inputs with mean {np.mean(c[0]):.2f}",
        rtol=1e-6,
        success=(
            "Far from zero, mean(x) dominates the Hessian "
            "and the ratio of its eigenvalues explodes."
        ),
    )


def check_max_learning_rate(fn):
    """max_learning_rate(x) -> 2 / lambda_max of the Hessian: the largest step size that does not
    diverge."""

    def lam_max(x):
        return np.linalg.eigvalsh(hessian(x))[-1]

    return run_check(
        fn,
        call="max_learning_rate(x)",
        cases=_x_cases(seed=707),
        reference=max_stable_lr,
        wrong_answers=[
            WrongAnswer(
                lambda x: 4 / lam_max(x),
                "Twice too large: the Hessian of mean((y - w*x - b)**2) carries a factor 2, "
                "H = 2 * [[mean(x**2), mean(x)], [mean(x), 1]].",
            ),
            WrongAnswer(
                lambda x: 1 / lam_max(x),
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
        ],
        describe_case=lambda c: f"{len(c[0])} inputs with mean {np.mean(c[0]):.2f}",
        success=(
            "The steepest direction sets the speed limit: move the "
            "data away from zero and lambda_max grows like mean(x)**2."
        ),
    )
