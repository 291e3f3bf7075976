"""Runtime settings: one object, read from `WIRESTREAM_*` environment variables.

Every field has a default that works on a developer machine, so the CLI runs
without any configuration; deployments override through the environment
(e.g. `WIRESTREAM_BROKER=kafka-1:9092`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MiB = 1024 * 1024


def _default_corpus_dir() -> tuple[Path, ...]:
    """`../shared/corpus/dev` from the current directory: the labeled dev corpus lives next to
    the repository checkout, so this is it when run from the repository root."""
    return (Path.cwd().parent / "shared" / "corpus" / "dev",)


def _default_corpus_ko_dir() -> tuple[Path, ...]:
    """`../shared/corpus/dev-ko` from the current directory: the labeled Korean dev corpus."""
    return (Path.cwd().parent / "shared" / "corpus" / "dev-ko",)


def _xdg_dir(variable: str, fallback: str) -> Path:
    """`$XDG_*_HOME/wirestream`, or the XDG fallback under the home directory."""
    base = os.environ.get(variable) or str(Path.home() / fallback)
    return Path(base) / "wirestream"


class DeadLetterLimitSetting(BaseModel):
    """The dead-letter limit of one error code (a value of WIRESTREAM_DEAD_LETTER_LIMITS)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    window: int = Field(default=1000, ge=1, le=1_000_000, description="Records in the window.")
    max_share: float | None = Field(
        default=0.2,
        gt=0,
        le=1,
        description="Most dead letters of the code among the last `window` records, as a share "
        "of the window (null: no share limit).",
    )
    max_consecutive: int | None = Field(
        default=50,
        ge=1,
        description="Most dead letters of the code in a row (null: no run limit).",
    )


def _default_dead_letter_limits() -> dict[str, DeadLetterLimitSetting]:
    """On for extractor failures (a bad deploy), off for bad input from upstream."""
    return {"extractor_failed": DeadLetterLimitSetting()}


