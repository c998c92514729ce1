"""Helpers for the course on the bias term in neural networks: every public name a notebook uses.

Modules by role: logic (`linefit`, `neurons`, `linear_layers`, `gradients`, `normbias`, `audit`, `centring`,
`practice`), plots and dashboards (`plots`, `widgets`, `*_plots`, `*_widgets`), exercise checks (`checks`,
`exercises/`), seeded data (`data`), `style` (colours, projector mode) and `validate` (input checks).
Importing it has no side effects (it imports torch, numpy, matplotlib and ipywidgets).
"""

# Shared machinery
from .checks import CheckResult, WrongAnswer, run_check
from .style import COLORS, set_style, style_params
from .widgets import Dashboard, slider, widget_figure

# 01 · y = wx + b
from .data import make_line_data
from .linefit import fit_line, loss_surface, mse, predict
from .plots import LinePlot, LossContour
from .widgets import LineFitDashboard
from .exercises import check_add_ones_column, check_best_b, check_slope_through_origin

# 02 · One bias per neuron
from .neurons import (ACTIVATIONS, accuracy, activate, active_fraction, contributions, dead_fraction,
                      dead_units, fit_logistic, hidden, init_net, kinks, layer_spreads, logistic_loss_grad,
                      make_offset_blobs, net_loss_grads, neuron, relu_net, threshold, train_net)
from .neuron_widgets import (ActivationPlot, BoundaryDashboard, BoundaryPlot, DeadLayerDashboard,
                             KinkDashboard, KinkPlot, LayerActivityPlot, NeuronDashboard, SweepPlot)
from .exercises import (check_dead_units, check_half_active_bias, check_kinks, check_mostly_active_bias,
                        check_threshold)

# 03 · nn.Linear(bias=...). The answers to its exercises (mlp_param_count, linear_output_shape, linear_forward)
# stay in helpers.linear_layers, not one import away.
from .linear_layers import (UNIT_SQUARE, affinity_gap, apply_affine, collapse_linear_stack,
                            conv2d_param_count, count_parameters, default_init_bound, describe_map,
                            grid_lines, ks_uniform, linear_param_count, map_grid, rotation_matrix,
                            sample_default_init, train_full_batch, uniform_test)
from .linear_widgets import AffineGridPlot, LinearMapDashboard
from .exercises import check_count_mlp_parameters, check_linear_forward, check_linear_output_shape

# 04 · The bias gradient
from .gradients import (bias_gradient_by_batch_size, init_two_layer, linear_backward, linear_forward,
                        mse_loss, numerical_gradient, sgd_step, sigmoid, two_layer_backward,
                        two_layer_forward, two_layer_loss_and_grads)
from .gradient_widgets import BatchSizeDashboard, BiasBars, bias_bar_pair, draw_batch_sum
from .exercises import check_bias_gradient, check_linear_backward, check_two_layer_backward

# 05 · BatchNorm and the bias before it; the bias audit
from .normbias import (bias_gradient, bias_response, eval_shift, fold_batchnorm, linear_bn_outputs,
                       models_with_and_without_bias, toy_regression, train_regression)
from .audit import BiasFinding, UntraceableModelError, find_redundant_biases
from .norm_plots import ModeOutputPlot
from .norm_widgets import BiasModeDashboard
from .exercises import check_eval_shift, check_folded_bias, check_surviving_bias

# 06 · Zero-centring
from .centring import (DescentRun, best_fixed_lr, centre, centred_params, condition_number, gradient_descent,
                       grid_around, hessian, make_offset_data, max_stable_lr, per_example_weight_grads,
                       relu_unit_fit, relu_unit_mse, sgd_path, standardise)
from .centring_widgets import CentringDashboard, ValleyPlot, valley
from .exercises import check_centred_bias, check_hessian_condition, check_max_learning_rate

