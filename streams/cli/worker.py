"""`wirestream worker`: run the Faust worker (the same as `faust -A streams.worker.app worker`)."""

from __future__ import annotations

from typing import Any

import click

from streams.cli.options import load_settings
from streams.kafka.broker import port_is_free
from streams.kafka.clients import authentication_problem
from streams.kafka.reach import reach_broker

_LOG_LEVELS = ("crit", "error", "warn", "info", "debug")


@click.command(short_help="Run the stream worker (Faust).")
@click.option("--loglevel", "-l", type=click.Choice(_LOG_LEVELS), default="info", show_default=True)
def worker(loglevel: str) -> None:
    """Consume the raw topic and publish events, processed records and dead letters.

    Configuration comes from WIRESTREAM_* variables (broker, topic prefix,
    consumer group, web port, security). SIGTERM or Ctrl-C stops it gracefully:
    in-flight records are finished and their offsets committed. To replay the
    raw topic after an extractor upgrade, run it with a new
    WIRESTREAM_CONSUMER_GROUP: a new group starts from the earliest offset.
    """
    # Fail with one clear line instead of Faust's traceback on bad settings, a taken
    # web port (a second worker on this machine) or no Kafka.
    settings = load_settings()
    from streams.worker.dead_letter_limit import limit_from_settings

    try:
        limit_from_settings(settings)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if not port_is_free(settings.web_port, settings.web_host):
        raise click.ClickException(
            f"web port {settings.web_host}:{settings.web_port} is in use (another worker?); "
            "give each worker on a machine its own WIRESTREAM_WEB_PORT"
        )
    refused = authentication_problem(settings)  # at once, not after a bootstrap timeout
    if refused is not None:
        raise click.ClickException(refused)
    problem = reach_broker(settings, say=lambda line: click.echo(line, err=True))
    if problem is not None:
        raise click.ClickException(problem)

    from streams.worker.app import app  # Faust is imported only by the commands that need it

    build_worker(app, loglevel).execute_from_commandline()


def build_worker(app: Any, loglevel: str) -> Any:
    """Faust's Worker for `app`, without its start-up spinner."""
    from faust.worker import Worker

    worker = Worker(app, loglevel=loglevel)
    # At warn level and above Faust keeps a terminal spinner that sets the root logger
    # to DEBUG for good, so every aiokafka send builds a debug record that no handler
    # prints (about 2 % of a worker's CPU in a py-spy profile). A server needs no spinner.
    worker.spinner = None
    return worker
