"""helpers.gradients against torch autograd in float64 and centred finite differences."""

import numpy as np
import pytest
import torch

from helpers import (
    bias_gradient_by_batch_size,
    init_two_layer,
    linear_forward,
    mse_loss,
    numerical_gradient,
    sgd_step,
    sigmoid,
    two_layer_forward,
    two_layer_loss_and_grads,
)
from helpers.gradients.logic import linear_backward, two_layer_backward

# (N, in, out): N = 1, N != out, N == out, in == out, wide and tall
SHAPES = [
    (1, 1, 1),
    (1, 4, 3),
    (5, 3, 2),
    (2, 3, 5),
    (4, 4, 4),
    (3, 2, 3),
    (7, 1, 6),
    (16, 8, 8),
    (6, 5, 1),
]


def _random_layer(n, i, o, seed):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((n, i)),
        rng.standard_normal((o, i)),
        rng.standard_normal(o),
        rng.standard_normal((n, o)),
    )


def _torch_linear(x, w, b, grad_z):
    xt, wt = (torch.tensor(a, requires_grad=True) for a in (x, w))
    bt = None if b is None else torch.tensor(b, requires_grad=True)
    z = torch.nn.functional.linear(xt, wt, bt)
    z.backward(torch.tensor(grad_z))
    return (
        z.detach().numpy(),
        xt.grad.numpy(),
        wt.grad.numpy(),
        None if bt is None else bt.grad.numpy(),
    )


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("with_bias", [True, False])
def test_linear_forward_and_backward_match_torch_autograd(shape, with_bias):
    x, w, b, g = _random_layer(*shape, seed=sum(shape))
    b = b if with_bias else None
    z_ref, gx_ref, gw_ref, gb_ref = _torch_linear(x, w, b, g)
    np.testing.assert_allclose(linear_forward(x, w, b), z_ref, rtol=0, atol=1e-12)
    gx, gw, gb = linear_backward(g, x, w, b)
    assert gx.shape == x.shape and gw.shape == w.shape
    np.testing.assert_allclose(gx, gx_ref, rtol=0, atol=1e-12)
    np.testing.assert_allclose(gw, gw_ref, rtol=0, atol=1e-12)
    if with_bias:
        assert gb.shape == (shape[2],)
        np.testing.assert_allclose(gb, gb_ref, rtol=0, atol=1e-12)
    else:
        assert gb is None


@pytest.mark.parametrize("shape", SHAPES[:6])
def test_linear_backward_matches_finite_differences(shape):
    x, w, b, g = _random_layer(*shape, seed=7)
    loss = lambda x_, w_, b_: float(np.sum(g * linear_forward(x_, w_, b_)))  # dloss/dz = g
    gx, gw, gb = linear_backward(g, x, w, b)
    np.testing.assert_allclose(numerical_gradient(lambda v: loss(v, w, b), x), gx, atol=1e-8)
    np.testing.assert_allclose(numerical_gradient(lambda v: loss(x, v, b), w), gw, atol=1e-8)
    np.testing.assert_allclose(numerical_gradient(lambda v: loss(x, w, v), b), gb, atol=1e-8)


@pytest.mark.parametrize("shape", [(), (1,), (4,), (3, 2), (2, 3, 2)])
def test_numerical_gradient_matches_autograd_and_leaves_x_alone(shape):
    x = np.random.default_rng(3).standard_normal(shape)
    keep = x.copy()
    f = lambda v: float(np.sum(np.sin(v) * v**2) + np.sum(v) ** 2)
    xt = torch.tensor(x, requires_grad=True)
    (torch.sum(torch.sin(xt) * xt**2) + torch.sum(xt) ** 2).backward()
    grad = numerical_gradient(f, x)
    assert grad.shape == x.shape
    np.testing.assert_allclose(grad, xt.grad.numpy(), atol=1e-7)
    np.testing.assert_array_equal(x, keep)


