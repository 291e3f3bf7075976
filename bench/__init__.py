"""Benchmarks (`python -m bench`): the extraction core and `wirestream classify`, and the
pipeline end to end on a real broker against bare-client floors and a Quix Streams peer.

A benchmark, not a timed test: every figure is measured next to a baseline taken
in the same run, on the same inputs, and the claim is the ratio. See `bench.core`
and `bench.pipeline`.
"""
