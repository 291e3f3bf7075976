"""`wirestream schemas check-compat` and `release` on the real files and on changed copies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from streams.cli import schemas as command
from streams.cli.main import main
from streams.records.topics import RECORD_TYPES
from tests.support.cli import copy_of_schemas, wirestream

ROOT = Path(__file__).resolve().parents[2]


def with_released(tmp_path: Path) -> Path:
    """A copy of schemas/ (generated files and the released snapshots)."""
    schemas = copy_of_schemas(tmp_path)
    shutil.copytree(ROOT / "schemas" / "released", schemas / "released")
    return schemas


def drop_field(schemas: Path, record: str, field: str) -> None:
    path = schemas / "json" / f"{record}.json"
    schema = json.loads(path.read_text())
    del schema["properties"][field]
    path.write_text(json.dumps(schema))


def test_the_committed_schemas_are_compatible_with_the_released_v1() -> None:
    result = wirestream("schemas", "check-compat")
    assert result.returncode == 0, result.stderr
    assert "released/v1: compatible" in result.stdout


def test_a_removed_field_fails_the_check_naming_it(tmp_path: Path) -> None:
    schemas = with_released(tmp_path)
    drop_field(schemas, "statement", "channel")
    result = wirestream("schemas", "check-compat", "--dir", str(schemas))
    assert result.returncode == 1
    assert "breaking: statement: channel: field removed or renamed" in result.stderr
    assert "SCHEMA_VERSION is still 1" in result.stderr
    assert "is not compatible with" in result.stderr and "schemas/README.md" in result.stderr


def test_a_breaking_change_passes_once_the_version_is_bumped_and_its_topic_declared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a v2 looks like: SCHEMA_VERSION 2 and the changed record's `.v2` topic in the table."""
    schemas = with_released(tmp_path)
    drop_field(schemas, "statement", "channel")
    runner = CliRunner()
    args = ["schemas", "check-compat", "--dir", str(schemas)]

    monkeypatch.setattr(command, "SCHEMA_VERSION", 2)
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert "must move from wire.events.statement to wire.events.statement.v2" in result.output

    topics = {
        name if record != "statement" else f"{name}.v2": record
        for name, record in RECORD_TYPES.items()
    }
    monkeypatch.setattr(command, "RECORD_TYPES", topics)
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "1 breaking change(s), on versioned topics" in result.output


def test_release_snapshots_the_schemas_once(tmp_path: Path) -> None:
    schemas = copy_of_schemas(tmp_path)
    result = wirestream("schemas", "release", "--dir", str(schemas))
    assert result.returncode == 0, result.stderr
    released = schemas / "released" / "v1"
    assert sorted(p.name for p in released.iterdir()) == sorted(
        [p.name for p in (schemas / "json").iterdir()] + ["release.json"]
    )
    manifest = json.loads((released / "release.json").read_text())
    assert manifest == {
        "schema_version": 1,
        "topics": {record: name for name, record in RECORD_TYPES.items()},
    }
    again = wirestream("schemas", "release", "--dir", str(schemas))
    assert again.returncode == 1
    assert "a released version is never rewritten" in again.stderr
    # The committed snapshot is what `release` made of the files at v1: the same bytes
    # for every record unchanged since, and only compatible changes for the others.
    drifted = {
        path.name
        for path in (ROOT / "schemas" / "released" / "v1").iterdir()
        if (released / path.name).read_bytes() != path.read_bytes()
    }
    assert drifted == set(CHANGED_SINCE_V1)
    compat = wirestream("schemas", "check-compat")
    assert compat.returncode == 0 and "compatible" in compat.stdout, compat.stderr


# Records whose schema changed compatibly after v1 was released, and why.
CHANGED_SINCE_V1 = {
    "raw_article.json": "optional `meta` of agency items (issue 16)",
    "processed.json": "optional `withdrawn` of articles their agency withdrew (issue 16)",
    "call_readout.json": "optional canonical actor fields of Person (issue 17)",
    "statement.json": "optional canonical actor fields of Person (issue 17)",
    "cost_sharing_deal.json": "optional Person actor fields and `party_actors` (issue 17)",
    "release.json": "a release made today also lists the new wire.events.clusters (issue 17)",
}


def test_release_refuses_files_that_drifted_from_the_models(tmp_path: Path) -> None:
    schemas = copy_of_schemas(tmp_path)
    drop_field(schemas, "statement", "channel")
    result = wirestream("schemas", "release", "--dir", str(schemas))
    assert result.returncode == 1
    assert "run `wirestream schemas export` first" in result.stderr
    assert not (schemas / "released").exists()


@pytest.mark.parametrize(
    "args",
    [["export", "--check"], ["export"], ["check-compat"], ["release"]],
    ids=lambda args: " ".join(args),
)
def test_outside_a_checkout_it_says_what_it_expected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """./schemas is the repository's; elsewhere nothing is written and the message says so."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["schemas", *args])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a ClickException, not a crash
    assert f"no schemas/ directory here ({tmp_path}); " in result.stderr
    assert "run from the repository root or pass --dir" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_with_dir_but_no_seed_here_it_names_the_seed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemas = copy_of_schemas(tmp_path / "copy")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["schemas", "export", "--check", "--dir", str(schemas)])
    assert result.exit_code == 1
    assert "no seed article seeds/000_a3735ce1eb85095f.txt here" in result.stderr
    assert "pass --seed" in result.stderr
    seed = ROOT / "seeds" / "000_a3735ce1eb85095f.txt"
    args = ["schemas", "export", "--check", "--dir", str(schemas), "--seed", str(seed)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
