"""Korean extractor throughput on seed-size Korean articles, against the English extractor in
the same run, plus the Kiwi model's load time and memory.

    python -m bench.korean                  # 200 articles of each language, 5 repeats
    python -m bench.korean --articles 50 --repeats 3 --json

The Korean articles are the project's Korean rendering of the seed story
(tests/fixtures/articles/seed_ko_yonhap.txt) with names and figures swapped per article; the
English ones are the benchmark's seed variants (bench.core). Both run in this process,
alternating repeat by repeat, timed in CPU seconds of this thread; the figure is the median
per-repeat ratio, so a slow spell of the shared machine slows both sides. The model's load
is measured in a fresh child process (time to a first analysis, and the peak resident
memory it adds over the interpreter with the project imported).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import core as bench
from schemas import RawArticle

REPO = Path(__file__).resolve().parents[1]
SEED_KO = REPO / "tests" / "fixtures" / "articles" / "seed_ko_yonhap.txt"

# Invented names and figures swapped into the Korean seed, so no two articles are equal.
_NAMES_KO = ("마코 루비오", "마크 뤼터", "태미 브루스", "도널드 트럼프")
_SWAPS_KO = (
    ("마코 루비오", "제임스 하딩", "로버트 캘러웨이", "마이클 스톤"),
    ("마크 뤼터", "안나 베르그", "토마스 클라인", "옌스 달"),
    ("태미 브루스", "케이트 모리스", "앨런 펙", "리사 오닐"),
    ("도널드 트럼프", "제임스 콜린스", "존 메이어", "폴 헤이스"),
)
_DIGIT = re.compile(r"\d")


def korean_variants(count: int, rng: random.Random) -> list[RawArticle]:
    """`count` seed-size Korean articles: the Korean seed with names and digits swapped."""
    body = SEED_KO.read_text(encoding="utf-8")
    out = []
    for i in range(count):
        text = body
        for original, choices in zip(_NAMES_KO, _SWAPS_KO, strict=True):
            replacement = rng.choice(choices)
            text = text.replace(original, replacement).replace(
                original.split()[-1], replacement.split()[-1]
            )
        text = _DIGIT.sub(lambda m: str((int(m.group()) + rng.randint(0, 9)) % 10), text)
        out.append(
            RawArticle(
                id=f"bench-ko-{i:06d}",
                source=bench.SOURCE,
                published_at=bench.PUBLISHED_AT,
                language="ko",
                body=text,
            )
        )
    return out


def english_variants(count: int, rng: random.Random) -> list[RawArticle]:
    """`count` seed-size English articles, as the core benchmark generates them."""
    records = bench.seed_variants(bench.seed_body(), count, rng)
    return [RawArticle.model_validate(r) for r in records]


def _cpu(articles: Sequence[RawArticle]) -> tuple[float, int]:
    from streams.core import extract_events

    events = 0
    started = time.thread_time()
    for article in articles:
        events += len(extract_events(article))
    return time.thread_time() - started, events


# VmHWM, not getrusage: ru_maxrss survives execve, so a child would report its parent's peak.
_LOAD_SCRIPT = """
import time
import streams.core
from schemas import RawArticle
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
before = hwm()
started = time.perf_counter()
streams.core.extract_events(RawArticle(id="w", source="s", language="ko", body="외교부는 밝혔다."))
elapsed = time.perf_counter() - started
print(elapsed, before, hwm())
"""


def model_load() -> dict[str, float]:
    """Seconds to the first Korean extraction in a fresh process, and the peak memory added."""
    result = subprocess.run(
        [sys.executable, "-c", _LOAD_SCRIPT], capture_output=True, text=True, check=True, cwd=REPO
    )
    elapsed, before, after = result.stdout.split()
    return {
        "first_extraction_s": float(elapsed),
        "rss_before_mib": int(before) / 1024,
        "rss_after_mib": int(after) / 1024,
        "rss_added_mib": (int(after) - int(before)) / 1024,
    }


def run(articles: int, repeats: int) -> dict[str, Any]:
    """Both extractors over the same number of seed-size articles, repeat by repeat."""
    rng = random.Random(20250124)
    korean, english = korean_variants(articles, rng), english_variants(articles, rng)
    _cpu(korean[:1])  # the analyzer is built once per process: not part of the throughput
    _cpu(english[:1])
    ko_s, en_s, ratios = [], [], []
    ko_events = en_events = 0
    for _ in range(repeats):
        en, en_events = _cpu(english)
        ko, ko_events = _cpu(korean)
        en_s.append(en)
        ko_s.append(ko)
        ratios.append(ko / en)
    ko_chars = sum(len(a.body) for a in korean) / articles
    en_chars = sum(len(a.body) for a in english) / articles
    return {
        "articles": articles,
        "repeats": repeats,
        "korean": {
            "articles_per_s": articles / statistics.median(ko_s),
            "ms_per_article": 1000 * statistics.median(ko_s) / articles,
            "chars_per_article": ko_chars,
            "events_per_article": ko_events / articles,
        },
        "english": {
            "articles_per_s": articles / statistics.median(en_s),
            "ms_per_article": 1000 * statistics.median(en_s) / articles,
            "chars_per_article": en_chars,
            "events_per_article": en_events / articles,
        },
        "korean_cost_ratio": statistics.median(ratios),
    }


def describe(result: dict[str, Any]) -> str:
    """The result as a few readable lines."""
    ko, en = result["korean"], result["english"]
    lines = [
        f"Seed-size articles, {result['articles']} per language, median of "
        f"{result['repeats']} alternating repeats (CPU time of this thread):",
        f"  English extractor: {en['articles_per_s']:.0f} articles/s "
        f"({en['ms_per_article']:.2f} ms each, {en['chars_per_article']:.0f} chars, "
        f"{en['events_per_article']:.1f} events)",
        f"  Korean extractor:  {ko['articles_per_s']:.0f} articles/s "
        f"({ko['ms_per_article']:.2f} ms each, {ko['chars_per_article']:.0f} chars, "
        f"{ko['events_per_article']:.1f} events)",
        f"  Korean / English CPU per article: x{result['korean_cost_ratio']:.2f}",
    ]
    load = result.get("model_load")
    if load:
        lines.append(
            f"Kiwi model (fresh process): first Korean extraction after "
            f"{load['first_extraction_s']:.2f} s, peak RSS {load['rss_before_mib']:.0f} -> "
            f"{load['rss_after_mib']:.0f} MiB (+{load['rss_added_mib']:.0f} MiB)"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m bench.korean`: print (or --json) the Korean against English throughput."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-load", action="store_true", help="skip the model-load child")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.articles, args.repeats)
    if not args.no_load:
        result["model_load"] = model_load()
    print(json.dumps(result, indent=2) if args.json else describe(result))


if __name__ == "__main__":
    main()
