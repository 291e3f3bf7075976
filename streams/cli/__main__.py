"""`python -m streams.cli`: the `wirestream` command, for subprocesses without the script."""

from streams.cli.main import main

main(prog_name="wirestream")
