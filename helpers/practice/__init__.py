"""Notebook 07 · Bias in practice: logic (prior init, weight decay, trimming), attention, plots and
dashboards, exercises."""
