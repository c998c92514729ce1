"""Gradients from scratch in numpy (notebook 04): a linear layer's forward and backward pass, a
centred finite-difference gradient, and a small two-layer network (linear, sigmoid, linear) trained
by SGD.

Conventions follow `torch.nn.Linear`: x (N, in), weight (out, in), bias (out,) or None, z (N, out).
Rows are examples, so the batch is axis 0 and every parameter gradient sums over it.
"""

import numpy as np

from helpers.core.validate import (
    MAX_GRADIENT_ENTRIES,
    _describe,
    as_array,
    as_callable,
    as_choice,
    as_float,
    as_int,
    check_size,
)
from helpers.linear.logic import layer_arrays
from helpers.neurons.logic import sigmoid  # written so that no exponent overflows


def linear_backward(grad_z, x, weight, bias=None):
    """Gradients of a loss through z = x @ weight.T + bias, given grad_z = dL/dz of shape (N, out).

    Returns (grad_x (N, in), grad_weight (out, in), grad_bias (out,) or None when bias is None).
    dz[n, j] / db[j] = 1 for every example n, so grad_bias = grad_z.sum(axis=0): a sum over the
    batch.
    """
    x, weight, bias = layer_arrays(x, weight, bias)
    grad_z = as_array("grad_z", grad_z, shape=(x.shape[0], weight.shape[0]))
    grad_bias = None if bias is None else grad_z.sum(axis=0)
    return grad_z @ weight, grad_z.T @ x, grad_bias


def numerical_gradient(f, x, eps=1e-6):
    """Centred finite differences (f(x + eps) - f(x - eps)) / (2 eps), one entry of x at a time.

    f: a function of an array shaped like x that returns a number. Returns an array shaped like x.
    x itself is never changed. x may have at most MAX_GRADIENT_ENTRIES (10,000) entries: each costs
    two calls of f.
    """
    f = as_callable("f", f)
    x = as_array("x", x).copy()
    if x.size > MAX_GRADIENT_ENTRIES:
        raise ValueError(
            f"x must have at most {MAX_GRADIENT_ENTRIES:,} entries, two calls of f each; got "
            f"{x.size:,} (check a few entries, or a smaller model)"
        )
    eps = as_float("eps", eps, above=0)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        up = as_float("f(x)", f(x.copy()))
        x[index] = saved - eps
        down = as_float("f(x)", f(x.copy()))
        x[index] = saved
        grad[index] = (up - down) / (2 * eps)
    return grad


def mse_loss(pred, target, reduction="mean"):
    """Squared error summed ("sum") or averaged over all entries ("mean"), as torch.nn.MSELoss.

    pred, target: same shape. Returns (loss, grad_pred) with grad_pred = dloss/dpred, shaped like
    pred.
    """
    pred = as_array("pred", pred)
    target = as_array("target", target, shape=pred.shape)
    as_choice("reduction", reduction, ("mean", "sum"), "'mean' or 'sum'")
    scale = 1.0 / pred.size if reduction == "mean" else 1.0
    diff = pred - target
    return float(scale * np.sum(diff**2)), 2.0 * scale * diff


def init_two_layer(n_in, n_hidden, n_out, seed=0):
    """Parameters of linear(n_in -> n_hidden), sigmoid, linear(n_hidden -> n_out), drawn as
    nn.Linear does (uniform in +-1/sqrt(fan_in)). Returns a dict: W1 (H, in), b1 (H,), W2 (out, H),
    b2 (out,)."""
    n_in, n_hidden, n_out = (
        as_int(k, v, minimum=1)
        for k, v in (("n_in", n_in), ("n_hidden", n_hidden), ("n_out", n_out))
    )
    check_size("n_in, n_hidden and n_out", n_hidden * (n_in + n_out + 1) + n_out)
    rng = np.random.default_rng(as_int("seed", seed, minimum=0))
    k1, k2 = 1 / np.sqrt(n_in), 1 / np.sqrt(n_hidden)
    return {
        "W1": rng.uniform(-k1, k1, (n_hidden, n_in)),
        "b1": rng.uniform(-k1, k1, n_hidden),
        "W2": rng.uniform(-k2, k2, (n_out, n_hidden)),
        "b2": rng.uniform(-k2, k2, n_out),
    }


def _check_params(params):
    if not isinstance(params, dict) or not {"W1", "b1", "W2", "b2"} <= set(params):
        raise TypeError(
            f"params must be a dict with keys W1, b1, W2, b2; got {type(params).__name__} "
            f"{sorted(params) if isinstance(params, dict) else ''}"
        )
    W1 = as_array("params['W1']", params["W1"], ndim=2)
    W2 = as_array("params['W2']", params["W2"], shape=(None, W1.shape[0]))
    b1 = as_array("params['b1']", params["b1"], shape=(W1.shape[0],))
    b2 = as_array("params['b2']", params["b2"], shape=(W2.shape[0],))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}  # checked float arrays


