"""helpers.centring against references: torch autograd in float64, numpy's own linear algebra,
brute force."""

import numpy as np
import pytest
import torch

from helpers import (
    best_fixed_lr,
    centre,
    centred_params,
    condition_number,
    fit_line,
    gradient_descent,
    grid_around,
    hessian,
    make_offset_data,
    max_stable_lr,
    mse,
    per_example_weight_grads,
    relu_unit_fit,
    relu_unit_mse,
    sgd_path,
    standardise,
)


def torch_mse(x, y):
    xt, yt = torch.tensor(x), torch.tensor(y)
    return lambda theta: torch.mean((theta[0] * xt + theta[1] - yt) ** 2)


@pytest.mark.parametrize("offset", [0.0, 15.0, -30.0])
def test_hessian_matches_autograd(offset):
    x, y = make_offset_data(n=17, offset=offset, seed=3)
    reference = torch.autograd.functional.hessian(
        torch_mse(x, y), torch.tensor([0.3, -1.2], dtype=torch.float64)
    )
    np.testing.assert_allclose(hessian(x), reference.numpy(), rtol=1e-12, atol=1e-12)


def test_condition_number_is_the_eigenvalue_ratio_and_grows_with_the_offset():
    x, _ = make_offset_data(offset=15.0)
    assert condition_number(x) == pytest.approx(np.linalg.cond(hessian(x)), rel=1e-9)
    xc = centre(x)  # centred: H = 2 diag(var x, 1), so the ratio is var(x) or its inverse
    assert condition_number(xc) == pytest.approx(max(xc.var(), 1 / xc.var()), rel=1e-9)
    assert condition_number(standardise(x)) == pytest.approx(1.0, abs=1e-9)
    conds = [condition_number(make_offset_data(offset=c)[0]) for c in (0.0, 5.0, 15.0, 25.0)]
    assert conds == sorted(conds) and conds[-1] > 1000 * conds[0]
    with pytest.raises(ValueError, match="two different values"):
        condition_number(np.full(5, 3.0))


def test_make_offset_data_moves_one_cloud_along_x():
    x1, y1 = make_offset_data(offset=2.0, seed=1)
    x2, y2 = make_offset_data(offset=15.0, seed=1)
    assert (
        x2.mean() == pytest.approx(15.0)
        and x2.min() == pytest.approx(10.0)
        and x2.max() == pytest.approx(20.0)
    )
    np.testing.assert_array_equal(y1, y2)
    np.testing.assert_allclose(centre(x1), centre(x2), atol=1e-12)
    assert not np.array_equal(y1, make_offset_data(offset=2.0, seed=2)[1])
    with pytest.raises(ValueError, match="half_width"):
        make_offset_data(half_width=0.0)


def test_one_descent_step_is_the_autograd_gradient_step():
    x, y = make_offset_data(n=9, offset=4.0, seed=5)
    theta = torch.tensor([0.7, -0.4], dtype=torch.float64, requires_grad=True)
    torch_mse(x, y)(theta).backward()
    expected = (theta - 0.01 * theta.grad).detach().numpy()
    run = gradient_descent(x, y, lr=0.01, start=(0.7, -0.4), max_steps=1)
    np.testing.assert_allclose(run.path[1], expected, rtol=1e-12)
    best = fit_line(x, y)
    np.testing.assert_allclose(
        run.gaps, [mse(x, y, *p) - mse(x, y, *best) for p in run.path], atol=1e-10
    )


def test_descent_converges_stalls_or_diverges_and_says_so():
    x, y = make_offset_data(offset=15.0)
    lr = 0.95 * max_stable_lr(x)
    raw, cen = (
        gradient_descent(x, y, lr, max_steps=3000),
        gradient_descent(centre(x), y, lr, max_steps=3000),
    )
    assert cen.converged and cen.gaps[-1] < 1e-6 and cen.gaps[-2] >= 1e-6 and cen.steps < 3000
    np.testing.assert_allclose(cen.path[-1], fit_line(centre(x), y), atol=1e-3)
    assert cen.summary() == f"converged in {cen.steps} steps"
    assert not raw.converged and not raw.diverged and raw.steps == 3000 and len(raw.path) == 3001
    assert raw.summary().startswith("did not converge within 3000 steps")
    over = gradient_descent(x, y, 1.05 * max_stable_lr(x), max_steps=3000)
    assert over.diverged and not over.converged and "diverged" in over.summary()
    assert np.all(np.isfinite(over.path))


