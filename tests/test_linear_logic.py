"""Notebook 03 logic, checked against PyTorch itself (float64) and independent slow references."""

import numpy as np
import pytest
import torch
from torch import nn

from helpers import (
    UNIT_SQUARE,
    affinity_gap,
    apply_affine,
    collapse_linear_stack,
    conv2d_param_count,
    count_parameters,
    default_init_bound,
    describe_map,
    grid_lines,
    ks_uniform,
    linear_param_count,
    map_grid,
    rotation_matrix,
    sample_default_init,
    uniform_test,
)
from helpers.linear.logic import linear_forward, linear_output_shape, mlp_param_count


@pytest.mark.parametrize("n_in, n_out", [(1, 1), (3, 2), (7, 13), (1000, 1000)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_param_count_matches_torch(n_in, n_out, bias):
    weights, biases = linear_param_count(n_in, n_out, bias)
    layer = nn.Linear(n_in, n_out, bias=bias, device="meta")
    assert weights == layer.weight.numel() and biases == (layer.bias.numel() if bias else 0)
    assert count_parameters(layer) == weights + biases


def test_the_issue_figures():
    assert linear_param_count(1000, 1000) == (1_000_000, 1_000)
    assert conv2d_param_count(3, 64, 3) == (1728, 64)
    assert count_parameters(nn.Embedding(10, 4)) == 40


@pytest.mark.parametrize(
    "c_in, c_out, k, bias", [(3, 64, 3, True), (1, 1, 1, False), (16, 8, 5, True)]
)
def test_conv2d_param_count_matches_torch(c_in, c_out, k, bias):
    conv = nn.Conv2d(c_in, c_out, k, bias=bias, device="meta")
    assert sum(conv2d_param_count(c_in, c_out, k, bias)) == count_parameters(conv)


@pytest.mark.parametrize("sizes", [(2, 3), (10, 32, 1), (784, 512, 512, 10)])
@pytest.mark.parametrize("bias", [True, False])
def test_mlp_param_count_matches_a_torch_sequential(sizes, bias):
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b, bias=bias, device="meta"), nn.ReLU()]
    assert mlp_param_count(sizes, bias) == count_parameters(nn.Sequential(*layers))


@pytest.mark.parametrize("shape", [(3,), (8, 3), (2, 7, 3), (4, 1, 2, 3)])
def test_linear_output_shape_matches_torch(shape):
    assert linear_output_shape(shape, 5) == tuple(nn.Linear(3, 5)(torch.zeros(shape)).shape)


@pytest.mark.parametrize("bias", [True, False])
def test_linear_forward_matches_nn_linear(bias):
    torch.manual_seed(1)
    layer = nn.Linear(4, 3, bias=bias).double()
    x = torch.randn(6, 4, dtype=torch.float64)
    b = layer.bias.detach().numpy() if bias else None
    got = linear_forward(x.numpy(), layer.weight.detach().numpy(), b)
    np.testing.assert_allclose(got, layer(x).detach().numpy(), rtol=1e-13, atol=1e-13)


def test_bad_input_names_the_argument():
    with pytest.raises(TypeError, match="module must be a torch.nn.Module"):
        count_parameters([1, 2])
    with pytest.raises(ValueError, match="in_features must be at least 1"):
        linear_param_count(0, 3)
    with pytest.raises(ValueError, match=r"weight must have shape \(any, 4\)"):
        linear_forward(np.zeros((2, 4)), np.zeros((3, 5)))
    with pytest.raises(ValueError, match="at least an input and an output"):
        mlp_param_count([5])
    with pytest.raises(TypeError, match="fn must be a function"):
        affinity_gap(3, torch.zeros(1), torch.ones(1))
    with pytest.raises(ValueError, match="out_features must be at least 1"):
        sample_default_init(3, 0, n_layers=2, seed=0)


