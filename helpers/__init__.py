"""The course's helper package: every name a notebook uses, importable as
`from helpers import name`.

Layout, in the order of the course (a lesson module may use the core and earlier lessons, never a
later one; the core imports no lesson):

    helpers.core       shared machinery: checks (exercises declared as data, run in a sandbox),
                       validate, style, dashboard (the slider base), training, torch_setup
    helpers.line       01 · y = wx + b
    helpers.neurons    02 · One bias per neuron, and 02b · Dead units and initialising the bias
    helpers.linear     03 · nn.Linear(bias=...)
    helpers.gradients  04 · The bias gradient
    helpers.batchnorm  05 · BatchNorm and the bias before it
    helpers.centring   06 · Zero-centring
    helpers.practice   07 · Bias in practice
    helpers.audit      the bias audit, `find_redundant_biases` (05, 07), a tool in its own right

Each lesson has `logic.py` (the maths), `plots.py` (plots and dashboards) and `exercises.py` (the
self-checking exercises). Importing `helpers` loads none of them: each name is imported from its
module the first time it is used, so a notebook that needs no PyTorch never loads it.
The public names, grouped by notebook, follow.
"""

import importlib
import textwrap

# (notebook, module, names): what `from helpers import ...` offers; the rest stays in its module.
# A course function that answers an exercise is not offered up to that exercise's notebook:
# threshold, kinks (02), dead_units (02b), linear_backward, two_layer_backward (04) stay in their
# modules, and linear_forward (03's exercise 3) is offered from 04 on. Where a lesson itself needs
# such a function (fit_line in 01, condition_number in 06...), its exercise forbids it and the
# check refuses it; tests/test_exercises_in_notebooks.py holds both rules.
_PUBLIC = [
    ("shared", "helpers.core.checks", "CheckResult WrongAnswer run_check"),
    ("shared", "helpers.core.exercise", "Exercise Part"),
    ("shared", "helpers.core.style", "COLORS set_style style_params"),
    ("shared", "helpers.core.dashboard", "Dashboard slider widget_figure"),
    ("shared", "helpers.core.training", "train split_parameters"),
    ("shared", "helpers.core.torch_setup", "warm_up_torch"),
    ("01 · y = wx + b", "helpers.line.logic", "make_line_data fit_line loss_surface mse predict"),
    ("01 · y = wx + b", "helpers.line.plots", "LinePlot LossContour LineFitDashboard"),
    (
        "01 · y = wx + b",
        "helpers.line.exercises",
        "check_add_ones_column check_best_b check_slope_through_origin",
    ),
    (
        "02 · One bias per neuron",
        "helpers.neurons.logic",
        "ACTIVATIONS accuracy activate contributions fit_logistic init_net logistic_loss_grad "
        "make_offset_blobs neuron relu_net sigmoid train_relu_net",
    ),
    (
        "02 · One bias per neuron",
        "helpers.neurons.plots",
        "ActivationPlot BoundaryDashboard BoundaryPlot KinkDashboard KinkPlot NeuronDashboard",
    ),
    ("02 · One bias per neuron", "helpers.neurons.exercises", "check_kinks check_threshold"),
    (
        "02b · Dead units and initialising the bias",
        "helpers.neurons.logic",
        "active_fraction dead_fraction layer_spreads net_loss_grads pre_activations",
    ),
    (
        "02b · Dead units and initialising the bias",
        "helpers.neurons.plots",
        "DeadLayerDashboard LayerActivityPlot SweepPlot",
    ),
    ("02b · Dead units and initialising the bias", "helpers.neurons.exercises", "check_dead_units"),
    (
        "02b · Dead units and initialising the bias",
        "helpers.neurons.value_exercises",
        "check_half_active_bias check_mostly_active_bias",
    ),
    (
        "03 · nn.Linear(bias=...)",
        "helpers.linear.logic",
        "UNIT_SQUARE affinity_gap apply_affine collapse_linear_stack conv2d_param_count "
        "count_parameters default_init_bound describe_map grid_lines ks_uniform "
        "linear_param_count map_grid rotation_matrix sample_default_init uniform_test",
    ),
    (
        "03 · nn.Linear(bias=...)",
        "helpers.linear.plots",
        "AffineGridPlot LinearMapDashboard bias_share_plot",
    ),
    (
        "03 · nn.Linear(bias=...)",
        "helpers.linear.exercises",
        "check_count_mlp_parameters check_linear_forward check_linear_output_shape",
    ),
    ("04 · The bias gradient", "helpers.linear.logic", "linear_forward"),
    (
        "04 · The bias gradient",
        "helpers.gradients.logic",
        "bias_gradient_by_batch_size init_two_layer mse_loss numerical_gradient "
        "sgd_step two_layer_forward two_layer_loss_and_grads",
    ),
    (
        "04 · The bias gradient",
        "helpers.gradients.plots",
        "BatchSizeDashboard BiasBars bias_bar_pair draw_batch_sum",
    ),
    (
        "04 · The bias gradient",
        "helpers.gradients.exercises",
        "check_bias_gradient check_linear_backward",
    ),
    ("04 · The bias gradient", "helpers.gradients.network_exercise", "check_two_layer_backward"),
    (
        "05 · BatchNorm and the bias before it",
        "helpers.batchnorm.logic",
        "bias_response eval_shift fold_batchnorm linear_bn_outputs models_with_and_without_bias "
        "module_bias_grad toy_regression",
    ),
    (
        "05 · BatchNorm and the bias before it",
        "helpers.batchnorm.plots",
        "BiasModeDashboard ModeOutputPlot",
    ),
    (
        "05 · BatchNorm and the bias before it",
        "helpers.batchnorm.exercises",
        "check_eval_shift check_folded_bias check_surviving_bias",
    ),
    (
        "05 · BatchNorm and the bias before it",
        "helpers.audit",
        "BiasFinding UntraceableModelError find_redundant_biases warm_up_audit",
    ),
    (
        "06 · Zero-centring",
        "helpers.centring.logic",
        "DescentRun best_fixed_lr centre centred_params condition_number "
        "gradient_descent grid_around hessian make_offset_data max_stable_lr "
        "per_example_weight_grads relu_unit_fit relu_unit_mse sgd_path standardise",
    ),
    (
        "06 · Zero-centring",
        "helpers.centring.plots",
        "CentringDashboard StepTrace ValleyPlot valley",
    ),
    (
        "06 · Zero-centring",
        "helpers.centring.exercises",
        "check_centred_bias check_hessian_condition check_max_learning_rate",
    ),
    (
        "07 · Bias in practice",
        "helpers.practice.logic",
        "decay_groups first_step_losses imbalanced_classes init_bias_loss_curves init_bias_losses "
        "mlp offset_regression prior_output_bias radial_or_angular relative_change "
        "set_output_bias settle_step steps_to_reach without_biases",
    ),
    (
        "07 · Bias in practice",
        "helpers.practice.attention",
        "SelfAttention TransformerBlock fold_value_bias transformer_block",
    ),
    (
        "07 · Bias in practice",
        "helpers.practice.plots",
        "COURSE_MAP FirstLossPlot LossCurvePlot OutputBiasDashboard decision_regions "
        "plot_course_map",
    ),
    (
        "07 · Bias in practice",
        "helpers.practice.exercises",
        "check_change_ratio check_prior_bias check_should_decay",
    ),
]
_HOME = {name: module for _, module, names in _PUBLIC for name in names.split()}
__all__ = list(_HOME)


def __getattr__(name):
    """Import a public name from its module the first time it is asked for (PEP 562)."""
    if name not in _HOME:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


def _contents():
    """The public names as text, grouped by notebook, wrapped to 100 characters."""
    groups = {}
    for notebook, module, names in _PUBLIC:
        text = f"{module}: {', '.join(names.split())}"
        wrapped = textwrap.fill(text, 96, initial_indent="    ", subsequent_indent="        ")
        groups.setdefault(notebook, []).append(wrapped)
    return "\n".join(f"\n{notebook}\n" + "\n".join(lines) for notebook, lines in groups.items())


__doc__ += _contents()