def test_two_over_lambda_max_is_the_edge_of_stability():
    x, y = make_offset_data(offset=5.0)
    below = gradient_descent(centre(x), y, 0.99 * max_stable_lr(centre(x)), max_steps=5000)
    above = gradient_descent(centre(x), y, 1.01 * max_stable_lr(centre(x)), max_steps=5000)
    assert below.converged and above.diverged


def test_descent_rejects_bad_arguments():
    x, y = make_offset_data()
    with pytest.raises(ValueError, match="lr and tol must be > 0"):
        gradient_descent(x, y, lr=0.0)
    with pytest.raises(ValueError, match="start must have shape"):
        gradient_descent(x, y, lr=0.1, start=(0.0, 0.0, 0.0))
    with pytest.raises(TypeError, match="max_steps must be an integer"):
        gradient_descent(x, y, lr=0.1, max_steps=2.5)


def test_centred_model_is_the_same_function():
    x, y = make_offset_data(offset=15.0, seed=2)
    m, s = x.mean(), x.std()
    w, b = fit_line(x, y)
    np.testing.assert_allclose(centred_params(w, b, m), fit_line(centre(x), y), rtol=1e-10)
    np.testing.assert_allclose(centred_params(w, b, m, s), fit_line(standardise(x), y), rtol=1e-10)
    w2, b2 = centred_params(1.3, -0.2, m, s)
    np.testing.assert_allclose(1.3 * x - 0.2, w2 * standardise(x) + b2, rtol=1e-12)
    z = standardise(x)
    assert abs(z.mean()) < 1e-12 and z.std() == pytest.approx(1.0)
    np.testing.assert_allclose(hessian(z), 2 * np.eye(2), atol=1e-12)


def test_grid_around_spans_the_points_with_a_margin():
    ws, bs = grid_around(np.array([[0.0, 0.0], [2.0, -5.0]]), n=30)
    assert ws.shape == bs.shape == (30,)
    assert ws[0] < 0 < 2 < ws[-1] and bs[0] < -5 < 0 < bs[-1]


def test_relu_unit_fits_exactly_at_the_true_kink_only():
    x = np.linspace(-5, 5, 41)
    y = 3.0 * np.maximum(x - 2.0, 0) - 1.0
    assert relu_unit_mse(x, y, kink=2.0) < 1e-20
    assert relu_unit_mse(x, y, kink=0.0) > 0.1
    best, brute = relu_unit_mse(x, y, kink=0.0), brute_force_relu_mse(x, y, 0.0)
    assert (
        best <= brute < best * (1 + 1e-4)
    )  # least squares is the true minimum; a fine grid comes close
    assert relu_unit_mse(x, -y[::-1], kink=-2.0, direction=-1.0) < 1e-20


def brute_force_relu_mse(x, y, kink):
    feature = np.maximum(x - kink, 0)
    vs, cs = np.meshgrid(np.linspace(0, 4, 801), np.linspace(-3, 3, 601))
    return np.min(np.mean((vs[..., None] * feature + cs[..., None] - y) ** 2, axis=-1))


def test_per_example_grads_match_autograd_and_share_a_sign_for_positive_inputs():
    rng = np.random.default_rng(0)
    h, y, w = rng.uniform(0.1, 1.0, (6, 3)), rng.standard_normal(6), rng.standard_normal(3)
    grads = per_example_weight_grads(h, y, w)
    for n in range(6):
        wt = torch.tensor(w, requires_grad=True)
        ((torch.tensor(h[n]) @ wt - y[n]) ** 2).backward()
        np.testing.assert_allclose(grads[n], wt.grad.numpy(), rtol=1e-12)
    signs = np.sign(grads)
    assert np.all(signs == signs[:, :1])
    assert not np.all(
        np.sign(per_example_weight_grads(h - 0.55, y, w))
        == np.sign(per_example_weight_grads(h - 0.55, y, w))[:, :1]
    )


def test_sgd_path_is_seeded_per_example_descent():
    rng = np.random.default_rng(1)
    h = rng.uniform(0, 1, (5, 2))
    y = h @ np.array([1.0, -1.0])
    path = sgd_path(h, y, lr=0.5, steps=12, seed=4)
    assert path.shape == (13, 2)
    np.testing.assert_array_equal(path, sgd_path(h, y, lr=0.5, steps=12, seed=4))
    assert not np.array_equal(path, sgd_path(h, y, lr=0.5, steps=12, seed=5))
    steps = np.diff(path, axis=0)
    # every step is -lr * (one example's gradient), a multiple of that example's h
    cross = steps[:, 0, None] * h[:, 1] - steps[:, 1, None] * h[:, 0]
    assert np.all(np.min(np.abs(cross), axis=1) < 1e-12)


