"""Record, and compare against, the exact output of the extraction core on many inputs.

A speed change to `streams/core` must not change a single byte of what it emits.
`record` runs `extract_events` over every input this module knows (the seed, the
test fixtures, the invented wire cases, the bench-generated seed variants, 10 KB,
50 KB and 1 MiB bodies, the hostile 1 MiB shapes of tests/faults/test_core_time.py
(a superset of tests/core/test_adversarial.py's bodies) and, when WIRESTREAM_CORPUS_DIR
is set, the dev corpus) and stores each input's events encoded exactly as
`wirestream classify` writes them; `check` recomputes them and reports the first
inputs that differ.

The snapshot may hold third-party corpus text: keep it outside the repository.

    python -m bench.core_snapshot record /tmp/core-snapshot.json
    python -m bench.core_snapshot check /tmp/core-snapshot.json
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson

from bench.core import Config, generate_inputs
from schemas import RawArticle
from streams.core import extract_events
from streams.ingest.readers import InputError, read_articles
from streams.records.codec import encode_event

REPO = Path(__file__).resolve().parents[1]
KST = timezone(timedelta(hours=9))


def _records(label: str, records: list[dict[str, object]]) -> Iterator[tuple[str, RawArticle]]:
    for rec in records:
        yield f"{label}/{rec['id']}", RawArticle.model_validate(rec)


def inputs() -> Iterator[tuple[str, RawArticle]]:
    """Every (name, article) the snapshot covers, in a fixed order."""
    fixture_files = [
        *sorted((REPO / "seeds").iterdir()),
        *sorted((REPO / "tests" / "fixtures" / "articles").iterdir()),
    ]
    for path in fixture_files:
        for n, item in enumerate(
            read_articles(
                str(path),
                source="Yonhap",
                headline=None,
                published_at=datetime(2025, 1, 24, 9, 0, tzinfo=KST),
                stdin=sys.stdin.buffer,
            )
        ):
            if not isinstance(item, InputError):
                yield f"file/{path.name}/{n}", item

    from streams.evaluation import doc_to_article, load_corpus

    corpora = [("invented", REPO / "tests" / "fixtures" / "invented_corpus")]
    if os.environ.get("WIRESTREAM_CORPUS_DIR"):
        corpora.append(("corpus", Path(os.environ["WIRESTREAM_CORPUS_DIR"])))
    bodies: list[str] = []
    for label, directory in corpora:
        for doc in load_corpus(directory):
            article = doc_to_article(doc)
            bodies.append(article.body)
            yield f"{label}/{doc.id}", article

    from tests.support.wire_cases import WIRE_CASES, case_article

    for case in WIRE_CASES:
        article = case_article(case)
        bodies.append(article.body)
        yield f"wire/{case['id']}", article

    # Paragraphs of all the texts above shuffled into new articles: many more
    # combinations of names, triggers and back-references than the texts themselves.
    rng = random.Random(20261128)
    paragraphs = [p for body in bodies for p in body.split("\n") if p.strip()]
    for i in range(300):
        body = "\n\n".join(rng.sample(paragraphs, rng.randint(3, 25)))
        yield (
            f"mixed/{i}",
            RawArticle(
                id=f"mixed-{i}",
                source=rng.choice(("Yonhap", "Reuters", "Kyodo News", "AP")),
                published_at=datetime(2025, 1, 24, 9, 0, tzinfo=KST),
                body=body,
            ),
        )

    import tempfile

    config = Config(articles=200, core_articles=200, articles_10k=20, articles_50k=6)
    with tempfile.TemporaryDirectory() as tmp:
        generated = generate_inputs(Path(tmp), config)
    yield from _records("bench-seed", generated.seed)
    yield from _records("bench-10k", generated.size_10k)
    yield from _records("bench-50k", generated.size_50k)
    yield from _records("bench-1mib", [generated.adversarial, generated.benign_1mib])

    from tests.support.hostile import SHAPES  # a superset of test_adversarial's BODIES

    for name, build in SHAPES.items():
        yield (
            f"adversarial/{name}",
            RawArticle(
                id=f"adversarial-{name}",
                source="Yonhap",
                headline="Adversarial input",
                published_at=datetime(2026, 3, 4, 9, 0, tzinfo=KST),
                body=build(),
            ),
        )


def output_of(article: RawArticle) -> str:
    """The article's events as `wirestream classify` writes them."""
    return b"".join(encode_event(e) + b"\n" for e in extract_events(article)).decode("utf-8")


def main() -> None:
    """Record or check a snapshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "check"))
    parser.add_argument("snapshot", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    outputs = {name: output_of(article) for name, article in inputs()}
    elapsed = time.perf_counter() - started
    digest = hashlib.sha256(orjson.dumps(outputs, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]
    events = sum(text.count("\n") for text in outputs.values())
    print(f"{len(outputs)} inputs, {events} events, digest {digest}, {elapsed:.1f} s")
    if args.action == "record":
        args.snapshot.write_bytes(orjson.dumps(outputs))
        return
    expected: dict[str, str] = orjson.loads(args.snapshot.read_bytes())
    differing = [n for n in expected.keys() | outputs.keys() if expected.get(n) != outputs.get(n)]
    for name in sorted(differing)[:10]:
        print(f"DIFFERS: {name}")
        old = (expected.get(name) or "").splitlines()
        new = (outputs.get(name) or "").splitlines()
        for a, b in zip(old + [""] * len(new), new + [""] * len(old), strict=False):
            if a != b:
                print(f"  was: {a[:600]}\n  now: {b[:600]}")
                break
    print("identical" if not differing else f"{len(differing)} inputs differ")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
