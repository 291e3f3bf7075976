"""streams.kafka.lag: end offset minus committed offset, by hand and against the real broker."""

from __future__ import annotations

import pytest
from kafka import TopicPartition
from kafka.structs import OffsetAndMetadata

from streams.kafka.clients import make_consumer, make_producer
from streams.kafka.lag import consumer_lag, partition_lag
from streams.records.topics import RAW, topic_name
from streams.settings import Settings
from tests.support.kafka_helpers import produce_raw


def test_partition_lag_by_hand() -> None:
    end = {0: 10, 1: 4, 2: 0, 3: 9}
    committed = {0: 7, 1: 4}
    start = {0: 0, 1: 0, 2: 0, 3: 2}  # partition 3's first two records were deleted
    assert partition_lag(end, committed, start) == {0: 3, 1: 0, 2: 0, 3: 7}


@pytest.mark.kafka
def test_consumer_lag_against_the_broker(kafka_settings: Settings) -> None:
    # Known records per partition, a commit on some partitions only, nothing consuming.
    produce_raw(kafka_settings, [])
    topic = topic_name(RAW, kafka_settings.topic_prefix)
    per_partition = {0: 5, 1: 3, 2: 0, 3: 8}
    producer = make_producer(kafka_settings)
    try:
        for partition, count in per_partition.items():
            for i in range(count):
                producer.send(
                    topic, key=f"{partition}-{i}".encode(), value=b"{}", partition=partition
                )
        producer.flush()
    finally:
        producer.close()
    consumer = make_consumer(
        kafka_settings, group_id=kafka_settings.consumer_group, enable_auto_commit=False
    )
    try:
        consumer.commit(
            {
                TopicPartition(topic, 0): OffsetAndMetadata(2, "", -1),
                TopicPartition(topic, 3): OffsetAndMetadata(8, "", -1),
            }
        )
    finally:
        consumer.close()

    lag = consumer_lag(kafka_settings)

    expected = {0: 3, 1: 3, 2: 0, 3: 0}  # uncommitted partitions lag from their start
    expected |= {p: 0 for p in range(4, kafka_settings.partitions)}
    assert lag == {(topic, p): value for p, value in expected.items()}
