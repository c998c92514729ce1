"""Notebook 03 · nn.Linear(bias=...): logic (shapes, counts, default init, affine maps), plots and
dashboards, exercises."""
