"""A structural ground truth for the bias audit, computed independently of it (tests only).

For every bias parameter (a parameter whose full name contains "bias"), at several random
perturbations of all other parameters, in float64 and in the model's own mode:
* the gradient of a random linear function of every output: zero at every draw -> "redundant";
  non-zero but summing to zero at every draw -> "partially-cancelled"; None at every draw ->
  "unused"; else "matters". A random projection is zero only if, almost surely, the whole Jacobian
  with respect to that bias is.
* `output_change`: how much the outputs move when a bias moves by a given direction, at a draw.
Perturbing the other parameters is what makes it structural: a bias behind a weight that is zero
right now (a zero-initialised head) has a zero gradient now, but not at a perturbed draw.
"""

import copy

import pytest
import torch

DRAWS = (11, 12, 13)


def bias_names(model):
    return [n for n, _ in model.named_parameters() if "bias" in n]


def perturbed(model, seed):
    """A float64 copy with every non-bias parameter moved by Gaussian noise of its own size."""
    model = copy.deepcopy(model).double()
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name not in bias_names(model) and p.is_floating_point():
                size = max(float(p.std()) if p.numel() > 1 else float(p.abs().sum()), 0.02)
                p.add_(0.3 * size * torch.randn(p.shape, generator=g, dtype=p.dtype))
    return model


def _outputs(model, inputs, kwargs):
    inputs = tuple(x.double() if x.is_floating_point() else x for x in inputs)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        out = model(*inputs, **kwargs)
    leaves = torch.utils._pytree.tree_leaves(out)
    return [o for o in leaves if isinstance(o, torch.Tensor) and o.is_floating_point()]


def _draw_verdicts(model, inputs, kwargs, seed):
    model = perturbed(model, seed)
    outs = _outputs(model, inputs, kwargs)
    g = torch.Generator().manual_seed(seed)
    loss = sum((o * torch.randn(o.shape, generator=g, dtype=o.dtype)).sum() for o in outs)
    params = dict(model.named_parameters())
    grads = torch.autograd.grad(loss, list(params.values()), allow_unused=True)
    grads = dict(zip(params, grads))
    scale = max(float(gr.abs().max()) for gr in grads.values() if gr is not None and gr.numel())
    found = {}
    for name in bias_names(model):
        gr = grads[name]
        if gr is None:
            found[name] = "unused"
        elif not gr.numel():
            found[name] = "matters"  # an empty bias: nothing to cancel
        elif float(gr.abs().max()) <= 1e-9 * scale:
            found[name] = "redundant"
        elif abs(float(gr.sum())) <= 1e-9 * scale * gr.numel():
            found[name] = "partially-cancelled"
        else:
            found[name] = "matters"
    return found


def structural_reference(model, inputs, kwargs=None, draws=DRAWS):
    """{bias name: "redundant" | "partially-cancelled" | "matters" | "unused"}, structurally."""
    runs = [_draw_verdicts(model, inputs, kwargs or {}, s) for s in draws]
    verdicts = {}
    for name in runs[0]:
        seen = {r[name] for r in runs}
        for verdict in ("unused", "redundant", "partially-cancelled"):
            if seen == {verdict}:
                verdicts[name] = verdict
                break
        else:
            verdicts[name] = "matters"
    return verdicts


def output_change(model, inputs, name, direction, seed, kwargs=None):
    """Largest change of any output, relative to the outputs' size, when bias `name` moves by
    `direction` (float64, at perturbation `seed`)."""
    model = perturbed(model, seed)
    with torch.no_grad():
        before = _outputs(model, inputs, kwargs or {})
    with torch.no_grad():
        dict(model.named_parameters())[name].add_(direction.double())
    with torch.no_grad():
        after = _outputs(model, inputs, kwargs or {})
    size = max(float(b.abs().max()) for b in before)
    return max(float((a - b).abs().max()) for a, b in zip(after, before)) / max(size, 1e-300)


@pytest.fixture
def one_thread():
    """Small float64 kernels run 10-20x faster on one thread when other processes share the CPU."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
