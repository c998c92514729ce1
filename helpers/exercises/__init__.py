"""Self-checking exercises, one module per notebook, all built on `helpers.checks.run_check`."""
from .line import check_add_ones_column, check_best_b, check_slope_through_origin

__all__ = ["check_best_b", "check_slope_through_origin", "check_add_ones_column"]
from .batchnorm import check_eval_shift, check_folded_bias, check_surviving_bias

__all__ += ["check_eval_shift", "check_folded_bias", "check_surviving_bias"]
from .practice import check_prior_bias, check_change_ratio, check_should_decay

__all__ += ["check_prior_bias", "check_change_ratio", "check_should_decay"]