def test_default_init_sample_is_seeded_shaped_and_leaves_global_rng_alone():
    state = torch.get_rng_state()
    w1, b1 = sample_default_init(5, 3, n_layers=4, seed=7)
    w2, b2 = sample_default_init(5, 3, n_layers=4, seed=7)
    w3, _ = sample_default_init(5, 3, n_layers=4, seed=8)
    assert torch.equal(state, torch.get_rng_state())
    assert w1.shape == (60,) and b1.shape == (12,)
    assert np.array_equal(w1, w2) and np.array_equal(b1, b2) and not np.array_equal(w1, w3)
    assert default_init_bound(16) == 0.25


def _ks_reference(x, low, high):
    """Slow, from the definition: sup |F_n - F| checked just at and just before every sample."""
    x = np.sort(x)
    F = np.clip((x - low) / (high - low), 0, 1)
    n = len(x)
    return max(max(abs((i + 1) / n - F[i]), abs(i / n - F[i])) for i in range(n))


@pytest.mark.parametrize("seed", range(3))
def test_ks_statistic_matches_the_definition(seed):
    x = np.random.default_rng(seed).uniform(-2, 3, 50)
    assert ks_uniform(x, -2, 3) == pytest.approx(_ks_reference(x, -2, 3), abs=1e-15)
    wide = np.random.default_rng(seed).normal(
        0, 2, 50
    )  # many samples outside (-2, 3): F is 0 or 1 there
    assert (
        ks_uniform(wide, -2, 3) == pytest.approx(_ks_reference(wide, -2, 3), abs=1e-15)
        and ks_uniform(wide, -2, 3) <= 1
    )
    assert ks_uniform(np.full(5, 10.0), 0, 1) == 1.0
    evenly = (np.arange(10) + 0.5) / 10
    assert ks_uniform(evenly, 0, 1) == pytest.approx(0.05)


@pytest.mark.parametrize("seed", range(10))
def test_uniform_test_passes_true_uniform_samples(seed):
    assert uniform_test(np.random.default_rng(seed).uniform(-0.3, 0.3, 20_000), 0.3)["passed"]


@pytest.mark.parametrize(
    "make",
    [
        lambda rng: rng.normal(0, 0.3 / np.sqrt(3), 20_000),  # same variance, wrong shape
        lambda rng: rng.uniform(-0.3 * np.sqrt(6), 0.3 * np.sqrt(6), 20_000),  # He uniform
        lambda rng: rng.uniform(-0.3, 0.3, 20_000) * 0.9,  # slightly too narrow
        lambda rng: np.clip(rng.uniform(-0.3, 0.3, 20_000) + 0.01, -0.3, 0.3),  # shifted
    ],
)
def test_uniform_test_rejects_near_misses(make):
    assert not uniform_test(make(np.random.default_rng(0)), 0.3)["passed"]


def test_each_criterion_can_fail_on_its_own():
    a, n = 0.5, 10_000
    evenly = -a + 2 * a * (np.arange(n) + 0.5) / n
    shifted = np.clip(
        evenly + 2.8 * a / np.sqrt(n), -a, a
    )  # mean off by 2.8 standard errors x sqrt(3)
    r = uniform_test(shifted, a)
    assert (
        r["checks"] == {"inside": True, "mean": False, "var": True, "ks": True} and not r["passed"]
    )
    r = uniform_test(np.append(evenly, a * 1.001), a)
    assert (
        r["checks"] == {"inside": False, "mean": True, "var": True, "ks": True} and not r["passed"]
    )
    assert uniform_test(evenly, a)["checks"] == dict.fromkeys(["inside", "mean", "var", "ks"], True)


def test_pytorch_default_init_passes_the_test():
    for n_in in (3, 100):
        w, b = sample_default_init(n_in, 20, n_layers=50, seed=0)
        assert uniform_test(w, default_init_bound(n_in))["passed"]
        assert uniform_test(b, default_init_bound(n_in))["passed"]


def test_collapsed_stack_equals_the_stack():
    torch.manual_seed(0)
    stack = nn.Sequential(nn.Linear(3, 5), nn.Linear(5, 4, bias=False), nn.Linear(4, 2)).double()
    W, b = collapse_linear_stack(stack)
    x = torch.randn(20, 3, dtype=torch.float64)
    assert W.shape == (2, 3) and b.shape == (2,)
    torch.testing.assert_close(x @ W.T + b, stack(x), rtol=1e-12, atol=1e-12)
    W1, b1 = collapse_linear_stack([stack[0]])
    torch.testing.assert_close(W1, stack[0].weight)
    torch.testing.assert_close(b1, stack[0].bias)


