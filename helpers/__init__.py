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

__all__ = [
    "CheckResult", "WrongAnswer", "run_check",
    "make_line_data",
    "check_add_ones_column", "check_best_b", "check_slope_through_origin",
    "fit_line", "loss_surface", "mse", "predict",
    "LinePlot", "LossContour",
    "COLORS", "set_style", "style_params",
    "LineFitDashboard", "widget_figure",
]
from .audit import BiasFinding, UntraceableModelError, find_redundant_biases

__all__ += ["BiasFinding", "UntraceableModelError", "find_redundant_biases"]
from .exercises import check_eval_shift, check_folded_bias, check_surviving_bias
from .norm_plots import ModeOutputPlot
from .norm_widgets import BiasModeDashboard
from .normbias import (bias_gradient, bias_response, eval_shift, fold_batchnorm, linear_bn_outputs,
                       models_with_and_without_bias, toy_regression, train_regression)

__all__ += ["check_eval_shift", "check_folded_bias", "check_surviving_bias", "ModeOutputPlot", "BiasModeDashboard",
            "bias_gradient", "bias_response", "eval_shift", "fold_batchnorm", "linear_bn_outputs",
            "models_with_and_without_bias", "toy_regression", "train_regression"]
from .exercises import check_prior_bias, check_change_ratio, check_should_decay
from .practice import (SelfAttention, TransformerBlock, count_parameters, decay_groups, first_step_losses,
                       fold_value_bias, imbalanced_classes, init_bias_losses, mlp, offset_regression,
                       prior_output_bias, radial_or_angular, relative_change, set_output_bias, settle_step,
                       split_parameters, steps_to_reach, train, transformer_block, without_biases)
from .practice_widgets import COURSE_MAP, FirstLossPlot, LossCurvePlot, OutputBiasDashboard, plot_course_map

__all__ += ["check_prior_bias", "check_change_ratio", "check_should_decay",
            "SelfAttention", "TransformerBlock", "count_parameters", "decay_groups", "first_step_losses",
            "fold_value_bias", "imbalanced_classes", "init_bias_losses", "mlp", "offset_regression",
            "prior_output_bias", "radial_or_angular", "relative_change", "set_output_bias", "settle_step",
            "split_parameters", "steps_to_reach", "train", "transformer_block", "without_biases",
            "COURSE_MAP", "FirstLossPlot", "LossCurvePlot", "OutputBiasDashboard", "plot_course_map"]
