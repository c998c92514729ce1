"""Shared machinery of the course: exercise checks, input validation, style, the dashboard base
class and the one training loop. It imports no lesson, so every lesson can build on it."""
