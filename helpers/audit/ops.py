"""The operations of a torch.export graph, sorted by what they do to a bias's shift (notebook 05).

torch.export records forward() as ATen operations (`aten.linear`, `aten.add`, `aten.softmax`, ...);
`op_name` gives an operation's plain name ("add" for `aten.add_.Tensor`), and the sets below sort
those names for the rules in `rules.py` and `norms.py`. A name in none of them is unknown: a bias
whose shift reaches it is reported "not audited".
"""

import operator

ADDITIVE = {
    "add",
    "sub",
    "rsub",
    "neg",
    "cat",
    "concat",
    "concatenate",
    "stack",
    "hstack",
    "vstack",
}
# Linear in their one shifted argument, whatever values the others hold.
MOVES = {
    *("view", "_unsafe_view", "reshape", "_reshape_alias", "view_as", "reshape_as", "alias"),
    *("permute", "transpose", "t", "swapaxes", "movedim", "moveaxis", "flatten", "unflatten"),
    *("unsqueeze", "squeeze", "expand", "expand_as", "contiguous", "clone", "lift_fresh_copy"),
    *("slice", "select", "narrow", "chunk", "split", "split_with_sizes", "unbind", "diagonal"),
    *("roll", "flip", "repeat", "tile", "index_select", "gather", "index", "embedding"),
    *("_to_copy", "to", "type_as", "mean", "sum", "cumsum", "diff", "as_strided", "unfold"),
    *("avg_pool1d", "avg_pool2d", "avg_pool3d", "adaptive_avg_pool1d", "adaptive_avg_pool2d"),
    *("adaptive_avg_pool3d", "_adaptive_avg_pool2d", "_adaptive_avg_pool3d", "im2col", "col2im"),
    *("upsample_nearest1d", "upsample_nearest2d", "upsample_nearest3d", "upsample_linear1d"),
    *("upsample_bilinear2d", "upsample_bicubic2d", "upsample_trilinear3d", "pixel_shuffle"),
    *("_upsample_nearest_exact1d", "_upsample_nearest_exact2d", "_upsample_nearest_exact3d"),
    *("pixel_unshuffle", "channel_shuffle", "native_channel_shuffle", "constant_pad_nd", "pad"),
    *("reflection_pad1d", "reflection_pad2d", "reflection_pad3d", "replication_pad1d"),
    *("replication_pad2d", "replication_pad3d", "_pad_circular", "masked_fill", "where"),
    "getitem",
}
# Products: linear in one shifted factor; the shift is lost if both factors carry it.
PRODUCTS = {"mul", "div", "matmul", "mm", "bmm", "einsum", "tensordot", "outer", "dot", "mv"}
# Layers with a bias argument: linear in their input, and the bias adds its own shift.
LAYERS = {
    *("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d"),
    *("conv_transpose3d", "convolution", "_convolution", "addmm", "baddbmm", "addbmm"),
}
NORMS = {
    *("batch_norm", "native_batch_norm", "_native_batch_norm_legit_functional"),
    *("_native_batch_norm_legit_no_training", "_native_batch_norm_legit", "layer_norm"),
    *("native_layer_norm", "group_norm", "native_group_norm", "instance_norm"),
}
SPREADS = {"var", "std"}
SOFTMAX = {"softmax", "_softmax", "log_softmax", "_log_softmax", "_safe_softmax"}
MAX_POOLS = {
    *("max_pool1d", "max_pool2d", "max_pool3d", "max_pool2d_with_indices"),
    *("max_pool3d_with_indices", "adaptive_max_pool1d", "adaptive_max_pool2d"),
    "adaptive_max_pool3d",
}
DROPOUTS = {
    "dropout",
    "native_dropout",
    "feature_dropout",
    "alpha_dropout",
    "feature_alpha_dropout",
}
RANDOM = DROPOUTS | {
    *("bernoulli", "rand", "randn", "rand_like", "randn_like", "randint", "randint_like"),
    *("randperm", "normal", "uniform", "exponential", "multinomial", "poisson", "geometric"),
    *("cauchy", "log_normal", "random", "_fused_dropout"),
}
# Read only a tensor's shape, dtype or device: their result carries no shift.
VALUE_FREE = {
    *("zeros_like", "ones_like", "empty_like", "full_like", "rand_like", "randn_like"),
    *("new_zeros", "new_ones", "new_empty", "new_full", "sym_size", "size", "sym_numel"),
    *("sym_stride", "_assert_tensor_metadata", "zeros", "ones", "empty", "full", "arange"),
}
# Known not to pass a shift through unchanged: the bias matters from here on.
NONLINEAR = {
    *("relu", "relu6", "gelu", "silu", "sigmoid", "tanh", "hardswish", "hardsigmoid"),
    *("hardtanh", "leaky_relu", "elu", "selu", "celu", "softplus", "mish", "prelu", "glu"),
    *("_prelu_kernel", "threshold", "log_sigmoid", "softsign", "tanhshrink", "hardshrink"),
    *("softshrink", "exp", "exp2", "log", "log2", "log1p", "expm1", "pow", "sqrt", "rsqrt"),
    *("abs", "clamp", "clamp_min", "clamp_max", "erf", "erfinv", "sin", "cos", "atan"),
    *("square", "reciprocal", "sign", "round", "floor", "ceil", "trunc", "frac", "fmod"),
    *("remainder", "eq", "ne", "lt", "gt", "le", "ge", "argmax", "argmin", "topk", "sort"),
    *("logsumexp", "minimum", "maximum", "max", "min", "amax", "amin", "rms_norm"),
    *("_fused_rms_norm", "norm", "linalg_vector_norm", "cumprod", "prod", "logit"),
    *("logical_not", "logical_and", "logical_or", "__and__", "__or__", "bitwise_and"),
    "scaled_dot_product_attention",
}


def op_name(node):
    """The plain name of a call_function node's operation: "add" for aten.add_.Tensor."""
    target = node.target
    if target is operator.getitem:
        return "getitem"
    packet = getattr(target, "_overloadpacket", None)
    name = getattr(packet, "__name__", None) or getattr(target, "__name__", str(target))
    return name[:-1] if name.endswith("_") and not name.endswith("__") else name


def schema_args(node):
    """{argument name: value} for a call_function node (names from the ATen schema)."""
    schema = getattr(node.target, "_schema", None)
    if schema is None:
        return dict(enumerate(node.args))
    bound = {a.name: v for a, v in zip(schema.arguments, node.args)}
    bound.update(node.kwargs)
    return bound


def mutated_first_argument(node):
    """True for an in-place operation that writes its first argument (aten.relu_, aten.add_)."""
    schema = getattr(node.target, "_schema", None)
    if schema is None or not schema.arguments:
        return False
    alias = schema.arguments[0].alias_info
    return alias is not None and alias.is_write


def module_of(node):
    """(qualified name, class name, is a torch.nn layer) of the innermost module that ran the
    node."""
    stack = node.meta.get("nn_module_stack") or {}
    if not stack:
        return "", "", False
    path, kind = list(stack.values())[-1]
    kind = kind if isinstance(kind, type) else None if not isinstance(kind, str) else kind
    name = kind.rsplit(".", 1)[-1] if isinstance(kind, str) else getattr(kind, "__name__", "")
    return path, name, node.meta.get("audit_torch_layer", False)


def describe(node):
    """`name` (kind) for messages: a torch.nn layer by its name, any other operation by where it
    runs."""
    path, kind, torch_layer = module_of(node)
    if torch_layer:
        return f"`{path}` ({kind})"
    where = f"`{path}` ({kind})" if path else "forward()"
    return f"`{op_name(node)}` in {where}"