def test_best_fixed_lr_has_the_best_worst_case_rate_and_solves_a_round_bowl_in_one_step():
    x, y = make_offset_data(offset=3.0)
    lams, kappa = np.linalg.eigvalsh(hessian(x)), condition_number(x)
    worst = {f: np.max(np.abs(1 - f * best_fixed_lr(x) * lams)) for f in (0.9, 1.0, 1.1)}
    assert worst[1.0] == pytest.approx((kappa - 1) / (kappa + 1)) and worst[1.0] < min(
        worst[0.9], worst[1.1]
    )
    z = standardise(x)
    assert best_fixed_lr(z) == pytest.approx(0.5)
    assert (
        gradient_descent(z, y, best_fixed_lr(z), start=(3.0, -2.0)).summary()
        == "converged in 1 step"
    )


def test_relu_unit_fit_returns_the_fitted_curve():
    x = np.linspace(-5, 5, 41)
    v, c, err = relu_unit_fit(x, 3.0 * np.maximum(x - 2.0, 0) - 1.0, kink=2.0)
    assert (v, c) == pytest.approx((3.0, -1.0)) and err < 1e-20


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
XO, YO = make_offset_data(n=10, seed=0)
H2 = np.ones((5, 2))
BAD = [
    (lambda: hessian([]), ValueError, r"x must not be empty; got an array of shape \(0,\)"),
    (lambda: hessian([1.0, 2.0 + 1j]), TypeError, "x must hold real numbers"),
    (lambda: hessian(None), TypeError, "x must be an array of numbers; got NoneType"),
    (lambda: mse([], [], 1.0), ValueError, "x must not be empty"),
    (lambda: condition_number([]), ValueError, "x must not be empty"),
    (lambda: max_stable_lr([np.nan, 1.0]), ValueError, "x must hold finite numbers"),
    (lambda: best_fixed_lr(np.ones((2, 2))), ValueError, "x must be a 1-D array"),
    (lambda: centre([]), ValueError, "x must not be empty"),
    (lambda: standardise("12"), TypeError, "x must be an array of numbers; got str"),
    (lambda: centred_params(1.0, 2.0, 3.0, scale=0), ValueError, "scale must not be 0"),
    (lambda: centred_params(1.0, 2.0, None), TypeError, "mean must be a real number"),
    (lambda: make_offset_data(n=10**9), ValueError, "n must be at most 10,000,000"),
    (lambda: make_offset_data(noise=-0.5), ValueError, "noise must be >= 0"),
    (lambda: make_offset_data(seed=-1), ValueError, "seed must be at least 0"),
    (
        lambda: gradient_descent(XO, YO, 0.001, max_steps=10**6),
        ValueError,
        "max_steps must be at most 100,000",
    ),
    (lambda: gradient_descent(XO, YO, np.nan), ValueError, "lr must be a finite number"),
    (lambda: gradient_descent(XO, YO[:5], 0.001), ValueError, "x and y must have the same length"),
    (lambda: grid_around([[0.0, 0.0]], n=10**6), ValueError, "n must be at most 10,000"),
    (lambda: grid_around([[0.0, 0.0]], pad=-1), ValueError, "pad must be >= 0"),
    (lambda: grid_around(np.zeros((0, 2))), ValueError, "points must not be empty"),
    (lambda: relu_unit_fit(XO, YO, 15.0, direction=0), ValueError, "direction must be 1"),
    (lambda: relu_unit_mse(XO, YO, "15"), TypeError, "kink must be a real number"),
    (
        lambda: per_example_weight_grads(H2, np.ones(4), np.ones(2)),
        ValueError,
        r"y must have shape \(5\)",
    ),
    (
        lambda: per_example_weight_grads(H2, np.ones(5), np.ones(3)),
        ValueError,
        r"w must have shape \(2\)",
    ),
    (lambda: sgd_path(H2, np.ones(5), lr=0.1, steps=10**7), ValueError, "steps must be at most"),
    (lambda: sgd_path(H2, np.ones(5), lr=-0.1, steps=10), ValueError, "lr must be > 0"),
    (lambda: sgd_path(H2[:0], np.ones(0), lr=0.1, steps=10), ValueError, "h must not be empty"),
]


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_input_raises_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_sgd_path_names_a_negative_seed():
    with pytest.raises(ValueError, match="seed must be at least 0; got -1"):
        sgd_path(H2, np.ones(5), lr=0.1, steps=5, seed=-1)