def two_layer_forward(params, x):
    """Forward pass: returns (out (N, n_out), cache) where cache holds x, z1, a1 for the backward
    pass."""
    p = _check_params(params)
    x = layer_arrays(x, p["W1"], p["b1"])[0]  # x (N, in): named in any error
    return _forward(p, x)


def _forward(p, x):  # checked arrays, as two_layer_forward and two_layer_loss_and_grads pass them
    z1 = x @ p["W1"].T + p["b1"]  # (N, H): linear_forward
    a1 = sigmoid(z1)  # (N, H)
    out = a1 @ p["W2"].T + p["b2"]  # (N, n_out)
    return out, {"x": x, "z1": z1, "a1": a1}


def two_layer_backward(params, cache, grad_out):
    """Backward pass from grad_out = dL/dout (N, n_out): returns a dict of gradients shaped like
    params."""
    p = _check_params(params)
    if not isinstance(cache, dict) or not {"x", "a1"} <= set(cache):
        raise TypeError(
            f"cache must be the dict two_layer_forward returns, with x, z1 and a1; got "
            f"{_describe(cache)}"
        )
    a1 = layer_arrays(cache["a1"], p["W2"], p["b2"])[0]  # the checks linear_backward makes
    x = layer_arrays(cache["x"], p["W1"], p["b1"])[0]
    grad_out = as_array("grad_z", grad_out, shape=(a1.shape[0], p["W2"].shape[0]))
    return _backward(p, {"x": x, "a1": a1}, grad_out)


def _backward(p, cache, grad_out):  # checked arrays; each step is linear_backward's
    a1 = cache["a1"]
    grad_a1, grad_W2, grad_b2 = grad_out @ p["W2"], grad_out.T @ a1, grad_out.sum(axis=0)
    grad_z1 = grad_a1 * a1 * (1 - a1)  # sigmoid'(z1) = a1 * (1 - a1)
    grad_W1, grad_b1 = grad_z1.T @ cache["x"], grad_z1.sum(axis=0)
    return {"W1": grad_W1, "b1": grad_b1, "W2": grad_W2, "b2": grad_b2}


def two_layer_loss_and_grads(params, x, y, reduction="mean"):
    """MSE loss of the two-layer net on (x (N, in), y (N, n_out)) and its gradients:
    (loss, grads). Checks its arguments once, then runs the forward and backward passes."""
    p = _check_params(params)
    x = layer_arrays(x, p["W1"], p["b1"])[0]
    out, cache = _forward(p, x)
    y = as_array("y", y, shape=out.shape)  # (N,) for (N, 1) would broadcast in a hand-written loss
    as_choice("reduction", reduction, ("mean", "sum"), "'mean' or 'sum'")
    scale = 1.0 / out.size if reduction == "mean" else 1.0
    diff = out - y  # mse_loss
    loss, grad_out = float(scale * np.sum(diff**2)), 2.0 * scale * diff
    return loss, _backward(p, cache, grad_out)


def sgd_step(params, grads, lr):
    """One step of plain gradient descent: a new dict p - lr * grad (params are not changed in
    place)."""
    lr = as_float("lr", lr, above=0)
    for name, value in (("params", params), ("grads", grads)):
        if not isinstance(value, dict):
            raise TypeError(f"{name} must be a dict of arrays; got {_describe(value)}")
    if set(grads) != set(params):
        raise ValueError(
            f"grads must have the keys of params, {sorted(params)}; got {sorted(grads)}"
        )
    params = {k: as_array(f"params[{k!r}]", v) for k, v in params.items()}
    return {
        k: params[k] - lr * as_array(f"grads[{k!r}]", grads[k], shape=params[k].shape)
        for k in params
    }


def bias_gradient_by_batch_size(errors, sizes, reduction="mean"):
    """The bias gradient of mse_loss on the first n examples, for each n in sizes.

    errors: (N_max, out), each row pred - target for one example (the layer's output z is pred, so
    dL/db = dL/dz summed over the batch). Returns an array of shape (len(sizes), out).
    """
    errors = as_array("errors", errors, ndim=2)
    if np.ndim(sizes) != 1 or isinstance(sizes, (str, bytes)):
        raise TypeError(
            f"sizes must be a list of batch sizes such as [1, 8, 64]; got {_describe(sizes)}"
        )
    rows = []
    for j, n in enumerate(sizes):
        n = as_int(f"sizes[{j}]", n, minimum=1)
        if n > len(errors):
            raise ValueError(f"sizes must be at most len(errors) = {len(errors)}; got {n}")
        _, grad_z = mse_loss(errors[:n], np.zeros_like(errors[:n]), reduction)
        rows.append(grad_z.sum(axis=0))
    return np.array(rows).reshape(len(rows), errors.shape[1])
