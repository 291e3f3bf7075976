"""The real `wirestream` command line in its own process, and copies of files it may change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCHEMAS_DIR = REPO / "schemas"
SEED = REPO / "seeds" / "000_a3735ce1eb85095f.txt"


def wirestream(
    *args: str, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """The real CLI as a separate process from the repository root, its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "streams.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )


def wirestream_bytes(
    *args: str,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[bytes]:
    """The real CLI as a separate process, from the repository root, its output as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "streams.cli", *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )


def copy_of_schemas(tmp_path: Path) -> Path:
    """The committed generated files (json/, asyncapi.yaml), copied where a test may break them."""
    target = tmp_path / "schemas"
    shutil.copytree(SCHEMAS_DIR / "json", target / "json")
    shutil.copyfile(SCHEMAS_DIR / "asyncapi.yaml", target / "asyncapi.yaml")
    return target
