"""Self-checking exercises, one module per notebook, all built on `helpers.checks.run_check`."""
from .line import check_add_ones_column, check_best_b, check_slope_through_origin                      # 01
from .neurons import (check_dead_units, check_half_active_bias, check_kinks, check_mostly_active_bias,  # 02
                      check_threshold)
from .linear_layers import check_count_mlp_parameters, check_linear_forward, check_linear_output_shape  # 03
from .gradients import check_bias_gradient, check_linear_backward, check_two_layer_backward            # 04
from .batchnorm import check_eval_shift, check_folded_bias, check_surviving_bias                       # 05
from .centring import check_centred_bias, check_hessian_condition, check_max_learning_rate             # 06
from .practice import check_change_ratio, check_prior_bias, check_should_decay                         # 07

__all__ = [name for name in dir() if name.startswith("check_")]
