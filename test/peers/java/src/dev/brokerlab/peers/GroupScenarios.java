package dev.brokerlab.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer-group scenarios: consume and commit, then resume after an offset reset; and
 * consume-transform-produce inside transactions.
 */
final class GroupScenarios {
  static ObjectNode consumerGroup(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    int count = o.get("count").asInt();
    try (KafkaProducer<String, String> producer = c.producer(Map.of())) {
      for (int i = 0; i < count; i++) producer.send(new ProducerRecord<>(topic, i % 2, null, "g" + i));
      producer.flush();
    }
    ObjectNode out = c.object();
    out.put("consumed", consumeAndCommit(c, o, count, out));
    out.set("committed", committed(c, o.get("group").asText()));
    return out;
  }

  static ObjectNode consumerGroupResume(Clients c, JsonNode o) throws Exception {
    ObjectNode out = c.object();
    out.put("consumed", consumeAndCommit(c, o, o.get("expected").asInt(), out));
    out.set("committed", committed(c, o.get("group").asText()));
    return out;
  }

  /** Consumes `count` records in the group, commits, leaves; notes each partition's first offset. */
  private static int consumeAndCommit(Clients c, JsonNode o, int count, ObjectNode out) {
    try (KafkaConsumer<String, String> consumer =
        c.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, o.get("group").asText()))) {
      consumer.subscribe(List.of(o.get("topic").asText()));
      List<ConsumerRecord<String, String>> records = Clients.poll(consumer, count, r -> true);
      consumer.commitSync();
      Map<String, Long> first = new TreeMap<>();
      for (ConsumerRecord<String, String> r : records) first.putIfAbsent(String.valueOf(r.partition()), r.offset());
      ObjectNode firstOffsets = out.putObject("firstOffsets");
      first.forEach(firstOffsets::put);
      return records.size();
    }
  }

  /**
   * Consume-transform-produce, exactly once: each poll's records go to the output topic (value +
   * "-out", same partition) in one transaction together with the group's next offsets
   * (sendOffsetsToTransaction). With "produce" the input records are written first. Runs until
   * "count" records were transformed, or with count 0 until the group has nothing left (3 s of
   * empty polls after the first records); reports how many it transformed and the group's
   * committed offsets.
   */
  static ObjectNode transform(Clients c, JsonNode o) throws Exception {
    String input = o.get("input").asText();
    String output = o.get("output").asText();
    String group = o.get("group").asText();
    int produce = o.path("produce").asInt(0);
    if (produce > 0) {
      try (KafkaProducer<String, String> producer = c.producer(Map.of())) {
        for (int i = 0; i < produce; i++) producer.send(new ProducerRecord<>(input, i % 2, null, "r" + i));
        producer.flush();
      }
    }
    int count = o.get("count").asInt();
    int transformed = 0;
    try (KafkaConsumer<String, String> consumer =
            c.consumer(
                Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10"));
        KafkaProducer<String, String> producer =
            c.producer(
                Map.of(
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, o.get("transactionalId").asText(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"))) {
      producer.initTransactions();
      consumer.subscribe(List.of(input));
      long idleSince = System.currentTimeMillis();
      long deadline = System.currentTimeMillis() + 60_000;
      // With count 0, run until 3 s without records once some came (joining the group takes longer).
      while ((count > 0
              ? transformed < count
              : transformed == 0 || System.currentTimeMillis() - idleSince < 3_000)
          && System.currentTimeMillis() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) continue;
        idleSince = System.currentTimeMillis();
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
          producer.send(new ProducerRecord<>(output, r.partition(), null, r.value() + "-out"));
          next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
        producer.commitTransaction();
        transformed += records.count();
      }
    }
    ObjectNode out = c.object();
    out.put("transformed", transformed);
    out.set("committed", committed(c, group));
    return out;
  }

  private static ObjectNode committed(Clients c, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        c.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    ObjectNode out = c.object();
    new TreeMap<Integer, Long>(
            offsets.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset())))
        .forEach((p, offset) -> out.put(String.valueOf(p), offset));
    return out;
  }

  private GroupScenarios() {}
}
