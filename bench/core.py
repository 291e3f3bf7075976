"""The benchmark: input generation, measurements, baselines and reports.

The machine is shared and noisy, so no figure stands alone: each one is taken
next to a baseline measured in the same run, on the same inputs, interleaved
with it repeat by repeat, and the claim is the ratio (the median of the
per-repeat ratios). Absolute figures are reported too, for context only.

Measurements:
- classify end-to-end: `python -m streams.cli classify FILE.jsonl > /dev/null` as a
  real subprocess pinned to one core, against a JSON pass-through subprocess
  (orjson parse, RawArticle validation, JSON out) over the same file. Interpreter
  startup (`--help`; the pass-through on an empty file) is measured too and
  subtracted for a steady-state figure.
- core in-process: `extract_events` per article for seed-size, 10 KB and 50 KB
  articles (throughput, p50/p95/p99 latency, time per KB), against one regex
  tokenization pass over the same bodies; peak allocation per article with
  tracemalloc in a separate pass.
- adversarial: one 1 MiB hostile body in a child process (killed after a timeout),
  against a benign 1 MiB body of seed-like paragraphs.
- hostile 1 MiB shapes: the seconds of `extract_events` on each hostile shape of
  tests/support/hostile.py (the bodies the core's growth tests hold to ratios, never to
  seconds), in process, against 1 MiB of invented wire prose (`wire_prose`).
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson

from schemas import MAX_BODY_BYTES, RawArticle
from streams.core import EXTRACTOR_VERSION, extract_events

REPO = Path(__file__).resolve().parents[1]
SEED_ARTICLE = REPO / "seeds" / "000_a3735ce1eb85095f.txt"
CORE_SOURCES = REPO / "streams" / "core"
DEFAULT_OUT = Path(__file__).resolve().parent / "results"
RESULTS_SCHEMA = 1

SOURCE = "Yonhap"
PUBLISHED_AT = "2025-01-24T09:00:00+09:00"
KIB = 1024
SIZE_10K = 10 * KIB
SIZE_50K = 50 * KIB

# The baseline of the end-to-end figure: the same subprocess machinery, minus extraction.
PASSTHROUGH_SCRIPT = """\
import sys
import orjson
from schemas import RawArticle
out = sys.stdout.buffer
with open(sys.argv[1], "rb") as f:
    for line in f:
        if line.strip():
            article = RawArticle.model_validate(orjson.loads(line))
            data = article.model_dump(mode="json")
            out.write(orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE))
out.flush()
"""

# The baseline of the in-process figures: one linear regex pass over the body.
_TOKEN = re.compile(r"\w+|[^\w\s]")
BASELINE_PASSES = 5  # it is ~50x shorter than extraction: keep the fastest of a few passes
BASELINE_CORE = (
    "one regex tokenization pass over the body, re.findall(r'\\w+|[^\\w\\s]') "
    f"(fastest of {BASELINE_PASSES} passes per repeat)"
)


# --------------------------------------------------------------------------- config


@dataclass(frozen=True)
class Config:
    """What to run. `quick` shrinks everything for a CI smoke run."""

    articles: int = 5000  # seed-size articles in the classify file
    core_articles: int = 1000  # seed-size articles timed in-process
    articles_10k: int = 100
    articles_50k: int = 40
    repeats: int = 5
    memory_sample: int = 20  # articles per size in the tracemalloc pass
    adversarial_repeats: int = 3
    adversarial_timeout_s: float = 120.0
    # Prefixes of the hostile body timed too: how its cost grows, even when 1 MiB times out.
    adversarial_prefixes_kib: tuple[int, ...] = (16, 32, 64)
    hostile_repeats: int = 3
    hostile_shapes: tuple[str, ...] = ()  # () = every shape of tests/support/hostile.py
    subprocess_timeout_s: float = 1800.0
    seed: int = 20250124
    cpu: int | None = None  # None: do not pin
    quick: bool = False

    @classmethod
    def quick_config(cls, **overrides: Any) -> Config:
        values: dict[str, Any] = {
            "articles": 200,
            "core_articles": 100,
            "articles_10k": 10,
            "articles_50k": 4,
            "repeats": 3,
            "memory_sample": 3,
            "adversarial_repeats": 1,
            "adversarial_timeout_s": 5.0,
            "adversarial_prefixes_kib": (4, 8),
            "hostile_repeats": 1,
            "hostile_shapes": ("capitalized_titled_sentences", "dense deal prose"),
            "subprocess_timeout_s": 120.0,
            "quick": True,
        }
        values.update(overrides)
        return cls(**values)


def default_cpu() -> int | None:
    """Core 0 when this process may run there, else the lowest allowed one; None if unpinnable."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = os.sched_getaffinity(0)
    return 0 if 0 in allowed else min(allowed)


# --------------------------------------------------------------------------- inputs

