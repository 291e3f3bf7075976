"""kafka-python's record checksums run in C (the `crc32c` package), not its pure-Python
fallback: every record batch `ingest` sends and `tail`, the lag probe and the tests read
is checksummed, and the fallback manages about 8 MB/s."""

from __future__ import annotations

import kafka.record.util as record_util
from kafka.record._crc32c import crc as pure_python_crc32c


def test_kafka_python_computes_crc32c_with_the_c_package() -> None:
    assert record_util.crc32c_c is not None, "the crc32c package is not installed"
    assert record_util.calc_crc32c(b"123456789") == 0xE3069283  # the standard check value
    batch = bytes(range(256)) * 64
    assert record_util.calc_crc32c(batch) == pure_python_crc32c(batch)
