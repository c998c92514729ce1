"""Notebooks 02 · One bias per neuron and 02b · Dead units and initialising the bias: logic
(neurons, thresholds, ReLU nets, dead units, initialisation), plots and dashboards, exercises."""
