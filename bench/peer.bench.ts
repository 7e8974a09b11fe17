/**
 * Side by side with Apache Kafka: the same workloads against a 3-broker Apache Kafka (the test
 * peer, with the JVM flags Kafka's own scripts use) and a 3-broker Brokerlab (`brokerlab cluster`),
 * one after the other, printing one table with the ratio Brokerlab / Kafka.
 *
 *   produce, kafka-producer-perf-test: 100-byte records, RF=3, acks=all, min.insync.replicas=2;
 *     records/s, MB/s, latency p50/p99/p99.9
 *   produce, librdkafka (bench/rdkafka-perf.ts): records/s, MB/s
 *   consume, kafka-consumer-perf-test: records/s
 *   produce latency p99 at a fixed 10k records/s (librdkafka, linger.ms=0)
 *   transactional produce (librdkafka): transactions of 100 and of 10,000 records, one after the
 *     other, each begun, filled and committed; records/s and transactions/s (issue 15: ≥ Kafka)
 *   cold start to ready; idle resident memory of the whole cluster; failover time from a leader
 *     kill to the first acknowledged acks=all write (kafkajs)
 *
 * Goals for Brokerlab (issue 13): throughput at least Kafka's on every line, p99 no higher, start
 * at least 10× faster, idle memory at least 5× smaller. Prints figures; never fails on a number.
 * BENCH_PEER_RECORDS sets the record count (default 1,000,000).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import kafkajs from 'kafkajs';
import { createTopics } from '../test/compat/topics.js';
import {
  apacheKafkaAvailability,
  startApacheKafka,
  startBrokerlabIfBuilt,
  type Target,
} from '../test/compat/targets.js';
import { probeMetadata } from '../test/peers/kafka/probe.js';
import { consumerPerfTest, producerPerfTest } from '../test/peers/kafka/tools.js';
import { buildPerfTool, perf } from './rdkafka-perf.js';

const RECORDS = Number(process.env.BENCH_PEER_RECORDS ?? 1_000_000);
const RECORD_BYTES = 100;
const PARTITIONS = 6;
const LATENCY_RATE = 10_000;
const LATENCY_SECONDS = 10;
const IDLE_SECONDS = 5;
/** Records per run of each transaction size: about 200 transactions of 100, 20 of 10,000. */
const TXN_RUNS = [
  { perTxn: 100, records: 20_000 },
  { perTxn: 10_000, records: 200_000 },
] as const;

type Figures = Record<string, number | undefined>;

const rf3 = { partitions: PARTITIONS, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } };

/** Resident memory of the processes, from /proc. */
function rssBytes(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return sum + Number(kb ?? 0) * 1024;
    } catch {
      return sum;
    }
  }, 0);
}

/** kafka-producer-perf-test's summary: "N records sent, X records/sec (Y MB/sec), ..., P ms 50th, ...". */
function parseProducerPerf(stdout: string): Figures {
  const line = stdout.split('\n').find((l) => l.includes('50th')) ?? '';
  const num = (re: RegExp) => Number(re.exec(line)?.[1] ?? NaN);
  return {
    recordsPerSec: num(/([\d.]+) records\/sec/),
    mbPerSec: num(/\(([\d.]+) MB\/sec\)/),
    p50Ms: num(/([\d.]+) ms 50th/),
    p99Ms: num(/([\d.]+) ms 99th/),
    p999Ms: num(/([\d.]+) ms 99\.9th/),
  };
}

/** kafka-consumer-perf-test's CSV: a header line, then one line of values. */
function parseConsumerPerf(stdout: string): Figures {
  const lines = stdout.trim().split('\n');
  const header = lines.findIndex((l) => l.includes('nMsg.sec'));
  const names = lines[header]?.split(',').map((n) => n.trim()) ?? [];
  const values = lines[header + 1]?.split(',').map((v) => v.trim()) ?? [];
  return { recordsPerSec: Number(values[names.indexOf('nMsg.sec')]) };
}

