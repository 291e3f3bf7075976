"""The worker's librdkafka output producer: its configuration from the settings, and how
delivery reports become futures (the broker path is in tests/worker/test_app.py, whose
refused-output test fails a delivery on purpose)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pydantic import SecretStr

from streams.kafka.outputs import DeliveryFailed, _resolve, librdkafka_config
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


def test_delivery_reports_resolve_or_fail_their_futures() -> None:
    class Error:
        def name(self) -> str:
            return "MSG_SIZE_TOO_LARGE"

        def str(self) -> str:
            return "Broker: Message size too large"

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        ok, refused = loop.create_future(), loop.create_future()
        _resolve([(ok, None), (refused, Error())])  # type: ignore[list-item]
        assert ok.result() is None
        try:
            refused.result()
        except DeliveryFailed as exc:
            assert str(exc) == "MSG_SIZE_TOO_LARGE: Broker: Message size too large"
        else:
            raise AssertionError("a refused record resolved")

    asyncio.run(scenario())
