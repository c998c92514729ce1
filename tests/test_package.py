"""The helpers package as a package: laid out like the course, light to import, and whole in a
wheel."""

import ast
import os
import pydoc
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import helpers

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "helpers"
LESSONS = ["line", "neurons", "linear", "gradients", "batchnorm", "centring", "practice"]  # 01..07


def helpers_imports(path):
    """The helpers subpackages a module imports: {"core", "line", ...}."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(
                f"{path.relative_to(ROOT)}: use absolute imports (from helpers.x import ...)"
            )
        found |= {n.split(".")[1] for n in names if n.startswith("helpers.")}
    return found


def allowed(home):
    """What a module in helpers/<home>/ may import: the core, its own lesson and earlier lessons."""
    if home in LESSONS:
        return {"core", *LESSONS[: LESSONS.index(home) + 1]}
    return {"core", home}  # core itself, and the audit (a tool that needs no lesson)


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_course(path):
    home = path.parent.name
    assert home in LESSONS + ["core", "audit"], f"{path.parent} is not a known part of the package"
    later = helpers_imports(path) - allowed(home)
    assert not later, (
        f"{path.relative_to(ROOT)} imports {sorted(later)}: a later lesson, or not the core"
    )


def test_the_import_rule_can_fail(tmp_path):
    bad = tmp_path / "line" / "logic.py"
    bad.parent.mkdir()
    bad.write_text("from helpers.practice.logic import mlp\nimport helpers.core.style\n")
    assert helpers_imports(bad) - allowed("line") == {"practice"}


def test_every_public_name_resolves_and_help_groups_them_by_notebook():
    assert len(helpers.__all__) == len(set(helpers.__all__)) > 100
    for name in helpers.__all__:
        assert getattr(helpers, name) is not None
        assert name in dir(helpers)
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        _ = helpers.no_such_name
    text = pydoc.render_doc(helpers, renderer=pydoc.plaintext)
    for notebook in ["01 · y = wx + b", "04 · The bias gradient", "07 · Bias in practice"]:
        assert notebook in text
    assert text.index("01 · y = wx + b") < text.index("helpers.line.logic: make_line_data")


def test_importing_helpers_loads_no_torch_and_no_lesson():
    code = (
        "import sys, helpers; from helpers import fit_line, LineFitDashboard, check_best_b; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'helpers')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = eval(out)
    assert not [m for m in loaded if m.split(".")[0] == "torch"], loaded
    assert {m.split(".")[1] for m in loaded if "." in m} <= {"core", "line"}, loaded


@pytest.mark.slow
def test_the_wheel_carries_every_module_and_installs_into_a_fresh_environment(tmp_path):
    """Build the wheel, install it (no editable link) into a new venv that borrows only the
    third-party packages of this one, and import every module and every public name from there."""
    # Nothing may see a checkout on PYTHONPATH (a worktree run sets one): pip would take its
    # metadata for an installed copy, and the fresh venv would import it instead of the wheel.
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = lambda *args, **kw: subprocess.run(
        args, capture_output=True, text=True, check=True, env=clean, **kw
    )
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        str(tmp_path / "dist"),
        str(ROOT),
    )
    (wheel,) = (tmp_path / "dist").glob("bias_course_helpers-*.whl")
    shipped = {n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".py")}
    assert shipped == {str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")}

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", str(venv))
    python = venv / "bin" / "python"
    site = Path(
        run(
            str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"
        ).stdout.strip()
    )
    deps = Path(
        run(
            sys.executable, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"
        ).stdout.strip()
    )
    (site / "borrowed_dependencies.pth").write_text(
        f"{deps}\n"
    )  # a path entry: its .pth hooks do not run
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "--no-deps",
        "-q",
        str(wheel),
    )
    check = (
        "import importlib, pkgutil, helpers\n"
        f"assert helpers.__file__.startswith({str(site)!r}), helpers.__file__\n"
        "mods = [m.name for m in pkgutil.walk_packages(helpers.__path__, 'helpers.')]\n"
        "[importlib.import_module(m) for m in mods]\n"
        "[getattr(helpers, n) for n in helpers.__all__]\n"
        "print(len(mods), len(helpers.__all__))"
    )
    out = run(str(python), "-c", check, cwd=tmp_path).stdout.split()
    assert int(out[0]) == len(list(PACKAGE.rglob("*.py"))) - 1 and int(out[1]) == len(
        helpers.__all__
    )
