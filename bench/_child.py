"""Child process of the benchmark: time `extract_events` on the one article of a JSONL file.

Run as `python -m bench._child PATH [PREFIX_BYTES]`. The parent runs big single articles (the
1 MiB adversarial body and its benign baseline) here rather than in its own
process so that it can kill a pathological run and read its peak RSS.

It first extracts from a small warm-up article (lazy lexicon/automaton builds
are not part of the figure), then times one call and prints one JSON object:
`{"seconds": float, "events": int, "bytes": int}`. With PREFIX_BYTES the body
is first cut to its first PREFIX_BYTES UTF-8 bytes (and ended with a period).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import orjson

from schemas import RawArticle
from streams.core import extract_events

_WARMUP_BODY = (
    "Secretary of State Marco Rubio spoke with NATO Secretary General Mark Rutte on "
    'Wednesday, the State Department said. "We discussed burden sharing," Rubio said.'
)


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print("usage: python -m bench._child PATH.jsonl [PREFIX_BYTES]", file=sys.stderr)
        return 2
    line = Path(argv[0]).read_bytes().split(b"\n", 1)[0]
    article = RawArticle.model_validate(orjson.loads(line))
    if len(argv) == 2:
        cut = article.body.encode("utf-8")[: int(argv[1]) - 1].decode("utf-8", "ignore")
        article = article.model_copy(update={"body": cut.rstrip() + "."})
    warmup = RawArticle(id="warmup", source=article.source, body=_WARMUP_BODY)
    extract_events(warmup)
    start = time.perf_counter_ns()
    events = extract_events(article)
    seconds = (time.perf_counter_ns() - start) / 1e9
    payload = {
        "seconds": seconds,
        "events": len(events),
        "bytes": len(article.body.encode("utf-8")),
    }
    sys.stdout.buffer.write(orjson.dumps(payload) + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