def test_numerical_gradient_is_centred():
    # A one-sided difference of x**3 at 1 with eps = 1e-3 is off by ~3e-3; the centred one by
    # eps**2 = 1e-6.
    grad = numerical_gradient(lambda v: float(v[0] ** 3), np.array([1.0]), eps=1e-3)
    assert abs(grad[0] - 3.0) < 2e-6


def test_inputs_are_validated_with_names():
    x, w, b, g = _random_layer(4, 3, 2, seed=0)
    with pytest.raises(ValueError, match="weight must have shape"):
        linear_forward(x, w.T, b)
    with pytest.raises(ValueError, match="bias must have shape"):
        linear_forward(x, w, np.zeros(3))
    with pytest.raises(ValueError, match="grad_z must have shape"):
        linear_backward(g.T, x, w, b)
    with pytest.raises(ValueError, match="eps must be > 0"):
        numerical_gradient(np.sum, x, eps=0)
    with pytest.raises(TypeError, match="f must be a function"):
        numerical_gradient(3, x)
    with pytest.raises(TypeError, match=r"f\(x\) must be a real number"):
        numerical_gradient(lambda v: v, x)
    with pytest.raises(ValueError, match="reduction must be"):
        mse_loss(x, x, reduction="none")


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_mse_loss_and_its_gradient_match_torch(reduction):
    rng = np.random.default_rng(1)
    pred, target = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    pt = torch.tensor(pred, requires_grad=True)
    ref = torch.nn.functional.mse_loss(pt, torch.tensor(target), reduction=reduction)
    ref.backward()
    loss, grad = mse_loss(pred, target, reduction)
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(grad, pt.grad.numpy(), atol=1e-14)


def test_sigmoid_matches_torch():
    z = np.linspace(-30, 30, 101)
    np.testing.assert_allclose(sigmoid(z), torch.sigmoid(torch.tensor(z)).numpy(), rtol=1e-14)


def _torch_net(params):
    net = torch.nn.Sequential(
        torch.nn.Linear(*params["W1"].shape[::-1]),
        torch.nn.Sigmoid(),
        torch.nn.Linear(*params["W2"].shape[::-1]),
    ).double()
    with torch.no_grad():
        for layer, w, b in ((net[0], "W1", "b1"), (net[2], "W2", "b2")):
            layer.weight.copy_(torch.tensor(params[w]))
            layer.bias.copy_(torch.tensor(params[b]))
    return net


def _data(n, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, n_in)), rng.standard_normal((n, n_out))


@pytest.mark.parametrize("sizes", [(1, 2, 3, 1), (6, 2, 4, 1), (4, 3, 4, 4), (9, 1, 5, 2)])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_two_layer_gradients_match_autograd_and_finite_differences(sizes, reduction):
    n, n_in, hidden, n_out = sizes
    params = init_two_layer(n_in, hidden, n_out, seed=n)
    x, y = _data(n, n_in, n_out, seed=hidden)
    loss, grads = two_layer_loss_and_grads(params, x, y, reduction)
    net = _torch_net(params)
    ref = torch.nn.functional.mse_loss(net(torch.tensor(x)), torch.tensor(y), reduction=reduction)
    ref.backward()
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    torch_grads = {
        "W1": net[0].weight.grad,
        "b1": net[0].bias.grad,
        "W2": net[2].weight.grad,
        "b2": net[2].bias.grad,
    }
    for name, grad in grads.items():
        assert grad.shape == params[name].shape
        np.testing.assert_allclose(grad, torch_grads[name].numpy(), rtol=0, atol=1e-12)
        numeric = numerical_gradient(
            lambda v, name=name: two_layer_loss_and_grads({**params, name: v}, x, y, reduction)[0],
            params[name],
        )
        np.testing.assert_allclose(grad, numeric, atol=1e-8)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_the_network_passes_are_exactly_the_layer_functions_composed(reduction):
    """two_layer_loss_and_grads checks its arguments once and runs the passes on plain arrays: the
    numbers must be those of linear_forward, sigmoid, mse_loss and linear_backward, bit for bit."""
    params = init_two_layer(3, 5, 2, seed=3)
    x, y = _data(7, 3, 2, seed=4)
    z1 = linear_forward(x, params["W1"], params["b1"])
    a1 = sigmoid(z1)
    out = linear_forward(a1, params["W2"], params["b2"])
    loss, grad_out = mse_loss(out, y, reduction)
    grad_a1, gW2, gb2 = linear_backward(grad_out, a1, params["W2"], params["b2"])
    _, gW1, gb1 = linear_backward(grad_a1 * a1 * (1 - a1), x, params["W1"], params["b1"])
    got_loss, got = two_layer_loss_and_grads(params, x, y, reduction)
    assert got_loss == loss
    for name, want in {"W1": gW1, "b1": gb1, "W2": gW2, "b2": gb2}.items():
        assert np.array_equal(got[name], want), name
    got_out, cache = two_layer_forward(params, x)
    assert np.array_equal(got_out, out) and np.array_equal(cache["z1"], z1)
    again = two_layer_backward(params, cache, grad_out)
    assert all(np.array_equal(again[k], got[k]) for k in got)


