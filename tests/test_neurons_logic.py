"""helpers.neurons (notebooks 02 and 02b) against references: torch autograd in float64, closed
forms, brute force."""

import math

import numpy as np
import pytest
import torch

from helpers import (
    accuracy,
    activate,
    active_fraction,
    contributions,
    dead_fraction,
    fit_logistic,
    init_net,
    layer_spreads,
    logistic_loss_grad,
    make_offset_blobs,
    net_loss_grads,
    neuron,
    pre_activations,
    relu_net,
    sigmoid,
    train_relu_net,
)
from helpers.neurons.logic import dead_units, kinks, threshold

Z = np.linspace(-50, 50, 101)


@pytest.mark.parametrize(
    "name, reference", [("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("relu", torch.relu)]
)
def test_activations_match_torch_without_overflow(name, reference):
    with np.errstate(all="raise"):
        got = activate(Z, name)
    np.testing.assert_allclose(got, reference(torch.tensor(Z)).numpy(), rtol=1e-12, atol=1e-300)


def test_activate_rejects_unknown_names():
    with pytest.raises(ValueError, match="activation must be one of"):
        activate(Z, "gelu")


@pytest.mark.parametrize("w, b", [(2.0, -3.0), (-0.5, 1.0), (3.0, 3.0)])
def test_neuron_switches_at_its_threshold(w, b):
    t = threshold(w, b)
    assert t == pytest.approx(-b / w)
    assert neuron(t, w, b, "sigmoid") == pytest.approx(0.5)
    assert neuron(t, w, b, "tanh") == pytest.approx(0.0, abs=1e-15)
    on_side = t + np.sign(w) * 0.1
    assert neuron(on_side, w, b, "relu") > 0 and neuron(t - np.sign(w) * 0.1, w, b, "relu") == 0


def test_threshold_is_none_without_a_weight_and_validates():
    assert threshold(0.0, 1.0) is None
    assert str(threshold(1.0, 0.0)) == "0.0"  # not "-0.0"
    with pytest.raises(TypeError, match="w must be a real number"):
        threshold("1", 0.0)


def test_offset_blobs_are_seeded_balanced_and_away_from_the_origin():
    X, y = make_offset_blobs(n=200, seed=3)
    X2, _ = make_offset_blobs(n=200, seed=3)
    assert X.shape == (200, 2) and y.shape == (200,) and np.array_equal(X, X2)
    assert np.bincount(y.astype(int)).tolist() == [100, 100]
    np.testing.assert_allclose(X[y == 1].mean(0), [3, 3], atol=0.2)


def test_logistic_gradient_matches_autograd():
    X, y = make_offset_blobs(n=40, seed=1)
    w, b = np.array([0.3, -0.7]), 0.4
    loss, dw, db = logistic_loss_grad(X, y, w, b)
    tw, tb = (
        torch.tensor(w, requires_grad=True),
        torch.tensor(b, dtype=torch.float64, requires_grad=True),
    )
    t_loss = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.tensor(X) @ tw + tb, torch.tensor(y)
    )
    t_loss.backward()
    assert loss == pytest.approx(t_loss.item(), rel=1e-9)
    np.testing.assert_allclose(dw, tw.grad.numpy(), rtol=1e-9)
    assert db == pytest.approx(tb.grad.item(), rel=1e-9)


def test_the_bias_is_worth_a_lot_of_accuracy_on_offset_blobs():
    X, y = make_offset_blobs(seed=0)
    w0, b0 = fit_logistic(X, y, bias=False, seed=0)
    w1, b1 = fit_logistic(X, y, bias=True, seed=0)
    assert b0 == 0.0 and b1 < -5
    assert accuracy(X, y, w1, b1) > 0.95 and accuracy(X, y, w0, b0) < 0.7
    assert fit_logistic(X, y, seed=0)[1] == b1  # seeded: the same answer twice


def test_accuracy_counts_the_positive_side_as_class_one():
    X, y = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 0.0]]), np.array([1.0, 0.0, 0.0])
    assert accuracy(X, y, [1.0, 0.0], 0.0) == pytest.approx(2 / 3)
    assert accuracy(X, y, [1.0, 0.0], -1.5) == pytest.approx(1 / 3)


