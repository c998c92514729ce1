"""Self-checking exercises, one module per notebook, all built on `helpers.checks.run_check`."""
from .line import check_add_ones_column, check_best_b, check_slope_through_origin

__all__ = ["check_best_b", "check_slope_through_origin", "check_add_ones_column"]
from .linear_layers import check_count_mlp_parameters, check_linear_forward, check_linear_output_shape

__all__ += ["check_count_mlp_parameters", "check_linear_output_shape", "check_linear_forward"]