# 07 · Bias in practice
from .attention import SelfAttention, TransformerBlock, fold_value_bias, transformer_block
from .practice import (decay_groups, first_step_losses, imbalanced_classes, init_bias_losses, mlp,
                       offset_regression, prior_output_bias, radial_or_angular, relative_change, set_output_bias,
                       settle_step, split_parameters, steps_to_reach, train, without_biases)
from .practice_widgets import COURSE_MAP, FirstLossPlot, LossCurvePlot, OutputBiasDashboard, plot_course_map
from .exercises import check_change_ratio, check_prior_bias, check_should_decay

__all__ = [
    "CheckResult", "WrongAnswer", "run_check", "COLORS", "set_style", "style_params", "Dashboard", "slider",
    "widget_figure", "make_line_data", "fit_line", "loss_surface", "mse", "predict", "LinePlot",
    "LossContour", "LineFitDashboard", "check_add_ones_column", "check_best_b", "check_slope_through_origin",
    "ACTIVATIONS", "accuracy", "activate", "active_fraction", "contributions", "dead_fraction", "dead_units",
    "fit_logistic", "hidden", "init_net", "kinks", "layer_spreads", "logistic_loss_grad", "make_offset_blobs",
    "net_loss_grads", "neuron", "relu_net", "threshold", "train_net", "ActivationPlot", "BoundaryDashboard",
    "BoundaryPlot", "DeadLayerDashboard", "KinkDashboard", "KinkPlot", "LayerActivityPlot", "NeuronDashboard",
    "SweepPlot", "check_dead_units", "check_half_active_bias", "check_kinks", "check_mostly_active_bias",
    "check_threshold", "UNIT_SQUARE", "affinity_gap", "apply_affine", "collapse_linear_stack",
    "conv2d_param_count", "count_parameters", "default_init_bound", "describe_map", "grid_lines",
    "ks_uniform", "linear_param_count", "map_grid", "rotation_matrix", "sample_default_init",
    "train_full_batch", "uniform_test", "AffineGridPlot", "LinearMapDashboard", "check_count_mlp_parameters",
    "check_linear_forward", "check_linear_output_shape", "bias_gradient_by_batch_size", "init_two_layer",
    "linear_backward", "linear_forward", "mse_loss", "numerical_gradient", "sgd_step", "sigmoid",
    "two_layer_backward", "two_layer_forward", "two_layer_loss_and_grads", "BatchSizeDashboard", "BiasBars",
    "bias_bar_pair", "draw_batch_sum", "check_bias_gradient", "check_linear_backward",
    "check_two_layer_backward", "bias_gradient", "bias_response", "eval_shift", "fold_batchnorm",
    "linear_bn_outputs", "models_with_and_without_bias", "toy_regression", "train_regression", "BiasFinding",
    "UntraceableModelError", "find_redundant_biases", "ModeOutputPlot", "BiasModeDashboard",
    "check_eval_shift", "check_folded_bias", "check_surviving_bias", "DescentRun", "best_fixed_lr", "centre",
    "centred_params", "condition_number", "gradient_descent", "grid_around", "hessian", "make_offset_data",
    "max_stable_lr", "per_example_weight_grads", "relu_unit_fit", "relu_unit_mse", "sgd_path", "standardise",
    "CentringDashboard", "ValleyPlot", "valley", "check_centred_bias", "check_hessian_condition",
    "check_max_learning_rate", "SelfAttention", "TransformerBlock", "decay_groups", "first_step_losses",
    "fold_value_bias", "imbalanced_classes", "init_bias_losses", "mlp", "offset_regression",
    "prior_output_bias", "radial_or_angular", "relative_change", "set_output_bias", "settle_step",
    "split_parameters", "steps_to_reach", "train", "transformer_block", "without_biases", "COURSE_MAP",
    "FirstLossPlot", "LossCurvePlot", "OutputBiasDashboard", "plot_course_map", "check_change_ratio",
    "check_prior_bias", "check_should_decay",
]
