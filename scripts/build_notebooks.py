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
"""

import hashlib
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


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
