"""Every folded solution in notebook 05 passes its own check, given only the imports the brief promises."""
import json
import re
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "05_batchnorm_and_bias.ipynb"


def solution_blocks():
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    blocks = re.findall(r"<details><summary>Solution</summary>.*?```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 3
    return blocks


@pytest.mark.parametrize("code", solution_blocks())
def test_solution_passes_its_check(code):
    lines = code.strip().splitlines()
    namespace = {}
    exec("import numpy as np\nimport torch\nfrom helpers import *\n" + "\n".join(lines[:-1]), namespace)
    result = eval(lines[-1], namespace)
    assert result.passed, result
