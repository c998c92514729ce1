"""The bias audit: `find_redundant_biases(model, example_input)` traces a model with torch.fx and
says which biases a later normalisation cancels. `finder` walks the graph, `rules` follows a shift
through each kind of node, `norms` knows what each normalisation removes."""

from helpers.audit.finder import BiasFinding, UntraceableModelError, find_redundant_biases

__all__ = ["BiasFinding", "UntraceableModelError", "find_redundant_biases"]
