package dev.brokerlab.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Consumer-group scenarios: consume and commit, then resume after an offset reset. */
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
