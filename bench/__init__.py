"""Throughput benchmark of the extractor and of `wirestream classify` (`python -m bench`).

A benchmark, not a timed test: every figure is measured next to a baseline taken
in the same run, on the same inputs, and the claim is the ratio. See `bench.core`.
"""
