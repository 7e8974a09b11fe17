"""confluent-kafka's scenario program for the compatibility suite (test/compat).

Runs one scenario step with confluent-kafka (librdkafka) against a bootstrap address and prints
what it observed as one JSON document. Usage: scenario.py STEP BOOTSTRAP OPTIONS_JSON. The steps
and the shape of each observation are defined in test/compat/scenarios.ts. It runs under Debian's
python3 with python3-confluent-kafka 1.7 (librdkafka 2.0) and under the peers venv with the PyPI
release (a current librdkafka), so it only uses APIs both have, and says `client:unsupported`
where the old one lacks an API.
"""

import json
import sys
import time
import warnings

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

BOOTSTRAP = ""
UNSUPPORTED = "client:unsupported"


def error_name(error):
    """Kafka's code for a broker error (named by the runner), or librdkafka's name for a local one."""
    if isinstance(error, KafkaException):
        error = error.args[0]
    if isinstance(error, KafkaError):
        return f"code:{error.code()}" if error.code() >= 0 else f"client:{error.name()}"
    return f"client:{type(error).__name__}"


def outcome(action):
    try:
        action()
        return "ok"
    except Exception as error:  # the error is the observation
        return error_name(error)


def admin():
    return AdminClient({"bootstrap.servers": BOOTSTRAP})


def producer(**config):
    settings = {"bootstrap.servers": BOOTSTRAP, "acks": "all", "linger.ms": 0, "message.timeout.ms": 8000}
    settings.update(config)
    return Producer(settings)


def produce_all(p, records):
    """Produces (kwargs) records and waits for every delivery; raises the first delivery error."""
    errors = []

    def delivered(err, _msg):
        if err is not None:
            errors.append(err)

    for record in records:
        p.produce(on_delivery=delivered, **record)
    p.flush(30)
    if errors:
        raise KafkaException(errors[0])


def read_all(topic, count, isolation="read_uncommitted"):
    """Every partition from the start, without a group, until count records or 30 s."""
    consumer = Consumer({
        "bootstrap.servers": BOOTSTRAP,
        "group.id": "compat-assign-only",
        "enable.auto.commit": False,
        "isolation.level": isolation,
    })
    partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    consumer.assign([TopicPartition(topic, p, -2) for p in partitions])
    records = poll(consumer, count)
    consumer.close()
    return sorted(records, key=lambda m: (m.partition(), m.offset()))


def poll(consumer, count):
    records = []
    deadline = time.time() + 30
    while len(records) < count and time.time() < deadline:
        message = consumer.poll(0.2)
        if message is None or message.error():
            continue
        records.append(message)
    return records


def text(data):
    return None if data is None else data.decode("utf-8")


def values_and_offsets(records):
    return {"values": [text(m.value()) for m in records], "offsets": [m.offset() for m in records]}


def metadata(o):
    cluster = admin().list_topics(o["topic"], timeout=10)
    partitions = []
    for p in sorted(cluster.topics[o["topic"]].partitions.values(), key=lambda p: p.id):
        partitions.append({
            "partition": p.id, "replicas": len(p.replicas), "isr": len(p.isrs), "leaderIsReplica": p.leader in p.replicas,
        })
    return {"brokers": len(cluster.brokers), "topic": {"name": o["topic"], "partitions": partitions}}


def wait_result(futures):
    for future in futures.values():
        future.result()


def describe(client, kind, name, keys):
    resource = ConfigResource(kind, name)
    entries = client.describe_configs([resource])[resource].result()
    out = {}
    for key in keys:
        entry = entries.get(key)
        out[key] = None if entry is None else {
            "value": entry.value, "source": source_name(entry), "readOnly": entry.is_read_only,
            "sensitive": entry.is_sensitive,
        }
    return out


def source_name(entry):
    """Kafka's name of a config source; 1.7 gives the enum's number, 2.x the enum."""
    from confluent_kafka.admin import ConfigSource
    return ConfigSource(entry.source).name if isinstance(entry.source, int) else entry.source.name


