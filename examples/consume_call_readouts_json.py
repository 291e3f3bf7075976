"""Subscribe to wirestream's call readouts with plain JSON: no wirestream code needed.

    python examples/consume_call_readouts_json.py --max-records 10

Each value is one JSON object (schemas/json/call_readout.json); this reads the fields a
non-Python consumer would. Same flags and variables as consume_call_readouts.py.
"""

import argparse
import json
import os
import sys

from kafka import KafkaConsumer

parser = argparse.ArgumentParser(description="Print the call readouts on wirestream's topic.")
parser.add_argument(
    "--bootstrap-servers", default=os.environ.get("WIRESTREAM_BROKER", "localhost:9092")
)
parser.add_argument(
    "--topic", default=os.environ.get("WIRESTREAM_TOPIC_PREFIX", "") + "wire.events.call_readout"
)
parser.add_argument(
    "--group", default=None, help="consumer group (default: none, read from the start)"
)
parser.add_argument("--max-records", type=int, default=None)
parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for a record")
args = parser.parse_args()

consumer = KafkaConsumer(
    args.topic,
    bootstrap_servers=args.bootstrap_servers,
    group_id=args.group,
    auto_offset_reset="earliest",
    consumer_timeout_ms=int(args.timeout * 1000),
)
for count, message in enumerate(consumer, 1):
    try:
        call = json.loads(message.value)
        who = " and ".join(person["name"] for person in call["participants"])
        print(f"{call['event_id']}\t{call['occurred_on']}\t{call['medium']}\t{who}")
    except (ValueError, KeyError, TypeError) as exc:
        where = f"{message.topic} {message.partition}@{message.offset}"
        print(f"{where}: not a call readout: {exc!r}", file=sys.stderr)
    if count == args.max_records:
        break
consumer.close()
