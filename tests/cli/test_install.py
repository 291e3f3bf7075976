"""A real non-editable install: the wheel built from the checkout, installed into its own
directory, and the README's commands run with it from the repository root and from elsewhere.

The editable install the tests run from would hide a path computed from an installed
module's location (it still points into the checkout); an installed wheel does not. No
network: the wheel is built with the build backend of this environment (the dev extras pin
it) and installed with --no-deps; its dependencies come from this environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest

from tests.support.cli import REPO

SEED = "seeds/000_a3735ce1eb85095f.txt"
# What the build and install may not see or write: VCS data, environments, caches, outputs.
NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "node_modules",
    "__pycache__",
    "*.egg-info",
    "build",
    "dist",
    ".*_cache",
    ".hypothesis",
)
# Prints where the console script imports the code from: run from the scripts' directory,
# it has the same import path as `wirestream` there (no current directory on it).
PROBE = "import schemas, streams, streams.cli.main\nprint(streams.__file__, schemas.__file__)\n"


@dataclass(frozen=True)
class Installed:
    site: Path  # the install target: the packages, and bin/wirestream
    env: dict[str, str]

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        """The installed `wirestream` console script, as a user runs it in `cwd`."""
        return subprocess.run(
            [str(self.site / "bin" / "wirestream"), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            cwd=cwd,
            env=self.env,
        )


def _pip(*args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("install")
    # Built from a copy, so the build's outputs (build/, *.egg-info) never land in the checkout.
    source = tmp / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    dist = tmp / "dist"
    _pip("wheel", "--no-deps", "--no-index", "--no-build-isolation", "-w", str(dist), str(source))
    (wheel,) = dist.glob("wirestream-*.whl")
    site = tmp / "site"
    _pip("install", "--no-deps", "--no-index", "--target", str(site), str(wheel))
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRESTREAM_")}
    env["PYTHONPATH"] = str(site)  # ahead of this environment's (editable) copy
    (site / "bin" / "probe.py").write_text(PROBE, encoding="utf-8")
    return Installed(site, env)


def test_the_commands_run_the_installed_copy(installed: Installed) -> None:
    probe = subprocess.run(
        [sys.executable, str(installed.site / "bin" / "probe.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env=installed.env,
    )
    modules = probe.stdout.split()
    assert len(modules) == 2
    for module in modules:
        assert Path(module).is_relative_to(installed.site), module


def test_help_from_the_repository_root(installed: Installed) -> None:
    result = installed.run("--help", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "classify" in result.stdout and "schemas" in result.stdout


def test_classify_the_seed_from_the_repository_root(installed: Installed) -> None:
    result = installed.run(
        "classify", SEED, "--published-at", "2025-01-24T09:00:00+09:00", "--source", "Yonhap",
        cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    types = [orjson.loads(line)["event_type"] for line in result.stdout.splitlines()]
    assert types.count("call_readout") == 1
    assert types.count("cost_sharing_deal") == 1
    assert types.count("statement") >= 1
    assert set(types) == {"call_readout", "cost_sharing_deal", "statement"}


def test_the_wheel_carries_iptcs_ninjs_schemas_and_their_license(
    installed: Installed, tmp_path: Path
) -> None:
    shipped = installed.site / "streams" / "ingest" / "ninjs_schemas"
    assert sorted(p.name for p in shipped.iterdir()) == [
        "LICENSE",
        "ninjs-schema_1.6.json",
        "ninjs-schema_2.2.json",
        "ninjs-schema_3.1.json",
    ]
    assert "MIT License" in (shipped / "LICENSE").read_text(encoding="utf-8")
    # Each item is checked against its version's schema from the installed copy, from anywhere.
    item = REPO / "tests" / "fixtures" / "agency" / "seed.ninjs3.json"
    bad = tmp_path / "bad.json"
    bad.write_bytes(item.read_bytes().replace(b'"urgency": 3', b'"urgency": "high"'))
    result = installed.run("classify", str(item), str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 9
    assert "not a valid ninjs 3.1 item: urgency: 'high'" in result.stderr


def test_schemas_export_check_from_the_repository_root(installed: Installed) -> None:
    result = installed.run("schemas", "export", "--check", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "files in schemas match the models" in result.stdout


def test_schemas_export_check_elsewhere_says_what_it_expected(
    installed: Installed, tmp_path: Path
) -> None:
    result = installed.run("schemas", "export", "--check", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "no schemas/ directory" in result.stderr
    assert "run from the repository root or pass --dir" in result.stderr
