"""Self-checking exercises, one module per notebook, all built on `helpers.checks.run_check`."""
from .line import check_add_ones_column, check_best_b, check_slope_through_origin
from .gradients import check_bias_gradient, check_linear_backward, check_two_layer_backward

__all__ = ["check_best_b", "check_slope_through_origin", "check_add_ones_column",
           "check_bias_gradient", "check_linear_backward", "check_two_layer_backward"]
