"""The bias audit: `find_redundant_biases(model, example_input)` records a model with torch.export
and says which biases a later normalisation (or softmax) cancels. `inputs` checks the arguments,
`capture` records and replays the graph, `ops` sorts its operations, `paths` follows a shift
through the graph and `rules` through each operation, `norms` knows what each normalisation and
softmax removes, `finder` gives the verdicts."""

from helpers.audit.finder import BiasFinding, find_redundant_biases, warm_up_audit
from helpers.audit.inputs import UntraceableModelError

__all__ = ["BiasFinding", "UntraceableModelError", "find_redundant_biases", "warm_up_audit"]
