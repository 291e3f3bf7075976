"""`wirestream kafka up --secure`: SASL_SSL + SCRAM-SHA-512 + ACLs, against the real broker.

One secure broker for the module, started and stopped through the CLI. The worker
with its own credentials processes an article; wrong credentials end the worker and
the commands within seconds with one clear line; the reader principal cannot write
event topics; and no password ever shows in a log, an output, an error or a web page.
"""

from __future__ import annotations

import os
import secrets
import socket
import ssl
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from kafka.errors import TopicAuthorizationFailedError

from streams.kafka.broker import BrokerError, LocalBroker, answers
from streams.kafka.clients import ensure_topics, make_producer
from streams.kafka.secure import acl_rules
from streams.records.topics import EVENT_TOPICS, PROCESSED, RAW, topic_name
from streams.settings import Settings
from tests.conftest import free_port
from tests.support.kafka_helpers import REPORTS, WorkerProcess, read_topic, wait_for_count

pytestmark = [pytest.mark.kafka, pytest.mark.faults]

PREFIX = "secure."
GROUP = "wirestream-secure"
PRINCIPALS = ("admin", "ingest", "worker", "reader")
# A wrong credential must end a command quickly; past this it counts as a hang.
HANG_S = 30.0
WEB_PATHS = ("/", "/metrics", "/router/", "/table/", "/stats/", "/graph/")


@dataclass(frozen=True)
class SecureBroker:
    """The module's secure broker: where it listens and where its secrets live."""

    data_dir: Path
    port: int
    up_output: str

    @property
    def secrets_dir(self) -> Path:
        return self.data_dir / "secure"

    def password_file(self, principal: str) -> Path:
        return self.secrets_dir / f"{principal}.password"

    def password(self, principal: str) -> str:
        return self.password_file(principal).read_text().strip()

    def all_secrets(self) -> list[str]:
        """Every password of the broker: the principals' and the keystores'."""
        return [self.password(p) for p in PRINCIPALS] + [
            (self.secrets_dir / "store.password").read_text().strip()
        ]


