"""The `wirestream` command group: `classify` and `evaluate` here, the Kafka commands lazily.

The CLI is a thin shell: `streams.ingest.readers` parses input, `streams.core` extracts
events (the same function the stream calls, so the two cannot disagree), and
`streams.evaluation` scores. The commands that need Kafka, Faust or rich (`demo`, `ingest`,
`kafka`, `schemas`, `tail`, `top`, `worker`) live in their own modules of `streams.cli` and
are imported only when run. Errors are one line each on stderr, never tracebacks.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import ClassVar

import click
import orjson
from pydantic import ValidationError

from schemas import CallReadout, CostSharingDeal, RawArticle, Statement
from streams import __version__
from streams.cli.options import headline_option, load_settings, published_at_option, silence_stdout
from streams.core import EXTRACTOR_VERSION, extract_events
from streams.evaluation import CorpusError, doc_to_article, format_report, load_corpus, score
from streams.evaluation.stories import format_story_clusters, story_clusters, story_clusters_dict
from streams.ingest.readers import STDIN, InputError, read_articles
from streams.records.articles import condense_validation_error
from streams.records.codec import encode_event

Events = list[CallReadout | CostSharingDeal | Statement]


def _extract(article: RawArticle, command: str) -> Events | None:
    """Run the extractor; a crash on one article is reported and skipped, not fatal."""
    try:
        return extract_events(article)
    except Exception as exc:  # the stream dead-letters such articles; mirror that here
        click.echo(
            f"wirestream {command}: article {article.id}: extractor failed: "
            f"{type(exc).__name__}: {exc}",
            err=True,
        )
        return None


class _LazyGroup(click.Group):
    """A group whose Kafka commands are imported when used, so offline ones start fast.

    `--help` lists them from the table's one-line help rather than importing them
    (kafka-python, Faust, rich: ~0.3 s); a test keeps each line equal to the command's.
    """

    # command name -> ("module:attribute", the command's short help)
    LAZY: ClassVar[dict[str, tuple[str, str]]] = {
        "demo": (
            "streams.cli.demo:demo",
            "Run the whole pipeline locally on seeds/ and print the events.",
        ),
        "ingest": ("streams.cli.ingest:ingest", "Publish articles to the raw topic."),
        "kafka": (
            "streams.cli.kafka:kafka",
            "Start, stop and inspect the local single-node Kafka broker.",
        ),
        "schemas": (
            "streams.cli.schemas:schemas_group",
            "Export and check the JSON Schema / AsyncAPI contracts.",
        ),
        "tail": ("streams.cli.tail:tail", "Follow a topic and print its records."),
        "top": (
            "streams.cli.top:top",
            "Live view of the workers' metrics (throughput, lag, latency).",
        ),
        "worker": ("streams.cli.worker:worker", "Run the stream worker (Faust)."),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        lazy = self.LAZY.get(cmd_name)
        if lazy is None:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = lazy[0].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows: list[tuple[str, str]] = []
        for name in self.list_commands(ctx):
            if name in self.LAZY:
                rows.append((name, self.LAZY[name][1]))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wirestream")
def main() -> None:
    """wirestream: wire-news articles in, typed event records out."""


@main.command(short_help="Articles in, JSON Lines of events out (offline, no Kafka).")
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@published_at_option
@click.option(
    "--source",
    metavar="S",
    help="Source for inputs without one [default: WIRESTREAM_DEFAULT_SOURCE].",
)
@headline_option
def classify(
    paths: Sequence[str], published_at: datetime | None, source: str | None, headline: str | None
) -> None:
    """Extract events from articles offline and write them to stdout as JSON Lines.

    PATH is a .txt file (the body), a .json file (one article or an array), a
    .jsonl file (one article per line), a directory of those, or - for stdin
    (the default); IPTC ninjs and NewsML-G2 items too. Rejected input is reported
    on stderr as `location: message` and makes the exit status 1; the good records
    are still processed. An agency item withdrawn by its pubStatus (canceled,
    withheld) gives no events and one note on stderr, as the worker gives it none.
    """
    default_source = source or load_settings().default_source
    out = click.get_binary_stream("stdout")
    stdin = click.get_binary_stream("stdin")
    failed = False
    try:
        for path in paths or (STDIN,):
            for item in read_articles(
                path,
                source=default_source,
                headline=headline,
                published_at=published_at,
                stdin=stdin,
            ):
                if isinstance(item, InputError):
                    failed = True
                    click.echo(f"wirestream classify: {item.location}: {item.message}", err=True)
                    continue
                if item.withdrawn:
                    # As the worker: no events, a note instead of an error (exit status kept).
                    click.echo(
                        f"wirestream classify: article {item.id}: pubStatus {item.withdrawn!r}: "
                        "withdrawn by the agency, no events",
                        err=True,
                    )
                    continue
                events = _extract(item, "classify")
                if events is None:
                    failed = True
                    continue
                if events:
                    # One write per article into the buffered stream; no per-record flush.
                    # The same bytes the worker publishes (streams.records.codec), one per line.
                    out.write(b"".join(encode_event(e) + b"\n" for e in events))
        out.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        silence_stdout(out)
        sys.exit(1)
    sys.exit(1 if failed else 0)


@main.command(short_help="Score the extractor against a labeled corpus.")
@click.argument(
    "corpus_dirs",
    nargs=-1,
    type=click.Path(path_type=Path),
    metavar="[CORPUS_DIR]...",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--details", is_flag=True, help="List every document, not only those with misses.")
@click.option(
    "--clusters",
    "with_clusters",
    is_flag=True,
    help="Also cluster the predicted events and say, per story, which documents met.",
)
def evaluate(
    corpus_dirs: tuple[Path, ...], as_json: bool, details: bool, with_clusters: bool
) -> None:
    """Run the extractor over a labeled corpus and print precision/recall per event type.

    Several CORPUS_DIRs are scored as one corpus (document ids must be unique across them).
    They default to WIRESTREAM_CORPUS_DIR (the shared dev corpus; several directories
    separated by the OS path separator).

    With --clusters, every predicted event is clustered as the stream would cluster it, and
    for each story (the documents' `story` field) of two or more documents the report says,
    per event type, whether one cluster holds an event of every document, and if not why
    (no such event predicted, different actor ids, quote or date).
    """
    directories = corpus_dirs or load_settings().corpus_dir
    try:
        docs = load_corpus(*directories)
    except CorpusError as exc:
        hint = "" if corpus_dirs else " (pass CORPUS_DIR or set WIRESTREAM_CORPUS_DIR)"
        raise click.ClickException(f"{exc}{hint}") from exc
    predictions: dict[str, Events] = {}
    crashed = False
    for doc in docs:
        try:
            article = doc_to_article(doc)
        except ValidationError as exc:
            raise click.ClickException(
                f"document {doc.id}: not a valid article: {condense_validation_error(exc)}"
            ) from exc
        events = _extract(article, "evaluate")
        crashed = crashed or events is None
        predictions[doc.id] = events or []
    report = score(docs, predictions)
    stories = story_clusters(docs, predictions) if with_clusters else None
    if as_json:
        payload = {
            "corpus_dirs": [str(d) for d in directories],
            "extractor_version": EXTRACTOR_VERSION,
            **report.to_dict(),
        }
        if stories is not None:
            payload["story_clusters"] = story_clusters_dict(stories)
        click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
    else:
        shown = ", ".join(str(d) for d in directories)
        click.echo(f"Corpus: {shown}  (extractor {EXTRACTOR_VERSION})")
        click.echo(format_report(report, details=details), nl=False)
        if stories is not None:
            click.echo()
            click.echo(format_story_clusters(stories), nl=False)
    # The report is printed either way; a crashing extractor must still fail CI.
    sys.exit(1 if crashed else 0)
