"""Notebook 01 · y = wx + b: logic (fits, losses), plots (the line, the loss contour, the
dashboard), exercises."""
