package dev.brokerlab.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/** Scenarios of metadata, topic administration, configs and errors (see test/compat/scenarios.ts). */
final class AdminScenarios {
  static ObjectNode metadata(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    Collection<Node> brokers = c.admin().describeCluster().nodes().get();
    TopicDescription description = c.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    ObjectNode out = c.object();
    out.put("brokers", brokers.size());
    ObjectNode t = out.putObject("topic");
    t.put("name", description.name());
    ArrayNode partitions = t.putArray("partitions");
    for (TopicPartitionInfo p : description.partitions()) {
      ObjectNode entry = partitions.addObject();
      entry.put("partition", p.partition());
      entry.put("replicas", p.replicas().size());
      entry.put("isr", p.isr().size());
      entry.put("leaderIsReplica", p.leader() != null && p.replicas().contains(p.leader()));
    }
    return out;
  }

  static ObjectNode topicAdmin(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    Map<String, String> configs = new HashMap<>();
    o.get("configs").properties().forEach(e -> configs.put(e.getKey(), e.getValue().asText()));
    ObjectNode out = c.object();
    NewTopic newTopic =
        new NewTopic(topic, o.get("partitions").asInt(), (short) o.get("replicationFactor").asInt()).configs(configs);
    out.put("created", outcome(() -> c.admin().createTopics(List.of(newTopic)).all().get()));
    TopicDescription description =
        retry(() -> c.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic));
    ObjectNode described = out.putObject("describe");
    described.put("partitions", description.partitions().size());
    described.put("replicationFactor", description.partitions().get(0).replicas().size());
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = c.admin().describeConfigs(List.of(resource)).all().get().get(resource);
    ObjectNode values = out.putObject("configs");
    for (String key : configs.keySet().stream().sorted().toList()) values.put(key, config.get(key).value());
    out.put("listedAfterCreate", listedWithin(c, topic, true));
    out.put("deleted", outcome(() -> c.admin().deleteTopics(List.of(topic)).all().get()));
    out.put("listedAfterDelete", !listedWithin(c, topic, false));
    return out;
  }

  /**
   * Lists topics until `topic` is listed (wanted true) or gone (wanted false), for up to 10 s:
   * each broker learns of a creation or deletion a moment after the controller. Returns whether
   * the wanted state was reached.
   */
  private static boolean listedWithin(Clients c, String topic, boolean wanted) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    for (; ; ) {
      if (c.admin().listTopics().names().get().contains(topic) == wanted) return true;
      if (System.currentTimeMillis() > deadline) return false;
      Thread.sleep(100);
    }
  }

  static ObjectNode configs(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    List<String> keys = new ArrayList<>();
    o.get("keys").forEach(k -> keys.add(k.asText()));
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    ObjectNode out = c.object();
    out.set("initial", describe(c, resource, keys));

    Collection<AlterConfigOp> ops = new ArrayList<>();
    o.get("incremental")
        .properties()
        .forEach(
            e ->
                ops.add(
                    new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue().asText()), AlterConfigOp.OpType.SET)));
    c.admin().incrementalAlterConfigs(Map.of(resource, ops)).all().get();
    out.set("afterIncremental", describeUntil(c, resource, keys, o.get("incremental")));

    // The legacy AlterConfigs call left the Java Admin API in Kafka 4.0.
    out.put("afterLegacy", "client:unsupported");

    String brokerId = String.valueOf(c.admin().describeCluster().nodes().get().stream().mapToInt(Node::id).min().orElseThrow());
    List<String> brokerKeys = new ArrayList<>();
    o.get("brokerKeys").forEach(k -> brokerKeys.add(k.asText()));
    out.set("broker", describe(c, new ConfigResource(ConfigResource.Type.BROKER, brokerId), brokerKeys));
    return out;
  }

  private static ObjectNode describe(Clients c, ConfigResource resource, List<String> keys) throws Exception {
    Config config = c.admin().describeConfigs(List.of(resource)).all().get().get(resource);
    ObjectNode out = c.object();
    for (String key : keys) {
      ConfigEntry entry = config.get(key);
      if (entry == null) {
        out.putNull(key);
        continue;
      }
      ObjectNode e = out.putObject(key);
      e.put("value", entry.value());
      e.put("source", entry.source().name());
      e.put("readOnly", entry.isReadOnly());
      e.put("sensitive", entry.isSensitive());
    }
    return out;
  }

  /** Describes until every expected value shows (a broker applies an alter a moment after it). */
  private static ObjectNode describeUntil(Clients c, ConfigResource resource, List<String> keys, JsonNode expected)
      throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    for (; ; ) {
      ObjectNode described = describe(c, resource, keys);
      boolean applied = true;
      for (var e : expected.properties()) {
        JsonNode seen = described.path(e.getKey()).path("value");
        applied &= seen.asText().equals(e.getValue().asText());
      }
      if (applied || System.currentTimeMillis() > deadline) return described;
      Thread.sleep(100);
    }
  }

  static ObjectNode errors(Clients c, JsonNode o) throws Exception {
    String topic = o.get("topic").asText();
    ObjectNode out = c.object();
    try (KafkaProducer<String, String> producer = c.producer(Map.of())) {
      out.put(
          "unknownTopic",
          outcome(() -> producer.send(new ProducerRecord<>(o.get("missingTopic").asText(), "v")).get()));
      out.put("badPartition", outcome(() -> producer.send(new ProducerRecord<>(topic, 5, null, "v")).get()));
      out.put(
          "recordTooLarge",
          outcome(() -> producer.send(new ProducerRecord<>(topic, "x".repeat(o.get("largeSize").asInt()))).get()));
    }
    out.put(
        "invalidReplicationFactor",
        outcome(
            () -> c.admin().createTopics(List.of(new NewTopic(o.get("newTopic").asText(), 1, (short) 4))).all().get()));
    out.put(
        "topicAlreadyExists",
        outcome(() -> c.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get()));
    return out;
  }

  interface Action {
    Object run() throws Exception;
  }

  /** "ok", or the error's name. */
  static String outcome(Action action) {
    try {
      action.run();
      return "ok";
    } catch (Exception e) {
      return Clients.errorName(e);
    }
  }

  /** Retries an admin read for up to 10 s while metadata propagates to the broker it asks. */
  static <T> T retry(Callable<T> read) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    for (; ; ) {
      try {
        return read.call();
      } catch (Exception e) {
        if (System.currentTimeMillis() > deadline) throw e;
        Thread.sleep(100);
      }
    }
  }


  private AdminScenarios() {}
}
