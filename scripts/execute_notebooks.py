"""Re-execute notebooks top to bottom in a fresh kernel and save them with their outputs.

    python scripts/execute_notebooks.py                 # every notebook in notebooks/
    python scripts/execute_notebooks.py notebooks/01*   # only some

The saved outputs are what nbval (strict) compares against, and what GitHub shows. Widget state
(`metadata.widgets`) is dropped: GitHub cannot render it and it is different on every run. Slide
metadata is set from the headings on the way (see add_slide_metadata).
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def add_slide_metadata(nb):
    """Mark slides for presenting (jupyterlab-rise) and for static slides (nbconvert --to slides).

    A markdown cell opening with a title or a "##" heading starts a new slide; one opening with "###"
    a sub-slide (below the slide); every other cell continues the slide it follows.
    """
    for cell in nb.cells:
        first = cell.source.lstrip().split("\n", 1)[0] if cell.cell_type == "markdown" else ""
        kind = "slide" if first.startswith(("# ", "## ")) else "subslide" if first.startswith("### ") else "-"
        cell.metadata["slideshow"] = {"slide_type": kind}


def execute(path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    add_slide_metadata(nb)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nbformat.write(nb, path)


def main(args):
    paths = [Path(a).resolve() for a in args] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        print(f"executing {path.relative_to(ROOT)}", flush=True)
        execute(path)


if __name__ == "__main__":
    main(sys.argv[1:])
