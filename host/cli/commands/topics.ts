/**
 * `brokerlab topics list|describe|create|delete|alter-config`: topics of any Kafka cluster.
 *
 *   topics list [--internal]
 *   topics describe NAME
 *   topics create NAME [--partitions N] [--replication-factor R] [--config key=value ...]
 *   topics delete NAME
 *   topics alter-config NAME [--config key=value ...] [--delete-config key ...]
 *
 * Each takes the client options (kafka-options.ts) and --json.
 */
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addJsonOption, intIn } from '../options.js';
import { formatTable, printJson } from '../output.js';
import { usageError } from '../errors.js';
import {
  addPartitions,
  alterTopicConfigs,
  createTopic,
  deleteTopic,
  describeTopic,
  listTopics,
} from '../../console/topics.js';
import {
  addClientOptions,
  checkOutput,
  collectPairs,
  formatBytes,
  noSignal,
  openClient,
  parseInput,
  withClient,
  type ClientCliOptions,
} from './kafka-options.js';

type Json = { json?: boolean };

function formatMs(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 0 || ms >= 9e18) return 'forever';
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, name] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${name}`;
  return `${ms} ms`;
}

export function registerTopics(program: Command, io: CliIo): void {
  const topics = program
    .command('topics')
    .description('list, describe, create, delete or reconfigure topics');
  const verb = (command: Command): Command => addJsonOption(addClientOptions(command, io));

  verb(
    topics
      .command('list')
      .description('topics with partitions, replication, message counts, sizes and retention')
      .option('--internal', 'include internal topics (__consumer_offsets, ...)'),
  ).action(async (options: ClientCliOptions & Json & { internal?: boolean }) => {
    const input = parseInput('topics.list', { includeInternal: options.internal ?? false });
    const list = await withClient(openClient(options, io), (client) => listTopics(client, input, noSignal));
    if (options.json) return printJson(io, checkOutput('topics.list', list));
    if (list.length === 0) return void io.stdout.write('no topics\n');
    io.stdout.write(
      `${formatTable(
        ['TOPIC', 'PARTITIONS', 'RF', 'MESSAGES', 'SIZE', 'RETENTION', 'CLEANUP'],
        list.map((t) => [
          t.name,
          t.partitions,
          t.replicationFactor,
          t.messageCount ?? '-',
          formatBytes(t.sizeBytes),
          formatMs(t.retentionMs),
          t.cleanupPolicy ?? '-',
        ]),
      )}\n`,
    );
  });

  verb(
    topics
      .command('describe')
      .description('partitions with leader, replicas, ISR and offsets; configs')
      .argument('<name>', 'topic'),
  ).action(async (name: string, options: ClientCliOptions & Json) => {
    const input = parseInput('topics.describe', { name });
    const topic = await withClient(openClient(options, io), (client) =>
      describeTopic(client, input, noSignal),
    );
    if (options.json) return printJson(io, checkOutput('topics.describe', topic));
    const overrides = topic.configs.filter((c) => c.source === 'topic');
    io.stdout.write(
      [
        `topic ${topic.name}${topic.topicId ? ` (id ${topic.topicId})` : ''}${topic.internal ? ', internal' : ''}`,
        '',
        formatTable(
          ['PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'START', 'END', 'SIZE'],
          topic.partitions.map((p) => [
            p.partition,
            p.leader < 0 ? 'none' : String(p.leader),
            p.replicas.join(','),
            p.isr.join(','),
            p.logStartOffset ?? '-',
            p.highWatermark ?? '-',
            formatBytes(p.sizeBytes),
          ]),
        ),
        '',
        overrides.length
          ? `configs set on the topic:\n${overrides.map((c) => `  ${c.name}=${c.value ?? '(sensitive)'}`).join('\n')}`
          : 'no configs set on the topic (all defaults)',
      ].join('\n') + '\n',
    );
  });

  verb(
    topics
      .command('create')
      .description('create a topic')
      .argument('<name>', 'topic')
      .option('--partitions <n>', 'number of partitions (default: the broker default)', intIn(1, 100_000))
      .option(
        '--replication-factor <r>',
        'replicas per partition (default: the broker default)',
        intIn(1, 32_767),
      )
      .option('--validate-only', 'check everything, create nothing'),
  )
    .addHelpText(
      'after',
      '\n--config key=value sets a topic config (retention.ms=86400000); other keys are client properties.',
    )
    .action(
      async (
        name: string,
        options: ClientCliOptions &
          Json & { partitions?: number; replicationFactor?: number; validateOnly?: boolean },
      ) => {
        const configs: Record<string, string> = {};
        const client = openClient(options, io, configs);
        const input = parseInput('topics.create', {
          name,
          partitions: options.partitions,
          replicationFactor: options.replicationFactor,
          configs,
          validateOnly: options.validateOnly ?? false,
        });
        const created = await withClient(client, (c) => createTopic(c, input, noSignal));
        if (options.json) return printJson(io, checkOutput('topics.create', created));
        const what = `${created.partitions} partition${created.partitions === 1 ? '' : 's'}, replication factor ${created.replicationFactor}`;
        io.stdout.write(
          input.validateOnly
            ? `topic ${name} can be created (${what})\n`
            : `created topic ${name} (${what})\n`,
        );
      },
    );

  verb(
    topics.command('delete').description('delete a topic and all its records').argument('<name>', 'topic'),
  ).action(async (name: string, options: ClientCliOptions & Json) => {
    const input = parseInput('topics.delete', { name });
    const deleted = await withClient(openClient(options, io), (client) =>
      deleteTopic(client, input, noSignal),
    );
    if (options.json) return printJson(io, deleted);
    io.stdout.write(`deleted topic ${name}\n`);
  });

  verb(
    topics
      .command('alter-config')
      .description("set or remove a topic's config overrides (others are kept)")
      .argument('<name>', 'topic')
      .option('--delete-config <key>', 'remove an override, back to the default (repeatable)', collectPairs)
      .option('--partitions <n>', 'raise the number of partitions to this total', intIn(2, 100_000)),
  )
    .addHelpText('after', '\n--config key=value sets a topic config; other keys are client properties.')
    .action(
      async (
        name: string,
        options: ClientCliOptions & Json & { deleteConfig?: string[]; partitions?: number },
      ) => {
        const set: Record<string, string> = {};
        const client = openClient(options, io, set);
        const deleted = options.deleteConfig ?? [];
        const changes = Object.keys(set).length + deleted.length;
        if (changes === 0 && options.partitions === undefined) {
          await client.close();
          throw usageError(
            'nothing to change: give --config key=value, --delete-config key or --partitions N',
          );
        }
        await withClient(client, async (c) => {
          if (changes > 0) {
            await alterTopicConfigs(
              c,
              parseInput('topics.alterConfigs', { name, set, delete: deleted }),
              noSignal,
            );
          }
          if (options.partitions !== undefined) {
            await addPartitions(
              c,
              parseInput('topics.addPartitions', { name, count: options.partitions }),
              noSignal,
            );
          }
        });
        if (options.json)
          return printJson(io, {
            name,
            set,
            deleted,
            partitions: options.partitions ?? null,
          });
        const parts = [
          ...Object.entries(set).map(([k, v]) => `${k}=${v}`),
          ...deleted.map((k) => `${k} removed`),
          ...(options.partitions !== undefined ? [`${options.partitions} partitions`] : []),
        ];
        io.stdout.write(`topic ${name}: ${parts.join(', ')}\n`);
      },
    );
}
