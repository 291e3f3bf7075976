"""`python -m bench.readme`: copy the last results (bench/results/latest.md) into the README.

The README's performance section holds the generated tables between two
markers; this replaces what lies between them, so the README always shows the
committed results, with their machine and command, and nothing typed by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.core import DEFAULT_OUT, REPO

START = "<!-- bench:results:start (python -m bench.readme) -->"
END = "<!-- bench:results:end -->"


def embed(readme: str, results_md: str) -> str:
    """`readme` with the text between the markers replaced by `results_md` (headings demoted)."""
    if (
        readme.count(START) != 1
        or readme.count(END) != 1
        or readme.index(START) > readme.index(END)
    ):
        raise ValueError(f"the README needs exactly one {START!r} followed by one {END!r}")
    lines = results_md.strip().splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]  # the README's own heading names the section
    body = "\n".join("#" + line if line.startswith("## ") else line for line in lines)
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{body.strip()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the README's results block from the results markdown."""
    parser = argparse.ArgumentParser(prog="python -m bench.readme", description=__doc__)
    parser.add_argument("--results", type=Path, default=DEFAULT_OUT / "latest.md")
    parser.add_argument("--readme", type=Path, default=REPO / "README.md")
    args = parser.parse_args(argv)
    try:
        text = embed(args.readme.read_text(encoding="utf-8"), args.results.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        print(f"python -m bench.readme: {exc}", file=sys.stderr)
        return 1
    args.readme.write_text(text, encoding="utf-8")
    print(f"{args.readme}: results block refreshed from {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
