package dev.brokerlab.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** Scenarios that produce and consume records (see test/compat/scenarios.ts). */
final class RecordScenarios {
  static ObjectNode produceConsume(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    int count = o.get("count").asInt();
    int keys = o.get("keys").asInt();
    try (KafkaProducer<String, String> producer = c.producer(Map.of())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, "key-" + (i % keys), "value-" + i);
        record.headers().add("seq", String.valueOf(i).getBytes(StandardCharsets.UTF_8));
        record.headers().add("source", "compat".getBytes(StandardCharsets.UTF_8));
        sent.add(producer.send(record));
      }
      for (Future<RecordMetadata> f : sent) f.get();
    }
    Map<String, List<ConsumerRecord<String, String>>> byKey = new TreeMap<>();
    for (ConsumerRecord<String, String> r : c.readAll(topic, count, "read_uncommitted")) {
      byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
    }
    ObjectNode out = c.object();
    ObjectNode records = out.putObject("records");
    byKey.forEach(
        (key, list) -> {
          ArrayNode entries = records.putArray(key);
          list.stream()
              .sorted(Comparator.comparingLong(ConsumerRecord::offset))
              .forEach(
                  r -> {
                    ObjectNode e = entries.addObject();
                    e.put("partition", r.partition());
                    e.put("offset", r.offset());
                    e.put("value", r.value());
                    ArrayNode headers = e.putArray("headers");
                    for (Header h : r.headers()) {
                      headers.addArray().add(h.key()).add(new String(h.value(), StandardCharsets.UTF_8));
                    }
                  });
        });
    return out;
  }

  static ObjectNode compression(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    int perCodec = o.get("perCodec").asInt();
    ObjectNode out = c.object();
    ObjectNode produced = out.putObject("produced");
    int expected = 0;
    for (JsonNode codecNode : o.get("codecs")) {
      String codec = codecNode.asText();
      String result;
      try (KafkaProducer<String, String> producer =
          c.producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec, ProducerConfig.LINGER_MS_CONFIG, "20"))) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < perCodec; i++) sent.add(producer.send(new ProducerRecord<>(topic, codec + "-" + i)));
        for (Future<RecordMetadata> f : sent) f.get();
        result = "ok";
        expected += perCodec;
      } catch (Exception e) {
        result = Clients.errorName(e);
      }
      produced.put(codec, result);
    }
    addValuesAndOffsets(c, out, c.readAll(topic, expected, "read_uncommitted"));
    return out;
  }

  static ObjectNode offsetsByTime(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    long base = o.get("base").asLong();
    int count = o.get("count").asInt();
    try (KafkaProducer<String, String> producer = c.producer(Map.of())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, 0, base + i * 1000L, null, "t" + i)).get();
      }
    }
    TopicPartition tp = new TopicPartition(topic, 0);
    ObjectNode out = c.object();
    try (KafkaConsumer<String, String> consumer = c.consumer(Map.of())) {
      out.put("earliest", consumer.beginningOffsets(List.of(tp)).get(tp));
      out.put("latest", consumer.endOffsets(List.of(tp)).get(tp));
      ObjectNode byTime = out.putObject("byTime");
      o.get("lookups")
          .properties()
          .forEach(
              e -> {
                Map<TopicPartition, OffsetAndTimestamp> found =
                    consumer.offsetsForTimes(Map.of(tp, e.getValue().asLong()));
                OffsetAndTimestamp at = found.get(tp);
                byTime.put(e.getKey(), at == null ? -1 : at.offset());
              });
    }
    return out;
  }

  static ObjectNode idempotent(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    int count = o.get("count").asInt();
    try (KafkaProducer<String, String> producer =
        c.producer(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"))) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) sent.add(producer.send(new ProducerRecord<>(topic, 0, null, "i" + i)));
      for (Future<RecordMetadata> f : sent) f.get();
    }
    return sequenceSummary(c, c.readAll(topic, count, "read_uncommitted"), "i", count);
  }

  /**
   * Sends v-0..v-(count-1) to partition 0 one every intervalMs with an idempotent acks=all producer,
   * while the suite crashes the partition's leader; reports which were acknowledged.
   */
  static ObjectNode produceAcked(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    int count = o.get("count").asInt();
    long intervalMs = o.get("intervalMs").asLong();
    ObjectNode out = c.object();
    ArrayNode acked = out.putArray("acked");
    int failed = 0;
    try (KafkaProducer<String, String> producer =
        c.producer(
            Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000"))) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        sent.add(producer.send(new ProducerRecord<>(topic, 0, null, "v-" + i)));
        Thread.sleep(intervalMs);
      }
      for (int i = 0; i < count; i++) {
        try {
          sent.get(i).get();
          acked.add(i);
        } catch (Exception e) {
          failed++;
        }
      }
    }
    out.put("failed", failed);
    return out;
  }

  /** {consumed, inOrder, firstOffset, lastOffset} for records expected to be prefix0..prefixN-1. */
  static ObjectNode sequenceSummary(Clients c, List<ConsumerRecord<String, String>> records, String prefix, int count) {
    ObjectNode out = c.object();
    out.put("consumed", records.size());
    boolean inOrder = records.size() == count;
    for (int i = 0; inOrder && i < count; i++) inOrder = records.get(i).value().equals(prefix + i);
    out.put("inOrder", inOrder);
    out.put("firstOffset", records.isEmpty() ? -1 : records.get(0).offset());
    out.put("lastOffset", records.isEmpty() ? -1 : records.get(records.size() - 1).offset());
    return out;
  }

  static ObjectNode transactions(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    try (KafkaProducer<String, String> producer =
        c.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, o.get("transactionalId").asText()))) {
      producer.initTransactions();
      for (JsonNode txn : o.get("transactions")) {
        producer.beginTransaction();
        for (JsonNode value : txn.get("values")) producer.send(new ProducerRecord<>(topic, 0, null, value.asText()));
        // Flush first: an abort discards records still buffered, which would not be "sent then aborted".
        producer.flush();
        if (txn.get("commit").asBoolean()) producer.commitTransaction();
        else producer.abortTransaction();
      }
    }
    ObjectNode out = c.object();
    ObjectNode committed = out.putObject("committed");
    addValuesAndOffsets(c, committed, c.readAll(topic, o.get("committedCount").asInt(), "read_committed"));
    ObjectNode uncommitted = out.putObject("uncommitted");
    addValuesAndOffsets(c, uncommitted, c.readAll(topic, o.get("uncommittedCount").asInt(), "read_uncommitted"));
    return out;
  }

  /**
   * A zombie: a transactional producer whose transactional.id a second producer takes over while
   * the first has a transaction open. The second's initTransactions fences the first (its open
   * transaction is aborted); the first's commit then fails with the exception the client raises.
   */
  static ObjectNode zombieFencing(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    Map<String, Object> config = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, o.get("transactionalId").asText());
    ObjectNode out = c.object();
    try (KafkaProducer<String, String> zombie = c.producer(config);
        KafkaProducer<String, String> successor = c.producer(config)) {
      zombie.initTransactions();
      zombie.beginTransaction();
      for (JsonNode value : o.get("zombie")) zombie.send(new ProducerRecord<>(topic, 0, null, value.asText()));
      zombie.flush();
      successor.initTransactions();
      try {
        zombie.commitTransaction();
        out.put("zombieCommit", "ok");
      } catch (KafkaException e) {
        out.put("zombieCommit", "client:" + e.getClass().getSimpleName());
      }
      successor.beginTransaction();
      for (JsonNode value : o.get("successor")) successor.send(new ProducerRecord<>(topic, 0, null, value.asText()));
      successor.commitTransaction();
    }
    ObjectNode committed = out.putObject("committed");
    addValuesAndOffsets(c, committed, c.readAll(topic, o.get("committedCount").asInt(), "read_committed"));
    ObjectNode uncommitted = out.putObject("uncommitted");
    addValuesAndOffsets(c, uncommitted, c.readAll(topic, o.get("uncommittedCount").asInt(), "read_uncommitted"));
    return out;
  }

  static void addValuesAndOffsets(Clients c, ObjectNode out, List<ConsumerRecord<String, String>> records) {
    List<ConsumerRecord<String, String>> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparingInt((ConsumerRecord<String, String> r) -> r.partition()).thenComparingLong(ConsumerRecord::offset));
    ArrayNode values = out.putArray("values");
    ArrayNode offsets = out.putArray("offsets");
    for (ConsumerRecord<String, String> r : sorted) {
      values.add(r.value());
      offsets.add(r.offset());
    }
  }

  private RecordScenarios() {}
}
