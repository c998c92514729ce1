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


def notebook_of(module_name, exercise):
    """(notebook, text of its .md) where a lesson module helpers.<lesson>.x sets `exercise`: one of
    the lesson's notebooks, "NN" or "NNb" (helpers.neurons serves 02 and 02b)."""
    number = LESSONS.index(module_name.split(".")[1]) + 1
    paths = sorted((ROOT / "notebooks").glob(f"{number:02d}*_*.md"))
    (path,) = [p for p in paths if f"{exercise.check_name}(" in p.read_text()] or paths[:1]
    return path.name.split("_")[0], path.read_text()


def imported_names(text):
    names = set()
    for cell in jupytext.reads(text, fmt="md:myst").cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.ImportFrom) and node.module == "helpers":
                    names |= {alias.name for alias in node.names}
    return names


def offered_by(notebook):
    """The names `from helpers import` offers as belonging to the notebooks up to `notebook` ("02b":
    01, 02 and 02b; notebook ids sort in course order, "02" < "02b" < "03")."""
    return {
        name
        for n, _, names in helpers._PUBLIC
        if n[:2].isdigit() and n.split()[0] <= notebook
        for name in names.split()
    }


@pytest.mark.parametrize("module_name, exercise", DECLARED, ids=[e.check_name for _, e in DECLARED])
def test_each_exercise_sits_in_its_notebook_and_no_answer_is_one_import_away(module_name, exercise):
    notebook, text = notebook_of(module_name, exercise)
    learner = exercise.variable if hasattr(exercise, "variable") else exercise.name
    assert f"{exercise.check_name}({learner})" in text
    if hasattr(exercise, "variable"):
        return
    assert f"def {learner}(" in text, "the stub defines the name the messages use"
    (section,) = [s for s in text.split("### Exercise") if f"{exercise.check_name}(" in s]
    handy = imported_names(text) | offered_by(notebook)
    for course_function in (exercise.reference, *exercise.forbidden):
        name = getattr(course_function, "__name__", "<lambda>")
        if name in handy:
            assert f"`{name}`" in section, (
                f"notebook {notebook} offers `{name}`, which answers {exercise.check_name}: "
                "take it out of the lesson, or have the exercise forbid it by name"
            )


def test_every_exercise_is_found():
    assert len(DECLARED) == 23


def test_the_rule_above_can_fail():
    assert {"threshold", "kinks", "dead_units"}.isdisjoint(offered_by("02b"))
    assert "check_dead_units" in offered_by("02b") and "check_dead_units" not in offered_by("02")
    assert "linear_forward" not in offered_by("03") and "linear_forward" in offered_by("04")
    assert "threshold" in imported_names(
        "```{code-cell} ipython3\nfrom helpers import threshold\n```"
    )
