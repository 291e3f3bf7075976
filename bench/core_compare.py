"""Before/after speed of the extraction core: an older commit's core against the working tree.

The machine is shared, so the figure is a ratio taken in one process: the old
core (streams/core as of REF, extracted with `git archive` and imported as a
separate package) and the current one run over the same inputs, alternating
repeat by repeat; the speed-up is the median of the per-repeat ratios of CPU time.

    python -m bench.core_compare compare main          # seed, 10k, 50k and 1 MiB shapes
    python -m bench.core_compare compare main --shapes seed 50k --repeats 9

`run` only extracts N of K generated articles of one shape with one core, for
instruction counts under valgrind (run it with -n K and with -n 0 and subtract;
the counts are repeatable on a loaded machine):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python -m bench.core_compare run --ref main --shape seed --inputs 20 -n 20
"""

from __future__ import annotations

import argparse
import importlib
import io
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench import core as bench
from schemas import MAX_BODY_BYTES, RawArticle

REPO = Path(__file__).resolve().parents[1]
Extract = Callable[[RawArticle], list[object]]
SIZES = {"seed": 0, "10k": bench.SIZE_10K, "50k": bench.SIZE_50K}
COUNTS = {"seed": 200, "10k": 20, "50k": 6}


def old_core(ref: str, directory: Path) -> Extract:
    """`extract_events` of streams/core at `ref`, imported as the package `oldcore`."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", ref, "streams/core"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(directory, filter="data")
    package = directory / "oldcore"
    (directory / "streams" / "core").rename(package)
    for source in package.glob("*.py"):
        source.write_text(source.read_text().replace("streams.core", "oldcore"))
    sys.path.insert(0, str(directory))
    module = importlib.import_module("oldcore")
    extract: Extract = module.extract_events
    return extract


def new_core() -> Extract:
    from streams.core import extract_events

    return extract_events  # type: ignore[return-value]


def shape_inputs(shape: str, count: int) -> list[RawArticle]:
    """`count` articles of a shape, generated as the benchmark generates them."""
    rng = random.Random(20250124)
    body = bench.seed_body()
    if shape == "seed":
        records = bench.seed_variants(body, count, rng)
    elif shape in SIZES:
        paragraphs = bench.seed_paragraphs(body)
        records = bench.long_articles(paragraphs, count, SIZES[shape], shape, rng)
    elif shape == "adversarial":
        records = [bench.record("adversarial", bench.adversarial_body(MAX_BODY_BYTES, 20250124))]
    elif shape == "benign_1mib":
        paragraphs = bench.seed_paragraphs(body)
        records = [bench.record("benign", bench.long_body(paragraphs, MAX_BODY_BYTES, rng))]
    else:  # a hostile 1 MiB shape of tests/faults/test_core_time.py (or test_adversarial.py)
        from tests.support.hostile import SHAPES

        return [
            RawArticle(
                id=shape,
                source="Yonhap",
                published_at=datetime(2026, 3, 4, 9, tzinfo=timezone(timedelta(hours=9))),
                body=SHAPES[shape](),
            )
        ]
    return [RawArticle.model_validate(r) for r in records]


def compare(old: Extract, new: Extract, articles: list[RawArticle], repeats: int) -> str:
    """One line: old and new CPU ms per article (medians) and the median speed-up."""
    for article in articles[:2]:
        old(article), new(article)
    times: dict[bool, list[float]] = {True: [], False: []}
    ratios = []
    for repeat in range(repeats):
        pair: dict[bool, float] = {}
        for is_old in (True, False) if repeat % 2 == 0 else (False, True):
            extract = old if is_old else new
            started = time.process_time()
            for article in articles:
                extract(article)
            pair[is_old] = (time.process_time() - started) / len(articles)
            times[is_old].append(pair[is_old])
        ratios.append(pair[True] / pair[False])
    return (
        f"old {statistics.median(times[True]) * 1e3:9.3f} ms  "
        f"new {statistics.median(times[False]) * 1e3:9.3f} ms  "
        f"speed-up x{statistics.median(ratios):.2f}"
    )


def main() -> None:
    """Compare, or run one core for instruction counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmp_ = sub.add_parser("compare", help="interleaved old/new timing")
    cmp_.add_argument("ref", help="git ref of the old core, e.g. main")
    cmp_.add_argument("--repeats", type=int, default=5)
    cmp_.add_argument(
        "--shapes",
        nargs="+",
        default=["seed", "10k", "50k", "adversarial", "benign_1mib",
                 "capitalized_titled_sentences", "long_sentence_call_wording"],
    )  # fmt: skip
    run = sub.add_parser("run", help="extract N articles of one shape (for valgrind)")
    run.add_argument("--ref", help="git ref of the core to run (default: the working tree)")
    run.add_argument("--shape", default="seed")
    run.add_argument("--inputs", type=int, default=20, help="articles generated (K)")
    run.add_argument("-n", type=int, default=20, help="articles extracted (N <= K)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.command == "run":
            extract = old_core(args.ref, Path(tmp)) if args.ref else new_core()
            warm = RawArticle.model_validate(bench.record("warm", bench.seed_body()))
            extract(warm)  # the same warm-up with N and with 0: it cancels out
            for article in shape_inputs(args.shape, args.inputs)[: args.n]:
                extract(article)
            return
        old, new = old_core(args.ref, Path(tmp)), new_core()
        for shape in args.shapes:
            articles = shape_inputs(shape, COUNTS.get(shape, 1))
            repeats = args.repeats if shape in COUNTS else max(3, args.repeats // 2)
            print(f"{shape:30s} {compare(old, new, articles, repeats)}", flush=True)


if __name__ == "__main__":
    main()
