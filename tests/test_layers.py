"""Imports point one way: the import-linter contracts in pyproject.toml hold, and they catch
an import that points back up (README "Layout").

`lint-imports` reads source files and imports nothing; it finds the packages on sys.path
(the working directory first). So the broken variants run on a copy of `streams/` and
`schemas/` in tmp_path, with that copy as the working directory and first on PYTHONPATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support.cli import REPO

# `lint-imports` as installed, run by this interpreter (the console script's own body).
LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; "
    "sys.exit(lint_imports_command())"
)

CONTRACT_NAMES: dict[str, str] = {
    contract["id"]: contract["name"]
    for contract in tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]["contracts"]
}


def lint_imports(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the tree at `cwd`, with the contracts in `cwd/pyproject.toml`."""
    pythonpath = [str(cwd), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(pythonpath)}
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-logo", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def report(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


def test_the_real_tree_keeps_every_contract() -> None:
    result = lint_imports(REPO)
    assert result.returncode == 0, report(result)
    for name in CONTRACT_NAMES.values():
        assert f"{name} KEPT" in result.stdout, report(result)
    assert f"Contracts: {len(CONTRACT_NAMES)} kept, 0 broken." in result.stdout, report(result)


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    """The packages and their contracts, copied; the copy keeps every contract as it is."""
    for package in ("streams", "schemas"):
        shutil.copytree(
            REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy2(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    control = lint_imports(tmp_path, "--no-cache")
    assert control.returncode == 0, report(control)
    return tmp_path


@pytest.mark.parametrize(
    ("module", "bad_import", "broken", "expected"),
    [
        pytest.param(
            "streams/core/text.py",
            "from streams.cli import main",
            "layers",
            "streams.core is not allowed to import streams.cli:",
            id="core-imports-cli",
        ),
        pytest.param(
            "streams/records/codec.py",
            "from streams.worker import app",
            "layers",
            "streams.records is not allowed to import streams.worker:",
            id="records-imports-worker",
        ),
        pytest.param(
            "streams/core/pipeline.py",
            "import kafka",
            "core-pure",
            "streams.core is not allowed to import kafka:",
            id="core-imports-kafka",
        ),
    ],
)
def test_an_import_pointing_up_breaks_its_contract(
    tree_copy: Path, module: str, bad_import: str, broken: str, expected: str
) -> None:
    path = tree_copy / module
    source = path.read_text(encoding="utf-8")
    path.write_text(f"{source.rstrip()}\n{bad_import}  # noqa\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    dotted = module.removesuffix(".py").replace("/", ".")

    result = lint_imports(tree_copy, "--no-cache")

    assert result.returncode == 1, report(result)
    assert f"{CONTRACT_NAMES[broken]} BROKEN" in result.stdout, report(result)
    assert expected in result.stdout, report(result)
    # The offending line is the one appended to the copy: the copy was analysed.
    assert f"{dotted} -> " in result.stdout, report(result)
    assert f"(l.{line})" in result.stdout, report(result)
