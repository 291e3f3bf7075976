"""`python -m tests.support.broken_extractor worker ...`: the real `wirestream` command line
with an extractor that raises on every article, as a bad deploy would (the dead-letter limit's
end-to-end test runs its worker this way)."""

from __future__ import annotations

from typing import NoReturn

import streams.records.process
from schemas import RawArticle
from streams.cli.main import main


def _broken(article: RawArticle) -> NoReturn:
    raise KeyError(f"lexicon entry missing for {article.id}")


streams.records.process.extract_events = _broken  # type: ignore[assignment]

if __name__ == "__main__":
    main(prog_name="wirestream")