/** The leader of partition 0 of `topic`, from the first broker's metadata. */
async function leaderOf(bootstrap: string, topic: string): Promise<number> {
  const [host, port] = bootstrap.split(',')[0]!.split(':');
  const metadata = await probeMetadata(host!, Number(port), 2_000, [topic]);
  const leader = metadata.topics[0]?.partitions[0]?.leader;
  if (leader === undefined || leader < 0) throw new Error(`no leader for ${topic}`);
  return leader;
}

/** Kills the leader of a one-partition RF=3 topic; ms until kafkajs gets an acks=all write acknowledged. */
async function failoverMs(target: Target): Promise<number> {
  const topic = 'bench-failover';
  await createTopics(target.bootstrap, [
    { name: topic, partitions: 1, replicationFactor: 3, configs: rf3.configs },
  ]);
  const producer = new kafkajs.Kafka({
    brokers: target.bootstrap.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
    requestTimeout: 2_000,
    retry: { retries: 0 },
  }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ value: 'before' }] });
    const leader = await leaderOf(target.bootstrap, topic);
    const killed = performance.now();
    await target.killBroker(leader);
    for (;;) {
      try {
        await producer.send({ topic, acks: -1, timeout: 2_000, messages: [{ value: 'after' }] });
        return performance.now() - killed;
      } catch {
        if (performance.now() - killed > 60_000)
          throw new Error('no acknowledged write within 60 s of the kill');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  } finally {
    await producer.disconnect();
  }
}

async function measure(start: () => Promise<Target>): Promise<Figures> {
  const target = await start();
  const figures: Figures = { startSeconds: target.startMs / 1000 };
  try {
    await createTopics(target.bootstrap, [
      { name: 'bench-perf', ...rf3 },
      { name: 'bench-rdkafka', ...rf3 },
      { name: 'bench-latency', ...rf3 },
      { name: 'bench-transactions', ...rf3 },
    ]);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    figures.idleRssMiB = rssBytes(target.pids()) / 2 ** 20;

    const produced = await producerPerfTest(
      [
        '--topic',
        'bench-perf',
        '--num-records',
        `${RECORDS}`,
        '--record-size',
        `${RECORD_BYTES}`,
        '--throughput',
        '-1',
        '--command-property',
        'acks=all',
        '--bootstrap-server',
        target.bootstrap,
      ],
      { jvm: 'release', timeoutMs: 600_000 },
    );
    const producer = parseProducerPerf(produced.stdout);
    Object.assign(figures, {
      perfRecordsPerSec: producer.recordsPerSec,
      perfMbPerSec: producer.mbPerSec,
      perfP50Ms: producer.p50Ms,
      perfP99Ms: producer.p99Ms,
      perfP999Ms: producer.p999Ms,
    });
    const consumed = await consumerPerfTest(
      [
        '--bootstrap-server',
        target.bootstrap,
        '--topic',
        'bench-perf',
        '--num-records',
        `${RECORDS}`,
        '--timeout',
        '60000',
      ],
      { jvm: 'release', timeoutMs: 600_000 },
    );
    figures.consumeRecordsPerSec = parseConsumerPerf(consumed.stdout).recordsPerSec;

    const tool = buildPerfTool();
    if ('path' in tool) {
      const rd = await perf(tool.path, [
        'produce',
        target.bootstrap,
        'bench-rdkafka',
        `${RECORDS}`,
        `${RECORD_BYTES}`,
        'all',
      ]);
      figures.rdkafkaRecordsPerSec = Number(rd.recordsPerSec);
      figures.rdkafkaMbPerSec = Number(rd.mbPerSec);
      const latency = await perf(tool.path, [
        'latency',
        target.bootstrap,
        'bench-latency',
        `${LATENCY_RATE}`,
        `${LATENCY_SECONDS}`,
        `${RECORD_BYTES}`,
        'all',
      ]);
      figures.latencyP99Ms = Number(latency.p99Ms);
      for (const { perTxn, records } of TXN_RUNS) {
        const txn = await perf(tool.path, [
          'transactions',
          target.bootstrap,
          'bench-transactions',
          `${records}`,
          `${perTxn}`,
          `${RECORD_BYTES}`,
        ]);
        figures[`txn${perTxn}RecordsPerSec`] = Number(txn.recordsPerSec);
        figures[`txn${perTxn}PerSec`] = Number(txn.transactionsPerSec);
      }
    } else console.log(`  librdkafka lines skipped: ${tool.reason}`);

    figures.failoverMs = await failoverMs(target);
  } finally {
    await target.stop();
  }
  return figures;
}

