/**
 * `brokerlab transactions list|describe|partitions|abort`: transactions of any Kafka cluster, as
 * Kafka's own `kafka-transactions` tool shows and ends them.
 *
 *   transactions list                 --json: one object per transactional id
 *   transactions describe ID          state, producer id and epoch, coordinator, partitions
 *   transactions partitions TOPIC     per partition the last stable offset beside the high
 *                                     watermark, and the open transactions holding it
 *   transactions abort --topic T --partition P [--producer-id N | --start-offset N]
 *                                     writes an ABORT marker for a hanging transaction
 *   transactions kill-coordinator ID  crashes the broker coordinating ID (embedded cluster,
 *                                     through its control endpoint, as `broker kill` does)
 */
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { controlCall } from '../../control/client.js';
import { addControlOptions, addJsonOption, intIn } from '../options.js';
import { formatTable, printJson } from '../output.js';
import {
  abortTransaction,
  describeTransaction,
  listTransactions,
  transactionPartitions,
} from '../../console/transactions.js';
import type { Transaction } from '../../api/schemas/transactions.js';
import {
  addClientOptions,
  checkOutput,
  noSignal,
  openClient,
  parseInput,
  withClient,
  type ClientCliOptions,
} from './kafka-options.js';
import { controlTarget, type ControlOptions } from './control-target.js';

type Json = { json?: boolean };

interface AbortOptions extends ClientCliOptions, Json {
  readonly topic: string;
  readonly partition: number;
  readonly producerId?: number;
  readonly startOffset?: number;
}

const partitionArg = intIn(0, 2 ** 31 - 1);
const offsetArg = intIn(0, Number.MAX_SAFE_INTEGER);

const partitionsText = (t: Transaction): string =>
  t.partitions.map((p) => `${p.topic}[${p.partition}]`).join(' ') || '-';

/** How long ago, in the largest whole unit: 42s, 3m, 5h. */
function age(startedAt: number | null, now = Date.now()): string {
  if (startedAt === null) return '-';
  const seconds = Math.max(0, Math.round((now - startedAt) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}

export function registerTransactions(program: Command, io: CliIo): void {
  const transactions = program
    .command('transactions')
    .description('list, describe, or abort transactions; see what holds a partition’s last stable offset');
  const verb = (command: Command): Command => addJsonOption(addClientOptions(command, io));

  verb(
    transactions.command('list').description('every transactional id with state, producer and partitions'),
  ).action(async (options: ClientCliOptions & Json) => {
    const list = checkOutput(
      'transactions.list',
      await withClient(openClient(options, io), (client) => listTransactions(client, noSignal)),
    );
    if (options.json) return printJson(io, list);
    if (list.length === 0) return void io.stdout.write('no transactional ids\n');
    io.stdout.write(
      `${formatTable(
        ['TRANSACTIONAL ID', 'STATE', 'PRODUCER ID', 'EPOCH', 'COORDINATOR', 'AGE', 'PARTITIONS'],
        list.map((t) => [
          t.transactionalId,
          t.state,
          t.producerId,
          t.producerEpoch,
          t.coordinator,
          age(t.startedAt),
          partitionsText(t),
        ]),
      )}\n`,
    );
  });

  verb(
    transactions
      .command('describe')
      .description('one transactional id as its coordinator describes it')
      .argument('<transactional-id>', 'transactional id'),
  ).action(async (transactionalId: string, options: ClientCliOptions & Json) => {
    const input = parseInput('transactions.describe', { transactionalId });
    const t = checkOutput(
      'transactions.describe',
      await withClient(openClient(options, io), (client) => describeTransaction(client, input, noSignal)),
    );
    if (options.json) return printJson(io, t);
    io.stdout.write(
      [
        `transactional id ${t.transactionalId} · ${t.state} · coordinator ${t.coordinator}`,
        `producer ${t.producerId} epoch ${t.producerEpoch} · timeout ${t.timeoutMs} ms` +
          (t.startedAt === null
            ? ''
            : ` · started ${new Date(t.startedAt).toISOString()} (${age(t.startedAt)} ago)`),
        `partitions: ${partitionsText(t)}`,
      ].join('\n') + '\n',
    );
  });

  verb(
    transactions
      .command('partitions')
      .description('last stable offset beside the high watermark, and the open transactions holding it')
      .argument('<topic>', 'topic'),
  ).action(async (topic: string, options: ClientCliOptions & Json) => {
    const input = parseInput('transactions.partitions', { topic });
    const partitions = checkOutput(
      'transactions.partitions',
      await withClient(openClient(options, io), (client) => transactionPartitions(client, input, noSignal)),
    );
    if (options.json) return printJson(io, partitions);
    io.stdout.write(
      `${formatTable(
        ['PARTITION', 'LEADER', 'HIGH WATERMARK', 'LAST STABLE', 'HELD BY'],
        partitions.map((p) => [
          p.partition,
          p.leader,
          p.highWatermark ?? '-',
          p.lastStableOffset ?? '-',
          p.openTransactions
            .map(
              (o) =>
                `${o.transactionalId ?? `producer ${o.producerId}`} (epoch ${o.producerEpoch}, from ${o.startOffset})`,
            )
            .join(', ') || '-',
        ]),
      )}\n`,
    );
  });

  addJsonOption(
    addControlOptions(
      transactions
        .command('kill-coordinator')
        .description('crash the broker coordinating a transactional id (embedded cluster)')
        .argument('<transactional-id>', 'transactional id'),
      io,
    ),
  ).action(async (transactionalId: string, options: ControlOptions & Json) => {
    const fault = await controlCall(controlTarget(options, io), 'faults.killTransactionCoordinator', {
      transactionalId,
    });
    if (options.json) return printJson(io, fault);
    io.stdout.write(
      `broker ${fault.brokerId} killed: it coordinated ${transactionalId} (${fault.id}; ` +
        `\`brokerlab broker start ${fault.brokerId}\` restarts it)
`,
    );
  });

  verb(
    transactions
      .command('abort')
      .description('abort a hanging transaction on one partition, as kafka-transactions abort does')
      .requiredOption('--topic <topic>', 'the partition’s topic')
      .requiredOption('--partition <n>', 'the partition', partitionArg)
      .option('--producer-id <n>', 'the producer whose transaction to abort', offsetArg)
      .option('--start-offset <n>', 'the transaction that starts at this offset', offsetArg),
  ).action(async (options: AbortOptions) => {
    const input = parseInput('transactions.abort', {
      topic: options.topic,
      partition: options.partition,
      producerId: options.producerId,
      startOffset: options.startOffset,
    });
    const aborted = checkOutput(
      'transactions.abort',
      await withClient(openClient(options, io), (client) => abortTransaction(client, input, noSignal)),
    );
    if (options.json) return printJson(io, aborted);
    io.stdout.write(
      `aborted the transaction of producer ${aborted.producerId} (epoch ${aborted.producerEpoch}) ` +
        `on ${aborted.topic}[${aborted.partition}] from offset ${aborted.startOffset}\n`,
    );
  });
}
