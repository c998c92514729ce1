"""The maths of notebooks 02 (one bias per neuron) and 02b (dead units and initialising the
bias), in numpy: activations, a single neuron and its threshold, logistic regression on two inputs,
a one-hidden-layer ReLU network on one input (forward, backward, training), and, for 02b, dead-unit
measurement and the spread of activations through a deep stack.
"""

import numpy as np

from helpers.core.validate import (
    MAX_ENTRIES,
    MAX_STEPS,
    _describe,
    as_array,
    as_bool,
    as_choice,
    as_float,
    as_int,
    as_labels,
    as_xy,
    check_size,
    same_length,
)


def sigmoid(z):
    """1 / (1 + exp(-z)), elementwise; its derivative is s * (1 - s) with s = sigmoid(z), the
    OUTPUT.

    Written with exp(-|z|) so that no exponent overflows for large |z|.
    """
    z = as_array("z", z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


ACTIVATIONS = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0)}


def activate(z, name="relu"):
    """f(z) for an array of any shape; name is one of "sigmoid", "tanh", "relu"."""
    return ACTIVATIONS[as_choice("activation", name, ACTIVATIONS)](as_array("z", z))


def neuron(x, w, b=0.0, activation="sigmoid"):
    """One neuron with one input: f(w*x + b) for x of any shape."""
    return activate(as_float("w", w) * as_array("x", x) + as_float("b", b), activation)


def threshold(w, b):
    """Where w*x + b crosses zero, x = -b/w: where the neuron switches on. None when w = 0
    (no crossing)."""
    w, b = as_float("w", w), as_float("b", b)
    return None if w == 0 else -b / w + 0.0  # + 0.0 turns -0.0 into 0.0


