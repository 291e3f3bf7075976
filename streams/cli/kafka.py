"""`wirestream kafka up|down|status|fetch`: the local single-node broker from the CLI."""

from __future__ import annotations

from pathlib import Path

import click

from streams.cli.options import load_settings
from streams.kafka.broker import DEFAULT_PORT, KAFKA_VERSION, BrokerError, LocalBroker
from streams.kafka.secure import MECHANISM, acl_rules
from streams.settings import Settings

_DATA_DIR_HELP = "Broker data directory [default: WIRESTREAM_STATE_DIR/kafka]."


def local_broker(data_dir: Path | None, settings: Settings) -> LocalBroker:
    """The local broker of `data_dir`, or of the default data dir under the state dir."""
    return LocalBroker(data_dir or settings.state_dir / "kafka", settings.cache_dir)


@click.group(short_help="Start, stop and inspect the local single-node Kafka broker.")
def kafka() -> None:
    """The local development broker: Apache Kafka (KRaft, one node) on 127.0.0.1.

    The first `up` fetches the official Apache Kafka jars from Maven Central with
    Maven into WIRESTREAM_CACHE_DIR; later starts need no network.
    """


def _parse_users(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    """--sasl-user NAME:PASSWORD, repeatable."""
    users: dict[str, str] = {}
    for value in values:
        name, sep, password = value.partition(":")
        if not sep or not name or not password:
            raise click.BadParameter(f"{value!r} is not NAME:PASSWORD")
        users[name] = password
    return users


@kafka.command()
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--data-dir", type=click.Path(path_type=Path), help=_DATA_DIR_HELP)
@click.option(
    "--sasl-port",
    type=click.IntRange(1, 65535),
    help="Also listen here with SASL_PLAINTEXT (PLAIN), to try the security settings.",
)
@click.option(
    "--sasl-user",
    "sasl_users",
    multiple=True,
    callback=_parse_users,
    metavar="NAME:PASSWORD",
    help="A user of the SASL listener (repeatable).",
)
@click.option(
    "--ssl-port",
    type=click.IntRange(1, 65535),
    help="Also listen here with SSL (needs --ssl-keystore), to try the security settings.",
)
@click.option(
    "--ssl-keystore",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="PEM",
    help="The SSL listener's private key (PKCS#8, unencrypted) and certificate chain, in one PEM.",
)
@click.option(
    "--secure",
    is_flag=True,
    help="Listen on --port with SASL_SSL only (SCRAM-SHA-512, a CA made by keytool), with ACLs "
    "for the principals admin, ingest, worker and reader; passwords in DATA_DIR/secure.",
)
def up(
    port: int,
    data_dir: Path | None,
    sasl_port: int | None,
    sasl_users: dict[str, str],
    ssl_port: int | None,
    ssl_keystore: Path | None,
    secure: bool,
) -> None:
    """Start the broker in the background; returns when it answers."""
    settings = load_settings()
    broker = local_broker(data_dir, settings)
    if not broker.jars_present():
        click.echo(f"fetching Apache Kafka {KAFKA_VERSION} from Maven Central (once)...", err=True)
    try:
        already = broker.state()
        state = broker.up(
            port=port,
            sasl_port=sasl_port,
            sasl_users=sasl_users,
            ssl_port=ssl_port,
            ssl_keystore=ssl_keystore,
            secure_acls=acl_rules(settings.topic_prefix, settings.consumer_group)
            if secure
            else None,
        )
    except BrokerError as exc:
        raise click.ClickException(str(exc)) from exc
    verb = "already running" if already is not None else "started"
    sasl = f", SASL_PLAINTEXT on 127.0.0.1:{state.sasl_port}" if state.sasl_port else ""
    sasl += f", SSL on 127.0.0.1:{state.ssl_port}" if state.ssl_port else ""
    click.echo(
        f"Kafka {state.version} {verb} on 127.0.0.1:{state.port}{sasl} (pid {state.pid}); "
        f"data {broker.data_dir}; log {broker.log_file}"
    )
    if state.secure:
        files = broker.secure_files
        click.echo(
            f"secure: SASL_SSL with {MECHANISM} only, ACLs for topic prefix "
            f"{settings.topic_prefix!r} and consumer group {settings.consumer_group!r}; "
            f"principals admin, ingest, worker, reader (passwords in {files.dir}/NAME.password). "
            "Connect as the worker with:\n"
            f"  export WIRESTREAM_BROKER=127.0.0.1:{state.port} "
            f"WIRESTREAM_SECURITY_PROTOCOL=SASL_SSL WIRESTREAM_SASL_MECHANISM={MECHANISM} "
            f"WIRESTREAM_SASL_USERNAME=worker "
            f"WIRESTREAM_SASL_PASSWORD_FILE={files.password_file('worker')} "
            f"WIRESTREAM_SSL_CAFILE={files.ca_pem}"
        )


@kafka.command()
@click.option("--data-dir", type=click.Path(path_type=Path), help=_DATA_DIR_HELP)
def down(data_dir: Path | None) -> None:
    """Stop the broker cleanly."""
    broker = local_broker(data_dir, load_settings())
    stopped = broker.down()
    click.echo(f"Kafka stopped ({broker.data_dir})" if stopped else "Kafka was not running")


@kafka.command()
@click.option("--data-dir", type=click.Path(path_type=Path), help=_DATA_DIR_HELP)
def status(data_dir: Path | None) -> None:
    """Say whether the broker runs and answers; exit 1 when it does not."""
    result = local_broker(data_dir, load_settings()).status()
    if result.state is None:
        click.echo(f"Kafka is not running (data {result.data_dir})")
        raise SystemExit(1)
    health = "answering" if result.answering else "NOT answering"
    click.echo(
        f"Kafka {result.state.version} running on 127.0.0.1:{result.state.port} "
        f"(pid {result.state.pid}), {health}; data {result.data_dir}; log {result.log_file}"
    )
    if not result.answering:
        raise SystemExit(1)


@kafka.command()
def fetch() -> None:
    """Fetch the broker's jars from Maven Central now (CI does this before the tests)."""
    broker = local_broker(None, load_settings())
    try:
        fetched = broker.fetch()
    except BrokerError as exc:
        raise click.ClickException(str(exc)) from exc
    where = broker.jars_dir
    click.echo(
        f"Apache Kafka {KAFKA_VERSION} {'fetched into' if fetched else 'already in'} {where}"
    )
