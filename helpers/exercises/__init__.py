"""Self-checking exercises, one module per notebook, all built on `helpers.checks.run_check`."""
from .line import check_add_ones_column, check_best_b, check_slope_through_origin
from .gradients import check_bias_gradient, check_linear_backward, check_two_layer_backward

__all__ = ["check_best_b", "check_slope_through_origin", "check_add_ones_column"]
from .neurons import (check_dead_units, check_half_active_bias, check_kinks, check_mostly_active_bias,
                      check_threshold)

__all__ += ["check_threshold", "check_kinks", "check_dead_units", "check_half_active_bias", "check_mostly_active_bias"]

from .linear_layers import check_count_mlp_parameters, check_linear_forward, check_linear_output_shape

__all__ += ["check_count_mlp_parameters", "check_linear_output_shape", "check_linear_forward"]

__all__ = ["check_best_b", "check_slope_through_origin", "check_add_ones_column",
           "check_bias_gradient", "check_linear_backward", "check_two_layer_backward"]

from .centring import check_centred_bias, check_hessian_condition, check_max_learning_rate

__all__ += ["check_centred_bias", "check_hessian_condition", "check_max_learning_rate"]

# Notebook 05
from .batchnorm import check_eval_shift, check_folded_bias, check_surviving_bias

__all__ += ["check_eval_shift", "check_folded_bias", "check_surviving_bias"]
from .practice import check_prior_bias, check_change_ratio, check_should_decay

__all__ += ["check_prior_bias", "check_change_ratio", "check_should_decay"]