def test_collapse_refuses_activations():
    with pytest.raises(ValueError, match=r"only nn.Linear.*\['Linear', 'ReLU', 'Linear'\]"):
        collapse_linear_stack(nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 2)))


def test_affinity_gap_is_zero_for_affine_maps_and_exact_for_a_square():
    x1, x2 = torch.tensor([1.5], dtype=torch.float64), torch.tensor([-0.5], dtype=torch.float64)
    assert affinity_gap(lambda v: 3 * v - 2, x1, x2) < 1e-14
    # t*f(x1) + (1-t)*f(x2) - f(mix) = t(1-t)(x1-x2)^2 for f(v) = v^2
    assert affinity_gap(lambda v: v**2, x1, x2, t=0.3) == pytest.approx(0.3 * 0.7 * 4.0)
    relu_net = lambda v: torch.relu(v)  # noqa: E731
    assert affinity_gap(relu_net, x1, x2, t=0.5) == pytest.approx(0.25)


def test_rotation_matrix_turns_anticlockwise_and_keeps_lengths():
    R = rotation_matrix(90)
    np.testing.assert_allclose(R @ [1, 0], [0, 1], atol=1e-15)
    np.testing.assert_allclose(rotation_matrix(30) @ rotation_matrix(30).T, np.eye(2), atol=1e-15)


def test_apply_affine_matches_a_2_to_2_linear_layer():
    torch.manual_seed(3)
    layer = nn.Linear(2, 2).double()
    pts = torch.randn(7, 2, dtype=torch.float64)
    got = apply_affine(pts.numpy(), layer.weight.detach().numpy(), layer.bias.detach().numpy())
    np.testing.assert_allclose(got, layer(pts).detach().numpy(), rtol=1e-13, atol=1e-13)


def test_grid_and_map_grid():
    grid = grid_lines(limit=2.0, n_lines=5, n_points=11)
    assert grid.shape == (10, 11, 2) and grid.min() == -2 and grid.max() == 2
    W, b = np.array([[2.0, 1.0], [0.0, 1.0]]), np.array([0.5, -1.0])
    moved, square, origin = map_grid(grid, W, b)
    np.testing.assert_allclose(moved, grid @ W.T + b)
    np.testing.assert_allclose(square, UNIT_SQUARE @ W.T + b)
    np.testing.assert_allclose(origin, b)


