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
