/**
 * Runs KafkaCodecOracle.java (Apache Kafka's own codec, from the Kafka test peer's jars) over a
 * batch of commands and returns its answers, one line per message. Used only by the scripts that
 * regenerate the committed test vectors and fixtures; tests never need Java.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaClasspath } from '../../../peers/kafka/jvm.js';
import { runOk } from '../../../peers/process.js';

const source = new URL('./KafkaCodecOracle.java', import.meta.url).pathname;

/** Kafka's answer to one message: its canonical bytes and its JSON, or why it refused them. */
export type OracleAnswer = { ok: true; hex: string; json: string } | { ok: false; error: string };

/** The Kafka version whose codec answers, or throws why Kafka is unavailable here. */
export function oracleKafkaVersion(): string {
  const kafka = kafkaClasspath();
  if (!kafka.ok) throw new Error(`Apache Kafka is unavailable: ${kafka.reason}`);
  return kafka.version;
}

/**
 * Sends the commands (see KafkaCodecOracle.java) and returns the raw answer lines: the JSON
 * stays text so that int64 values keep every digit.
 */
export async function askKafka(commands: readonly string[]): Promise<string[]> {
  const kafka = kafkaClasspath();
  if (!kafka.ok) throw new Error(`Apache Kafka is unavailable: ${kafka.reason}`);
  const classes = mkdtempSync(join(tmpdir(), 'brokerlab-oracle-'));
  try {
    await runOk('javac', ['-encoding', 'UTF-8', '-d', classes, '-cp', kafka.classpath, source]);
    const result = await runOk(
      'java',
      ['-Xmx512m', '-cp', `${classes}:${kafka.classpath}`, 'KafkaCodecOracle'],
      {
        input: commands.join('\n') + '\n',
        timeoutMs: 600_000,
      },
    );
    return result.stdout.split('\n').filter((line) => line.startsWith('{'));
  } finally {
    rmSync(classes, { recursive: true, force: true });
  }
}

/** Splits an answer line into its parts, keeping the JSON as text. */
export function parseAnswer(line: string): OracleAnswer {
  const head = JSON.parse(line) as { ok: boolean; hex?: string; error?: string };
  if (!head.ok) return { ok: false, error: head.error ?? 'unknown error' };
  const at = line.indexOf('"json":');
  return { ok: true, hex: head.hex ?? '', json: line.slice(at + '"json":'.length, -1) };
}