def test_training_from_scratch_equals_torch_sgd_after_many_steps():
    params = init_two_layer(1, 8, 1, seed=0)
    x, y = _data(20, 1, 1, seed=1)
    net = _torch_net(params)
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    for _ in range(50):
        params = sgd_step(params, two_layer_loss_and_grads(params, x, y)[1], lr=0.5)
        opt.zero_grad()
        torch.nn.functional.mse_loss(net(torch.tensor(x)), torch.tensor(y)).backward()
        opt.step()
    for name, ref in zip(("W1", "b1", "W2", "b2"), net.parameters()):
        np.testing.assert_allclose(params[name], ref.detach().numpy(), rtol=0, atol=1e-12)
    out, cache = two_layer_forward(params, x)
    assert out.shape == (20, 1) and cache["a1"].shape == (20, 8)


def test_init_two_layer_is_seeded_and_shaped_like_nn_linear():
    a, b = init_two_layer(3, 5, 2, seed=4), init_two_layer(3, 5, 2, seed=4)
    assert {k: v.shape for k, v in a.items()} == {
        "W1": (5, 3),
        "b1": (5,),
        "W2": (2, 5),
        "b2": (2,),
    }
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert np.abs(a["W1"]).max() <= 1 / np.sqrt(3) and np.abs(a["W2"]).max() <= 1 / np.sqrt(5)


def test_bias_gradient_grows_with_batch_size_under_a_summed_loss_only():
    rng = np.random.default_rng(0)
    errors = np.array([1.0, -0.5, 0.25]) + 0.1 * rng.standard_normal((64, 3))
    sizes = [1, 2, 8, 64]
    summed = bias_gradient_by_batch_size(errors, sizes, "sum")
    mean = bias_gradient_by_batch_size(errors, sizes, "mean")
    assert summed.shape == mean.shape == (4, 3)
    np.testing.assert_allclose(summed, [2 * errors[:n].sum(axis=0) for n in sizes])
    np.testing.assert_allclose(summed / mean, np.array(sizes)[:, None] * 3 * np.ones((1, 3)))
    assert np.linalg.norm(summed[-1]) > 50 * np.linalg.norm(summed[0])
    assert np.all(np.abs(mean[-1] / mean[1] - 1) < 0.2)
    with pytest.raises(ValueError, match="at most len"):
        bias_gradient_by_batch_size(errors, [65])