def _torch_net(x, y, p):
    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in p.items()}
    out = torch.relu(torch.tensor(x)[:, None] * t["W1"] + t["b1"]) @ t["w2"] + t["b2"]
    loss = ((out - torch.tensor(y)) ** 2).mean()
    loss.backward()
    return out.detach().numpy(), loss.item(), {k: v.grad.numpy() for k, v in t.items()}


@pytest.mark.parametrize("bias", [0.0, 0.5, -1.0])
def test_relu_net_forward_and_backprop_match_autograd(bias):
    rng = np.random.default_rng(7)
    x, y = rng.uniform(-3, 3, 30), rng.standard_normal(30)
    p = init_net(n_hidden=5, bias=bias, seed=2)
    p["b2"] = 0.3
    out, loss, grads = _torch_net(x, y, p)
    np.testing.assert_allclose(relu_net(x, **p), out, rtol=1e-12)
    my_loss, my_grads = net_loss_grads(x, y, p)
    assert my_loss == pytest.approx(loss, rel=1e-12)
    for k in ("W1", "b1", "w2", "b2"):
        np.testing.assert_allclose(my_grads[k], grads[k], rtol=1e-10, atol=1e-14)


def test_contributions_add_up_to_the_output_and_kinks_sit_at_minus_b_over_w():
    x = np.linspace(-4, 4, 81)
    W1, b1, w2 = np.array([1.0, -2.0, 0.0]), np.array([0.5, 1.0, 2.0]), np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(contributions(x, W1, b1, w2).sum(1), relu_net(x, W1, b1, w2))
    k = kinks(W1, b1)
    np.testing.assert_allclose(k[:2], [-0.5, 0.5])
    assert np.isnan(k[2])
    assert pre_activations(x, W1, b1).shape == (81, 3)
    assert str(kinks(np.array([2.0]), np.array([0.0]))) == "[0.]"  # no "-0."


def test_training_reduces_the_loss_and_frozen_biases_stay_put():
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, 100)
    y = np.sin(x)
    start = init_net(8, seed=0)
    run = train_relu_net(x, y, start, lr=0.04, steps=500)
    p, losses = run["params"], run["loss"]
    assert set(run) == {"loss", "params"} and losses.shape == (500,)
    assert losses[-1] < losses[0] / 10
    p0 = train_relu_net(x, y, start, lr=0.04, steps=500, train_hidden_bias=False)["params"]
    assert np.all(p0["b1"] == 0) and np.any(p["b1"] != 0)
    assert np.all(start["b1"] == 0), "train_relu_net must not change its input"


def test_all_zero_parameters_never_leave_zero():
    x = np.linspace(-2, 2, 50)
    zero = {k: 0 * v for k, v in init_net(4, seed=0).items()}
    run = train_relu_net(x, x**2, zero, lr=0.1, steps=300)
    p, losses = run["params"], run["loss"]
    assert np.all(p["W1"] == 0) and np.all(p["w2"] == 0) and np.all(p["b1"] == 0)
    assert p["b2"] == pytest.approx(np.mean(x**2)) and losses[-1] == pytest.approx(np.var(x**2))


def test_dead_units_and_fractions():
    Zm = np.array([[-1.0, 0.0, 2.0], [-2.0, 0.0, -1.0]])
    assert dead_units(Zm).tolist() == [True, True, False]
    assert dead_fraction(Zm) == pytest.approx(2 / 3) and active_fraction(Zm) == pytest.approx(1 / 6)
    with pytest.raises(ValueError, match="Z must be a 2-D array"):
        dead_units(np.zeros(3))


