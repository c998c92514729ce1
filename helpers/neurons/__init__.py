"""Notebook 02 · One bias per neuron: logic (neurons, thresholds, ReLU nets, dead units), plots and
dashboards, exercises."""
