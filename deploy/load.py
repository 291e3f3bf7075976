"""Feed the raw topic a varying load of wire-style articles with a few bad records, so the
dashboard has something to show (the run behind docs/dashboard.png):

    python -m deploy.load            # WIRESTREAM_* settings say where; about 5 minutes

Articles are the seed and our invented corpus (tests/fixtures/invented_corpus), cycled with
fresh ids; about 2 % of records are bad (not JSON, a blank body, an unknown field) and end up
as dead letters.
"""

from __future__ import annotations

import argparse
import itertools
import time
import uuid
from pathlib import Path

import orjson

from streams.evaluation import doc_to_article, load_corpus
from streams.kafka.clients import ensure_topics, make_producer
from streams.records.topics import RAW, topic_name
from streams.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
# (seconds, articles per second): warm-up, steady, a burst the workers fall behind on, recovery.
PHASES = ((60, 20), (60, 60), (45, 400), (90, 40), (30, 0))
BAD = (
    b"{not json",
    b'{"source": "Yonhap", "body": " "}',
    b'{"source": "Yonhap", "body": "x", "priority": 1}',
)
BAD_EVERY = 50


def articles() -> list[dict[str, object]]:
    """The seed and the invented corpus as RawArticle dicts."""
    corpus = [
        doc_to_article(doc).model_dump(mode="json")
        for doc in load_corpus(ROOT / "tests" / "fixtures" / "invented_corpus")
    ]
    seed = (ROOT / "seeds" / "000_a3735ce1eb85095f.txt").read_text(encoding="utf-8")
    return [
        {"source": "Yonhap", "published_at": "2025-01-24T09:00:00+09:00", "body": seed},
        *corpus,
    ]


def main(argv: list[str] | None = None) -> None:
    """Publish the phases, pacing each second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every rate")
    args = parser.parse_args(argv)
    settings = get_settings()
    ensure_topics(settings)
    topic = topic_name(RAW, settings.topic_prefix)
    producer = make_producer(settings)
    pool = itertools.cycle(articles())
    sent = 0
    try:
        for seconds, rate in PHASES:
            print(f"{seconds} s at {rate * args.scale:.0f} articles/s", flush=True)
            for _ in range(seconds):
                started = time.monotonic()
                for _ in range(round(rate * args.scale)):
                    sent += 1
                    if sent % BAD_EVERY == 0:
                        producer.send(topic, key=None, value=BAD[sent % len(BAD)])
                        continue
                    article = {**next(pool), "id": f"load-{uuid.uuid4().hex[:16]}"}
                    producer.send(
                        topic, key=str(article["id"]).encode(), value=orjson.dumps(article)
                    )
                producer.flush()
                time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    finally:
        producer.close()
    print(f"sent {sent} records")


if __name__ == "__main__":
    main()