def describe_until(client, topic, keys, expected):
    """Describes until the expected values show: brokers learn of a new topic or an alter a moment later."""
    deadline = time.time() + 10
    while True:
        try:
            described = describe(client, "topic", topic, keys)
        except KafkaException:
            if time.time() > deadline:
                raise
            time.sleep(0.1)
            continue
        if all((described.get(k) or {}).get("value") == v for k, v in expected.items()) or time.time() > deadline:
            return described
        time.sleep(0.1)


def topic_admin(o):
    client = admin()
    topic = o["topic"]
    new = NewTopic(topic, num_partitions=o["partitions"], replication_factor=o["replicationFactor"], config=o["configs"])
    out = {"created": outcome(lambda: wait_result(client.create_topics([new])))}
    deadline = time.time() + 10
    while True:
        found = client.list_topics(topic, timeout=10).topics[topic]
        if found.error is None and found.partitions:
            break
        if time.time() > deadline:
            raise RuntimeError("the created topic never showed in metadata")
        time.sleep(0.1)
    first = found.partitions[0]
    out["describe"] = {"partitions": len(found.partitions), "replicationFactor": len(first.replicas)}
    described = describe_until(client, topic, sorted(o["configs"]), o["configs"])
    out["configs"] = {k: v["value"] for k, v in described.items()}
    out["listedAfterCreate"] = listed_within(client, topic, True)
    out["deleted"] = outcome(lambda: wait_result(client.delete_topics([topic])))
    out["listedAfterDelete"] = not listed_within(client, topic, False)
    return out


def listed_within(client, topic, wanted):
    """Lists topics until topic is listed (or gone) for up to 10 s: brokers learn of it a moment later."""
    deadline = time.time() + 10
    while True:
        if (topic in client.list_topics(timeout=10).topics) == wanted:
            return True
        if time.time() > deadline:
            return False
        time.sleep(0.1)


def configs(o):
    client = admin()
    topic, keys = o["topic"], o["keys"]
    out = {"initial": describe(client, "topic", topic, keys)}
    if hasattr(client, "incremental_alter_configs"):
        from confluent_kafka.admin import AlterConfigOpType, ConfigEntry
        entries = [ConfigEntry(k, v, incremental_operation=AlterConfigOpType.SET) for k, v in o["incremental"].items()]
        resource = ConfigResource("topic", topic, incremental_configs=entries)
        wait_result(client.incremental_alter_configs([resource]))
        out["afterIncremental"] = describe_until(client, topic, keys, o["incremental"])
    else:
        out["afterIncremental"] = UNSUPPORTED
    legacy = ConfigResource("topic", topic, set_config=o["legacy"])
    with warnings.catch_warnings():
        # The legacy call is the point of this step, deprecated or not.
        warnings.simplefilter("ignore", DeprecationWarning)
        wait_result(client.alter_configs([legacy]))
    out["afterLegacy"] = describe_until(client, topic, keys, o["legacy"])
    broker = min(client.list_topics(timeout=10).brokers)
    out["broker"] = describe(client, "broker", str(broker), o["brokerKeys"])
    return out


def errors(o):
    client = admin()
    p = producer(**{"message.timeout.ms": 5000})
    out = {
        "unknownTopic": outcome(lambda: produce_all(p, [{"topic": o["missingTopic"], "value": b"v"}])),
        "badPartition": outcome(lambda: produce_all(p, [{"topic": o["topic"], "value": b"v", "partition": 5}])),
        "recordTooLarge": outcome(lambda: produce_all(p, [{"topic": o["topic"], "value": b"x" * o["largeSize"]}])),
        "invalidReplicationFactor": outcome(
            lambda: wait_result(client.create_topics([NewTopic(o["newTopic"], num_partitions=1, replication_factor=4)]))),
        "topicAlreadyExists": outcome(
            lambda: wait_result(client.create_topics([NewTopic(o["topic"], num_partitions=1, replication_factor=1)]))),
    }
    return out