def test_dead_fraction_at_bias_minus_one_matches_theory():
    x = np.linspace(-3, 3, 201)
    p = init_net(4000, bias=-1.0, seed=1)
    theory = math.erf(1 / (3 * math.sqrt(2)))  # P(|W| < 1/3) for W ~ N(0, 1)
    assert dead_fraction(pre_activations(x, p["W1"], p["b1"])) == pytest.approx(theory, abs=0.02)
    assert dead_fraction(pre_activations(x, p["W1"], p["b1"] + 1.0)) == 0.0


def test_layer_spreads_he_keeps_relu_signals_and_xavier_shrinks_them():
    X = np.random.default_rng(0).standard_normal((500, 128))
    he = layer_spreads(X, 6, 128, "he", "relu", seed=0)
    xavier = layer_spreads(X, 6, 128, "xavier", "relu", seed=0)
    assert he.shape == (6,) and 0.5 < he[-1] / he[0] < 2
    # Each ReLU layer with Xavier (std sqrt(1/128) here) halves the second moment: about 1/sqrt(2)
    # per layer.
    assert xavier[-1] / xavier[0] == pytest.approx(2**-2.5, rel=0.25)
    np.testing.assert_allclose(
        layer_spreads(X, 3, 128, 0.1, "tanh", seed=4), layer_spreads(X, 3, 128, 0.1, "tanh", seed=4)
    )
    with pytest.raises(ValueError, match="weight_init must be"):
        layer_spreads(X, 2, 8, "lecun")


# ---- bad inputs: each raises the right error type, naming the argument ---------------------------


def test_accuracy_reads_labels_as_a_column_right():
    X, y = make_offset_blobs(n=200, seed=0)
    w, b = fit_logistic(X, y, steps=2000)
    assert accuracy(X, y[:, None], w, b) == accuracy(X, y, w, b) > 0.95


