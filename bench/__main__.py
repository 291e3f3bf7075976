"""`python -m bench [--quick] [--articles N] [--out DIR]`: run the benchmark, print, save."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bench.core import DEFAULT_OUT, Config, default_cpu, run_benchmark
from bench.report import render_text, write_results


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive integer")
    return number


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark `wirestream classify` and the extraction core. Every figure "
        "comes with a baseline measured in the same run; the claim is the ratio.",
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


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = config_from(args)

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    results = run_benchmark(config, log)
    sys.stdout.write(render_text(results))
    json_path, md_path = write_results(results, args.out)
    log(f"wrote {json_path} and {md_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
