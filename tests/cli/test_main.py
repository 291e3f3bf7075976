"""The `wirestream` CLI: classify and evaluate, as a real subprocess and through CliRunner."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
import orjson
import pytest
from click.testing import CliRunner

import streams.cli.main
from schemas import CallReadout, Person, RawArticle, Statement
from streams.cli.main import main
from streams.settings import Settings, get_settings
from tests.support.cli import wirestream_bytes

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
BAD_LINES = FIXTURES / "bad_lines.jsonl"
PREFIX = "wirestream classify: "


def _run(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> Any:
    return wirestream_bytes(*args, stdin=stdin, env=env, timeout=60)


def _jsonl(data: bytes) -> list[dict[str, Any]]:
    """Parse stdout as JSON Lines, failing on anything that is not one object per line."""
    if not data:
        return []
    assert data.endswith(b"\n")
    records = [orjson.loads(line) for line in data.split(b"\n")[:-1]]
    assert all(isinstance(r, dict) for r in records)
    return records


def _call_for(article: RawArticle) -> CallReadout:
    """A fixed, valid event for any article (stands in for the real extractor)."""
    return CallReadout(
        event_id=f"{article.id}:call:0",
        article_id=article.id,
        source=article.source,
        headline=article.headline,
        published_at=article.published_at,
        occurred_on=None,
        confidence=0.8,
        evidence=[{"start": 0, "end": 5, "text": article.body[:5]}],
        extractor_version="test",
        codes={"cameo": "041", "plover": "CONSULT", "plover_mode": "phone"},
        participants=[Person(name="Han Do-yun"), Person(name="Ingrid Valstad")],
        medium="phone",
    )


@pytest.fixture()
def seen(monkeypatch: pytest.MonkeyPatch) -> list[RawArticle]:
    """Replace the extractor with one that records its input and emits one call per article."""
    articles: list[RawArticle] = []

    def fake(article: RawArticle) -> list[CallReadout]:
        articles.append(article)
        return [_call_for(article)]

    monkeypatch.setattr(streams.cli.main, "extract_events", fake)
    return articles


# --- classify, as a real process -------------------------------------------------------


def test_subprocess_classify_bad_lines() -> None:
    rel = BAD_LINES.relative_to(REPO)
    proc = _run("classify", str(rel))
    assert proc.returncode == 1
    _jsonl(proc.stdout)  # whatever the extractor finds, stdout stays valid JSON Lines
    lines = proc.stderr.decode().splitlines()
    assert [line.split(": ", 2)[1] for line in lines] == [f"{rel}:{n}" for n in (2, 3, 4, 5, 6)]
    assert all(line.startswith(f"{PREFIX}{rel}:") for line in lines)
    assert f"{PREFIX}{rel}:4: missing body" in lines
    assert "Traceback" not in proc.stderr.decode()


def test_subprocess_classify_good_files_exit_zero() -> None:
    proc = _run(
        "classify",
        str(FIXTURES / "briefs.jsonl"),
        str(FIXTURES / "single.json"),
        str(FIXTURES / "ministers_call.txt"),
        "--source",
        "Wirestream",
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    _jsonl(proc.stdout)


def test_subprocess_classify_reads_stdin_by_default() -> None:
    good = orjson.dumps({"id": "s1", "body": "ROME, Jan. 2 (Wirestream) -- A minister said so."})
    proc = _run("classify", stdin=good + b"\n" + b"{oops\n")
    assert proc.returncode == 1
    _jsonl(proc.stdout)
    [line] = proc.stderr.decode().splitlines()
    assert line.startswith(f"{PREFIX}<stdin>:2: invalid JSON: ")


def test_subprocess_classify_missing_file() -> None:
    proc = _run("classify", "no/such/file.jsonl")
    assert proc.returncode == 1
    assert proc.stderr.decode() == (
        f"{PREFIX}no/such/file.jsonl: cannot read file: No such file or directory\n"
    )


# --- classify, through CliRunner -------------------------------------------------------


def test_classify_writes_each_event_as_its_model_dump(seen: list[RawArticle]) -> None:
    result = CliRunner().invoke(main, ["classify", str(FIXTURES / "single.json")])
    assert result.exit_code == 0, result.stderr
    [record] = _jsonl(result.stdout_bytes)
    [article] = seen
    assert record == _call_for(article).model_dump(mode="json")
    assert record["event_type"] == "call_readout"
    assert record["published_at"] == "2031-06-10T14:00:00+02:00"


def test_classify_keeps_good_records_around_bad_ones(seen: list[RawArticle]) -> None:
    result = CliRunner().invoke(main, ["classify", str(BAD_LINES), str(FIXTURES / "batch.json")])
    assert result.exit_code == 1
    assert [a.id for a in seen] == ["ok-1", "ok-2", "batch-001", "batch-003"]
    assert [r["article_id"] for r in _jsonl(result.stdout_bytes)] == [a.id for a in seen]
    errors = result.stderr.splitlines()
    assert len(errors) == 6
    assert errors[-1] == f"{PREFIX}{FIXTURES / 'batch.json'}:3: item 2: missing body"


@pytest.mark.parametrize(
    ("name", "content", "line", "message"),
    [
        ("not_json.jsonl", b"{nope}\n", 1, "invalid JSON: "),
        ("not_object.jsonl", b"[1, 2]\n", 1, "expected a JSON object, got an array"),
        ("no_body.jsonl", b'{"id": "x"}\n', 1, "missing body"),
        ("empty_body.jsonl", b'\n{"id": "x", "body": ""}\n', 2, "body is empty"),
        ("bad_type.jsonl", b'{"id": "x", "body": "B.", "url": 5}\n', 1, "url: Input should"),
        ("bad_utf8.jsonl", b'{"id": "x", "body": "\xc3("}\n', 1, "invalid UTF-8: byte 0xc3"),
        ("bad_utf8.txt", b"ok\n\xff\n", 2, "invalid UTF-8: byte 0xff at byte offset 3"),
        ("empty.txt", b"", 1, "body is empty"),
        ("scalar.json", b"3", 1, "expected a JSON object or an array of objects, got a number"),
    ],
)
def test_classify_reports_each_bad_input_kind(
    tmp_path: Path,
    seen: list[RawArticle],
    name: str,
    content: bytes,
    line: int,
    message: str,
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("LIMA, Feb. 1 (Wirestream) -- The minister said talks went well.", "utf-8")
    result = CliRunner().invoke(main, ["classify", str(bad), str(good), "--source", "W"])
    assert result.exit_code == 1
    [error] = result.stderr.splitlines()
    assert error.startswith(f"{PREFIX}{bad}:{line}: {message}")
    assert [a.body[:4] for a in seen] == ["LIMA"]  # the good file after it is still processed
    assert len(_jsonl(result.stdout_bytes)) == 1


def test_classify_body_over_one_mib(tmp_path: Path, seen: list[RawArticle]) -> None:
    bad = tmp_path / "big.jsonl"
    bad.write_bytes(orjson.dumps({"id": "big", "body": "x" * (1024 * 1024 + 1)}) + b"\n")
    result = CliRunner().invoke(main, ["classify", str(bad)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{PREFIX}{bad}:1: body is 1048577 bytes, over the 1048576-byte limit\n"
    )
    assert seen == []


def test_classify_flags_apply_to_text(tmp_path: Path, seen: list[RawArticle]) -> None:
    path = tmp_path / "story.txt"
    path.write_text("TOKYO, Mar. 3 (Wirestream) -- The minister spoke by phone.", "utf-8")
    result = CliRunner().invoke(
        main,
        [
            "classify",
            str(path),
            "--source",
            "Wirestream",
            "--headline",
            "Minister phones",
            "--published-at",
            "2031-03-03T10:00:00",
        ],
    )
    assert result.exit_code == 0, result.stderr
    [article] = seen
    assert article.source == "Wirestream"
    assert article.headline == "Minister phones"
    assert article.published_at == datetime(2031, 3, 3, 10, 0, tzinfo=UTC)  # naive -> UTC


def test_classify_default_source_from_settings(
    tmp_path: Path, seen: list[RawArticle], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIRESTREAM_DEFAULT_SOURCE", "Env Wire")
    path = tmp_path / "story.txt"
    path.write_text("A minister said something.", "utf-8")
    result = CliRunner().invoke(main, ["classify", str(path)])
    assert result.exit_code == 0
    assert seen[0].source == "Env Wire"


def test_classify_bad_published_at_is_a_usage_error(seen: list[RawArticle]) -> None:
    result = CliRunner().invoke(main, ["classify", "--published-at", "last Tuesday", "-"])
    assert result.exit_code == 2
    assert "not an ISO 8601 date/time" in result.stderr
    assert seen == []


def test_classify_stdin_text(seen: list[RawArticle]) -> None:
    body = "ACCRA, Apr. 4 (Wirestream) -- The foreign minister said the visit was a success.\n"
    result = CliRunner().invoke(main, ["classify", "--source", "W"], input=body)
    assert result.exit_code == 0
    assert seen[0].body == body
    assert len(_jsonl(result.stdout_bytes)) == 1


def test_classify_no_events_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams.cli.main, "extract_events", lambda article: [])
    result = CliRunner().invoke(main, ["classify", str(FIXTURES / "briefs.jsonl")])
    assert result.exit_code == 0
    assert result.stdout_bytes == b""


def test_classify_extractor_crash_is_reported_and_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    def flaky(article: RawArticle) -> list[Statement]:
        if article.id == "brief-001":
            raise RuntimeError("boom")
        return []

    monkeypatch.setattr(streams.cli.main, "extract_events", flaky)
    result = CliRunner().invoke(main, ["classify", str(FIXTURES / "briefs.jsonl")])
    assert result.exit_code == 1
    assert result.stderr == (
        "wirestream classify: article brief-001: extractor failed: RuntimeError: boom\n"
    )


# --- evaluate --------------------------------------------------------------------------


def _corpus(tmp_path: Path) -> Path:
    docs = [
        {
            "id": "e01",
            "url": None,
            "source": "Wirestream",
            "published": "2031-02-02",
            "headline": "Ministers hold call",
            "text": "Minister Han Do-yun held a phone call with Ingrid Valstad on Monday.",
            "labels": {
                "event_types": ["CALL_READOUT"],
                "call_participants": [["Han", "Valstad"]],
                "deal": None,
                "speakers": [],
                "notes": "",
            },
        },
        {
            "id": "e02",
            "url": None,
            "source": "Wirestream",
            "published": None,
            "headline": None,
            "text": "Troops trained in the snow.",
            "labels": {
                "event_types": [],
                "call_participants": [],
                "deal": None,
                "speakers": [],
                "notes": "NEGATIVE",
            },
        },
    ]
    for i, doc in enumerate(docs, start=1):
        (tmp_path / f"{i:03d}.json").write_bytes(orjson.dumps(doc))
    return tmp_path


def test_evaluate_prints_table(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", str(_corpus(tmp_path))])
    assert result.exit_code == 0, result.stderr
    assert "| CALL_READOUT      |" in result.stdout
    assert "| call participants (surnames) |" in result.stdout
    assert "Documents: 2" in result.stdout


def test_evaluate_with_a_fake_extractor(tmp_path: Path, seen: list[RawArticle]) -> None:
    # The fake emits a Han/Valstad call for every doc: right for e01, spurious for e02.
    result = CliRunner().invoke(main, ["evaluate", str(_corpus(tmp_path)), "--json"])
    assert result.exit_code == 0, result.stderr
    data = orjson.loads(result.stdout)
    assert data["event_types"]["CALL_READOUT"]["tp"] == 1
    assert data["event_types"]["CALL_READOUT"]["fp"] == 1
    assert data["fields"]["call_participants"] == {"matched": 2, "total": 2, "recall": 1.0}
    assert data["corpus_dirs"] == [str(tmp_path)]
    assert [a.published_at for a in seen] == [datetime(2031, 2, 2, 12, tzinfo=UTC), None]


def test_evaluate_details_lists_every_document(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", str(_corpus(tmp_path)), "--details"])
    assert result.exit_code == 0
    assert "- e02: gold [-] predicted [-]: ok" in result.stdout


def test_evaluate_default_dir_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIRESTREAM_CORPUS_DIR", str(_corpus(tmp_path)))
    result = CliRunner().invoke(main, ["evaluate", "--json"])
    assert result.exit_code == 0
    assert orjson.loads(result.stdout)["documents"] == 2


def test_evaluate_missing_dir_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    proc = _run("evaluate", str(missing))
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert proc.stderr.decode() == f"Error: corpus directory not found: {missing}\n"


def test_evaluate_missing_default_dir_hints_at_env(tmp_path: Path) -> None:
    proc = _run("evaluate", env={"WIRESTREAM_CORPUS_DIR": str(tmp_path / "gone")})
    assert proc.returncode == 1
    assert "set WIRESTREAM_CORPUS_DIR" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()


def test_bad_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIRESTREAM_WEB_PORT", "not-a-port")
    result = CliRunner().invoke(main, ["evaluate"])
    assert result.exit_code == 1
    assert "bad WIRESTREAM_* setting: web_port: " in result.stderr


# --- settings --------------------------------------------------------------------------


def test_settings_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CORPUS_DIR", "DEFAULT_SOURCE", "BROKER", "TOPIC_PREFIX", "WEB_PORT"):
        monkeypatch.delenv(f"WIRESTREAM_{name}", raising=False)
    settings = get_settings()
    assert isinstance(settings, Settings)
    assert settings.corpus_dir == (Path.cwd().parent / "shared" / "corpus" / "dev",)
    assert (settings.default_source, settings.broker) == ("unknown", "localhost:9092")
    assert (settings.topic_prefix, settings.web_port) == ("", 6066)


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIRESTREAM_BROKER", "kafka-1:9092,kafka-2:9092")
    monkeypatch.setenv("WIRESTREAM_WEB_PORT", "7070")
    settings = get_settings()
    assert settings.broker == "kafka-1:9092,kafka-2:9092"
    assert settings.web_port == 7070


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "classify" in result.stdout and "evaluate" in result.stdout


def test_offline_commands_do_not_import_kafka() -> None:
    """classify/evaluate start without kafka-python or Faust (the Kafka commands load lazily)."""
    probe = (
        "import sys; from click.testing import CliRunner; from streams.cli.main import main; "
        "CliRunner().invoke(main, ['classify', '--help']); CliRunner().invoke(main, ['--help']); "
        "print(sorted(m for m in ('kafka', 'faust', 'aiokafka', 'rich') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    listed = CliRunner().invoke(main, ["--help"])
    for name in ("demo", "ingest", "kafka", "tail", "worker", "classify", "evaluate"):
        assert f"  {name} " in listed.output


@pytest.mark.parametrize("name", sorted(streams.cli.main._LazyGroup.LAZY))
def test_help_lists_each_lazy_command_with_its_own_short_help(name: str) -> None:
    """`--help` reads a table instead of importing the Kafka commands: it must not drift."""
    command = main.get_command(click.Context(main), name)
    assert command is not None
    table_help = streams.cli.main._LazyGroup.LAZY[name][1]
    assert table_help == command.get_short_help_str(limit=200)
    listed = CliRunner().invoke(main, ["--help"]).output
    assert f"  {name} " in listed and table_help in listed