class Settings(BaseSettings):
    """wirestream configuration; each field `x` is read from `WIRESTREAM_X`."""

    model_config = SettingsConfigDict(env_prefix="WIRESTREAM_", extra="ignore")

    # NoDecode: the variable is a path list (os.pathsep-separated, like PATH), not JSON.
    corpus_dir: Annotated[tuple[Path, ...], NoDecode] = Field(
        default_factory=_default_corpus_dir,
        description="Labeled corpus directories used by `wirestream evaluate` when none is "
        "given, separated by the OS path separator (':' on Unix), scored as one corpus "
        "(default: ../shared/corpus/dev from the current directory).",
    )
    corpus_ko_dir: Annotated[tuple[Path, ...], NoDecode] = Field(
        default_factory=_default_corpus_ko_dir,
        description="Labeled Korean corpus directories for the Korean corpus test, separated "
        "by the OS path separator (default: ../shared/corpus/dev-ko from the current "
        "directory).",
    )
    default_source: str = Field(
        default="unknown",
        min_length=1,
        description="Source recorded for input that names none (plain text, records without it).",
    )
    broker: str = Field(
        default="localhost:9092",
        description="Kafka bootstrap servers, comma-separated host:port.",
    )
    broker_timeout_s: float = Field(
        default=15.0,
        gt=0,
        description="How long commands wait for a broker that accepts connections but has not "
        "answered yet (one that refuses, or a name that does not resolve, fails at once).",
    )
    topic_prefix: str = Field(
        default="",
        description="Prepended to every topic name, to share one cluster between environments.",
    )
    web_port: int = Field(
        default=6066,
        ge=1,
        le=65535,
        description="Port of the worker's web server (serves /metrics).",
    )
    web_host: str = Field(default="127.0.0.1", description="Interface the web server binds.")
    lag_interval_s: float = Field(
        default=5.0,
        gt=0,
        description="How often each worker asks the broker for the group's consumer lag "
        "(the wirestream_consumer_lag_messages gauge).",
    )
    consumer_group: str = Field(
        default="wirestream",
        min_length=1,
        description="Consumer group (and Faust app id). A new group replays the raw topic.",
    )
    partitions: int = Field(
        default=6, ge=1, description="Partitions of every topic the project creates."
    )
    replication_factor: int = Field(
        default=1, ge=1, description="Replication factor of the topics the project creates."
    )
    processing_guarantee: Literal["at_least_once", "exactly_once"] = Field(
        default="at_least_once",
        description="at_least_once (default; repeats after a crash carry the same event ids) or "
        "exactly_once (Kafka transactions; read_committed consumers see no repeats).",
    )
    commit_interval_s: float = Field(
        default=1.0,
        gt=0,
        description="How often the worker commits consumed offsets; after a crash, up to "
        "this many seconds of work is processed again.",
    )
    batch_max_records: int = Field(
        default=200,
        ge=1,
        le=10_000,
        description="Most raw records the worker processes and publishes as one batch; a "
        "backlog drains in batches this large.",
    )
    batch_wait_s: float = Field(
        # 0: natural batching. A batch leaves as soon as no further record is waiting, so a
        # record at a low rate waits for nothing, and an idle worker runs no timer (a 2 ms
        # take_events window cost an idle worker 11 % of a core).
        default=0.0,
        ge=0,
        le=60.0,
        description="How long a partial batch waits for more records once none is "
        "waiting (0: it leaves at once); a backlog fills batches without waiting.",
    )
    max_batches_in_flight: int = Field(
        # 4, not 1: at low rates a batch is one article, extracted in less time than its
        # acknowledgements take while the extraction holds the GIL, so with 1 the agent
        # waited 3-10 ms per article before reading the next (median latency 36-74 ms vs
        # 10-31 with 4 at 200 articles/s, three paired runs).
        default=4,
        ge=0,
        le=16,
        description="at_least_once: batches whose outputs may await the broker's "
        "acknowledgements while the worker extracts the next one (0: wait for each batch). "
        "An offset is committed only after all its outputs are acknowledged either way; "
        "exactly_once always waits.",
    )
    fetch_max_wait_ms: int = Field(
        # Faust asks for 1500 ms. aiokafka leaves a partition out of its next fetch while
        # the agent has not yet taken the records it holds for it, so a fetch can go out
        # for the other, idle partitions only; the broker then holds it for the whole wait
        # and records arriving meanwhile on the busy partition wait too: at 200 articles/s
        # the worker could settle into a steady 1.5-2 s latency (README, Performance).
        default=100,
        ge=1,
        le=30_000,
        description="Longest the broker may hold a fetch that finds no new records; it "
        "bounds how long a record can wait behind a fetch for idle partitions (an idle "
        "worker sends about 1000/this fetches a second).",
    )
    clusters: bool = Field(
        default=True,
        description="Send each event's report to the cluster agent, which publishes one "
        "record per real-world event on wire.events.clusters (false: events only).",
    )
    agents: Literal["auto", "all", "articles", "clusters"] = Field(
        default="auto",
        description="Which agents this worker runs: articles (raw articles to events), "
        "clusters (reports to clusters, from a Faust table), all, or auto: both under "
        "at_least_once, articles only under exactly_once (the cluster agent is "
        "at-least-once: run it in a separate at_least_once worker with agents=clusters).",
    )
    table_store: str = Field(
        default="rocksdb://",
        description="Store of the cluster table: rocksdb:// (on disk under the state dir, "
        "recovered from the changelog topic only as far as the disk is behind) or memory:// "
        "(recovered from the changelog topic at every start).",
    )
    cluster_batch_max_records: int = Field(
        default=2000,
        ge=1,
        le=100_000,
        description="Most reports the cluster agent folds and publishes as one batch.",
    )
    dead_letter_limits: dict[str, DeadLetterLimitSetting] = Field(
        default_factory=_default_dead_letter_limits,
        description="Per error code, as JSON: the most dead letters allowed among the last "
        "`window` records (`max_share`) and in a row (`max_consecutive`); e.g. "
        '{"extractor_failed": {"window": 1000, "max_share": 0.2, "max_consecutive": 50}} '
        "(the default). Crossing one stops the worker without committing the batch "
        "(exit 70). Codes left out have no limit; {} turns the limit off.",
    )
    dead_letter_stop_grace_s: float = Field(
        default=20.0,
        ge=0,
        le=600,
        description="How long a worker stopped by the dead-letter limit keeps serving /metrics "
        "before it exits, so Prometheus (15 s scrapes) records the stop.",
    )
    session_timeout_s: float = Field(
        default=30.0,
        ge=6.0,
        description="Consumer session timeout: how long a crashed worker's partitions wait "
        "before the group hands them to another worker.",
    )
    max_message_bytes: int = Field(
        default=8 * MiB,
        ge=2 * MiB,
        description="Largest record the raw and dead-letter topics accept (above the 1 MiB body "
        "limit, so an oversized body reaches the validator and the DLQ).",
    )
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT", description="Kafka security protocol."
    )
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        default="PLAIN", description="SASL mechanism when the protocol is SASL_*."
    )
    sasl_username: str | None = Field(default=None, description="SASL user name.")
    sasl_password: SecretStr | None = Field(default=None, description="SASL password.")
    sasl_password_file: Path | None = Field(
        default=None,
        description="File holding the SASL password (instead of WIRESTREAM_SASL_PASSWORD); "
        "one trailing newline is ignored.",
    )
    ssl_cafile: Path | None = Field(
        default=None, description="CA bundle (PEM) that signs the brokers' certificates."
    )
    state_dir: Path = Field(
        default_factory=lambda: _xdg_dir("XDG_STATE_HOME", ".local/state"),
        description="Worker data, feed-follow memory and the local broker's data live here.",
    )
    cache_dir: Path = Field(
        default_factory=lambda: _xdg_dir("XDG_CACHE_HOME", ".cache"),
        description="The local broker's jars (fetched by Maven on first use) live here.",
    )

    @field_validator("corpus_dir", "corpus_ko_dir", mode="before")
    @classmethod
    def _split_corpus_dirs(cls, value: object) -> object:
        if isinstance(value, (str, Path)):
            parts = [p for p in str(value).split(os.pathsep) if p.strip()]
            if not parts:
                raise ValueError("no corpus directory given")
            return tuple(Path(p) for p in parts)
        return value

    @field_validator("sasl_password_file")
    @classmethod
    def _password_file_is_readable(cls, path: Path | None, info: ValidationInfo) -> Path | None:
        # Checked here rather than in the model validator: pydantic's message for a field
        # echoes only that field (the path), a model validator's would echo the password.
        if path is None:
            return None
        if info.data.get("sasl_password") is not None:
            raise ValueError(
                "set WIRESTREAM_SASL_PASSWORD or WIRESTREAM_SASL_PASSWORD_FILE, not both"
            )
        _read_secret(path)
        return path

    @model_validator(mode="after")
    def _cluster_agent_is_at_least_once(self) -> Settings:
        if self.processing_guarantee == "exactly_once" and self.agents in ("all", "clusters"):
            raise ValueError(
                f"WIRESTREAM_AGENTS={self.agents} needs WIRESTREAM_PROCESSING_GUARANTEE="
                "at_least_once: the cluster agent is at-least-once (redelivery never adds a "
                "report); run it in its own at_least_once worker with WIRESTREAM_AGENTS=clusters "
                "and its own WIRESTREAM_CONSUMER_GROUP"
            )
        return self

    @property
    def runs_article_agent(self) -> bool:
        """Whether this worker turns raw articles into events."""
        return self.agents != "clusters"

    @property
    def runs_cluster_agent(self) -> bool:
        """Whether this worker folds reports into clusters (its Faust table)."""
        if self.agents == "auto":
            return self.clusters and self.processing_guarantee == "at_least_once"
        return self.agents in ("all", "clusters")

    @model_validator(mode="after")
    def _read_password_file(self) -> Settings:
        if self.sasl_password_file is not None:
            self.sasl_password = SecretStr(_read_secret(self.sasl_password_file))
        return self


def _read_secret(path: Path) -> str:
    """The content of a secret file minus one trailing newline; errors name the file only."""
    try:
        secret = path.read_text(encoding="utf-8").removesuffix("\n")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ValueError(f"cannot read the SASL password file {path}: {reason}") from None
    if not secret:
        raise ValueError(f"the SASL password file {path} is empty")
    return secret


def get_settings() -> Settings:
    """Read the settings from the environment (fresh on each call, so tests can vary env)."""
    return Settings()
