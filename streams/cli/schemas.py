"""`wirestream schemas`: write or check the generated contracts, and guard released schemas.

A thin shell: `streams.contracts.export` computes the files, `streams.contracts.compat`
judges changes; this module reads the seed, reads and writes files, and prints.

The files it writes and checks are the repository's own: `schemas/` and the seed in `seeds/`,
found in the current directory (the repository root) unless `--dir`/`--seed` say where,
never next to the installed code. An installed package ships the published contracts as
package data (`schemas/json`, `schemas/asyncapi.yaml`) and needs neither directory to run.
"""

from __future__ import annotations

import difflib
import json
import shutil
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from schemas import SCHEMA_VERSION, RawArticle
from streams.contracts.compat import Release, breaking_changes, verdict
from streams.contracts.export import JSON_DIR, TopicLayout, render_files, render_json, seed_records
from streams.ingest.readers import InputError, read_articles
from streams.records.topics import RECORD_TYPES
from streams.settings import Settings

# Both relative: they resolve against the current directory, the repository root.
SCHEMAS_DIR = Path("schemas")
SEED = Path("seeds") / "000_a3735ce1eb85095f.txt"
# How `wirestream demo` and the README classify the seed: a Yonhap story, this morning KST.
SEED_SOURCE = "Yonhap"
SEED_PUBLISHED_AT = datetime.fromisoformat("2025-01-24T09:00:00+09:00")
RELEASED_DIR = "released"
RELEASE_FILE = "release.json"
EXPORT_COMMAND = "wirestream schemas export"

dir_option = click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default="schemas/ in the current directory",
    help="Where json/, asyncapi.yaml and released/ live.",
)

seed_option = click.option(
    "--seed",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    show_default=f"{SEED} in the current directory",
    help="Article whose real records become the AsyncAPI examples.",
)


def schemas_dir(directory: Path | None) -> Path:
    """`--dir`, or `./schemas` when it exists; outside a checkout, say what was expected."""
    if directory is not None:
        return directory
    if not SCHEMAS_DIR.is_dir():
        raise click.ClickException(
            f"no {SCHEMAS_DIR}/ directory here ({Path.cwd()}); "
            "run from the repository root or pass --dir"
        )
    return SCHEMAS_DIR


def seed_file(seed: Path | None) -> Path:
    """`--seed`, or the repository's seed article under `./seeds`."""
    if seed is not None:
        return seed
    if not SEED.is_file():
        raise click.ClickException(
            f"no seed article {SEED} here ({Path.cwd()}) to take the AsyncAPI examples from; "
            "run from the repository root or pass --seed"
        )
    return SEED


def default_layout() -> TopicLayout:
    """The topic layout from the settings' defaults (never the environment: output is fixed)."""
    fields = Settings.model_fields
    return TopicLayout(
        broker=str(fields["broker"].default),
        partitions=int(fields["partitions"].default),
        replicas=int(fields["replication_factor"].default),
        max_message_bytes=int(fields["max_message_bytes"].default),
    )


def load_seed(path: Path) -> RawArticle:
    """The seed article, read exactly as `wirestream classify` reads it in the README."""
    for item in read_articles(str(path), source=SEED_SOURCE, published_at=SEED_PUBLISHED_AT):
        if isinstance(item, InputError):
            raise click.ClickException(f"seed {item.location}: {item.message}")
        return item
    raise click.ClickException(f"seed {path}: no article in it")


def generated_files(seed: Path) -> dict[str, str]:
    """Every file `export` writes (path relative to the schemas dir -> text)."""
    return render_files(seed_records(load_seed(seed)), default_layout())


def drift(directory: Path, files: Mapping[str, str]) -> list[str]:
    """How the files under `directory` differ from `files`: one line per file, plus a diff."""
    problems: list[str] = []
    for relative, text in sorted(files.items()):
        path = directory / relative
        if not path.is_file():
            problems.append(f"{relative}: missing")
            continue
        committed = path.read_text(encoding="utf-8")
        if committed != text:
            diff = difflib.unified_diff(
                committed.splitlines(),
                text.splitlines(),
                "committed",
                "generated",
                lineterm="",
                n=1,
            )
            shown = list(diff)[:40]
            problems.append(f"{relative}: differs from the models\n" + "\n".join(shown))
    json_dir = directory / JSON_DIR
    if json_dir.is_dir():
        for path in sorted(json_dir.glob("*.json")):
            if f"{JSON_DIR}/{path.name}" not in files:
                problems.append(f"{JSON_DIR}/{path.name}: not generated by the models (stale)")
    return problems


