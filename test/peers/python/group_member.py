"""One confluent-kafka consumer in a group, for the consumer-group tests (test/engine/groups).

Usage: group_member.py BOOTSTRAP OPTIONS_JSON. Options: topic, group, clientId, and optionally
instanceId (static membership), assignor (range, roundrobin, cooperative-sticky) and
sessionTimeoutMs. The member subscribes, then prints one JSON line per event, flushed at once,
so the test reads what it does as it happens:

  {"event": "assigned", "partitions": [0, 1], "incremental": false}
  {"event": "revoked", "partitions": [0, 1], "incremental": false}
  {"event": "records", "records": [[partition, offset, value], ...]}   (committed before printed)
  {"event": "error", "error": "..."}

Each batch's offsets are committed synchronously, partition by partition, before its records
are printed, so every printed record is committed. A partition whose commit the coordinator
refuses (it was revoked while the batch was read, or a rebalance is completing) has its records
left unprinted: whoever owns the partition next reads them again from the committed offset, and
if this member still owns it, it seeks back to read them again itself. The test ends a member
with SIGTERM (it closes: a dynamic member leaves the group) or SIGKILL (a crash: the coordinator
finds out when the session times out).
"""

import json
import signal
import sys

from confluent_kafka import Consumer, KafkaException, TopicPartition


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


def main():
    bootstrap, options = sys.argv[1], json.loads(sys.argv[2])
    assignor = options.get("assignor", "range")
    config = {
        "bootstrap.servers": bootstrap,
        "group.id": options["group"],
        "client.id": options["clientId"],
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "partition.assignment.strategy": assignor,
        "session.timeout.ms": options.get("sessionTimeoutMs", 6000),
        "heartbeat.interval.ms": options.get("heartbeatIntervalMs", 500),
        "topic.metadata.refresh.interval.ms": 1000,
    }
    if "instanceId" in options:
        config["group.instance.id"] = options["instanceId"]
    consumer = Consumer(config)
    incremental = assignor == "cooperative-sticky"

    def on_assign(c, partitions):
        emit("assigned", partitions=sorted(p.partition for p in partitions), incremental=incremental)
        if incremental:
            c.incremental_assign(partitions)

    def on_revoke(c, partitions):
        emit("revoked", partitions=sorted(p.partition for p in partitions), incremental=incremental)
        if incremental:
            c.incremental_unassign(partitions)

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    consumer.subscribe([options["topic"]], on_assign=on_assign, on_revoke=on_revoke)
    topic = options["topic"]
    while not stopping:
        messages = consumer.consume(num_messages=200, timeout=0.2)
        records = []
        for m in messages:
            if m.error():
                emit("error", error=str(m.error()))
            else:
                records.append([m.partition(), m.offset(), m.value().decode()])
        if records:
            committed = commit(consumer, topic, records)
            printed = [r for r in records if r[0] in committed]
            if printed:
                emit("records", records=printed)
    consumer.close()
    emit("closed")


def commit(consumer, topic, records):
    """Commits the batch's offsets; returns the partitions whose commit was accepted."""
    first, after = {}, {}
    for partition, offset, _ in records:
        first.setdefault(partition, offset)
        after[partition] = offset + 1
    try:
        results = consumer.commit(
            offsets=[TopicPartition(topic, p, o) for p, o in after.items()], asynchronous=False
        )
        accepted = {tp.partition for tp in results if tp.error is None}
    except KafkaException:
        accepted = set()
    for partition in set(after) - accepted:
        try:
            consumer.seek(TopicPartition(topic, partition, first[partition]))
        except KafkaException:
            pass  # no longer assigned: its next owner reads from the committed offset
    return accepted


if __name__ == "__main__":
    main()
