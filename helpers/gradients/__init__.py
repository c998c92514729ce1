"""Notebook 04 · The bias gradient: logic (backprop from scratch, finite differences), plots and
dashboards, exercises."""
