"""The one settings object: WIRESTREAM_* variables, defaults, refusals with reasons."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from streams.cli.main import main
from streams.settings import Settings


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WIRESTREAM_BROKER", "kafka-1:9092,kafka-2:9092")
    monkeypatch.setenv("WIRESTREAM_PARTITIONS", "12")
    monkeypatch.setenv("WIRESTREAM_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD", "hunter2")
    monkeypatch.setenv("WIRESTREAM_STATE_DIR", str(tmp_path))
    settings = Settings()
    assert settings.broker == "kafka-1:9092,kafka-2:9092"
    assert settings.partitions == 12
    assert settings.security_protocol == "SASL_SSL"
    assert settings.state_dir == tmp_path
    assert "hunter2" not in repr(settings)


def test_defaults_work_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WIRESTREAM_BROKER", "WIRESTREAM_PARTITIONS", "WIRESTREAM_TOPIC_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.broker == "localhost:9092"
    assert settings.partitions == 6
    assert settings.processing_guarantee == "at_least_once"
    assert settings.max_message_bytes > 1024 * 1024


def test_the_corpus_default_is_found_from_the_current_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`../shared/corpus/dev` from where the command runs (the repository root), never from
    where the package is installed; WIRESTREAM_CORPUS_DIR overrides it."""
    monkeypatch.delenv("WIRESTREAM_CORPUS_DIR", raising=False)
    checkout = tmp_path / "repo"
    checkout.mkdir()
    monkeypatch.chdir(checkout)
    assert Settings().corpus_dir == (tmp_path / "shared" / "corpus" / "dev",)
    monkeypatch.setenv("WIRESTREAM_CORPUS_DIR", str(tmp_path / "elsewhere"))
    assert Settings().corpus_dir == (tmp_path / "elsewhere",)


def test_exactly_once_is_accepted_and_a_typo_is_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIRESTREAM_PROCESSING_GUARANTEE", "exactly_once")
    assert Settings().processing_guarantee == "exactly_once"
    monkeypatch.setenv("WIRESTREAM_PROCESSING_GUARANTEE", "exactly-once")
    result = CliRunner().invoke(main, ["kafka", "status"])
    assert result.exit_code == 1
    assert "processing_guarantee" in result.output


def test_a_bad_value_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIRESTREAM_SECURITY_PROTOCOL", "TLS")
    result = CliRunner().invoke(main, ["kafka", "status"])
    assert result.exit_code == 1
    assert "security_protocol" in result.output


def test_batch_rules_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIRESTREAM_BATCH_WAIT_S", "0.25")
    monkeypatch.setenv("WIRESTREAM_BATCH_MAX_RECORDS", "50")
    settings = Settings()
    assert (settings.batch_wait_s, settings.batch_max_records) == (0.25, 50)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WIRESTREAM_BATCH_WAIT_S", "-0.1"),
        ("WIRESTREAM_BATCH_WAIT_S", "500"),  # milliseconds written as seconds
        ("WIRESTREAM_BATCH_MAX_RECORDS", "0"),
    ],
)
def test_batch_rules_out_of_bounds_are_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.removeprefix("WIRESTREAM_").lower()):
        Settings()


SECRET = "Xq7-file-secret-9c1e"


def test_the_sasl_password_can_come_from_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret_file = tmp_path / "password"
    secret_file.write_text(SECRET + "\n")
    monkeypatch.delenv("WIRESTREAM_SASL_PASSWORD", raising=False)
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD_FILE", str(secret_file))
    settings = Settings()
    assert settings.sasl_password is not None
    assert settings.sasl_password.get_secret_value() == SECRET  # one trailing newline dropped
    assert SECRET not in repr(settings) and SECRET not in str(settings.model_dump())


@pytest.mark.parametrize("problem", ["missing", "empty", "both"])
def test_a_bad_password_file_is_named_and_no_password_is_shown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, problem: str
) -> None:
    secret_file = tmp_path / "password"
    if problem != "missing":
        secret_file.write_text("" if problem == "empty" else SECRET)
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD_FILE", str(secret_file))
    if problem == "both":
        monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD", SECRET)
    else:
        monkeypatch.delenv("WIRESTREAM_SASL_PASSWORD", raising=False)
    expected = {
        "missing": f"cannot read the SASL password file {secret_file}: No such file",
        "empty": f"the SASL password file {secret_file} is empty",
        "both": "set WIRESTREAM_SASL_PASSWORD or WIRESTREAM_SASL_PASSWORD_FILE, not both",
    }[problem]
    with pytest.raises(ValidationError) as raised:
        Settings()
    assert expected in str(raised.value)
    assert SECRET not in str(raised.value)  # pydantic echoes inputs; never this one
    result = CliRunner().invoke(main, ["kafka", "status"])
    assert result.exit_code == 1
    assert expected in result.output and SECRET not in result.output
