"""Each exercise in its notebook: the stub is named as the check's messages name it, and no course
function that answers an exercise is one import away in its notebook, unless the exercise forbids it
by name (its check then refuses it, tests/test_exercises.py)."""

import ast
import importlib
import pkgutil
from pathlib import Path

import jupytext
import pytest

import helpers

DECLARED = [
    (module.name, exercise)
    for module in pkgutil.walk_packages(helpers.__path__, "helpers.")
    for attribute in ("EXERCISES", "NUMBER_EXERCISES")
    for exercise in getattr(importlib.import_module(module.name), attribute, ())
]

LESSONS = ["line", "neurons", "linear", "gradients", "batchnorm", "centring", "practice"]  # 01..07
ROOT = Path(__file__).resolve().parents[1]


def lesson_of(module_name):
    """(notebook number, text of the notebook's .md) of a lesson module helpers.<lesson>.x."""
    number = LESSONS.index(module_name.split(".")[1]) + 1
    (path,) = (ROOT / "notebooks").glob(f"{number:02d}_*.md")
    return number, path.read_text()


def imported_names(text):
    names = set()
    for cell in jupytext.reads(text, fmt="md:myst").cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.ImportFrom) and node.module == "helpers":
                    names |= {alias.name for alias in node.names}
    return names


def offered_by(number):
    """The names `from helpers import` offers as belonging to notebooks 01..number."""
    early = [n for n, _, names in helpers._PUBLIC if n[:2].isdigit() and int(n[:2]) <= number]
    return {name for n, _, names in helpers._PUBLIC if n in early for name in names.split()}


@pytest.mark.parametrize("module_name, exercise", DECLARED, ids=[e.check_name for _, e in DECLARED])
def test_each_exercise_sits_in_its_notebook_and_no_answer_is_one_import_away(module_name, exercise):
    number, text = lesson_of(module_name)
    learner = exercise.variable if hasattr(exercise, "variable") else exercise.name
    assert f"{exercise.check_name}({learner})" in text
    if hasattr(exercise, "variable"):
        return
    assert f"def {learner}(" in text, "the stub defines the name the messages use"
    (section,) = [s for s in text.split("### Exercise") if f"{exercise.check_name}(" in s]
    handy = imported_names(text) | offered_by(number)
    for course_function in (exercise.reference, *exercise.forbidden):
        name = getattr(course_function, "__name__", "<lambda>")
        if name in handy:
            assert f"`{name}`" in section, (
                f"notebook {number:02d} offers `{name}`, which answers {exercise.check_name}: "
                "take it out of the lesson, or have the exercise forbid it by name"
            )


def test_every_exercise_is_found():
    assert len(DECLARED) == 23


def test_the_rule_above_can_fail():
    assert {"threshold", "kinks", "dead_units"}.isdisjoint(offered_by(2))
    assert "linear_forward" not in offered_by(3) and "linear_forward" in offered_by(4)
    assert "threshold" in imported_names(
        "```{code-cell} ipython3\nfrom helpers import threshold\n```"
    )