def test_two_layer_forward_names_bad_params():
    x = np.zeros((3, 2))
    with pytest.raises(TypeError, match="params must be a dict with keys W1, b1, W2, b2"):
        two_layer_forward({"W1": np.zeros((4, 2))}, x)
    bad = {**init_two_layer(2, 4, 1), "W2": np.zeros((1, 5))}
    with pytest.raises(ValueError, match=r"params\['W2'\] must have shape \(any, 4\)"):
        two_layer_forward(bad, x)
    with pytest.raises(ValueError, match="weight must have shape"):
        two_layer_forward(init_two_layer(3, 4, 1), x)


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------
P = init_two_layer(2, 3, 1, seed=0)
XN, YN = np.ones((4, 2)), np.ones((4, 1))
BAD = [
    (
        lambda: linear_backward(np.ones((0, 2)), np.ones((0, 3)), np.ones((2, 3))),
        ValueError,
        "x must not be empty",
    ),
    (
        lambda: linear_backward(np.ones((4, 2)) * 1j, XN @ np.ones((2, 3)), np.ones((2, 3))),
        TypeError,
        "grad_z must hold real numbers",
    ),
    (
        lambda: numerical_gradient(lambda v: 0.0, np.zeros(10**6)),
        ValueError,
        r"x must have at most 10,000 entries, two calls of f each; got 1,000,000",
    ),
    (lambda: numerical_gradient(lambda v: 0.0, np.zeros(0)), ValueError, "x must not be empty"),
    (
        lambda: numerical_gradient(lambda v: np.nan, np.zeros(2)),
        ValueError,
        r"f\(x\) must be a finite number; got nan",
    ),
    (
        lambda: numerical_gradient(lambda v: 1j, np.zeros(2)),
        TypeError,
        r"f\(x\) must be a real number",
    ),
    (
        lambda: numerical_gradient(lambda v: 0.0, np.zeros(2), eps=np.nan),
        ValueError,
        "eps must be a finite number",
    ),
    (lambda: mse_loss([], []), ValueError, "pred must not be empty"),
    (lambda: mse_loss(np.ones((4, 1)), np.ones(4)), ValueError, r"target must have shape \(4, 1\)"),
    (lambda: mse_loss(np.ones(4), np.ones(4), ["mean"]), ValueError, "reduction must be"),
    (lambda: init_two_layer(0, 3, 1), ValueError, "n_in must be at least 1"),
    (lambda: init_two_layer(10**5, 10**5, 1), ValueError, "n_in, n_hidden and n_out would hold"),
    (lambda: init_two_layer(2, 3, 1, seed=-1), ValueError, "seed must be at least 0"),
    (
        lambda: two_layer_forward({**P, "b1": np.zeros(5)}, XN),
        ValueError,
        r"params\['b1'\] must have shape \(3\)",
    ),
    (
        lambda: two_layer_forward(P, np.ones((4, 3))),
        ValueError,
        r"weight must have shape \(any, 3\)",
    ),
    (
        lambda: two_layer_loss_and_grads(P, XN, np.ones(4)),
        ValueError,
        r"y must have shape \(4, 1\); got shape \(4,\)",
    ),
    (
        lambda: two_layer_backward(P, None, YN),
        TypeError,
        "cache must be the dict two_layer_forward",
    ),
    (
        lambda: two_layer_backward(P, two_layer_forward(P, XN)[1], np.ones((4, 2))),
        ValueError,
        r"grad_z must have shape \(4, 1\)",
    ),
    (
        lambda: sgd_step(P, {**P, "b2": np.zeros(4)}, 0.1),
        ValueError,
        r"grads\['b2'\] must have shape",
    ),
    (lambda: sgd_step(P, {"W1": P["W1"]}, 0.1), ValueError, "grads must have the keys of params"),
    (lambda: sgd_step(P, P, -0.1), ValueError, "lr must be > 0"),
    (lambda: sgd_step(P, [1], 0.1), TypeError, "grads must be a dict of arrays"),
    (
        lambda: bias_gradient_by_batch_size(np.ones((4, 2)), 3),
        TypeError,
        "sizes must be a list of batch sizes",
    ),
    (
        lambda: bias_gradient_by_batch_size(np.ones((4, 2)), [0]),
        ValueError,
        r"sizes\[0\] must be at least 1",
    ),
    (
        lambda: bias_gradient_by_batch_size(np.ones((4, 2)), [2.5]),
        TypeError,
        r"sizes\[0\] must be an integer",
    ),
    (
        lambda: bias_gradient_by_batch_size(np.ones((0, 2)), [1]),
        ValueError,
        "errors must not be empty",
    ),
]


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_input_raises_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
