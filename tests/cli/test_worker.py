"""`streams.cli.worker`: the Faust Worker that `wirestream worker` runs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import faust
import pytest
from faust.worker import Worker

from streams.cli.worker import build_worker


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    """The root logger, with its level and handlers restored after the test."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    if not root.handlers:
        root.addHandler(logging.NullHandler())
    yield root
    root.setLevel(level)
    root.handlers[:] = handlers


def _app(tmp_path: Path) -> faust.App:
    return faust.App("worker-test", broker="kafka://127.0.0.1:1", datadir=str(tmp_path))


def test_faust_worker_at_warn_level_enables_debug_records(
    tmp_path: Path, root_logger: logging.Logger
) -> None:
    # The quirk build_worker removes: Faust's own Worker turns the root logger to DEBUG.
    root_logger.setLevel(logging.WARNING)
    Worker(_app(tmp_path), loglevel="warn").on_setup_root_logger(root_logger, logging.WARNING)
    assert logging.getLogger("aiokafka.producer.producer").isEnabledFor(logging.DEBUG)


@pytest.mark.parametrize("level", ["warn", "error", "info"])
def test_built_worker_keeps_debug_records_off(
    tmp_path: Path, root_logger: logging.Logger, level: str
) -> None:
    number = logging.WARNING if level == "warn" else logging.getLevelName(level.upper())
    root_logger.setLevel(number)
    worker = build_worker(_app(tmp_path), level)
    worker.on_setup_root_logger(root_logger, number)
    assert worker.spinner is None
    assert root_logger.level == number
    assert not logging.getLogger("aiokafka.producer.producer").isEnabledFor(logging.DEBUG)
