"""The notebooks as files: saved from one clean run, readable on GitHub, and their solutions correct.

nbval (configured in pyproject.toml) re-runs every notebook and compares outputs; these tests check
what nbval does not: how the files were saved, and that every folded solution passes its own check.
"""
import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
SOLUTION = re.compile(r"<details><summary>Solution</summary>.*?```python\n(.*?)```", re.S)


def load(path):
    return json.loads(path.read_text())


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def solutions():
    for path in NOTEBOOKS:
        for cell in load(path)["cells"]:
            if cell["cell_type"] == "markdown":
                for i, block in enumerate(SOLUTION.findall("".join(cell["source"]))):
                    yield pytest.param(block, id=f"{path.stem}-{block.split('(')[0].split()[-1]}-{i}")


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_saved_from_one_clean_top_to_bottom_run(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_readable_on_github_and_free_of_path_tricks(path):
    nb = load(path)
    assert "widgets" not in nb["metadata"], "run scripts/execute_notebooks.py: it strips widget state"
    source = "\n".join("".join(c["source"]) for c in code_cells(nb))
    assert "sys.path" not in source
    errors = [o for c in code_cells(nb) for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_few_cells_escape_nbval(path):
    cells = code_cells(load(path))
    escaped = [c for c in cells if {"nbval-ignore-output", "nbval-skip"} & set(c["metadata"].get("tags", []))]
    assert len(escaped) <= 0.2 * len(cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_follows_the_template(path):
    text = "\n".join("".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    assert text.startswith("# "), "a notebook opens with its title"
    for heading in ("After this notebook you can", "## Summary", "## Check your understanding", "Exercise"):
        assert heading in text, f"missing: {heading}"
    assert len(SOLUTION.findall(text)) >= 2, "at least two exercises, each with a folded solution"


@pytest.mark.parametrize("block", list(solutions()))
def test_every_folded_solution_passes_its_check(block):
    namespace = {}
    exec("import numpy as np\nimport torch\nfrom helpers import *", namespace)
    tree = ast.parse(block)
    *body, last = tree.body
    assert isinstance(last, ast.Expr), "a solution ends with its check call"
    exec(compile(ast.Module(body=body, type_ignores=[]), "<solution>", "exec"), namespace)
    result = eval(compile(ast.Expression(last.value), "<solution>", "eval"), namespace)
    assert result.passed, result.message


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_heading_opens_its_cell_so_slides_split_at_sections(path):
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "markdown":
            text, fenced = "".join(cell["source"]), False
            for n, line in enumerate(text.split("\n")):
                fenced ^= line.startswith("```")
                assert fenced or n == 0 or not re.match(r"#{1,3} ", line), f"heading inside a cell: {line!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exports_to_static_html_slides(path, tmp_path):
    from nbconvert import SlidesExporter

    nb = load(path)
    kinds = [c["metadata"].get("slideshow", {}).get("slide_type") for c in nb["cells"]]
    assert all(kinds), "every cell carries slide metadata (scripts/execute_notebooks.py sets it)"
    html, _ = SlidesExporter().from_filename(str(path))
    slides = kinds.count("slide")
    assert slides >= 6
    # each slide is a <section> holding one <section> per sub-slide (itself included)
    assert html.count("<section") == slides + kinds.count("subslide") + slides
