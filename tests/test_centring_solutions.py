"""Notebook 06: every folded solution runs on its own and passes its check."""
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_zero_centring.ipynb"
PREAMBLE = "import numpy as np\nimport torch\nfrom helpers import *\n"


def solutions():
    text = "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "markdown")
    blocks = re.findall(r"<details><summary>Solution</summary>.*?```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 2
    return blocks


@pytest.mark.parametrize("block", solutions())
def test_solution_passes_its_check(block):
    *body, last = block.strip().splitlines()
    namespace = {}
    exec(PREAMBLE + "\n".join(body), namespace)
    result = eval(last, namespace)
    assert result.passed, result.message
