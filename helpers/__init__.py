"""Helpers for the course on the bias term in neural networks.

Modules by role: `data` (seeded toy data), `linefit` (the maths of a line), `plots` (figures updated
in place), `widgets` (sliders wired to plots), `checks` and `exercises` (self-checking exercises),
`style` (colours, projector mode), `validate` (input checks). Nothing here has side effects on import.
"""
from .checks import CheckResult, WrongAnswer, run_check
from .data import make_line_data
from .exercises import check_add_ones_column, check_best_b, check_slope_through_origin
from .linefit import fit_line, loss_surface, mse, predict
from .plots import LinePlot, LossContour
from .style import COLORS, set_style, style_params
from .widgets import LineFitDashboard, widget_figure
from .gradients import (bias_gradient_by_batch_size, init_two_layer, linear_backward, linear_forward, mse_loss,
                        numerical_gradient, sgd_step, sigmoid, two_layer_backward, two_layer_forward,
                        two_layer_loss_and_grads)
from .gradient_widgets import BatchSizeDashboard, BiasBars, bias_bar_pair, draw_batch_sum
from .exercises import check_bias_gradient, check_linear_backward, check_two_layer_backward

__all__ = [
    "CheckResult", "WrongAnswer", "run_check",
    "make_line_data",
    "check_add_ones_column", "check_best_b", "check_slope_through_origin",
    "fit_line", "loss_surface", "mse", "predict",
    "LinePlot", "LossContour",
    "COLORS", "set_style", "style_params",
    "LineFitDashboard", "widget_figure",
    "bias_gradient_by_batch_size", "init_two_layer", "linear_backward", "linear_forward", "mse_loss",
    "numerical_gradient", "sgd_step", "sigmoid", "two_layer_backward", "two_layer_forward",
    "two_layer_loss_and_grads",
    "BatchSizeDashboard", "BiasBars", "bias_bar_pair", "draw_batch_sum",
    "check_bias_gradient", "check_linear_backward", "check_two_layer_backward",
]

# Notebook 02: one bias per neuron
from .exercises import (check_dead_units, check_half_active_bias, check_kinks, check_mostly_active_bias,
                        check_threshold)
from .neuron_widgets import (ActivationPlot, BoundaryDashboard, BoundaryPlot, DeadLayerDashboard, KinkDashboard,
                             KinkPlot, LayerActivityPlot, NeuronDashboard, SweepPlot)
from .neurons import (ACTIVATIONS, accuracy, activate, active_fraction, contributions, dead_fraction,
                      dead_units, fit_logistic, hidden, init_net, kinks, layer_spreads, logistic_loss_grad,
                      make_offset_blobs, net_loss_grads, neuron, relu_net, threshold, train_net)

__all__ += [
    "check_dead_units", "check_half_active_bias", "check_kinks", "check_mostly_active_bias", "check_threshold",
    "ActivationPlot", "BoundaryDashboard", "BoundaryPlot", "DeadLayerDashboard", "KinkDashboard", "KinkPlot",
    "LayerActivityPlot", "NeuronDashboard", "SweepPlot",
    "ACTIVATIONS", "accuracy", "activate", "active_fraction", "contributions", "dead_fraction", "dead_units",
    "fit_logistic", "hidden", "init_net", "kinks", "layer_spreads", "logistic_loss_grad", "make_offset_blobs",
    "net_loss_grads", "neuron", "relu_net", "threshold", "train_net",
]

# Notebook 03: nn.Linear(bias=...)
from .exercises import check_count_mlp_parameters, check_linear_forward, check_linear_output_shape
# The answers to notebook 03's exercises (mlp_param_count, linear_output_shape, linear_forward) stay in
# helpers.linear_layers, not one import away.
from .linear_layers import (UNIT_SQUARE, affinity_gap, apply_affine, collapse_linear_stack, conv2d_param_count,
                            count_parameters, default_init_bound, describe_map, grid_lines, ks_uniform,
                            linear_param_count, map_grid, rotation_matrix, sample_default_init, train_full_batch,
                            uniform_test)
from .linear_widgets import AffineGridPlot, LinearMapDashboard

__all__ += [
    "check_count_mlp_parameters", "check_linear_forward", "check_linear_output_shape",
    "UNIT_SQUARE", "affinity_gap", "apply_affine", "collapse_linear_stack", "conv2d_param_count",
    "count_parameters", "default_init_bound", "describe_map", "grid_lines", "ks_uniform",
    "linear_param_count", "map_grid", "rotation_matrix", "sample_default_init", "train_full_batch", "uniform_test",
    "AffineGridPlot", "LinearMapDashboard",
]
from .centring import (DescentRun, best_fixed_lr, centre, centred_params, condition_number, gradient_descent, grid_around, hessian,
                       make_offset_data, max_stable_lr, per_example_weight_grads, relu_unit_fit, relu_unit_mse, sgd_path,
                       standardise)
from .centring_widgets import CentringDashboard, ValleyPlot, valley
from .exercises import check_centred_bias, check_hessian_condition, check_max_learning_rate

__all__ += [
    "DescentRun", "best_fixed_lr", "centre", "centred_params", "condition_number", "gradient_descent", "grid_around", "hessian",
    "make_offset_data", "max_stable_lr", "per_example_weight_grads", "relu_unit_fit", "relu_unit_mse", "sgd_path", "standardise",
    "CentringDashboard", "ValleyPlot", "valley",
    "check_centred_bias", "check_hessian_condition", "check_max_learning_rate",
]
# Notebook 05 (BatchNorm and the bias before it)
from .audit import BiasFinding, UntraceableModelError, find_redundant_biases
from .exercises import check_eval_shift, check_folded_bias, check_surviving_bias
from .norm_plots import ModeOutputPlot
from .norm_widgets import BiasModeDashboard
from .normbias import (bias_gradient, bias_response, eval_shift, fold_batchnorm, linear_bn_outputs,
                       models_with_and_without_bias, toy_regression, train_regression)

__all__ += ["BiasFinding", "UntraceableModelError", "find_redundant_biases",
            "check_eval_shift", "check_folded_bias", "check_surviving_bias", "ModeOutputPlot", "BiasModeDashboard",
            "bias_gradient", "bias_response", "eval_shift", "fold_batchnorm", "linear_bn_outputs",
            "models_with_and_without_bias", "toy_regression", "train_regression"]
from .exercises import check_prior_bias, check_change_ratio, check_should_decay
from .practice import (SelfAttention, TransformerBlock, decay_groups, first_step_losses,
                       fold_value_bias, imbalanced_classes, init_bias_losses, mlp, offset_regression,
                       prior_output_bias, radial_or_angular, relative_change, set_output_bias, settle_step,
                       split_parameters, steps_to_reach, train, transformer_block, without_biases)
from .practice_widgets import COURSE_MAP, FirstLossPlot, LossCurvePlot, OutputBiasDashboard, plot_course_map

__all__ += ["check_prior_bias", "check_change_ratio", "check_should_decay",
            "SelfAttention", "TransformerBlock", "decay_groups", "first_step_losses",
            "fold_value_bias", "imbalanced_classes", "init_bias_losses", "mlp", "offset_regression",
            "prior_output_bias", "radial_or_angular", "relative_change", "set_output_bias", "settle_step",
            "split_parameters", "steps_to_reach", "train", "transformer_block", "without_biases",
            "COURSE_MAP", "FirstLossPlot", "LossCurvePlot", "OutputBiasDashboard", "plot_course_map"]