def test_describe_map_shows_det_and_no_negative_zero():
    text = describe_map(rotation_matrix(90), [0.0, -1e-17])
    assert (
        "-0.00" not in text and "det W = 1.00" in text and "[[0.00, -1.00], [1.00, 0.00]]" in text
    )


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
X2 = np.ones((4, 3))
W2 = np.ones((2, 3))
BAD = [
    (lambda: linear_forward(X2[:0], W2), ValueError, r"x must not be empty; got an array of shape"),
    (lambda: linear_forward(X2 * 1j, W2), TypeError, "x must hold real numbers"),
    (lambda: linear_forward(X2, W2, [1.0, np.nan]), ValueError, "bias must hold finite numbers"),
    (lambda: linear_forward(X2, None), TypeError, "weight must be an array of numbers"),
    (
        lambda: count_parameters(nn.Linear(2, 2), only_biases="yes"),
        TypeError,
        "only_biases must be True or False",
    ),
    (lambda: count_parameters(None), TypeError, "module must be a torch.nn.Module; got NoneType"),
    (lambda: linear_param_count(3, 2, bias="False"), TypeError, "bias must be True or False"),
    (lambda: linear_param_count(-3, 2), ValueError, "in_features must be at least 1"),
    (lambda: conv2d_param_count(3, 2, 3, bias=None), TypeError, "bias must be True or False"),
    (lambda: conv2d_param_count(3, 2, 0), ValueError, "kernel_size must be at least 1"),
    (lambda: mlp_param_count(5), TypeError, "sizes must be a tuple of layer sizes"),
    (lambda: mlp_param_count((3, 2.5)), TypeError, r"sizes\[1\] must be an integer"),
    (lambda: linear_output_shape(5, 2), TypeError, "input_shape must be a tuple"),
    (lambda: default_init_bound(0), ValueError, "in_features must be at least 1"),
    (
        lambda: sample_default_init(10**4, 10**4, 10, seed=0),
        ValueError,
        "in_features, out_features and n_layers would hold 1,000,100,000 numbers",
    ),
    (lambda: ks_uniform([0.1, 0.2], 1.0, 1.0), ValueError, "low must be below high"),
    (lambda: ks_uniform([0.1, 0.2], 1.0, -1.0), ValueError, "low must be below high"),
    (lambda: ks_uniform([], 0.0, 1.0), ValueError, "samples must not be empty"),
    (lambda: uniform_test([0.1, 0.2], 0.0), ValueError, "bound must be > 0"),
    (lambda: uniform_test([0.1, 0.2], -1.0), ValueError, "bound must be > 0"),
    (lambda: uniform_test([0.1, 0.2], 1.0, z=-4), ValueError, "z must be > 0"),
    (lambda: uniform_test([0.1, np.nan], 1.0), ValueError, "samples must hold finite numbers"),
    (
        lambda: collapse_linear_stack(nn.Linear(2, 2)),
        TypeError,
        "model must be an nn.Sequential or a list of nn.Linear",
    ),
    (
        lambda: collapse_linear_stack(nn.Sequential(nn.Linear(2, 8), nn.Linear(3, 2))),
        ValueError,
        "model's layers must chain: layer 0 gives 8 features, layer 1 takes 3",
    ),
    (lambda: collapse_linear_stack([]), ValueError, "model must hold only nn.Linear layers"),
    (
        lambda: affinity_gap(nn.Linear(1, 1), np.ones((1, 1)), np.ones((1, 1))),
        TypeError,
        "x1 must be a torch tensor; got an array",
    ),
    (
        lambda: affinity_gap(nn.Linear(1, 1), torch.ones(1, 1).double(), torch.ones(1, 1)),
        TypeError,
        "x1 must have the model's dtype torch.float32; got torch.float64",
    ),
    (
        lambda: affinity_gap(nn.Linear(1, 1), torch.ones(1, 1), torch.ones(2, 1)),
        ValueError,
        r"x1 and x2 must have the same shape; got \(1, 1\) and \(2, 1\)",
    ),
    (
        lambda: affinity_gap(nn.Linear(1, 1), torch.ones(0, 1), torch.ones(0, 1)),
        ValueError,
        "x1 must not be empty",
    ),
    (
        lambda: affinity_gap(nn.Linear(1, 1), torch.ones(1, 1), torch.ones(1, 1), t=None),
        TypeError,
        "t must be a real number",
    ),
    (lambda: rotation_matrix("30"), TypeError, "degrees must be a real number"),
    (lambda: rotation_matrix(np.inf), ValueError, "degrees must be a finite number"),
    (
        lambda: apply_affine(np.ones((4, 3)), np.eye(2), [0, 0]),
        ValueError,
        r"points must have shape \(\.\.\., 2\), points of the plane; got shape \(4, 3\)",
    ),
    (
        lambda: apply_affine(np.ones(2), np.eye(2), [0, 0, 0]),
        ValueError,
        r"bias must have shape \(2\)",
    ),
    (
        lambda: map_grid(np.ones((4, 2)), np.eye(2), [0, 0]),
        ValueError,
        r"grid must have shape \(any, any, 2\)",
    ),
    (lambda: grid_lines(limit=0), ValueError, "limit must be > 0"),
    (lambda: grid_lines(n_lines=10**6), ValueError, "n_lines must be at most 1,000"),
    (lambda: grid_lines(n_points=1), ValueError, "n_points must be at least 2"),
    (lambda: describe_map(np.eye(3), [0, 0]), ValueError, r"weight must have shape \(2, 2\)"),
]


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_input_raises_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