def produce_consume(o):
    topic, count, keys = o["topic"], o["count"], o["keys"]
    produce_all(producer(), [
        {"topic": topic, "key": f"key-{i % keys}", "value": f"value-{i}", "headers": [("seq", str(i)), ("source", "compat")]}
        for i in range(count)
    ])
    by_key = {}
    for m in read_all(topic, count):
        headers = [[k, text(v)] for k, v in (m.headers() or [])]
        by_key.setdefault(text(m.key()), []).append(
            {"partition": m.partition(), "offset": m.offset(), "value": text(m.value()), "headers": headers})
    return {"records": by_key}


def compression(o):
    topic, produced, expected = o["topic"], {}, 0
    for codec in o["codecs"]:
        p = producer(**{"compression.codec": codec, "linger.ms": 20})
        produced[codec] = outcome(
            lambda: produce_all(p, [{"topic": topic, "value": f"{codec}-{i}"} for i in range(o["perCodec"])]))
        if produced[codec] == "ok":
            expected += o["perCodec"]
    out = values_and_offsets(read_all(topic, expected))
    out["produced"] = produced
    return out


def offsets_by_time(o):
    topic, base = o["topic"], o["base"]
    produce_all(producer(), [
        {"topic": topic, "partition": 0, "value": f"t{i}", "timestamp": base + i * 1000} for i in range(o["count"])
    ])
    consumer = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": "compat-assign-only"})
    low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
    by_time = {}
    for name, millis in o["lookups"].items():
        found = consumer.offsets_for_times([TopicPartition(topic, 0, millis)], timeout=10)[0]
        by_time[name] = found.offset
    consumer.close()
    return {"earliest": low, "latest": high, "byTime": by_time}


def sequence_summary(records, prefix, count):
    values = [text(m.value()) for m in records]
    return {
        "consumed": len(records),
        "inOrder": values == [f"{prefix}{i}" for i in range(count)],
        "firstOffset": records[0].offset() if records else -1,
        "lastOffset": records[-1].offset() if records else -1,
    }


def idempotent(o):
    topic, count = o["topic"], o["count"]
    produce_all(producer(**{"enable.idempotence": True}),
                [{"topic": topic, "partition": 0, "value": f"i{i}"} for i in range(count)])
    return sequence_summary(read_all(topic, count), "i", count)


def produce_acked(o):
    """Sends v-0..v-(count-1) to partition 0 one every intervalMs with an idempotent acks=all
    producer while the suite crashes the partition's leader; reports which were acknowledged."""
    topic, count, interval = o["topic"], o["count"], o["intervalMs"] / 1000
    acked, failed, offsets = [], [], {}
    p = producer(**{"enable.idempotence": True, "message.timeout.ms": 60000})

    def delivered(err, msg):
        index = int(text(msg.value())[2:])
        (failed if err is not None else acked).append(index)
        if err is None:
            offsets[index] = msg.offset()

    for i in range(count):
        p.produce(topic, value=f"v-{i}", partition=0, on_delivery=delivered)
        p.poll(interval)
    p.flush(90)
    # The offset each delivery report names, so a record missing later can be matched to the log.
    return {"acked": sorted(acked), "failed": len(failed), "offsets": offsets}


def transactions(o):
    topic = o["topic"]
    p = producer(**{"transactional.id": o["transactionalId"]})
    p.init_transactions(30)
    for txn in o["transactions"]:
        p.begin_transaction()
        for value in txn["values"]:
            p.produce(topic, value=value, partition=0)
        p.flush(30)
        if txn["commit"]:
            p.commit_transaction(30)
        else:
            p.abort_transaction(30)
    return {
        "committed": values_and_offsets(read_all(topic, o["committedCount"], "read_committed")),
        "uncommitted": values_and_offsets(read_all(topic, o["uncommittedCount"])),
    }


