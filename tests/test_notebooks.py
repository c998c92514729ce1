"""The notebooks as files: saved from one clean run, readable on GitHub, and their solutions
correct.

nbval (configured in pyproject.toml) re-runs every notebook and compares outputs; these tests check
what nbval does not: how the files were saved, and that every folded solution passes its own check.
"""

import ast
import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
_spec = importlib.util.spec_from_file_location(
    "build_notebooks", ROOT / "scripts" / "build_notebooks.py"
)
build_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_notebooks)
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
                    yield pytest.param(
                        block, id=f"{path.stem}-{block.split('(')[0].split()[-1]}-{i}"
                    )


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found"


@pytest.mark.parametrize("pair", build_notebooks.lesson_pairs(), ids=lambda p: p[0].stem)
def test_text_twin_and_notebook_agree(pair):
    assert build_notebooks.disagreement(*pair) is None, build_notebooks.disagreement(*pair)


@pytest.mark.parametrize("edit", ["prose", "code", "new cell", "tag", "missing twin"])
def test_drift_between_twin_and_notebook_is_caught(edit, tmp_path):
    text, built = build_notebooks.lesson_pairs()[0]
    copy, copy_built = tmp_path / text.name, tmp_path / built.name
    copy_built.write_bytes(built.read_bytes())
    source = text.read_text()
    if edit == "prose":
        source = source.replace("A line through the origin", "A line through zero", 1)
    elif edit == "code":
        source = source.replace("SEED = 0", "SEED = 1", 1)
    elif edit == "new cell":
        source += "\n```{code-cell} ipython3\nprint('one more cell')\n```\n"
    elif edit == "tag":
        source = source.replace(
            "```{code-cell} ipython3\n", "```{code-cell} ipython3\n:tags: [nbval-skip]\n\n", 1
        )
    if edit != "missing twin":
        assert source != text.read_text(), "the edit must change the source"
        copy.write_text(source)
    message = build_notebooks.disagreement(copy, copy_built)
    assert message is not None and ("make notebooks" in message or "missing" in message)