XB, YB = make_offset_blobs(n=20, seed=0)
XS = np.linspace(-1, 1, 12)
NET = init_net(n_hidden=4, seed=0)
BAD = [
    (lambda: sigmoid(None), TypeError, "z must be an array of numbers; got NoneType None"),
    (lambda: sigmoid("1"), TypeError, "z must be an array of numbers; got str"),
    (lambda: sigmoid(1 + 2j), TypeError, "z must hold real numbers"),
    (lambda: sigmoid([]), ValueError, "z must not be empty"),
    (lambda: sigmoid(np.nan), ValueError, "z must hold finite numbers"),
    (lambda: activate([1.0], ["relu"]), ValueError, "activation must be one of"),
    (lambda: neuron([1.0], 1.0, b=None), TypeError, "b must be a real number"),
    (
        lambda: accuracy(XB, 2 * YB - 1, [1.0, 1.0]),
        ValueError,
        r"y must hold the class labels 0 and 1 only; got also \[-1.0\] \(for labels -1 and \+1",
    ),
    (lambda: accuracy(XB, YB[:5], [1.0, 1.0]), ValueError, "X and y must have the same length"),
    (lambda: accuracy(XB, YB, [1.0, 1.0, 1.0]), ValueError, r"w must have shape \(2\)"),
    (lambda: accuracy(XB[:, 0], YB, [1.0]), ValueError, "X must be a 2-D array"),
    (
        lambda: accuracy(XB, np.tile(YB, (2, 1)), [1.0, 1.0]),
        ValueError,
        "y must be labels of shape",
    ),
    (lambda: accuracy(XB + 1j, YB, [1.0, 1.0]), TypeError, "X must hold real numbers"),
    (lambda: fit_logistic(XB, 2 * YB - 1), ValueError, "y must hold the class labels 0 and 1"),
    (lambda: fit_logistic(XB, YB + 0.5), ValueError, "y must hold the class labels 0 and 1"),
    (lambda: fit_logistic(XB, YB, bias="no"), TypeError, "bias must be True or False"),
    (lambda: fit_logistic(XB, YB, lr=-1), ValueError, "lr must be > 0"),
    (lambda: fit_logistic(XB, YB, steps=10**6), ValueError, "steps must be at most 100,000"),
    (lambda: fit_logistic(XB[:0], YB[:0]), ValueError, "X must not be empty"),
    (lambda: fit_logistic(XB, YB, seed=-3), ValueError, "seed must be at least 0"),
    (
        lambda: logistic_loss_grad(XB, YB, [1.0, 1.0, 0.0], 0.0),
        ValueError,
        r"w must have shape \(2\)",
    ),
    (lambda: logistic_loss_grad(XB, YB * 3, [1.0, 1.0], 0.0), ValueError, "y must hold the class"),
    (lambda: logistic_loss_grad(XB, YB, [1.0, 1.0], None), TypeError, "b must be a real number"),
    (lambda: make_offset_blobs(n=1), ValueError, "n must be at least 2"),
    (lambda: make_offset_blobs(spread=-1), ValueError, "spread must be >= 0"),
    (lambda: make_offset_blobs(centre=(1, 2, 3)), ValueError, r"centre must have shape \(2\)"),
    (lambda: init_net(n_hidden=0), ValueError, "n_hidden must be at least 1"),
    (lambda: init_net(weight_std=-1.0), ValueError, "weight_std must be >= 0"),
    (lambda: init_net(n_hidden=10**9), ValueError, "n_hidden must be at most"),
    (
        lambda: pre_activations(XS, [1.0, 2.0, 3.0], [0.0]),
        ValueError,
        "W1 and b1 must have the same length; got 3 and 1",
    ),
    (
        lambda: pre_activations(np.zeros(10**5), np.zeros(10**3), np.zeros(10**3)),
        ValueError,
        "x and W1 would hold 100,000,000 numbers",
    ),
    (
        lambda: relu_net(XS, NET["W1"], NET["b1"], [1.0], 0.0),
        ValueError,
        r"w2 must have shape \(4\)",
    ),
    (
        lambda: contributions(XS, NET["W1"], NET["b1"], [1.0]),
        ValueError,
        r"w2 must have shape \(4\)",
    ),
    (lambda: kinks([1.0, 2.0], [0.0]), ValueError, "W1 and b1 must have the same length"),
    (lambda: net_loss_grads(XS, np.sin(XS)[:, None], NET), ValueError, "y must be a 1-D array"),
    (
        lambda: net_loss_grads(XS, np.sin(XS), {"W1": NET["W1"]}),
        TypeError,
        "params must be a dict with keys W1, b1, w2, b2",
    ),
    (
        lambda: net_loss_grads(XS, np.sin(XS), {**NET, "b1": np.zeros(3)}),
        ValueError,
        r"params\['b1'\] must have shape \(4\)",
    ),
    (lambda: train_relu_net(XS, np.sin(XS), NET, steps=10**6), ValueError, "steps must be at most"),
    (lambda: train_relu_net(XS, np.sin(XS), NET, lr=0), ValueError, "lr must be > 0"),
    (
        lambda: train_relu_net(XS, np.sin(XS), NET, train_hidden_bias=0),
        TypeError,
        "train_hidden_bias must be True or False",
    ),
    (
        lambda: train_relu_net(XS, np.sin(XS), {**NET, "b2": np.nan}),
        ValueError,
        r"params\['b2'\] must be a finite number",
    ),
    (lambda: dead_units(np.zeros((0, 3))), ValueError, "Z must not be empty"),
    (lambda: active_fraction(np.zeros(3)), ValueError, "Z must be a 2-D array"),
    (lambda: layer_spreads(np.ones((4, 3)), width=0), ValueError, "width must be at least 1"),
    (lambda: layer_spreads(np.ones((4, 3)), width=10**5), ValueError, "X and width would hold"),
    (
        lambda: layer_spreads(np.ones((4, 3)), n_layers=10**6),
        ValueError,
        "n_layers must be at most",
    ),
    (
        lambda: layer_spreads(np.ones((4, 3)), weight_init=-1.0),
        ValueError,
        "weight_init must be >= 0",
    ),
    (
        lambda: layer_spreads(np.ones((4, 3)), activation="gelu"),
        ValueError,
        "activation must be one of",
    ),
]


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_input_raises_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
