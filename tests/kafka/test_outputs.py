"""The worker's librdkafka output producer: its configuration from the settings, and how
delivery reports settle a group's future (the broker path is in tests/worker/test_app.py, whose
refused-output test fails a delivery on purpose)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pydantic import SecretStr

from streams.kafka.outputs import DeliveryFailed, _Group, _resolve, librdkafka_config
from streams.records.topics import largest_record
from streams.settings import Settings


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
        _resolve([(group, None), (group, None)])
        assert not group.future.done()  # two of three acknowledged
        _resolve([(group, None)])
        assert group.future.result() is None

    asyncio.run(scenario())


def test_a_refused_record_fails_its_group_at_once_and_only_its_group() -> None:
    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        refused, other = _Group(loop.create_future(), 3), _Group(loop.create_future(), 1)
        _resolve([(refused, _Refused()), (other, None)])  # type: ignore[list-item]
        assert refused.future.done() and other.future.result() is None
        with pytest.raises(DeliveryFailed, match="MSG_SIZE_TOO_LARGE: Broker: Message size"):
            refused.future.result()
        _resolve([(refused, None), (refused, None)])  # later acks change nothing
        assert isinstance(refused.future.exception(), DeliveryFailed)

    asyncio.run(scenario())