interface Line {
  readonly label: string;
  readonly key: string;
  readonly digits: number;
  readonly goal: string;
}

const lines: Line[] = [
  {
    label: 'produce, kafka-producer-perf-test (records/s)',
    key: 'perfRecordsPerSec',
    digits: 0,
    goal: '≥ Kafka',
  },
  { label: '  MB/s', key: 'perfMbPerSec', digits: 1, goal: '≥ Kafka' },
  { label: '  latency p50 (ms)', key: 'perfP50Ms', digits: 0, goal: '' },
  { label: '  latency p99 (ms)', key: 'perfP99Ms', digits: 0, goal: '≤ Kafka' },
  { label: '  latency p99.9 (ms)', key: 'perfP999Ms', digits: 0, goal: '' },
  { label: 'produce, librdkafka (records/s)', key: 'rdkafkaRecordsPerSec', digits: 0, goal: '≥ Kafka' },
  { label: '  MB/s', key: 'rdkafkaMbPerSec', digits: 1, goal: '≥ Kafka' },
  {
    label: 'consume, kafka-consumer-perf-test (records/s)',
    key: 'consumeRecordsPerSec',
    digits: 0,
    goal: '≥ Kafka',
  },
  {
    label: `produce p99 at ${LATENCY_RATE / 1000}k records/s (ms)`,
    key: 'latencyP99Ms',
    digits: 2,
    goal: '≤ Kafka',
  },
  ...TXN_RUNS.flatMap(({ perTxn }) => [
    {
      label: `transactions of ${perTxn.toLocaleString('en-US')} records, librdkafka (records/s)`,
      key: `txn${perTxn}RecordsPerSec`,
      digits: 0,
      goal: '≥ Kafka',
    },
    { label: '  transactions/s', key: `txn${perTxn}PerSec`, digits: 1, goal: '≥ Kafka' },
  ]),
  { label: 'cold start to ready (s)', key: 'startSeconds', digits: 2, goal: '≤ Kafka / 10' },
  { label: 'idle resident memory, whole cluster (MiB)', key: 'idleRssMiB', digits: 0, goal: '≤ Kafka / 5' },
  { label: 'failover, leader kill to acked write (ms)', key: 'failoverMs', digits: 0, goal: '' },
];

const format = (value: number | undefined, digits: number) =>
  value === undefined || !Number.isFinite(value)
    ? '–'
    : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printTable(kafka: Figures, brokerlab: Figures | undefined): void {
  console.log('| measure | Apache Kafka | Brokerlab | Brokerlab / Kafka | goal |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const line of lines) {
    const k = kafka[line.key];
    const b = brokerlab?.[line.key];
    const ratio = Number.isFinite(k) && Number.isFinite(b) && k !== 0 ? (b! / k!).toFixed(2) : '–';
    console.log(
      `| ${line.label} | ${format(k, line.digits)} | ${format(b, line.digits)} | ${ratio} | ${line.goal} |`,
    );
  }
}

async function main(): Promise<void> {
  const kafka = apacheKafkaAvailability();
  if (!kafka.ok) {
    console.log(`peer bench skipped: ${kafka.reason}`);
    return;
  }
  console.log(
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${RECORDS.toLocaleString('en-US')} records ` +
      `of ${RECORD_BYTES} bytes, ${PARTITIONS} partitions, RF=3, acks=all, min.insync.replicas=2; ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  const kafkaFigures = await measure(() => startApacheKafka('release'));
  let brokerlabFigures: Figures | undefined;
  const brokerlab = await startBrokerlabIfBuilt();
  if (brokerlab.ok) brokerlabFigures = await measure(async () => brokerlab.target);
  else console.log(`Brokerlab column empty: ${brokerlab.reason}`);
  console.log(`Apache Kafka ${kafka.version} with the JVM flags of its own scripts (1 GiB heap, G1)`);
  printTable(kafkaFigures, brokerlabFigures);
}

await main();