def consume_and_commit(o, count):
    consumer = Consumer({
        "bootstrap.servers": BOOTSTRAP, "group.id": o["group"], "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
    })
    consumer.subscribe([o["topic"]])
    records = poll(consumer, count)
    consumer.commit(asynchronous=False)
    consumer.close()
    first = {}
    for m in sorted(records, key=lambda m: (m.partition(), m.offset())):
        first.setdefault(str(m.partition()), m.offset())
    return {"consumed": len(records), "firstOffsets": first, "committed": committed_offsets(o["group"], o["topic"])}


def committed_offsets(group, topic):
    reader = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": group})
    partitions = reader.list_topics(topic, timeout=10).topics[topic].partitions
    committed = reader.committed([TopicPartition(topic, p) for p in sorted(partitions)], timeout=10)
    reader.close()
    return {str(tp.partition): tp.offset for tp in committed if tp.offset >= 0}


def consumer_group(o):
    produce_all(producer(), [{"topic": o["topic"], "partition": i % 2, "value": f"g{i}"} for i in range(o["count"])])
    return consume_and_commit(o, o["count"])


def consumer_group_resume(o):
    return consume_and_commit(o, o["expected"])


def transform(o):
    """Consume-transform-produce, exactly once: each batch of records goes to the output topic
    (value + "-out", same partition) in one transaction with the group's next offsets. Runs until
    count records were transformed, or with count 0 until the group has nothing left (3 s idle
    after the first records)."""
    if o.get("produce"):
        produce_all(producer(), [{"topic": o["input"], "partition": i % 2, "value": f"r{i}"} for i in range(o["produce"])])
    consumer = Consumer({
        "bootstrap.servers": BOOTSTRAP, "group.id": o["group"], "enable.auto.commit": False,
        "auto.offset.reset": "earliest", "isolation.level": "read_committed",
    })
    p = producer(**{"transactional.id": o["transactionalId"], "message.timeout.ms": 30000})
    p.init_transactions(60)
    consumer.subscribe([o["input"]])
    count, transformed = o["count"], 0
    idle_since, deadline = time.time(), time.time() + 60
    # With count 0, run until 3 s without records once some came (joining the group takes longer).
    while (transformed < count if count > 0 else transformed == 0 or time.time() - idle_since < 3) and \
            time.time() < deadline:
        records = [m for m in consumer.consume(10, 0.2) if not m.error()]
        if not records:
            continue
        idle_since = time.time()
        p.begin_transaction()
        following = {}
        for m in records:
            p.produce(o["output"], value=text(m.value()) + "-out", partition=m.partition())
            following[m.partition()] = m.offset() + 1
        offsets = [TopicPartition(o["input"], partition, offset) for partition, offset in following.items()]
        p.send_offsets_to_transaction(offsets, consumer.consumer_group_metadata(), 30)
        p.commit_transaction(30)
        transformed += len(records)
    consumer.close()
    return {"transformed": transformed, "committed": committed_offsets(o["group"], o["input"])}


STEPS = {
    "metadata": metadata,
    "topic-admin": topic_admin,
    "configs": configs,
    "errors": errors,
    "produce-consume": produce_consume,
    "compression": compression,
    "offsets-by-time": offsets_by_time,
    "idempotent": idempotent,
    "produce-acked": produce_acked,
    "transactions": transactions,
    "consumer-group": consumer_group,
    "consumer-group-resume": consumer_group_resume,
    "transform": transform,
}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in STEPS:
        sys.exit(f"usage: scenario.py STEP BOOTSTRAP OPTIONS_JSON; steps: {', '.join(STEPS)}")
    BOOTSTRAP = sys.argv[2]
    print(json.dumps(STEPS[sys.argv[1]](json.loads(sys.argv[3]))))
