"""Self-checking exercises, one module per notebook, all built on `helpers.checks.run_check`."""
from .line import check_add_ones_column, check_best_b, check_slope_through_origin

__all__ = ["check_best_b", "check_slope_through_origin", "check_add_ones_column"]
from .centring import check_centred_bias, check_hessian_condition, check_max_learning_rate

__all__ += ["check_centred_bias", "check_hessian_condition", "check_max_learning_rate"]
