package dev.brokerlab.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client factories and helpers shared by the Java scenarios. */
final class Clients implements AutoCloseable {
  final String bootstrap;
  final ObjectMapper json;
  private Admin admin;

  Clients(String bootstrap, ObjectMapper json) {
    this.bootstrap = bootstrap;
    this.json = json;
  }

  Admin admin() {
    if (admin == null) {
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
      admin = Admin.create(props);
    }
    return admin;
  }

  KafkaProducer<String, String> producer(Map<String, Object> overrides) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "8000");
    props.putAll(overrides);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  KafkaConsumer<String, String> consumer(Map<String, Object> overrides) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.putAll(overrides);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  /** Reads every partition of `topic` from offset 0 without a group until `count` records or 30 s. */
  List<ConsumerRecord<String, String>> readAll(String topic, int count, String isolation) {
    try (KafkaConsumer<String, String> consumer =
        consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return poll(consumer, count, r -> true);
    }
  }

  /** Polls until `count` records pass `keep` or 30 s pass; returns them in arrival order. */
  static List<ConsumerRecord<String, String>> poll(
      KafkaConsumer<String, String> consumer, int count, Predicate<ConsumerRecord<String, String>> keep) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 30_000;
    while (records.size() < count && System.currentTimeMillis() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        if (keep.test(record)) records.add(record);
      }
    }
    return records;
  }

  /**
   * The name an error has in Kafka's protocol (UNKNOWN_TOPIC_OR_PARTITION, ...) when the client maps
   * it to one, else `client:` and the exception's class.
   */
  static String errorName(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof ExecutionException || cause instanceof KafkaException)
        && !(cause instanceof ApiException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    Errors mapped = Errors.forException(cause);
    return mapped == Errors.UNKNOWN_SERVER_ERROR ? "client:" + cause.getClass().getSimpleName() : mapped.name();
  }

  ObjectNode object() {
    return json.createObjectNode();
  }

  @Override
  public void close() {
    if (admin != null) admin.close(Duration.ofSeconds(2));
  }
}
