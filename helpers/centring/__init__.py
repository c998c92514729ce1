"""Notebook 06 · Zero-centring: logic (conditioning, descent, centring), plots and dashboards,
exercises."""
