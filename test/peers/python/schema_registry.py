"""confluent-kafka's schema registry client and serializers against a registry and a cluster.

Usage: schema_registry.py BOOTSTRAP REGISTRY_URL TOPIC_PREFIX

Registers (through the serializers' auto-registration) an Avro, a Protobuf and a JSON Schema
schema, produces one record of each to its own topic (PREFIX-avro, PREFIX-protobuf, PREFIX-json),
consumes them back and decodes them with the deserializers, which read the writer's schema from
the registry by id. Then registers an incompatible Avro schema and checks one with
test_compatibility. Prints what it observed as one JSON document; a failed step raises.
"""

import json
import sys

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

AVRO_ORDER = json.dumps(
    {
        "type": "record",
        "name": "Order",
        "namespace": "shop",
        "fields": [{"name": "id", "type": "long"}, {"name": "item", "type": "string"}],
    }
)
# Drops `item` and adds `price` without a default: new readers cannot read old orders.
AVRO_BREAKING = json.dumps(
    {
        "type": "record",
        "name": "Order",
        "namespace": "shop",
        "fields": [{"name": "id", "type": "long"}, {"name": "price", "type": "double"}],
    }
)
JSON_PAYMENT = json.dumps(
    {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Payment",
        "type": "object",
        "properties": {"order": {"type": "string"}, "paid": {"type": "boolean"}},
        "required": ["order"],
    }
)


def shipment_class():
    """shop.Shipment {string order = 1; int32 parcels = 2;}, built without protoc."""
    field = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(name="shop/shipment.proto", package="shop", syntax="proto3")
    message = proto.message_type.add(name="Shipment")
    message.field.add(name="order", number=1, type=field.TYPE_STRING, label=field.LABEL_OPTIONAL)
    message.field.add(name="parcels", number=2, type=field.TYPE_INT32, label=field.LABEL_OPTIONAL)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("shop.Shipment"))


def produce(bootstrap, topic, value):
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    producer.produce(topic, value=value)
    if producer.flush(30) != 0:
        raise RuntimeError(f"{topic}: the record was not delivered in 30 s")


def consume_one(bootstrap, topic):
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"schema-registry-{topic}",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    try:
        consumer.subscribe([topic])
        for _ in range(120):
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                raise RuntimeError(f"{topic}: {message.error()}")
            return message.value()
        raise RuntimeError(f"{topic}: nothing consumed in 60 s")
    finally:
        consumer.close()


def round_trip(bootstrap, topic, serializer, deserializer, value):
    context = SerializationContext(topic, MessageField.VALUE)
    produce(bootstrap, topic, serializer(value, context))
    return deserializer(consume_one(bootstrap, topic), context)


def main():
    bootstrap, url, prefix = sys.argv[1:4]
    registry = SchemaRegistryClient({"url": url})
    shipment = shipment_class()
    observed = {}

    observed["avro"] = round_trip(
        bootstrap,
        f"{prefix}-avro",
        AvroSerializer(registry, AVRO_ORDER),
        AvroDeserializer(registry),
        {"id": 7, "item": "kettle"},
    )
    decoded = round_trip(
        bootstrap,
        f"{prefix}-protobuf",
        ProtobufSerializer(shipment, registry, {"use.deprecated.format": False}),
        ProtobufDeserializer(shipment, {"use.deprecated.format": False}, registry),
        shipment(order="o-7", parcels=2),
    )
    observed["protobuf"] = json_format.MessageToDict(decoded)
    observed["json"] = round_trip(
        bootstrap,
        f"{prefix}-json",
        JSONSerializer(JSON_PAYMENT, registry),
        JSONDeserializer(None, schema_registry_client=registry),
        {"order": "o-7", "paid": True},
    )

    subject = f"{prefix}-avro-value"
    observed["compatible"] = registry.test_compatibility(subject, Schema(AVRO_BREAKING, "AVRO"))
    try:
        registry.register_schema(subject, Schema(AVRO_BREAKING, "AVRO"))
        observed["incompatible"] = "registered"
    except SchemaRegistryError as error:
        observed["incompatible"] = {"status": error.http_status_code, "code": error.error_code}
    observed["versions"] = {
        kind: registry.get_versions(f"{prefix}-{kind}-value") for kind in ("avro", "protobuf", "json")
    }
    print(json.dumps(observed))


if __name__ == "__main__":
    main()