# Swap tables: keys as written in the seed article, values to choose from.
_SECRETARIES = [
    ("Marco Rubio", "Rubio"),
    ("Antony Blinken", "Blinken"),
    ("Mike Pompeo", "Pompeo"),
    ("Rex Tillerson", "Tillerson"),
    ("John Kerry", "Kerry"),
]
_NATO_CHIEFS = [
    ("Mark Rutte", "Rutte"),
    ("Jens Stoltenberg", "Stoltenberg"),
    ("Anders Rasmussen", "Rasmussen"),
    ("Mircea Geoana", "Geoana"),
]
_SPOKESPEOPLE = [
    ("Tammy Bruce", "Bruce"),
    ("Matthew Miller", "Miller"),
    ("Ned Price", "Price"),
    ("Morgan Ortagus", "Ortagus"),
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _swap_table(rng: random.Random) -> dict[str, str]:
    """One consistent set of substitutions (names, weekdays, numbers) for one text."""
    table: dict[str, str] = {}
    for (full, last), choices in (
        (_SECRETARIES[0], _SECRETARIES),
        (_NATO_CHIEFS[0], _NATO_CHIEFS),
        (_SPOKESPEOPLE[0], _SPOKESPEOPLE),
    ):
        new_full, new_last = rng.choice(choices)
        table[full] = new_full
        table[last] = new_last
    for day in ("Tuesday", "Wednesday", "Thursday"):
        table[day] = rng.choice(_WEEKDAYS)
    table["28,500"] = f"{rng.randint(27, 29)},{rng.randrange(0, 1000, 100):03d}"
    table["1.52"] = f"{rng.uniform(1.1, 1.99):.2f}"
    table["1.06"] = f"{rng.uniform(0.8, 1.5):.2f}"
    table["1.4"] = f"{rng.uniform(1.0, 1.9):.1f}"
    table["$10 billion"] = f"${rng.randint(5, 15)} billion"
    table["5 percent"] = f"{rng.randint(3, 6)} percent"
    table["2 percent"] = f"{rng.randint(1, 3)} percent"
    return table


def _swap_pattern(table: dict[str, str]) -> re.Pattern[str]:
    # Longest first, so "Marco Rubio" wins over "Rubio" and "1.52" over "1.4".
    keys = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w.,])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")


def perturb(text: str, rng: random.Random) -> str:
    """`text` with names, weekdays and numbers swapped from small tables (size about kept)."""
    table = _swap_table(rng)
    return _swap_pattern(table).sub(lambda m: table[m.group(0)], text)


def seed_body() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


def seed_paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", body) if p.strip()]


def record(article_id: str, body: str) -> dict[str, Any]:
    """A RawArticle record as the benchmark writes it (validated, so bad inputs fail early)."""
    data: dict[str, Any] = {
        "id": article_id,
        "source": SOURCE,
        "published_at": PUBLISHED_AT,
        "body": body,
    }
    RawArticle.model_validate(data)
    return data


def seed_variants(body: str, count: int, rng: random.Random) -> list[dict[str, Any]]:
    """`count` seed-size articles: the seed with a fresh swap table each."""
    return [record(f"bench-seed-{i:06d}", perturb(body, rng)) for i in range(count)]


def long_body(paragraphs: Sequence[str], target_bytes: int, rng: random.Random) -> str:
    """Seed-like paragraphs, each perturbed on its own, until `target_bytes` (never over it)."""
    parts: list[str] = []
    size = 0
    while True:
        paragraph = perturb(rng.choice(paragraphs), rng)
        added = len(paragraph.encode("utf-8")) + (2 if parts else 0)
        if size + added > target_bytes:
            break
        parts.append(paragraph)
        size += added
    if not parts:
        raise ValueError(f"target of {target_bytes} bytes is smaller than one paragraph")
    return "\n\n".join(parts)


def long_articles(
    paragraphs: Sequence[str], count: int, target_bytes: int, tag: str, rng: random.Random
) -> list[dict[str, Any]]:
    return [
        record(f"bench-{tag}-{i:06d}", long_body(paragraphs, target_bytes, rng))
        for i in range(count)
    ]


_CAPITALIZED = (
    "Secretary General President Minister Marco Rubio Mark Rutte North Atlantic Treaty "
    "Organization United States Forces Korea Special Measures Agreement Foreign Minister "
    "Cho Tae Yul Deputy Spokesperson Department State White House Blue House Yonhap Reuters "
    "Indo Pacific Euro Atlantic Alliance Washington Seoul Tokyo Beijing Kim Jong Un Trump"
).split()
_QUOTES = ('"', "'", "\u201c", "\u2018", "\u201d", "\u2019", "\u00ab", "\u300c")
_SAID = ("said", "says", "told", "stated", "added", "noted")
_CURRENCY = ("$", "¥", "₩", "€")


