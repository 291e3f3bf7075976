"""The worker's librdkafka output producer: its configuration from the settings, how
delivery reports settle a group's future, and a real broker's reports served on the loop (the
worker's path is in tests/worker/test_app.py, whose refused-output test fails a delivery on
purpose)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from pydantic import SecretStr

from streams.kafka.clients import ensure_topics
from streams.kafka.outputs import AsyncProducer, DeliveryFailed, _Group, _settle, librdkafka_config
from streams.records.topics import RAW, largest_record, topic_name
from streams.settings import Settings
from tests.support.kafka_helpers import count_records


def test_config_is_acks_all_the_java_partitioner_and_room_for_the_largest_record() -> None:
    config = librdkafka_config(Settings(broker="k1:9092,k2:9092"))
    assert config["bootstrap.servers"] == "k1:9092,k2:9092"
    assert config["acks"] == "all" and config["partitioner"] == "murmur2_random"
    assert config["message.max.bytes"] == largest_record(Settings().max_message_bytes)
    assert config["security.protocol"] == "PLAINTEXT" and "sasl.username" not in config


def test_config_carries_sasl_and_the_ca_of_the_settings(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    settings = Settings(
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_username="worker",
        sasl_password=SecretStr("s3cret"),
        ssl_cafile=ca,
    )
    config = librdkafka_config(settings)
    assert config["security.protocol"] == "SASL_SSL"
    assert config["sasl.mechanisms"] == "SCRAM-SHA-512"
    assert (config["sasl.username"], config["sasl.password"]) == ("worker", "s3cret")
    assert config["ssl.ca.location"] == str(ca)


class _Refused:
    """A librdkafka KafkaError as a delivery report carries it."""

    def name(self) -> str:
        return "MSG_SIZE_TOO_LARGE"

    def str(self) -> str:
        return "Broker: Message size too large"


def test_a_group_resolves_at_its_last_acknowledgement_not_before() -> None:
    async def scenario() -> None:
        group = _Group(asyncio.get_running_loop().create_future(), 3)
        _settle(group, None)
        _settle(group, None)
        assert not group.future.done()  # two of three acknowledged
        _settle(group, None)
        assert group.future.result() is None

    asyncio.run(scenario())


def test_a_refused_record_fails_its_group_at_once_and_only_its_group() -> None:
    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        refused, other = _Group(loop.create_future(), 3), _Group(loop.create_future(), 1)
        _settle(refused, _Refused())  # type: ignore[arg-type]
        _settle(other, None)
        assert refused.future.done() and other.future.result() is None
        with pytest.raises(DeliveryFailed, match="MSG_SIZE_TOO_LARGE: Broker: Message size"):
            refused.future.result()
        _settle(refused, None)  # later acks change nothing
        _settle(refused, None)
        assert isinstance(refused.future.exception(), DeliveryFailed)

    asyncio.run(scenario())


@pytest.mark.kafka
def test_a_brokers_acknowledgements_are_served_on_the_loop_until_the_last(
    kafka_settings: Settings,
) -> None:
    """No poll thread: the loop serves the reports while any is due, then stops serving."""
    ensure_topics(kafka_settings)
    raw = topic_name(RAW, kafka_settings.topic_prefix)
    python_threads = threading.active_count()

    async def scenario() -> None:
        producer = AsyncProducer(librdkafka_config(kafka_settings))
        batch = [(raw, f"k{i}".encode(), b"v", [("h", b"1")]) for i in range(50)]
        first, second = producer.send_all(batch), producer.send_all([(raw, b"k", b"v", [])])
        await asyncio.wait_for(asyncio.gather(first, second), timeout=30)
        assert threading.active_count() == python_threads
        serving = producer._serving
        assert serving is not None
        await asyncio.wait_for(serving, timeout=1)  # nothing left to serve: it ends
        later = producer.send_all(batch[:3])  # and starts again for the next records
        await asyncio.wait_for(later, timeout=30)
        assert producer.close(timeout_s=5) == 0

    asyncio.run(scenario())
    assert count_records(kafka_settings, RAW) == 54