def load_schema_dir(directory: Path) -> dict[str, Any]:
    """Every `*.json` schema in `directory`, by file stem."""
    if not directory.is_dir():
        raise click.ClickException(f"{directory}: no such directory")
    loaded: dict[str, Any] = {}
    for path in sorted(directory.glob("*.json")):
        if path.name == RELEASE_FILE:
            continue
        try:
            loaded[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise click.ClickException(f"{path}: not JSON: {exc}") from exc
    return loaded


def current_release() -> Release:
    """This code's schema version and the topic of every record type (streams/records/topics.py)."""
    return Release(SCHEMA_VERSION, {record: topic for topic, record in RECORD_TYPES.items()})


def latest_released(directory: Path) -> Path:
    """The newest `released/v<N>` directory."""
    versions = sorted(
        (int(p.name[1:]), p)
        for p in (directory / RELEASED_DIR).glob("v*")
        if p.is_dir() and p.name[1:].isdigit()
    )
    if not versions:
        raise click.ClickException(f"{directory / RELEASED_DIR}: no released version (v1, v2, ...)")
    return versions[-1][1]


def load_release(released: Path) -> Release:
    """A released snapshot's version and topics (its release.json)."""
    path = released / RELEASE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Release(int(data["schema_version"]), dict(data["topics"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise click.ClickException(f"{path}: not a release manifest ({exc})") from exc


@click.group("schemas", short_help="Export and check the JSON Schema / AsyncAPI contracts.")
def schemas_group() -> None:
    """The published contracts: JSON Schema per record type, AsyncAPI for the topics.

    Policy for changing them: schemas/README.md.
    """


@schemas_group.command(short_help="Write schemas/json/*.json and schemas/asyncapi.yaml.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the committed files differ.")
@dir_option
@seed_option
def export(check: bool, directory: Path | None, seed: Path | None) -> None:
    """Generate the JSON Schemas and the AsyncAPI document from the models and topic table."""
    where = "" if directory is None else f" --dir {directory}"
    directory = schemas_dir(directory)
    files = generated_files(seed_file(seed))
    if check:
        problems = drift(directory, files)
        if problems:
            for problem in problems:
                click.echo(f"wirestream schemas: {problem}", err=True)
            raise click.ClickException(
                f"{len(problems)} generated file(s) out of date in {directory}; "
                f"regenerate them with `{EXPORT_COMMAND}{where}` and commit the result"
            )
        click.echo(f"{len(files)} files in {directory} match the models")
        return
    for relative, text in files.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    stale = [
        p
        for p in sorted((directory / JSON_DIR).glob("*.json"))
        if f"{JSON_DIR}/{p.name}" not in files
    ]
    for path in stale:
        path.unlink()
    click.echo(
        f"wrote {len(files)} files to {directory}"
        + (f", removed {len(stale)} stale" if stale else "")
    )


@schemas_group.command("check-compat", short_help="Fail on breaking changes to released schemas.")
@dir_option
@click.option(
    "--released",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Released snapshot to compare with [default: the newest released/v<N>].",
)
def check_compat(directory: Path | None, released: Path | None) -> None:
    """Compare json/ with the released schemas; breaking changes need a version bump (README)."""
    directory = schemas_dir(directory)
    released = released or latest_released(directory)
    old_release = load_release(released)
    breaks = breaking_changes(load_schema_dir(released), load_schema_dir(directory / JSON_DIR))
    for change in breaks:
        click.echo(f"breaking: {change}", err=True)
    problems = verdict(breaks, old_release, current_release())
    if problems:
        for problem in problems:
            click.echo(f"wirestream schemas: {problem}", err=True)
        raise click.ClickException(
            f"{directory / JSON_DIR} is not compatible with {released} (policy: schemas/README.md)"
        )
    note = f"{len(breaks)} breaking change(s), on versioned topics" if breaks else "compatible"
    click.echo(f"{directory / JSON_DIR} vs {released}: {note}")


@schemas_group.command(short_help="Snapshot json/ as released/v<SCHEMA_VERSION>.")
@dir_option
@seed_option
def release(directory: Path | None, seed: Path | None) -> None:
    """Freeze the current schemas as the released version that later changes are checked against."""
    directory = schemas_dir(directory)
    target = directory / RELEASED_DIR / f"v{SCHEMA_VERSION}"
    if target.exists():
        raise click.ClickException(f"{target} exists: a released version is never rewritten")
    problems = drift(directory, generated_files(seed_file(seed)))
    if problems:
        raise click.ClickException(f"generated files out of date; run `{EXPORT_COMMAND}` first")
    target.mkdir(parents=True)
    for path in sorted((directory / JSON_DIR).glob("*.json")):
        shutil.copyfile(path, target / path.name)
    manifest = current_release()
    (target / RELEASE_FILE).write_text(
        render_json({"schema_version": manifest.schema_version, "topics": dict(manifest.topics)}),
        encoding="utf-8",
    )
    click.echo(f"released v{SCHEMA_VERSION} to {target}")
