package dev.brokerlab.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The Java client's scenario program for the compatibility suite (test/compat): runs one scenario
 * with kafka-clients against a bootstrap address and prints what it observed as one JSON document
 * on stdout. Usage: {@code ScenarioMain SCENARIO BOOTSTRAP OPTIONS_JSON}. The scenarios and the
 * shape of each observation are defined in test/compat/scenarios.ts; every client program prints
 * the same shape so the runner compares like with like.
 */
public final class ScenarioMain {
  interface Scenario {
    ObjectNode run(Clients clients, JsonNode options) throws Exception;
  }

  private static final Map<String, Scenario> SCENARIOS =
      Map.ofEntries(
          Map.entry("metadata", AdminScenarios::metadata),
          Map.entry("topic-admin", AdminScenarios::topicAdmin),
          Map.entry("configs", AdminScenarios::configs),
          Map.entry("errors", AdminScenarios::errors),
          Map.entry("produce-consume", RecordScenarios::produceConsume),
          Map.entry("compression", RecordScenarios::compression),
          Map.entry("offsets-by-time", RecordScenarios::offsetsByTime),
          Map.entry("idempotent", RecordScenarios::idempotent),
          Map.entry("produce-acked", RecordScenarios::produceAcked),
          Map.entry("transactions", RecordScenarios::transactions),
          Map.entry("zombie-fencing", RecordScenarios::zombieFencing),
          Map.entry("transform", GroupScenarios::transform),
          Map.entry("consumer-group", GroupScenarios::consumerGroup),
          Map.entry("consumer-group-resume", GroupScenarios::consumerGroupResume));

  public static void main(String[] args) throws Exception {
    if (args.length != 3 || !SCENARIOS.containsKey(args[0])) {
      System.err.println("usage: ScenarioMain SCENARIO BOOTSTRAP OPTIONS_JSON; scenarios: " + SCENARIOS.keySet());
      System.exit(2);
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode options = json.readTree(args[2]);
    ObjectNode observed;
    try (Clients clients = new Clients(args[1], json)) {
      observed = SCENARIOS.get(args[0]).run(clients, options);
    }
    System.out.println(json.writeValueAsString(observed));
    // Client threads (the admin's, a producer's) must not keep the JVM alive.
    System.exit(0);
  }

  private ScenarioMain() {}
}
