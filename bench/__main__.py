"""`python -m bench [--quick] [--parts core,e2e] [--out DIR]`: run the benchmark, print, save."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.core import DEFAULT_OUT, RESULTS_SCHEMA, Config, default_cpu, machine_info, run_benchmark
from bench.pipeline import SYSTEMS, E2EConfig, run_e2e
from bench.report import render_text, write_results

PARTS = ("core", "e2e")


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive integer")
    return number


def _choices(allowed: tuple[str, ...]) -> Any:
    def parse(value: str) -> tuple[str, ...]:
        chosen = tuple(v.strip() for v in value.split(",") if v.strip())
        unknown = [v for v in chosen if v not in allowed]
        if unknown or not chosen:
            raise argparse.ArgumentTypeError(
                f"{value!r}: choose from {', '.join(allowed)} (comma-separated)"
            )
        return chosen

    return parse


def _rates(value: str) -> tuple[float, ...]:
    try:
        rates = tuple(float(v) for v in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a list of numbers") from None
    if not rates or any(r <= 0 for r in rates):
        raise argparse.ArgumentTypeError(f"{value!r}: rates must be positive")
    return rates


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark the extraction core and `wirestream classify` (part core), and "
        "the pipeline end to end on a real broker against bare-client floors and a Quix "
        "Streams peer (part e2e). Every figure comes with a baseline measured in the same "
        "run; the claim is the ratio.",
    )
    parser.add_argument(
        "--parts",
        type=_choices(PARTS),
        default=PARTS,
        metavar="LIST",
        help=f"comma-separated parts to run, of {','.join(PARTS)} [default: all]",
    )
    parser.add_argument(
        "--systems",
        type=_choices(SYSTEMS),
        metavar="LIST",
        help=f"end-to-end systems, of {','.join(SYSTEMS)} [default: all]",
    )
    parser.add_argument(
        "--rates",
        type=_rates,
        metavar="LIST",
        help="end-to-end offered rates, articles/s [default: 200,1000,5000; quick: 100]",
    )
    parser.add_argument(
        "--broker",
        metavar="HOST:PORT",
        help="run the end-to-end part on this broker instead of starting a local one",
    )
    parser.add_argument(
        "--rounds",
        type=_positive,
        metavar="N",
        help="run the end-to-end systems N times, rotating their order; every figure is "
        "the median over rounds and every ratio the median of its N paired ratios [default: 1]",
    )
    parser.add_argument("--quick", action="store_true", help="small inputs, for a CI smoke run")
    parser.add_argument(
        "--articles", type=_positive, metavar="N", help="seed-size articles for classify"
    )
    parser.add_argument("--repeats", type=_positive, metavar="R", help="repeats per measurement")
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"where latest.json and latest.md go [default: {DEFAULT_OUT}]",
    )
    parser.add_argument("--seed", type=int, metavar="S", help="input generation seed")
    pin = parser.add_mutually_exclusive_group()
    pin.add_argument("--cpu", type=int, metavar="C", help="core to pin to [default: 0]")
    pin.add_argument("--no-pin", action="store_true", help="do not pin to a core")
    parser.add_argument(
        "--adversarial-timeout",
        type=float,
        metavar="S",
        help="kill one adversarial extraction after S seconds [default: 120; quick: 20]",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    return parser.parse_args(argv)


def config_from(args: argparse.Namespace) -> Config:
    overrides: dict[str, Any] = {
        "cpu": None if args.no_pin else (args.cpu if args.cpu is not None else default_cpu())
    }
    if args.articles is not None:
        overrides["articles"] = args.articles
        overrides["core_articles"] = min(args.articles, Config.core_articles)
    if args.repeats is not None:
        overrides["repeats"] = args.repeats
    if args.seed is not None:
        overrides["seed"] = args.seed
    if args.adversarial_timeout is not None:
        overrides["adversarial_timeout_s"] = args.adversarial_timeout
    if args.quick:
        if args.articles is not None:
            overrides["core_articles"] = min(args.articles, 100)
        return Config.quick_config(**overrides)
    return Config(**overrides)


def e2e_config_from(args: argparse.Namespace) -> E2EConfig:
    overrides: dict[str, Any] = {}
    if args.systems:
        overrides["systems"] = args.systems
    if args.rates:
        overrides["rates"] = args.rates
    if args.seed is not None:
        overrides["seed"] = args.seed
    if args.rounds is not None:
        overrides["rounds"] = args.rounds
    return E2EConfig.quick_config(**overrides) if args.quick else E2EConfig(**overrides)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = config_from(args)

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    if "core" in args.parts:
        results = run_benchmark(config, log)
    else:
        results = {"schema": RESULTS_SCHEMA, "machine": machine_info(config)}
        results["machine"]["pinned_cpu"] = None
    results["command"] = command.strip()
    results["parts"] = list(args.parts)
    if "e2e" in args.parts:
        # Not pinned: the broker, the system under test and the load generator share the cores.
        workdir = Path(tempfile.mkdtemp(prefix="wirestream-bench-e2e-"))
        try:
            results["e2e"] = run_e2e(e2e_config_from(args), workdir, log, broker=args.broker)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    results["machine"]["loadavg_end"] = list(os.getloadavg())
    results["duration_s"] = time.perf_counter() - started
    sys.stdout.write(render_text(results))
    written = write_results(results, args.out)
    log("wrote " + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