def adversarial_body(target_bytes: int, seed: int) -> str:
    """One hostile body of exactly `target_bytes` UTF-8 bytes and a single sentence.

    Blocks in turn: long runs of capitalized words (no lowercase, no punctuation),
    deeply nested and unbalanced quotes around "said", digit and currency soup
    ("$¥₩€", grouped and decimal numbers, year ranges) and plain "said said ...".
    There is no sentence-ending punctuation but the final period.
    """
    rng = random.Random(seed)
    blocks: list[str] = []
    size = 0
    while size < target_bytes:
        kind = len(blocks) % 4
        if kind == 0:
            block = " ".join(rng.choice(_CAPITALIZED) for _ in range(rng.randint(500, 1500)))
        elif kind == 1:
            depth = rng.randint(50, 200)
            opening = " ".join(
                f"{rng.choice(_QUOTES)}{rng.choice(_CAPITALIZED)} {rng.choice(_SAID)}"
                for _ in range(depth)
            )
            closing = " ".join(
                f"{rng.choice(_SAID)} {rng.choice(_CAPITALIZED)}{rng.choice(_QUOTES)},"
                for _ in range(depth // 2)
            )
            block = f"{opening} {closing}"
        elif kind == 2:
            items: list[str] = []
            for _ in range(rng.randint(200, 600)):
                cur = rng.choice(_CURRENCY)
                items.append(
                    rng.choice(
                        (
                            f"{cur}{rng.randint(1, 999)},{rng.randint(0, 999):03d}",
                            f"{cur}{rng.randint(1, 99)}.{rng.randint(0, 99):02d} trillion",
                            f"{rng.randint(1, 9)}.{rng.randint(0, 99)} billion won ({cur}",
                            f"{rng.randint(1900, 2200)}-{rng.randint(1900, 2200)}",
                            "".join(rng.choice("0123456789") for _ in range(rng.randint(20, 80))),
                            f"{cur} {cur}{cur} {rng.randint(0, 10**9)}",
                            "1," * rng.randint(10, 40) + "1",
                        )
                    )
                )
            block = " ".join(items)
        else:
            block = " ".join(
                rng.choice(_SAID[:1] * 4 + _SAID) for _ in range(rng.randint(200, 800))
            )
        blocks.append(block)
        size += len(block.encode("utf-8")) + 1
    text = " ".join(blocks).encode("utf-8")[: target_bytes - 1].decode("utf-8", "ignore")
    text = text.rstrip(" ")
    # Pad with spaces to the exact size (the cut may fall inside a multi-byte character).
    text += " " * (target_bytes - 1 - len(text.encode("utf-8")))
    return text + "."


@dataclass(frozen=True)
class Inputs:
    """The generated inputs: JSONL files on disk and the same records in memory."""

    directory: Path
    seed_file: Path
    empty_file: Path
    adversarial_file: Path
    benign_1mib_file: Path
    seed: list[dict[str, Any]]
    size_10k: list[dict[str, Any]]
    size_50k: list[dict[str, Any]]
    adversarial: dict[str, Any]
    benign_1mib: dict[str, Any]


def write_jsonl(path: Path, records: Sequence[dict[str, Any]]) -> None:
    with path.open("wb") as out:
        for rec in records:
            out.write(orjson.dumps(rec, option=orjson.OPT_APPEND_NEWLINE))


def generate_inputs(directory: Path, config: Config) -> Inputs:
    """Build every input deterministically from `config.seed` and write the JSONL files."""
    rng = random.Random(config.seed)
    body = seed_body()
    paragraphs = seed_paragraphs(body)
    seeds = seed_variants(body, max(config.articles, config.core_articles), rng)
    size_10k = long_articles(paragraphs, config.articles_10k, SIZE_10K, "10k", rng)
    size_50k = long_articles(paragraphs, config.articles_50k, SIZE_50K, "50k", rng)
    adversarial = record("bench-adversarial", adversarial_body(MAX_BODY_BYTES, config.seed))
    benign = record("bench-benign-1mib", long_body(paragraphs, MAX_BODY_BYTES, rng))
    inputs = Inputs(
        directory=directory,
        seed_file=directory / "seed.jsonl",
        empty_file=directory / "empty.jsonl",
        adversarial_file=directory / "adversarial.jsonl",
        benign_1mib_file=directory / "benign_1mib.jsonl",
        seed=seeds,
        size_10k=size_10k,
        size_50k=size_50k,
        adversarial=adversarial,
        benign_1mib=benign,
    )
    write_jsonl(inputs.seed_file, seeds[: config.articles])
    write_jsonl(inputs.empty_file, [])
    write_jsonl(inputs.adversarial_file, [adversarial])
    write_jsonl(inputs.benign_1mib_file, [benign])
    write_jsonl(directory / "10k.jsonl", size_10k)
    write_jsonl(directory / "50k.jsonl", size_50k)
    return inputs


def body_bytes(rec: dict[str, Any]) -> int:
    return len(str(rec["body"]).encode("utf-8"))


def size_summary(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    sizes = [body_bytes(r) for r in records]
    return {
        "count": len(sizes),
        "mean_bytes": statistics.fmean(sizes),
        "min_bytes": min(sizes),
        "max_bytes": max(sizes),
        "distinct_bodies": len({str(r["body"]) for r in records}),
    }


# --------------------------------------------------------------------------- statistics


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation): a value that was actually observed."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return float(ordered[rank - 1])


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else math.inf


def rate(count: float, seconds: float) -> float | None:
    """`count / seconds`, or None when `seconds` is not positive (a failed subtraction)."""
    return count / seconds if seconds > 0 else None


# --------------------------------------------------------------------------- subprocesses


# Children are started through this small interpreter, which forks and execs them and
# reports their wait4 figures on fd REPORT. Why: Linux carries the RSS high-water mark
# of the process that execs into the new image's ru_maxrss, so a child spawned straight
# from the benchmark (which holds every input in memory) would report the benchmark's
# peak RSS, not its own. Forked from a ~10 MB interpreter, the child's own peak shows.
SPAWN_SCRIPT = """\
import os, sys, time
report = int(sys.argv[1])
argv = sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
os.write(report, b"pid %d\\n" % pid)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
line = "done %r %r %r %d %d\\n" % (wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss, code)
os.write(report, line.encode())
sys.exit(code if 0 <= code < 256 else 1)
"""


@dataclass(frozen=True)
class ChildRun:
    """One child process: wall time from fork to reap, and its own rusage."""

    wall_s: float
    user_s: float
    sys_s: float
    maxrss_kib: int  # on timeout: VmHWM just before the kill; 0 when unknown
    returncode: int
    timed_out: bool
    stdout: bytes
    stderr: str


def _vm_hwm_kib(pid: int) -> int:
    """Peak RSS so far of a live process (VmHWM), 0 if it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def run_child(argv: Sequence[str], *, timeout_s: float, capture_stdout: bool = False) -> ChildRun:
    """Run `argv` from the repo root, stdout to /dev/null (or captured), via SPAWN_SCRIPT.

    The child inherits this process's CPU affinity (`run_benchmark` pins it). Wall
    time, CPU time and peak RSS are the child's own, from fork to reap. A child still
    running after `timeout_s` is killed (its whole process group) and reported as
    timed out, with the wall time so far and its peak RSS so far.
    """
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    with contextlib.ExitStack() as stack:
        err: IO[bytes] = stack.enter_context(tempfile.TemporaryFile())
        report: IO[bytes] = stack.enter_context(tempfile.TemporaryFile())
        out: IO[bytes] = stack.enter_context(
            tempfile.TemporaryFile() if capture_stdout else open(os.devnull, "wb")  # noqa: SIM115
        )
        fd = report.fileno()
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", SPAWN_SCRIPT, str(fd), *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=REPO,
            env=env,
            pass_fds=(fd,),
            process_group=0,
        )
        timed_out = False
        hwm_kib = 0
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
            match = re.match(rb"pid (\d+)", os.pread(fd, 64, 0))
            if match:
                hwm_kib = _vm_hwm_kib(int(match.group(1)))
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        outer_wall = time.perf_counter() - start
        report.seek(0)
        done = re.search(rb"^done (\S+) (\S+) (\S+) (\d+) (-?\d+)$", report.read(), re.M)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        stdout = b""
        if capture_stdout:
            out.seek(0)
            stdout = out.read()
        if done is None:  # killed, or the spawner itself failed
            return ChildRun(
                wall_s=outer_wall,
                user_s=0.0,
                sys_s=0.0,
                maxrss_kib=hwm_kib,
                returncode=proc.returncode if not timed_out else -signal.SIGKILL,
                timed_out=timed_out,
                stdout=stdout,
                stderr=stderr,
            )
        return ChildRun(
            wall_s=float(done.group(1)),
            user_s=float(done.group(2)),
            sys_s=float(done.group(3)),
            maxrss_kib=int(done.group(4)),
            returncode=int(done.group(5)),
            timed_out=timed_out,
            stdout=stdout,
            stderr=stderr,
        )


def classify_argv(path: Path) -> list[str]:
    return [sys.executable, "-m", "streams.cli", "classify", str(path)]


def passthrough_argv(path: Path) -> list[str]:
    return [sys.executable, "-c", PASSTHROUGH_SCRIPT, str(path)]


def help_argv() -> list[str]:
    return [sys.executable, "-m", "streams.cli", "--help"]


def _run_summary(runs: Sequence[ChildRun]) -> dict[str, Any]:
    return {
        "wall_s": median([r.wall_s for r in runs]),
        "wall_s_all": [r.wall_s for r in runs],
        "cpu_s": median([r.user_s + r.sys_s for r in runs]),
        "maxrss_kib": max(r.maxrss_kib for r in runs),
        "returncodes": sorted({r.returncode for r in runs}),
        "timed_out": any(r.timed_out for r in runs),
        "stderr_sample": next((r.stderr[:500] for r in runs if r.stderr), ""),
    }


def bench_classify(inputs: Inputs, config: Config, log: Callable[[str], None]) -> dict[str, Any]:
    """End-to-end `wirestream classify` vs a JSON pass-through, both as pinned subprocesses."""
    n = config.articles
    names = ("classify", "passthrough", "classify_startup", "passthrough_startup")
    argvs = {
        "classify": classify_argv(inputs.seed_file),
        "passthrough": passthrough_argv(inputs.seed_file),
        "classify_startup": help_argv(),
        "passthrough_startup": passthrough_argv(inputs.empty_file),
    }
    runs: dict[str, list[ChildRun]] = {name: [] for name in names}
    for rep in range(config.repeats):
        # Alternate the order so a drift in machine load does not favour one side.
        order = names if rep % 2 == 0 else tuple(reversed(names))
        for name in order:
            run = run_child(argvs[name], timeout_s=config.subprocess_timeout_s)
            runs[name].append(run)
        log(
            f"  classify repeat {rep + 1}/{config.repeats}: "
            + ", ".join(f"{name} {runs[name][-1].wall_s:.3f}s" for name in names)
        )

    def per_repeat(fn: Callable[[int], float]) -> list[float]:
        return [fn(i) for i in range(config.repeats)]

    def wall(name: str, i: int) -> float:
        return runs[name][i].wall_s

    ratios = per_repeat(lambda i: ratio(wall("classify", i), wall("passthrough", i)))
    # Steady state = wall - startup: a difference of two noisy figures, so it can come out
    # at or below zero for a tiny input; then its rate and ratio are reported as null.
    steady_classify = per_repeat(lambda i: wall("classify", i) - wall("classify_startup", i))
    steady_passthrough = per_repeat(
        lambda i: wall("passthrough", i) - wall("passthrough_startup", i)
    )
    steady_ratios = [ratio(c, p) for c, p in zip(steady_classify, steady_passthrough, strict=True)]
    cpu_ratios = per_repeat(
        lambda i: ratio(
            runs["classify"][i].user_s + runs["classify"][i].sys_s,
            runs["passthrough"][i].user_s + runs["passthrough"][i].sys_s,
        )
    )
    classify_wall = median([r.wall_s for r in runs["classify"]])
    passthrough_wall = median([r.wall_s for r in runs["passthrough"]])
    return {
        "articles": n,
        "input_bytes": inputs.seed_file.stat().st_size,
        "command": "python -m streams.cli classify FILE.jsonl > /dev/null",
        "baseline_command": "python -c <orjson parse + RawArticle validation + orjson dump> FILE",
        "pinned_cpu": config.cpu,
        "runs": {name: _run_summary(runs[name]) for name in names},
        "end_to_end": {
            "what": "N / wall time of the whole process, interpreter startup included",
            "articles_per_s": n / classify_wall,
            "baseline_articles_per_s": n / passthrough_wall,
            "ratio": median(ratios),
            "ratio_all": ratios,
            "cpu_ratio": median(cpu_ratios),
            "extraction_share": median(
                per_repeat(
                    lambda i: (wall("classify", i) - wall("passthrough", i)) / wall("classify", i)
                )
            ),
        },
        "steady_state": {
            "what": "N / (wall time - startup); startup is `--help` for classify and an "
            "empty file for the pass-through",
            "startup_s": median([r.wall_s for r in runs["classify_startup"]]),
            "baseline_startup_s": median([r.wall_s for r in runs["passthrough_startup"]]),
            "articles_per_s": rate(n, median(steady_classify)),
            "baseline_articles_per_s": rate(n, median(steady_passthrough)),
            "ratio": median(steady_ratios)
            if all(
                c > 0 and p > 0 for c, p in zip(steady_classify, steady_passthrough, strict=True)
            )
            else None,
            "ratio_all": steady_ratios,
        },
    }


# --------------------------------------------------------------------------- in-process


@contextlib.contextmanager
def pinned(cpu: int | None) -> Iterator[None]:
    """Pin this process to `cpu` for the duration (no-op when `cpu` is None)."""
    if cpu is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {cpu})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


@dataclass
class _Pass:
    ns: list[int] = field(default_factory=list)
    events: int = 0
    errors: int = 0
    first_error: str = ""


def _time_extract(articles: Sequence[RawArticle]) -> _Pass:
    result = _Pass()
    clock = time.perf_counter_ns
    for article in articles:
        start = clock()
        try:
            events = extract_events(article)
        except Exception as exc:  # the extractor is being edited; count, don't die
            result.ns.append(clock() - start)
            result.errors += 1
            result.first_error = result.first_error or f"{type(exc).__name__}: {exc}"
            continue
        result.ns.append(clock() - start)
        result.events += len(events)
    return result


def _time_baseline(articles: Sequence[RawArticle]) -> _Pass:
    """The fastest of BASELINE_PASSES passes: the yardstick is short, so it gets a min."""
    best: _Pass | None = None
    clock = time.perf_counter_ns
    findall = _TOKEN.findall
    for _ in range(BASELINE_PASSES):
        result = _Pass()
        for article in articles:
            start = clock()
            findall(article.body)
            result.ns.append(clock() - start)
        if best is None or sum(result.ns) < sum(best.ns):
            best = result
    assert best is not None
    return best


def _memory_pass(articles: Sequence[RawArticle]) -> list[int]:
    """Peak bytes allocated during each extraction, above what was live before it."""
    peaks: list[int] = []
    tracemalloc.start()
    try:
        for article in articles:
            tracemalloc.reset_peak()
            before, _ = tracemalloc.get_traced_memory()
            with contextlib.suppress(Exception):
                extract_events(article)
            _, peak = tracemalloc.get_traced_memory()
            peaks.append(peak - before)
    finally:
        tracemalloc.stop()
    return peaks


def bench_core(inputs: Inputs, config: Config, log: Callable[[str], None]) -> dict[str, Any]:
    """In-process `extract_events` per size vs a regex tokenization pass over the same bodies."""
    sizes = {
        "seed": inputs.seed[: config.core_articles],
        "10k": inputs.size_10k,
        "50k": inputs.size_50k,
    }
    articles = {name: [RawArticle.model_validate(r) for r in recs] for name, recs in sizes.items()}
    out: dict[str, Any] = {"baseline": BASELINE_CORE, "pinned_cpu": config.cpu, "sizes": {}}
    # The first call builds lazy tables (gazetteers, automata): time it apart.
    start = time.perf_counter_ns()
    with contextlib.suppress(Exception):
        extract_events(articles["seed"][0])
    out["cold_first_call_ms"] = (time.perf_counter_ns() - start) / 1e6
    for name, arts in articles.items():
        _time_extract(arts[:2])  # warm this size's code paths
        total_kib = sum(len(a.body.encode("utf-8")) for a in arts) / KIB
        target: list[_Pass] = []
        baseline: list[_Pass] = []
        for rep in range(config.repeats):
            if rep % 2 == 0:
                baseline.append(_time_baseline(arts))
                target.append(_time_extract(arts))
            else:
                target.append(_time_extract(arts))
                baseline.append(_time_baseline(arts))
            log(
                f"  core {name} repeat {rep + 1}/{config.repeats}: "
                f"{sum(target[-1].ns) / 1e9:.3f}s extract, "
                f"{sum(baseline[-1].ns) / 1e9:.4f}s baseline"
            )
        out["sizes"][name] = _core_summary(arts, total_kib, target, baseline)
    sample = {name: arts[: config.memory_sample] for name, arts in articles.items()}
    for name, arts in sample.items():
        peaks = _memory_pass(arts)
        mean_bytes = statistics.fmean(len(a.body.encode("utf-8")) for a in arts)
        out["sizes"][name]["memory"] = {
            "what": "tracemalloc peak above the live set, per extract_events call",
            "sampled_articles": len(arts),
            "peak_kib_max": max(peaks) / KIB,
            "peak_kib_median": median(peaks) / KIB,
            "peak_per_body_byte": max(peaks) / mean_bytes,
        }
        log(f"  core {name} memory: peak {max(peaks) / KIB:.0f} KiB")
    seed_per_kb = out["sizes"]["seed"]["us_per_kib"]
    out["per_kib_ratio_10k_vs_seed"] = out["sizes"]["10k"]["us_per_kib"] / seed_per_kb
    out["per_kib_ratio_50k_vs_seed"] = out["sizes"]["50k"]["us_per_kib"] / seed_per_kb
    out["baseline_per_kib_ratio_50k_vs_seed"] = (
        out["sizes"]["50k"]["baseline_us_per_kib"] / out["sizes"]["seed"]["baseline_us_per_kib"]
    )
    out["process_maxrss_kib"] = _self_maxrss_kib()
    return out


def _core_summary(
    arts: Sequence[RawArticle], total_kib: float, target: Sequence[_Pass], baseline: Sequence[_Pass]
) -> dict[str, Any]:
    n = len(arts)

    def per_rep(passes: Sequence[_Pass], fn: Callable[[_Pass], float]) -> float:
        return median([fn(p) for p in passes])

    ratios = [ratio(sum(t.ns), sum(b.ns)) for t, b in zip(target, baseline, strict=True)]
    return {
        "articles": n,
        "mean_bytes": total_kib * KIB / n,
        "articles_per_s": per_rep(target, lambda p: n / (sum(p.ns) / 1e9)),
        "p50_ms": per_rep(target, lambda p: percentile(p.ns, 50) / 1e6),
        "p95_ms": per_rep(target, lambda p: percentile(p.ns, 95) / 1e6),
        "p99_ms": per_rep(target, lambda p: percentile(p.ns, 99) / 1e6),
        "max_ms": per_rep(target, lambda p: max(p.ns) / 1e6),
        "us_per_kib": per_rep(target, lambda p: sum(p.ns) / 1e3 / total_kib),
        "baseline_articles_per_s": per_rep(baseline, lambda p: n / (sum(p.ns) / 1e9)),
        "baseline_us_per_kib": per_rep(baseline, lambda p: sum(p.ns) / 1e3 / total_kib),
        "ratio_vs_baseline": median(ratios),
        "ratio_vs_baseline_all": ratios,
        "events_per_article": target[0].events / n,
        "errors": max(p.errors for p in target),
        "first_error": next((p.first_error for p in target if p.first_error), ""),
    }


def _self_maxrss_kib() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --------------------------------------------------------------------------- adversarial


def _child_extract(path: Path, config: Config, prefix_bytes: int | None = None) -> dict[str, Any]:
    argv = [sys.executable, "-m", "bench._child", str(path)]
    if prefix_bytes is not None:
        argv.append(str(prefix_bytes))
    run = run_child(argv, timeout_s=config.adversarial_timeout_s, capture_stdout=True)
    result: dict[str, Any] = {
        "wall_s": run.wall_s,
        "maxrss_kib": run.maxrss_kib,
        "timed_out": run.timed_out,
        "returncode": run.returncode,
        "stderr": run.stderr[-500:],
    }
    if run.returncode == 0 and run.stdout.strip():
        result.update(orjson.loads(run.stdout))
    elif run.timed_out:
        result["seconds"] = run.wall_s  # a lower bound: it was still running
    return result


def bench_adversarial(
    inputs: Inputs, config: Config, seed_us_per_kib: float, log: Callable[[str], None]
) -> dict[str, Any]:
    """The 1 MiB hostile body vs a benign 1 MiB body, each extraction in a fresh child."""
    hostile: list[dict[str, Any]] = []
    benign: list[dict[str, Any]] = []
    for rep in range(config.adversarial_repeats):
        pair = [(inputs.benign_1mib_file, benign), (inputs.adversarial_file, hostile)]
        for path, sink in pair if rep % 2 == 0 else reversed(pair):
            sink.append(_child_extract(path, config))
        log(
            f"  adversarial repeat {rep + 1}/{config.adversarial_repeats}: "
            f"hostile {_fmt_child(hostile[-1])}, benign {_fmt_child(benign[-1])}"
        )
        if hostile[-1]["timed_out"] or benign[-1]["timed_out"]:
            break  # a lower bound will not get better by waiting again

    def summary(runs: Sequence[dict[str, Any]], rec: dict[str, Any]) -> dict[str, Any]:
        seconds = [float(r.get("seconds", 0.0)) for r in runs]
        return {
            "bytes": body_bytes(rec),
            "max_s": max(seconds),
            "median_s": median(seconds),
            "all_s": seconds,
            "timed_out": any(r["timed_out"] for r in runs),
            "failed": any(r["returncode"] != 0 and not r["timed_out"] for r in runs),
            "stderr_sample": next((r["stderr"] for r in runs if r["stderr"]), ""),
            "events": runs[0].get("events"),
            "maxrss_kib": max(int(r["maxrss_kib"]) for r in runs),
        }

    out_hostile = summary(hostile, inputs.adversarial)
    out_benign = summary(benign, inputs.benign_1mib)
    linear_s = seed_us_per_kib * out_hostile["bytes"] / KIB / 1e6
    scaling = _prefix_scaling(inputs, config, seed_us_per_kib, log)
    return {
        "what": "seconds for one extract_events call on a 1 MiB body, in a fresh pinned child "
        f"(killed after {config.adversarial_timeout_s:g}s; then max_s is a lower bound)",
        "timeout_s": config.adversarial_timeout_s,
        "repeats": len(hostile),
        "hostile": out_hostile,
        "benign": out_benign,
        "ratio_vs_benign": ratio(out_hostile["max_s"], out_benign["max_s"]),
        "linear_extrapolation_s": linear_s,
        "ratio_vs_linear": ratio(out_hostile["max_s"], linear_s),
        "benign_ratio_vs_linear": ratio(out_benign["max_s"], linear_s),
        "prefix_scaling": scaling,
    }


def _prefix_scaling(
    inputs: Inputs, config: Config, seed_us_per_kib: float, log: Callable[[str], None]
) -> dict[str, Any]:
    """Time prefixes of the hostile body; fit the growth exponent between the last two."""
    points: list[dict[str, Any]] = []
    for kib in config.adversarial_prefixes_kib:
        run = _child_extract(inputs.adversarial_file, config, kib * KIB)
        linear_s = seed_us_per_kib * kib / 1e6
        seconds = float(run.get("seconds", 0.0))
        points.append(
            {
                "kib": kib,
                "seconds": seconds,
                "timed_out": run["timed_out"],
                "failed": run["returncode"] != 0 and not run["timed_out"],
                "linear_extrapolation_s": linear_s,
                "ratio_vs_linear": ratio(seconds, linear_s),
            }
        )
        log(f"  adversarial prefix {kib} KiB: {_fmt_child(run)} (linear: {linear_s:.3f}s)")
        if run["timed_out"] or run["returncode"] != 0:
            break
    done = [p for p in points if not p["timed_out"] and not p["failed"] and p["seconds"] > 0]
    exponent: float | None = None
    projected: float | None = None
    if len(done) >= 2:
        a, b = done[-2], done[-1]
        exponent = math.log(b["seconds"] / a["seconds"]) / math.log(b["kib"] / a["kib"])
        projected = b["seconds"] * (MAX_BODY_BYTES / KIB / b["kib"]) ** exponent
    return {
        "what": "one extraction of the first K KiB of the hostile body, each in a fresh child; "
        "exponent = log-log slope between the two largest completed prefixes (1 = linear)",
        "points": points,
        "growth_exponent": exponent,
        "projected_1mib_s": projected,
    }


def _fmt_child(run: dict[str, Any]) -> str:
    if run["timed_out"]:
        return f">= {run['wall_s']:.1f}s (timed out)"
    if run["returncode"] != 0:
        return f"failed (exit {run['returncode']})"
    return f"{run['seconds']:.3f}s"


# --------------------------------------------------------------------------- hostile shapes


def _thread_cpu(article: RawArticle) -> tuple[float, int]:
    """CPU seconds of this thread in one `extract_events` call, and its event count."""
    start = time.thread_time()
    events = extract_events(article)
    return time.thread_time() - start, len(events)


def bench_hostile_shapes(config: Config, log: Callable[[str], None]) -> dict[str, Any]:
    """Each hostile 1 MiB shape vs 1 MiB of wire prose, in process, interleaved pair by pair.

    In process (no child to kill): the growth tests fail any shape that stops being
    linear long before it could hang this. Times are the thread's CPU seconds, as in the
    tests; the fastest of the repeats is the figure, the median per-repeat ratio the claim.
    """
    from tests.support.hostile import SHAPES, wire_prose

    def article(article_id: str, body: str) -> RawArticle:
        return RawArticle.model_validate(record(article_id, body))

    yardstick = article("bench-wire-prose", wire_prose())
    shapes = config.hostile_shapes or tuple(SHAPES)
    out: dict[str, Any] = {
        "what": "CPU seconds (time.thread_time) of one extract_events call on a hostile 1 MiB "
        "body of tests/support/hostile.py vs 1 MiB of invented wire prose, interleaved, "
        f"fastest of {config.hostile_repeats}; ratio = median of the per-repeat ratios",
        "repeats": config.hostile_repeats,
        "yardstick_bytes": len(yardstick.body.encode("utf-8")),
        "shapes": {},
    }
    _thread_cpu(article("warm-up", seed_body()))
    yardstick_all: list[float] = []
    for shape in shapes:
        subject = article(f"bench-hostile-{len(out['shapes'])}", SHAPES[shape]())
        seconds: list[float] = []
        benign: list[float] = []
        events = 0
        for rep in range(config.hostile_repeats):
            if rep % 2 == 0:
                benign.append(_thread_cpu(yardstick)[0])
                took, events = _thread_cpu(subject)
                seconds.append(took)
            else:
                took, events = _thread_cpu(subject)
                seconds.append(took)
                benign.append(_thread_cpu(yardstick)[0])
        yardstick_all += benign
        ratios = [ratio(h, b) for h, b in zip(seconds, benign, strict=True)]
        out["shapes"][shape] = {
            "bytes": len(subject.body.encode("utf-8")),
            "seconds": min(seconds),
            "all_s": seconds,
            "yardstick_s": min(benign),
            "ratio": median(ratios),
            "events": events,
        }
        log(
            f"  hostile {shape!r}: {min(seconds):.3f}s vs wire prose {min(benign):.3f}s "
            f"(x{median(ratios):.2f}), {events} events"
        )
    slowest = max(out["shapes"], key=lambda name: out["shapes"][name]["seconds"])
    out["slowest"] = slowest
    out["yardstick_s"] = min(yardstick_all)
    out["max_ratio"] = max(s["ratio"] for s in out["shapes"].values())
    return out


# --------------------------------------------------------------------------- machine


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def sources_digest() -> str:
    """sha256 over streams/core/*.py: which extractor code the figures belong to."""
    digest = hashlib.sha256()
    for path in sorted(CORE_SOURCES.rglob("*.py")):
        digest.update(path.relative_to(CORE_SOURCES).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def machine_info(config: Config) -> dict[str, Any]:
    affinity = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    return {
        "cpu_model": cpu_model(),
        "cores": os.cpu_count(),
        "affinity": affinity,
        "pinned_cpu": config.cpu,
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "loadavg_start": list(os.getloadavg()),
    }


# --------------------------------------------------------------------------- run + report


def run_benchmark(config: Config, log: Callable[[str], None]) -> dict[str, Any]:
    """Generate inputs into a temp dir, run every measurement, return the results dict."""
    started = time.perf_counter()
    results: dict[str, Any] = {
        "schema": RESULTS_SCHEMA,
        "machine": machine_info(config),
        "extractor": {"version": EXTRACTOR_VERSION, "core_sources_sha256": sources_digest()},
        "config": {
            "articles": config.articles,
            "core_articles": config.core_articles,
            "articles_10k": config.articles_10k,
            "articles_50k": config.articles_50k,
            "repeats": config.repeats,
            "memory_sample": config.memory_sample,
            "adversarial_repeats": config.adversarial_repeats,
            "adversarial_timeout_s": config.adversarial_timeout_s,
            "adversarial_prefixes_kib": list(config.adversarial_prefixes_kib),
            "hostile_repeats": config.hostile_repeats,
            "hostile_shapes": list(config.hostile_shapes),
            "seed": config.seed,
            "quick": config.quick,
        },
    }
    directory = Path(tempfile.mkdtemp(prefix="wirestream-bench-"))
    # Pin the whole run: in-process timings directly, every child by inheritance.
    with contextlib.ExitStack() as stack:
        stack.enter_context(pinned(config.cpu))
        stack.callback(shutil.rmtree, directory, ignore_errors=True)
        log(f"generating inputs in {directory} (seed {config.seed})")
        inputs = generate_inputs(directory, config)
        results["inputs"] = {
            "seed": size_summary(inputs.seed[: config.articles]),
            "10k": size_summary(inputs.size_10k),
            "50k": size_summary(inputs.size_50k),
            "adversarial_bytes": body_bytes(inputs.adversarial),
            "benign_1mib_bytes": body_bytes(inputs.benign_1mib),
        }
        log("classify end-to-end (subprocesses)")
        results["classify"] = bench_classify(inputs, config, log)
        log("core in-process")
        results["core"] = bench_core(inputs, config, log)
        log("adversarial 1 MiB (child processes)")
        results["adversarial"] = bench_adversarial(
            inputs, config, results["core"]["sizes"]["seed"]["us_per_kib"], log
        )
        log("hostile 1 MiB shapes (in process)")
        results["hostile_shapes"] = bench_hostile_shapes(config, log)
    results["machine"]["loadavg_end"] = list(os.getloadavg())
    results["duration_s"] = time.perf_counter() - started
    return results
