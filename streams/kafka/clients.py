"""kafka-python clients built from the one Settings object (ingest, tail, admin, tests).

The Faust worker talks to Kafka through aiokafka; `faust_credentials` gives it
the same security settings, so one set of `WIRESTREAM_*` variables serves both.
"""

from __future__ import annotations

import ssl
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from streams.records.topics import TOPICS, largest_record, topic_config, topic_name
from streams.settings import Settings


def security_config(settings: Settings) -> dict[str, Any]:
    """kafka-python connection and security options for the configured cluster."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.broker.split(","),
        "security_protocol": settings.security_protocol,
    }
    if settings.security_protocol.startswith("SASL_"):
        config["sasl_mechanism"] = settings.sasl_mechanism
        config["sasl_plain_username"] = settings.sasl_username
        config["sasl_plain_password"] = (
            settings.sasl_password.get_secret_value() if settings.sasl_password else None
        )
    if settings.security_protocol.endswith("SSL") and settings.ssl_cafile is not None:
        config["ssl_cafile"] = str(settings.ssl_cafile)
    return config


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """The TLS context of the aiokafka clients (None unless the protocol uses SSL)."""
    if not settings.security_protocol.endswith("SSL"):
        return None
    cafile = str(settings.ssl_cafile) if settings.ssl_cafile else None
    return ssl.create_default_context(cafile=cafile)


def faust_credentials(settings: Settings) -> Any:
    """Faust `broker_credentials` for the configured security protocol (None for PLAINTEXT)."""
    import faust  # Imported here: the offline commands never pay Faust's import time.

    protocol = settings.security_protocol
    context = ssl_context(settings)
    if protocol.startswith("SASL_"):
        password = settings.sasl_password.get_secret_value() if settings.sasl_password else ""
        return faust.SASLCredentials(
            username=settings.sasl_username or "",
            password=password,
            mechanism=settings.sasl_mechanism,
            ssl_context=context,
        )
    if context is not None:
        return faust.SSLCredentials(context)
    return None


def make_producer(settings: Settings, **overrides: Any) -> KafkaProducer:
    """An idempotent producer (acks=all) that can send records up to the raw-topic limit."""
    config = {
        **security_config(settings),
        "enable_idempotence": True,
        "acks": "all",
        "linger_ms": 5,
        "max_request_size": largest_record(settings.max_message_bytes),
        "client_id": "wirestream",
        **overrides,
    }
    return KafkaProducer(**config)


def make_consumer(settings: Settings, **overrides: Any) -> KafkaConsumer:
    """A consumer that can fetch the largest records the project's topics accept."""
    config = {
        **security_config(settings),
        "fetch_max_bytes": 2 * largest_record(settings.max_message_bytes),
        "max_partition_fetch_bytes": largest_record(settings.max_message_bytes),
        "client_id": "wirestream",
        **overrides,
    }
    return KafkaConsumer(**config)


def make_admin(settings: Settings, **overrides: Any) -> KafkaAdminClient:
    """An admin client for the configured cluster."""
    config = {**security_config(settings), "client_id": "wirestream-admin", **overrides}
    return KafkaAdminClient(**config)


def authentication_problem(settings: Settings, timeout_s: float = 10.0) -> str | None:
    """Why the brokers refuse these SASL credentials (one line), or None if no broker did.

    kafka-python retries a refused login until its bootstrap timeout and then reports
    only a timeout; aiokafka's single connection attempt (the worker's own client)
    returns the broker's refusal at once, so this probe tells a wrong password from
    an unreachable broker within a second.
    """
    if not settings.security_protocol.startswith("SASL_"):
        return None
    import asyncio

    from aiokafka.conn import create_conn
    from aiokafka.errors import (
        AuthenticationFailedError,
        IllegalSaslStateError,
        SaslAuthenticationFailed,
        UnsupportedSaslMechanismError,
    )
    from aiokafka.errors import KafkaError as AIOKafkaError

    refusals = (
        AuthenticationFailedError,
        IllegalSaslStateError,
        SaslAuthenticationFailed,
        UnsupportedSaslMechanismError,
    )
    password = settings.sasl_password.get_secret_value() if settings.sasl_password else ""
    context = ssl_context(settings)

    async def probe(host: str, port: int) -> str | None:
        try:
            conn = await asyncio.wait_for(
                create_conn(
                    host,
                    port,
                    security_protocol=settings.security_protocol,
                    sasl_mechanism=settings.sasl_mechanism,
                    sasl_plain_username=settings.sasl_username or "",
                    sasl_plain_password=password,
                    ssl_context=context,
                    request_timeout_ms=int(timeout_s * 1000),
                ),
                timeout_s,
            )
        except refusals as exc:
            return str(exc.args[0]) if exc.args else type(exc).__name__
        except AIOKafkaError:
            return None  # not a refusal of the login: check_connection's own probe reports it
        except (OSError, TimeoutError):
            return None  # unreachable: check_connection's own probe reports it
        conn.close()
        return None

    for server in settings.broker.split(","):
        host, _, port = server.strip().rpartition(":")
        refusal = asyncio.run(probe(host, int(port)))
        if refusal is not None:
            return (
                f"Kafka at {server} refused the login of SASL user {settings.sasl_username!r} "
                f"({settings.sasl_mechanism}): {refusal}; check WIRESTREAM_SASL_USERNAME and "
                "WIRESTREAM_SASL_PASSWORD(_FILE)"
            )
    return None


def check_connection(settings: Settings, timeout_s: float = 15.0) -> str | None:
    """None when the cluster answers with these settings, else why not (one line)."""
    try:
        admin = make_admin(settings, bootstrap_timeout_ms=int(timeout_s * 1000))
        try:
            admin.list_topics()
        finally:
            admin.close()
    except KafkaError as exc:
        return f"cannot reach Kafka at {settings.broker} ({settings.security_protocol}): {exc}"
    return None


def ensure_topics(settings: Settings) -> list[str]:
    """Create the pipeline's topics that do not exist yet; return the names created."""
    admin = make_admin(settings)
    try:
        existing = set(admin.list_topics())
        wanted = [
            NewTopic(
                topic_name(spec.name, settings.topic_prefix),
                settings.partitions,
                settings.replication_factor,
                topic_configs=topic_config(spec, settings.max_message_bytes),
            )
            for spec in TOPICS
            if topic_name(spec.name, settings.topic_prefix) not in existing
        ]
        created: list[str] = []
        for topic in wanted:
            try:
                admin.create_topics([topic])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass  # another worker or ingest created it meanwhile
        return created
    finally:
        admin.close()
