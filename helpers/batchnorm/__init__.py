"""Notebook 05 · BatchNorm and the bias before it: logic (gradients, train/eval outputs, folding),
plots and dashboards, exercises. The audit itself is `helpers.audit`."""
