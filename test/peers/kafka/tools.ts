/**
 * Kafka's command-line tools, run from the pinned jars as the release's bin/*.sh scripts run them
 * (same main classes, checked against 4.3.1's scripts): kafka-topics, kafka-console-producer and
 * -consumer, kafka-consumer-groups, kafka-configs, kafka-get-offsets, kafka-producer-perf-test,
 * kafka-consumer-perf-test, kafka-transactions, kafka-metadata-quorum, kafka-broker-api-versions.
 * Each function takes the
 * script's arguments verbatim (`--bootstrap-server` included) and resolves with the exit code and
 * output; it never throws on a non-zero exit. runKafkaTools() runs several in one JVM.
 */
import { readManifest } from '../cache.js';
import { run, type RunResult } from '../process.js';
import { requireKafkaClasspath, toolJvmFlags, type JvmProfile } from './jvm.js';

export const toolMainClasses = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  consoleProducer: 'org.apache.kafka.tools.ConsoleProducer',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  configs: 'kafka.admin.ConfigCommand',
  getOffsets: 'org.apache.kafka.tools.GetOffsetShell',
  producerPerfTest: 'org.apache.kafka.tools.ProducerPerformance',
  consumerPerfTest: 'org.apache.kafka.tools.ConsumerPerformance',
  transactions: 'org.apache.kafka.tools.TransactionsCommand',
  metadataQuorum: 'org.apache.kafka.tools.MetadataQuorumCommand',
  brokerApiVersions: 'org.apache.kafka.tools.BrokerApiVersionsCommand',
} as const;

export type KafkaToolName = keyof typeof toolMainClasses;

export interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ToolOptions {
  /** The tool's stdin (console producer input). */
  readonly input?: string;
  readonly timeoutMs?: number;
  /** JVM flags: `test` (default) starts fast; `release` is what Kafka's scripts pass (benchmarks). */
  readonly jvm?: JvmProfile;
}

export async function runKafkaTool(tool: KafkaToolName, args: readonly string[], options: ToolOptions = {}) {
  const { classpath } = requireKafkaClasspath();
  const result: RunResult = await run(
    'java',
    [...toolJvmFlags(options.jvm), '-cp', classpath, toolMainClasses[tool], ...args],
    {
      input: options.input ?? '',
      timeoutMs: options.timeoutMs ?? 120_000,
    },
  );
  const code = result.timedOut ? 124 : (result.code ?? 128);
  return { code, stdout: result.stdout, stderr: result.stderr } satisfies ToolResult;
}

export interface ToolCall {
  readonly tool: KafkaToolName;
  readonly args: readonly string[];
  readonly input?: string;
}

/** Runs the calls one after the other in a single JVM (the ToolBatch program); results in order. */
export async function runKafkaTools(calls: readonly ToolCall[], timeoutMs = 180_000): Promise<ToolResult[]> {
  const { classpath } = requireKafkaClasspath();
  const java = readManifest().java;
  if (!java.ok) throw new Error(`the Java peer programs are unavailable: ${java.reason}`);
  const batch = calls.map((c) => ({ main: toolMainClasses[c.tool], args: c.args, input: c.input ?? '' }));
  const result = await run(
    'java',
    [...toolJvmFlags(), '-cp', `${java.classes}:${classpath}`, 'dev.brokerlab.peers.ToolBatch'],
    { input: JSON.stringify(batch), timeoutMs },
  );
  if (result.code !== 0)
    throw new Error(`tool batch failed (${result.code ?? result.signal}): ${result.stderr}`);
  return JSON.parse(result.stdout) as ToolResult[];
}

const tool = (name: KafkaToolName) => (args: readonly string[], options?: ToolOptions) =>
  runKafkaTool(name, args, options);

export const kafkaTopics = tool('topics');
export const consoleProducer = tool('consoleProducer');
export const consoleConsumer = tool('consoleConsumer');
export const consumerGroups = tool('consumerGroups');
export const configs = tool('configs');
export const getOffsets = tool('getOffsets');
export const producerPerfTest = tool('producerPerfTest');
export const consumerPerfTest = tool('consumerPerfTest');
export const transactions = tool('transactions');
export const metadataQuorum = tool('metadataQuorum');
export const brokerApiVersions = tool('brokerApiVersions');

/** The tools as one object, for code that is handed "Kafka's tools" (the compat scenarios). */
export const kafkaTools = {
  kafkaTopics,
  consoleProducer,
  consoleConsumer,
  consumerGroups,
  configs,
  getOffsets,
  producerPerfTest,
  consumerPerfTest,
  transactions,
  metadataQuorum,
  brokerApiVersions,
  batch: runKafkaTools,
};
export type KafkaTools = typeof kafkaTools;
