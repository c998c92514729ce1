"""Build the executed notebooks from their text twins, the lesson sources people edit and review.

    python scripts/build_notebooks.py                        # every lesson in notebooks/
    python scripts/build_notebooks.py notebooks/01_line_and_bias.md   # only some
    python scripts/build_notebooks.py --check                # say which pairs disagree; run nothing

Each lesson is `notebooks/NAME.md` (MyST markdown, read and written by jupytext) and its executed
artefact `notebooks/NAME.ipynb`. Building reads the .md, sets slide metadata from the headings,
gives every cell an id derived from its content (so a rebuild changes no id that need not change),
executes it top to bottom in a fresh kernel and saves the .ipynb with its outputs: what nbval
(strict) compares against and what GitHub shows. Widget state (`metadata.widgets`) is dropped:
GitHub cannot render it and it differs on every run.

Static fallbacks are folded in JupyterLab: a markdown cell tagged `static-fallback` opens with a
`####` heading and is followed by the code cell(s) drawing the static figure of the dashboard
above it. The build marks that heading collapsed (`jp-MarkdownHeadingCollapsed`, which only
JupyterLab reads), so a learner with a kernel meets the dashboard's questions before the figure
that answers them, and unfolds it on purpose (a click, or Shift+Enter past the heading); GitHub,
nbviewer and static slides show it as usual. The fold ends at the next heading of level 1 to 4.
"""

import hashlib
import re
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
FALLBACK_TAG = "static-fallback"
COLLAPSED = "jp-MarkdownHeadingCollapsed"  # JupyterLab's own cell metadata for a folded heading
_FOLD_END = re.compile(r"#{1,4} ")  # what ends a folded "####" section in JupyterLab


def lesson_pairs():
    """Every (text twin, notebook) path pair in notebooks/, by the union of both kinds of file."""
    stems = sorted(
        {p.stem for p in NOTEBOOKS.glob("*.md")} | {p.stem for p in NOTEBOOKS.glob("*.ipynb")}
    )
    return [(NOTEBOOKS / f"{s}.md", NOTEBOOKS / f"{s}.ipynb") for s in stems]


def cell_inputs(nb):
    """What a text twin and its notebook must agree on: each cell's type, source and tags."""
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


def disagreement(text_path, ipynb_path):
    """None if the pair agrees, else one sentence saying where it first differs and how to mend
    it."""
    for path in (text_path, ipynb_path):
        if not path.exists():
            return f"{path.name} is missing: every lesson is a .md source plus its built .ipynb"
    text, built = cell_inputs(jupytext.read(text_path)), cell_inputs(nbformat.read(ipynb_path, 4))
    if text == built:
        return None
    first = next(
        (i for i, (a, b) in enumerate(zip(text, built)) if a != b), min(len(text), len(built))
    )
    return (
        f"{text_path.name} and {ipynb_path.name} disagree from cell {first} on "
        f"({len(text)} cells against {len(built)}): the .md is the source. Edit it and run "
        f"`make notebooks`; if you meant an edit made in the .ipynb, carry it over first with "
        f"`.venv/bin/jupytext --to md:myst notebooks/{ipynb_path.name}` (it rewrites the .md)."
    )


def add_slide_metadata(nb):
    """Mark slides for presenting and for static slides (nbconvert --to slides).

    A markdown cell opening with a title or a "##" heading starts a new slide; one opening with
    "###" a sub-slide (below the slide); every other cell continues the slide it follows.
    """
    for cell in nb.cells:
        first = cell.source.lstrip().split("\n", 1)[0] if cell.cell_type == "markdown" else ""
        kind = (
            "slide"
            if first.startswith(("# ", "## "))
            else "subslide"
            if first.startswith("### ")
            else "-"
        )
        cell.metadata["slideshow"] = {"slide_type": kind}


def fallback_sections(nb):
    """[(heading index, [indices of the cells it folds])] for every cell tagged `static-fallback`.

    Raises ValueError, saying how to mend the lesson, if a tagged cell is not a markdown cell
    opening with a "####" heading, or if its fold would hide anything but code cells (prose after
    a static figure must open with a heading, such as "#### What the sliders show").
    """
    sections = []
    for i, cell in enumerate(nb.cells):
        if FALLBACK_TAG not in cell.metadata.get("tags", []):
            continue
        if cell.cell_type != "markdown" or not cell.source.startswith("#### "):
            raise ValueError(
                f"cell {i}: a cell tagged {FALLBACK_TAG!r} is a markdown cell opening with a "
                "'#### ' heading (what JupyterLab folds)"
            )
        body = []
        for j in range(i + 1, len(nb.cells)):
            if nb.cells[j].cell_type == "markdown" and _FOLD_END.match(nb.cells[j].source):
                break
            if nb.cells[j].cell_type != "code":
                raise ValueError(
                    f"cell {j}: prose inside the fold of the static fallback at cell {i} would be "
                    "hidden with it; open it with a heading (e.g. '#### What the sliders show')"
                )
            body.append(j)
        if not body:
            raise ValueError(f"cell {i}: a static fallback heading with no figure cell under it")
        sections.append((i, body))
    return sections


def fold_static_fallbacks(nb):
    """Mark every static-fallback heading collapsed, so JupyterLab opens it folded."""
    for heading, _ in fallback_sections(nb):
        nb.cells[heading].metadata[COLLAPSED] = True


def set_cell_ids(nb):
    """Ids from each cell's content, numbered where two cells are the same: stable across
    rebuilds."""
    seen = {}
    for cell in nb.cells:
        digest = hashlib.sha1(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()[:12]
        seen[digest] = seen.get(digest, 0) + 1
        cell.id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"


def build(text_path, timeout=600):
    """Execute the lesson `text_path` (.md) in a fresh kernel and write its .ipynb beside it."""
    nb = jupytext.read(text_path)
    nb.metadata = {"kernelspec": KERNELSPEC}
    add_slide_metadata(nb)
    fold_static_fallbacks(nb)
    set_cell_ids(nb)
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(text_path.parent)}},
    ).execute()
    nb.metadata.pop("widgets", None)
    nbformat.validate(nb)
    nbformat.write(nb, text_path.with_suffix(".ipynb"))


def main(args):
    if args[:1] == ["--check"]:
        problems = [d for t, i in lesson_pairs() if (d := disagreement(t, i))]
        print("\n".join(problems) or "every text twin agrees with its notebook")
        return 1 if problems else 0
    paths = [Path(a).resolve().with_suffix(".md") for a in args] or [t for t, _ in lesson_pairs()]
    for path in paths:
        print(
            f"building {path.relative_to(ROOT).with_suffix('.ipynb')} from {path.name}", flush=True
        )
        build(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