def cli(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `wirestream ARGS` as its own process with exactly `env`'s WIRESTREAM_* settings."""
    return subprocess.run(
        [sys.executable, "-m", "streams.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def clean_env(**wirestream: str) -> dict[str, str]:
    """The test process's environment without any WIRESTREAM_* setting, plus `wirestream`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRESTREAM_")}
    env.update({f"WIRESTREAM_{k.upper()}": v for k, v in wirestream.items()})
    return env


@pytest.fixture(scope="module")
def secure_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureBroker]:
    """`wirestream kafka up --secure` on a fresh data dir; `kafka down` at the end."""
    data_dir = tmp_path_factory.mktemp("secure-broker")
    port = free_port()
    env = clean_env(topic_prefix=PREFIX, consumer_group=GROUP)
    started = cli("kafka", "up", "--secure", "--port", str(port), "--data-dir", str(data_dir),
                  env=env)  # fmt: skip
    assert started.returncode == 0, started.stderr + started.stdout
    try:
        yield SecureBroker(data_dir, port, started.stdout + started.stderr)
    finally:
        stopped = cli("kafka", "down", "--data-dir", str(data_dir), env=env)
        assert stopped.returncode == 0, stopped.stderr


def principal_env(
    broker: SecureBroker, principal: str, *, password: str | None = None, **extra: str
) -> dict[str, str]:
    """Settings for `principal`: the password from its file unless `password` is given."""
    credentials = (
        {"sasl_password": password}
        if password is not None
        else {"sasl_password_file": str(broker.password_file(principal))}
    )
    return clean_env(
        broker=f"127.0.0.1:{broker.port}",
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_username=principal,
        ssl_cafile=str(broker.secrets_dir / "ca.pem"),
        topic_prefix=PREFIX,
        consumer_group=GROUP,
        **credentials,
        **extra,
    )


def settings_for(broker: SecureBroker, principal: str) -> Settings:
    """In-process Settings for `principal` (password read from its file by Settings)."""
    env = principal_env(broker, principal)
    fields = {k.removeprefix("WIRESTREAM_").lower(): v for k, v in env.items()}
    return Settings(**{k: v for k, v in fields.items() if k in Settings.model_fields})


def web_pages(port: int) -> dict[str, tuple[int, str]]:
    """What the worker's web server answers on each of WEB_PATHS: (status, body)."""
    pages: dict[str, tuple[int, str]] = {}
    for path in WEB_PATHS:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
                pages[path] = (response.status, response.read().decode(errors="replace"))
        except urllib.error.HTTPError as exc:
            pages[path] = (exc.code, exc.read().decode(errors="replace"))
    return pages


def assert_no_secret(secrets_: list[str], **texts: str) -> None:
    """No secret appears in any text (named, so a failure says where it leaked)."""
    for where, text in texts.items():
        for secret in secrets_:
            assert secret not in text, f"a password appears in {where}"


def test_secure_broker_has_no_unauthenticated_listener(secure_broker: SecureBroker) -> None:
    bootstrap = f"127.0.0.1:{secure_broker.port}"
    assert "SASL_SSL with SCRAM-SHA-512 only" in secure_broker.up_output
    assert answers(bootstrap, timeout=3) is False  # a PLAINTEXT client gets nothing
    config = (secure_broker.data_dir / "server.properties").read_text()
    effective = dict(
        line.split("=", 1) for line in config.splitlines() if "=" in line and line[0] != "#"
    )
    assert effective["listeners"].split(",")[0] == f"SASL_SSL://127.0.0.1:{secure_broker.port}"
    assert effective["allow.everyone.if.no.acl.found"] == "false"
    assert effective["sasl.enabled.mechanisms"] == "SCRAM-SHA-512"
    # The broker presents a certificate for 127.0.0.1 signed by the CA that keytool made.
    context = ssl.create_default_context(cafile=str(secure_broker.secrets_dir / "ca.pem"))
    with (
        socket.create_connection(("127.0.0.1", secure_broker.port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        certificate = tls.getpeercert()
    assert certificate is not None
    issuer = dict(pair for rdn in certificate["issuer"] for pair in rdn)
    assert issuer["commonName"] == "wirestream local CA"
    assert ("IP Address", "127.0.0.1") in certificate["subjectAltName"]
    for path in [
        *secure_broker.secrets_dir.glob("*.password"),
        *secure_broker.secrets_dir.glob("*.p12"),
        secure_broker.data_dir / "server.properties",
    ]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    status = cli("kafka", "status", "--data-dir", str(secure_broker.data_dir), env=clean_env())
    assert status.returncode == 0 and ", answering;" in status.stdout, status.stdout
    assert_no_secret(
        secure_broker.all_secrets(),
        **{"kafka up output": secure_broker.up_output, "kafka status output": status.stdout},
    )


def test_the_worker_with_its_credentials_works_and_no_password_leaks(
    secure_broker: SecureBroker, tmp_path: Path
) -> None:
    article_id = "secure-1"
    article = {"id": article_id, "source": "Yonhap", "body": "Seoul said on Monday it agreed."}
    articles = tmp_path / "articles.jsonl"
    articles.write_bytes(orjson.dumps(article) + b"\n")
    web_port = free_port()
    # ingest gets its password from the environment, the worker and reader from files.
    ingest = cli("ingest", str(articles), env=principal_env(
        secure_broker, "ingest", password=secure_broker.password("ingest")))  # fmt: skip
    assert ingest.returncode == 0, ingest.stderr
    worker_env = principal_env(
        secure_broker, "worker", web_port=str(web_port), state_dir=str(tmp_path / "state")
    )
    reader = settings_for(secure_broker, "reader")
    with WorkerProcess(tmp_path / "worker.log", env=worker_env) as worker:
        wait_for_count(reader, [PROCESSED], 1, 90, worker)
        pages = web_pages(web_port)
        tail = cli("tail", "processed", "--from-beginning", "--max-records", "1",
                   "--idle-timeout", "20", env=principal_env(secure_broker, "reader"))  # fmt: skip
    [record] = read_topic(reader, PROCESSED)
    assert record.key == article_id.encode()
    assert tail.returncode == 0, tail.stderr
    assert article_id in tail.stdout
    assert pages["/"][0] == 200  # the scan below read real pages
    assert_no_secret(
        secure_broker.all_secrets(),
        **{
            "the worker log": worker.log_path.read_text(errors="replace"),
            "ingest output": ingest.stdout + ingest.stderr,
            "tail output": tail.stdout + tail.stderr,
            **{f"web page {path}": body for path, (_, body) in pages.items()},
        },
    )


WRONG = "wrong-" + secrets.token_hex(12)
BAD_LOGINS = {
    "worker, wrong password": ("worker", WRONG, ("worker",)),
    "unknown user": ("nobody-" + secrets.token_hex(4), WRONG, ("worker",)),
    "ingest, wrong password": ("ingest", WRONG, ("ingest", "{articles}")),
    "tail, wrong password": ("reader", WRONG, ("tail", "processed", "--max-records", "1")),
}


@pytest.mark.parametrize("case", list(BAD_LOGINS))
def test_wrong_credentials_fail_fast_with_one_clear_line(
    secure_broker: SecureBroker, tmp_path: Path, case: str
) -> None:
    user, password, args = BAD_LOGINS[case]
    articles = tmp_path / "a.jsonl"
    articles.write_text('{"id": "x", "source": "Yonhap", "body": "Seoul said so."}\n')
    env = principal_env(secure_broker, "worker", password=password, web_port=str(free_port()),
                        state_dir=str(tmp_path / "state"))  # fmt: skip
    env["WIRESTREAM_SASL_USERNAME"] = user
    command = [a.format(articles=articles) for a in args]
    started = time.monotonic()
    try:
        result = cli(*command, env=env, timeout=HANG_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: `wirestream {command[0]}` still running after {HANG_S} s (a hang)")
    elapsed = time.monotonic() - started
    REPORTS.append(f"secure broker, {case}: `wirestream {command[0]}` exited {result.returncode} "
                   f"after {elapsed:.1f} s")  # fmt: skip
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, output
    assert f"refused the login of SASL user {user!r} (SCRAM-SHA-512)" in errors[0]
    assert_no_secret([password, *secure_broker.all_secrets()], **{f"{case} output": output})


def test_a_principal_without_write_rights_cannot_produce_to_event_topics(
    secure_broker: SecureBroker,
) -> None:
    ensure_topics(settings_for(secure_broker, "ingest"))  # ingest may create pipeline topics
    reader = settings_for(secure_broker, "reader")
    # Not idempotent: an idempotent producer is refused earlier (InitProducerId), which
    # would hide whether the topic's own ACL is what stops the write.
    producer = make_producer(reader, enable_idempotence=False, acks=1, retries=0)
    try:
        for name in [*EVENT_TOPICS.values(), PROCESSED]:
            future = producer.send(topic_name(name, PREFIX), key=b"forged", value=b"{}")
            with pytest.raises(TopicAuthorizationFailedError):
                future.get(timeout=30)
    finally:
        producer.close()
    # The reader can read the same topics, so it was the write that was refused.
    for name in EVENT_TOPICS.values():
        assert all(r.key != b"forged" for r in read_topic(reader, name))
    # And the worker principal, which may write events, may not write the raw topic.
    worker = make_producer(settings_for(secure_broker, "worker"), enable_idempotence=False,
                           acks=1, retries=0)  # fmt: skip
    try:
        with pytest.raises(TopicAuthorizationFailedError):
            worker.send(topic_name(RAW, PREFIX), key=b"forged", value=b"{}").get(timeout=30)
    finally:
        worker.close()


def test_secure_mode_belongs_to_the_data_dir(tmp_path: Path) -> None:
    """A data dir formatted without --secure has no SCRAM users: refuse rather than half-work."""
    plain = LocalBroker(tmp_path / "plain", Settings().cache_dir)
    (plain.data_dir / "log").mkdir(parents=True)
    (plain.data_dir / "log" / "meta.properties").write_text("formatted\n")
    with pytest.raises(BrokerError, match="formatted without --secure"):
        plain.up(port=free_port(), secure_acls=acl_rules(PREFIX, GROUP))
    secure = LocalBroker(tmp_path / "secure", Settings().cache_dir)
    (secure.data_dir / "log").mkdir(parents=True)
    (secure.data_dir / "log" / "meta.properties").write_text("formatted\n")
    secure.secure_files.dir.mkdir()
    (secure.secure_files.dir / ".complete").write_text("ok\n")
    with pytest.raises(BrokerError, match="formatted with --secure"):
        secure.up(port=free_port())
