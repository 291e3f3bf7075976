"""Subscribe to wirestream's call readouts and parse each record into the pydantic model.

    python examples/consume_call_readouts.py --max-records 10

Bootstrap servers and topic prefix come from WIRESTREAM_BROKER and WIRESTREAM_TOPIC_PREFIX
(or the flags). It stops after --max-records records or --timeout seconds without one.
"""

import argparse
import os
import sys

from kafka import KafkaConsumer
from pydantic import ValidationError

from schemas import CallReadout

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
        # Later v1 releases may add optional fields: ignore those, keep the ones we know.
        call = CallReadout.model_validate_json(message.value, extra="ignore")
    except ValidationError as exc:
        first = exc.errors()[0]  # one line per bad record: where, which field, why
        field = ".".join(map(str, first["loc"]))
        where = f"{message.topic} {message.partition}@{message.offset}"
        print(f"{where}: not a call readout: {field}: {first['msg']}", file=sys.stderr)
    else:
        who = " and ".join(person.name for person in call.participants)
        print(f"{call.event_id}\t{call.occurred_on}\t{call.medium}\t{who}")
    if count == args.max_records:
        break
consumer.close()
