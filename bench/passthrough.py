"""`python -m bench.passthrough {aiokafka,confluent}`: the floor, a bare consume -> produce.

What Python on Kafka can do at all on this machine: read the raw topic in one
consumer group and publish every record's key and bytes, unchanged, to one
output topic, with the worker's delivery rules where they apply: batches of
up to `WIRESTREAM_BATCH_MAX_RECORDS` records (or what arrived within
`WIRESTREAM_BATCH_WAIT_S`), acks=all, the batch's sends
all acknowledged before its offsets may be committed, commits every second.
No decoding, no extraction. Runs until SIGTERM.

With `--copies N` each record is published N times, like our worker's N
outputs per article: N-1 copies (keys suffixed `#i`) to `SINK.fanout`, then
the last one, with the record's own key, to SINK (as the processed record
comes last). That floor costs what N produces per article cost the client, so
our worker's CPU per article beyond it and beyond the extraction is the
framework's own.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time

from streams.settings import Settings

# The worker's delivery rules, from the same settings (and environment) as the worker.
_RULES = Settings()
BATCH_SIZE = _RULES.batch_max_records
# Polling clients need a window (0 would spin); the worker's natural batches have none.
BATCH_WITHIN_S = max(_RULES.batch_wait_s, 0.002)
COMMIT_INTERVAL_S = _RULES.commit_interval_s


def fanout(key: bytes | None, copies: int) -> list[tuple[str, bytes | None]]:
    """(topic suffix, key) of each copy of a record: the last one carries its own key."""
    base = key or b""
    return [(".fanout", base + f"#{i}".encode()) for i in range(1, copies)] + [("", key)]


async def run_aiokafka(broker: str, group: str, source: str, sink: str, copies: int) -> None:
    """aiokafka (the client under Faust): getmany -> send -> gather acks -> commit."""
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    consumer = AIOKafkaConsumer(
        source,
        bootstrap_servers=broker,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = AIOKafkaProducer(bootstrap_servers=broker, acks="all")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await consumer.start()
    await producer.start()
    last_commit = time.monotonic()
    try:
        while not stop.is_set():
            batches = await consumer.getmany(
                timeout_ms=int(BATCH_WITHIN_S * 1000), max_records=BATCH_SIZE
            )
            pending = [
                await producer.send(sink + suffix, value=msg.value, key=key)
                for messages in batches.values()
                for msg in messages
                for suffix, key in fanout(msg.key, copies)
            ]
            if pending:
                await asyncio.gather(*pending)
            if time.monotonic() - last_commit >= COMMIT_INTERVAL_S:
                await consumer.commit()
                last_commit = time.monotonic()
    finally:
        await producer.stop()
        await consumer.commit()
        await consumer.stop()


def run_confluent(broker: str, group: str, source: str, sink: str, copies: int) -> None:
    """confluent-kafka (librdkafka): consume -> produce -> flush -> commit."""
    from confluent_kafka import Consumer, KafkaException, Producer

    consumer = Consumer(
        {
            "bootstrap.servers": broker,
            "group.id": group,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
        }
    )
    producer = Producer({"bootstrap.servers": broker, "acks": "all", "linger.ms": 0})
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    consumer.subscribe([source])
    failures: list[str] = []

    def on_delivery(err: object, _msg: object) -> None:
        if err is not None:
            failures.append(str(err))

    last_commit = time.monotonic()
    uncommitted = False
    try:
        while not stopping:
            messages = consumer.consume(num_messages=BATCH_SIZE, timeout=BATCH_WITHIN_S)
            for msg in messages:
                if msg.error():
                    raise KafkaException(msg.error())
                for suffix, key in fanout(msg.key(), copies):
                    producer.produce(
                        sink + suffix, value=msg.value(), key=key, on_delivery=on_delivery
                    )
            if messages:
                producer.flush()
                if failures:
                    raise SystemExit(f"pass-through: produce failed: {failures[0]}")
                uncommitted = True
            if uncommitted and time.monotonic() - last_commit >= COMMIT_INTERVAL_S:
                consumer.commit(asynchronous=False)
                uncommitted = False
                last_commit = time.monotonic()
    finally:
        producer.flush()
        consumer.close()


def main(argv: list[str] | None = None) -> int:
    """Run one pass-through until SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m bench.passthrough", description=__doc__)
    parser.add_argument("client", choices=("aiokafka", "confluent"))
    parser.add_argument("--broker", required=True, metavar="HOST:PORT")
    parser.add_argument("--group", required=True)
    parser.add_argument("--source", required=True, help="topic to read")
    parser.add_argument("--sink", required=True, help="topic to write")
    parser.add_argument("--copies", type=int, default=1, help="publish each record N times")
    args = parser.parse_args(argv)
    print("pass-through ready", flush=True)
    if args.client == "aiokafka":
        asyncio.run(run_aiokafka(args.broker, args.group, args.source, args.sink, args.copies))
    else:
        run_confluent(args.broker, args.group, args.source, args.sink, args.copies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
