"""Runtime settings: one object, read from `WIRESTREAM_*` environment variables.

Every field has a default that works on a developer machine, so the CLI runs
without any configuration; deployments override through the environment
(e.g. `WIRESTREAM_BROKER=kafka-1:9092`).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The labeled dev corpus lives next to the repository checkout, in ../shared.
_DEFAULT_CORPUS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


class Settings(BaseSettings):
    """wirestream configuration; each field `x` is read from `WIRESTREAM_X`."""

    model_config = SettingsConfigDict(env_prefix="WIRESTREAM_", extra="ignore")

    corpus_dir: Path = Field(
        default=_DEFAULT_CORPUS_DIR,
        description="Labeled corpus used by `wirestream evaluate` when no directory is given.",
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


def get_settings() -> Settings:
    """Read the settings from the environment (fresh on each call, so tests can vary env)."""
    return Settings()
