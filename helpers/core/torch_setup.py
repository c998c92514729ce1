"""PyTorch's one-time costs, paid in a notebook's setup cell where a wait is expected.

A process pays twice the first time it trains anything: for the first backward pass (autograd's
engine starts) and for the first optimizer it builds (torch.optim imports torch._dynamo, some 800
modules: seconds). `warm_up_torch` pays both at once, so no later cell stalls on them.
"""

import torch


def warm_up_torch():
    """Build one optimizer and run one backward pass and step on a throwaway parameter.

    Returns the number of threads torch computes with (set it with torch.set_num_threads first).
    """
    weight = torch.zeros(2, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=0.1)
    (weight * torch.ones(2)).sum().backward()
    optimizer.step()
    return torch.get_num_threads()
