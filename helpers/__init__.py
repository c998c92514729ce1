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