def test_built_cell_ids_are_stable_and_unique():
    import jupytext

    nb = jupytext.read(build_notebooks.lesson_pairs()[0][0])
    nb.cells.append(nb.cells[-1].copy())  # two identical cells still get two ids
    build_notebooks.set_cell_ids(nb)
    ids = [c.id for c in nb.cells]
    assert len(set(ids)) == len(ids)
    again = jupytext.read(build_notebooks.lesson_pairs()[0][0])
    again.cells.append(again.cells[-1].copy())
    build_notebooks.set_cell_ids(again)
    assert [c.id for c in again.cells] == ids


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_saved_from_one_clean_top_to_bottom_run(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_readable_on_github_and_free_of_path_tricks(path):
    nb = load(path)
    assert "widgets" not in nb["metadata"], "run `make notebooks`: it strips widget state"
    source = "\n".join("".join(c["source"]) for c in code_cells(nb))
    assert "sys.path" not in source
    errors = [o for c in code_cells(nb) for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_few_cells_escape_nbval(path):
    cells = code_cells(load(path))
    escaped = [
        c
        for c in cells
        if {"nbval-ignore-output", "nbval-skip"} & set(c["metadata"].get("tags", []))
    ]
    assert len(escaped) <= 0.2 * len(cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_follows_the_template(path):
    text = "\n".join(
        "".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "markdown"
    )
    assert text.startswith("# "), "a notebook opens with its title"
    for heading in (
        "After this notebook you can",
        "## Summary",
        "## Check your understanding",
        "Exercise",
    ):
        assert heading in text, f"missing: {heading}"
    assert len(SOLUTION.findall(text)) >= 2, "at least two exercises, each with a folded solution"
    questions = text.split("## Check your understanding", 1)[1]
    asked, answers = questions.split("<details><summary>Answers</summary>", 1)
    count = lambda block: len(re.findall(r"^\d+\. ", block, re.M))
    assert count(asked) >= 3 and count(answers.split("</details>")[0]) == count(asked), (
        "every check-your-understanding question has a folded answer below the list"
    )


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


def dashboard_cells(nb):
    """Indices of the code cells whose output is a widget: the dashboards."""
    return [
        i
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code"
        and any(
            "application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in c["outputs"]
        )
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_dashboard_has_a_folded_static_figure_after_it(path):
    """Predict, then check: each dashboard's static twin comes after it, folded for JupyterLab
    (its heading collapsed) and present in the file, with a figure, for every other reader."""
    import nbformat

    nb = load(path)
    sections = build_notebooks.fallback_sections(nbformat.reads(path.read_text(), 4))
    dashes = dashboard_cells(nb)
    assert dashes, "every lesson has at least one dashboard"
    assert len(sections) == len(dashes), "one static fallback per dashboard"
    previous = [-1] + dashes
    for k, ((heading, body), dash) in enumerate(zip(sections, dashes)):
        questions = [
            i
            for i in range(previous[k] + 1, dash)
            if "Predict, then check" in "".join(nb["cells"][i]["source"])
        ]
        assert questions, f"the dashboard in cell {dash} has no 'Predict, then check' before it"
        following = dashes[k + 1] if k + 1 < len(dashes) else len(nb["cells"])
        assert dash < heading < following, f"the static figure of the dashboard in cell {dash}"
        assert nb["cells"][heading]["metadata"].get(build_notebooks.COLLAPSED) is True
        assert "folded" in "".join(nb["cells"][heading]["source"]), "the heading says why"
        figures = [
            o for i in body for o in nb["cells"][i]["outputs"] if "image/png" in o.get("data", {})
        ]
        assert figures, f"the static fallback after cell {dash} has no figure in the file"


def test_a_fold_that_would_hide_prose_is_refused():
    import jupytext

    nb = jupytext.reads(
        '+++ {"tags": ["static-fallback"]}\n\n#### No kernel?\n\n```{code-cell} ipython3\n'
        "plot()\n```\n\nprose that must stay visible\n",
        fmt="md:myst",
    )
    with pytest.raises(ValueError, match="open it with a heading"):
        build_notebooks.fallback_sections(nb)
    nb.cells[-1].source = "#### What the sliders show\n\nprose"
    assert build_notebooks.fallback_sections(nb) == [(0, [1])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_heading_opens_its_cell_so_slides_split_at_sections(path):
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "markdown":
            text, fenced = "".join(cell["source"]), False
            for n, line in enumerate(text.split("\n")):
                fenced ^= line.startswith("```")
                assert fenced or n == 0 or not re.match(r"#{1,3} ", line), (
                    f"heading inside a cell: {line!r}"
                )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exports_to_static_html_slides(path, tmp_path):
    from nbconvert import SlidesExporter

    nb = load(path)
    kinds = [c["metadata"].get("slideshow", {}).get("slide_type") for c in nb["cells"]]
    assert all(kinds), "every cell carries slide metadata (`make notebooks` sets it)"
    html, _ = SlidesExporter().from_filename(str(path))
    slides = kinds.count("slide")
    assert slides >= 6
    # each slide is a <section> holding one <section> per sub-slide (itself included)
    assert html.count("<section") == slides + kinds.count("subslide") + slides


def test_jupyterlab_opens_a_built_notebook_newer_than_its_source(tmp_path):
    """With jupytext's JupyterLab extension (installed with requirements.txt) and this repository's
    jupytext settings, a freshly built .ipynb, newer than its .md, must still open: no pairing."""
    import asyncio
    import os
    import shutil

    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

    text, built = build_notebooks.lesson_pairs()[0]
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for path in (text, built):
        shutil.copy(path, tmp_path / "notebooks" / path.name)
    old = (tmp_path / "notebooks" / text.name).stat().st_mtime - 300
    os.utime(tmp_path / "notebooks" / text.name, (old, old))
    manager_class = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)
    model = asyncio.run(manager_class(root_dir=str(tmp_path)).get(f"notebooks/{built.name}"))
    assert model["type"] == "notebook"
    assert len(model["content"]["cells"]) == len(load(built)["cells"])