def make_offset_blobs(n=200, centre=(2.0, 2.0), spread=0.6, seed=0):
    """Two classes of n/2 points each in the plane, both out along the same ray from the origin
    (notebook 02).

    Class 0 sits around centre/2, class 1 around 3*centre/2. They are separated by a line across the
    ray, but any line through the origin puts them on the same side or cuts both in half.
    Returns X of shape (n, 2) and labels y of shape (n,) in {0, 1}.
    """
    n = as_int("n", n, minimum=2, maximum=MAX_ENTRIES // 2)
    c = as_array("centre", centre, shape=(2,))
    spread = as_float("spread", spread, at_least=0)
    rng = np.random.default_rng(as_int("seed", seed, minimum=0))
    y = np.repeat([0.0, 1.0], [n // 2, n - n // 2])
    X = np.where(y[:, None] == 0, 0.5 * c, 1.5 * c) + spread * rng.standard_normal((n, 2))
    return X, y


def classified(X, y, w):
    """X (n, d), labels y ((n,) or (n, 1), 0 and 1) and weights w (d,), checked; y comes back
    (n,)."""
    X, y = as_array("X", X, ndim=2), as_labels("y", y)
    same_length("X", X, "y", y)
    return X, y, as_array("w", w, shape=(X.shape[1],))


def logistic_loss_grad(X, y, w, b):
    """Mean cross-entropy of sigmoid(X @ w + b) against labels y, and its gradients (dw, db)."""
    X, y, w = classified(X, y, w)
    return _logistic_loss_grad(X, y, w, as_float("b", b))


def _logistic_loss_grad(X, y, w, b):  # checked once by the caller, not on every step
    p = sigmoid(X @ w + b)
    eps = 1e-12
    loss = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
    r = (p - y) / len(y)
    return float(loss), X.T @ r, float(r.sum())


def fit_logistic(X, y, bias=True, lr=0.5, steps=2000, seed=0):
    """A two-input sigmoid neuron fitted by plain gradient descent; with bias=False, b stays 0.

    X: (n, 2), y: (n,) in {0, 1}. Starts from small seeded weights; returns (w of shape (2,), b).
    """
    X, y, _ = classified(as_array("X", X, shape=(None, 2)), y, np.zeros(2))
    bias, lr = as_bool("bias", bias), as_float("lr", lr, above=0)
    rng = np.random.default_rng(as_int("seed", seed, minimum=0))
    w, b = 0.01 * rng.standard_normal(2), 0.0
    for _ in range(as_int("steps", steps, minimum=0, maximum=MAX_STEPS)):
        _, dw, db = _logistic_loss_grad(X, y, w, b)
        w = w - lr * dw
        if bias:
            b = b - lr * db
    return w, float(b)


def accuracy(X, y, w, b=0.0):
    """Fraction of points on the right side of the boundary w . x + b = 0 (class 1 where it
    is > 0). X: (n, d), labels y: (n,) or a column (n, 1), in {0, 1}; w: (d,)."""
    X, y, w = classified(X, y, w)
    return float(np.mean((X @ w + as_float("b", b) > 0) == (y == 1)))


# ---- a one-hidden-layer ReLU network on one input: x (n,) -> H hidden units -> one output --------


def init_net(n_hidden=8, weight_std=1.0, bias=0.0, seed=0):
    """Parameters {"W1": (H,), "b1": (H,), "w2": (H,), "b2": float}: seeded normal weights,
    biases = bias."""
    H = as_int("n_hidden", n_hidden, minimum=1, maximum=MAX_ENTRIES)
    rng = np.random.default_rng(as_int("seed", seed, minimum=0))
    std = as_float("weight_std", weight_std, at_least=0)
    return {
        "W1": std * rng.standard_normal(H),
        "b1": np.full(H, as_float("bias", bias)),
        "w2": std * rng.standard_normal(H) / np.sqrt(H),
        "b2": 0.0,
    }


def pre_activations(x, W1, b1):
    """Pre-activations z = x*W1 + b1 of shape (n, H): one column per hidden neuron, one bias
    each."""
    x, W1, b1 = as_array("x", x, ndim=1), as_array("W1", W1, ndim=1), as_array("b1", b1, ndim=1)
    same_length("W1", W1, "b1", b1)
    check_size("x and W1", len(x) * len(W1))
    return x[:, None] * W1 + b1


def relu_net(x, W1, b1, w2, b2=0.0):
    """Output sum_j w2[j] * relu(W1[j]*x + b1[j]) + b2, shape (n,): piecewise linear in x."""
    h = np.maximum(pre_activations(x, W1, b1), 0.0)
    return h @ as_array("w2", w2, shape=(h.shape[1],)) + as_float("b2", b2)


def contributions(x, W1, b1, w2):
    """Each hidden neuron's share of the output, w2[j] * relu(W1[j]*x + b1[j]): shape (n, H)."""
    h = np.maximum(pre_activations(x, W1, b1), 0.0)
    return h * as_array("w2", w2, shape=(h.shape[1],))


def kinks(W1, b1):
    """Where each hidden neuron bends the output: x = -b1/W1, shape (H,) (nan where W1 = 0)."""
    W1, b1 = as_array("W1", W1, ndim=1), as_array("b1", b1, ndim=1)
    same_length("W1", W1, "b1", b1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (
            np.where(W1 != 0, -b1 / np.where(W1 != 0, W1, 1.0), np.nan) + 0.0
        )  # + 0.0 turns -0.0 into 0.0


def net_params(params):
    """The parameters of relu_net checked: {"W1", "b1", "w2": (H,) arrays, "b2": a number}."""
    if not isinstance(params, dict) or not {"W1", "b1", "w2", "b2"} <= set(params):
        raise TypeError(
            f"params must be a dict with keys W1, b1, w2, b2, as from init_net; got "
            f"{_describe(params)}"
        )
    W1 = as_array("params['W1']", params["W1"], ndim=1)
    p = {k: as_array(f"params[{k!r}]", params[k], shape=W1.shape) for k in ("b1", "w2")}
    return {"W1": W1, **p, "b2": as_float("params['b2']", params["b2"])}


def net_loss_grads(x, y, params):
    """Mean squared error of relu_net on (x, y) and its gradient for every parameter (backprop by
    hand). x, y: (n,)."""
    x, y = as_xy(x, y)
    params = net_params(params)
    pre_activations(x, params["W1"], params["b1"])  # checks the sizes
    return _net_loss_grads(x, y, params)


def _net_loss_grads(x, y, params):  # checked once by the caller, not on every step
    z = x[:, None] * params["W1"] + params["b1"]
    h = np.maximum(z, 0.0)
    out = h @ params["w2"] + params["b2"]
    d_out = 2 * (out - y) / len(y)  # (n,)
    d_z = d_out[:, None] * params["w2"] * (z > 0)  # (n, H): zero wherever the neuron is off
    grads = {"W1": d_z.T @ x, "b1": d_z.sum(0), "w2": h.T @ d_out, "b2": float(d_out.sum())}
    return float(np.mean((out - y) ** 2)), grads


def train_relu_net(x, y, params, lr=0.05, steps=2000, train_hidden_bias=True):
    """Plain gradient descent on relu_net, in numpy. Returns {"loss": (steps,) array, the loss
    before each step, "params": the trained parameters}: the same "loss" as `helpers.train` for
    torch models.

    train_hidden_bias=False keeps b1 where it started, e.g. at 0: then every kink stays at x = 0.
    """
    x, y = as_xy(x, y)
    p, lr = net_params(params), as_float("lr", lr, above=0)
    pre_activations(x, p["W1"], p["b1"])  # checks the sizes
    train_hidden_bias = as_bool("train_hidden_bias", train_hidden_bias)
    losses = np.empty(as_int("steps", steps, minimum=0, maximum=MAX_STEPS))
    for i in range(len(losses)):
        losses[i], g = _net_loss_grads(x, y, p)
        for k in ("W1", "b1", "w2", "b2"):
            if k != "b1" or train_hidden_bias:
                p[k] = p[k] - lr * g[k]
    return {"loss": losses, "params": p}


# ---- dead units and the spread of activations (notebook 02b) -------------------------------------


def dead_units(Z):
    """Which units are dead: pre-activations Z (n, H) <= 0 for every example. Boolean, shape
    (H,)."""
    return np.all(as_array("Z", Z, ndim=2) <= 0, axis=0)


def dead_fraction(Z):
    """Fraction of the H units in Z (n, H) that no example switches on."""
    return float(np.mean(dead_units(Z)))


def active_fraction(Z):
    """Fraction of all (example, unit) pairs in Z (n, H) where the ReLU is on (Z > 0)."""
    return float(np.mean(as_array("Z", Z, ndim=2) > 0))


def layer_spreads(X, n_layers=8, width=256, weight_init="he", activation="relu", bias=0.0, seed=0):
    """Standard deviation of the activations after each of n_layers dense layers: shape (n_layers,).

    weight_init: "he" (std sqrt(2/fan_in)), "xavier" (std sqrt(2/(fan_in+fan_out))) or a number
    (that std). Every bias starts at `bias`. X: (n, d) inputs.
    """
    h = as_array("X", X, ndim=2)
    width = as_int("width", width, minimum=1)
    check_size("X and width", max(h.shape[0], h.shape[1], width) * width)
    rng = np.random.default_rng(as_int("seed", seed, minimum=0))
    spreads = []
    for _ in range(as_int("n_layers", n_layers, minimum=1, maximum=1000)):
        fan_in = h.shape[1]
        scales = {"he": np.sqrt(2 / fan_in), "xavier": np.sqrt(2 / (fan_in + width))}
        if isinstance(weight_init, str) and weight_init not in scales:
            raise ValueError(f"weight_init must be 'he', 'xavier' or a number; got {weight_init!r}")
        std = (
            scales[weight_init]
            if isinstance(weight_init, str)
            else as_float("weight_init", weight_init, at_least=0)
        )
        h = activate(
            h @ (std * rng.standard_normal((fan_in, width))) + as_float("bias", bias), activation
        )
        spreads.append(h.std())
    return np.array(spreads)
