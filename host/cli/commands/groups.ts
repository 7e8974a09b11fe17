/**
 * `brokerlab groups list|describe|reset-offsets|delete`: consumer groups of any Kafka cluster.
 *
 *   groups list
 *   groups describe GROUP            --json: one object per partition with topic, partition,
 *                                    committedOffset, logEndOffset, lag, member
 *   groups reset-offsets GROUP [--topic T] [--partition N ...]
 *       --to-earliest | --to-latest | --to-datetime ISO | --to-offset N | --shift-by N  [--dry-run]
 *   groups delete GROUP
 *
 * Resets and deletes are refused while the group has members, with the reason.
 */
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addJsonOption, datetimeArg, intIn } from '../options.js';
import { formatTable, printJson } from '../output.js';
import { usageError } from '../errors.js';
import { deleteGroup, describeGroup, listGroups, resetOffsets } from '../../console/groups.js';
import {
  addClientOptions,
  checkOutput,
  noSignal,
  openClient,
  parseInput,
  withClient,
  type ClientCliOptions,
} from './kafka-options.js';

type Json = { json?: boolean };

interface ResetOptions extends ClientCliOptions, Json {
  readonly topic?: string;
  readonly partition?: number[];
  readonly toEarliest?: boolean;
  readonly toLatest?: boolean;
  readonly toDatetime?: number;
  readonly toOffset?: number;
  readonly shiftBy?: number;
  readonly dryRun?: boolean;
}

const partitionArg = intIn(0, 2 ** 31 - 1);
const shiftArg = intIn(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);

const lagText = (n: number | null): string | number => (n === null ? '-' : n);

export function registerGroups(program: Command, io: CliIo): void {
  const groups = program
    .command('groups')
    .description('list, describe, reset the offsets of, or delete consumer groups');
  const verb = (command: Command): Command => addJsonOption(addClientOptions(command, io));

  verb(groups.command('list').description('consumer groups with state, members and total lag')).action(
    async (options: ClientCliOptions & Json) => {
      const list = await withClient(openClient(options, io), (client) => listGroups(client, noSignal));
      if (options.json) return printJson(io, checkOutput('groups.list', list));
      if (list.length === 0) return void io.stdout.write('no consumer groups\n');
      io.stdout.write(
        `${formatTable(
          ['GROUP', 'STATE', 'MEMBERS', 'LAG', 'COORDINATOR'],
          list.map((g) => [g.groupId, g.state, g.members, lagText(g.totalLag), g.coordinator]),
        )}\n`,
      );
    },
  );

  verb(
    groups
      .command('describe')
      .description('members, assignments, and lag per partition')
      .argument('<group>', 'group id'),
  ).action(async (groupId: string, options: ClientCliOptions & Json) => {
    const input = parseInput('groups.describe', { groupId });
    const group = checkOutput(
      'groups.describe',
      await withClient(openClient(options, io), (client) => describeGroup(client, input, noSignal)),
    );
    if (options.json) return printJson(io, group.offsets);
    const members = group.members.map((m) => {
      const owned =
        m.assignments.map((a) => `${a.topic}[${a.partitions.join(',')}]`).join(' ') || 'nothing assigned';
      return `  ${m.memberId} (${m.clientId}@${m.clientHost}${m.groupInstanceId ? `, instance ${m.groupInstanceId}` : ''}): ${owned}`;
    });
    io.stdout.write(
      [
        `group ${group.groupId} · ${group.state}${group.protocol ? ` · ${group.protocol}` : ''} · coordinator ${group.coordinator} · ` +
          `${group.members.length} member${group.members.length === 1 ? '' : 's'} · total lag ${lagText(group.totalLag)}`,
        ...(members.length ? ['', 'members:', ...members] : []),
        '',
        group.offsets.length === 0
          ? 'no committed offsets'
          : formatTable(
              ['TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG', 'MEMBER'],
              group.offsets.map((o) => [
                o.topic,
                o.partition,
                o.committedOffset ?? '-',
                o.logEndOffset < 0 ? '-' : o.logEndOffset,
                lagText(o.lag),
                o.member ?? '-',
              ]),
            ),
      ].join('\n') + '\n',
    );
  });

  verb(
    groups
      .command('reset-offsets')
      .description('move the committed offsets of an empty group')
      .argument('<group>', 'group id')
      .option('--topic <topic>', 'only this topic (default: every topic the group committed)')
      .option('--partition <n>', 'only this partition (repeatable)', (v: string, prev: number[] = []) => [
        ...prev,
        partitionArg(v),
      ])
      .option('--to-earliest', 'to the oldest offset')
      .option('--to-latest', 'to the end')
      .option('--to-datetime <iso>', 'to the first record at or after this time', datetimeArg)
      .option('--to-offset <n>', 'to this offset (kept within the log)', intIn(0, Number.MAX_SAFE_INTEGER))
      .option('--shift-by <n>', 'forward (or back, negative) by this many records', shiftArg)
      .option('--dry-run', 'show the new offsets, change nothing'),
  ).action(async (groupId: string, options: ResetOptions) => {
    const targets = [
      options.toEarliest && { to: 'earliest' },
      options.toLatest && { to: 'latest' },
      options.toDatetime !== undefined && { to: 'timestamp', timestamp: options.toDatetime },
      options.toOffset !== undefined && { to: 'offset', offset: options.toOffset },
      options.shiftBy !== undefined && { to: 'shift', by: options.shiftBy },
    ].filter(Boolean);
    if (targets.length !== 1) {
      throw usageError(
        'give exactly one of --to-earliest, --to-latest, --to-datetime, --to-offset, --shift-by',
      );
    }
    const input = parseInput('groups.resetOffsets', {
      groupId,
      topic: options.topic,
      partitions: options.partition,
      target: targets[0],
      dryRun: options.dryRun ?? false,
    });
    const result = await withClient(openClient(options, io), (client) =>
      resetOffsets(client, input, noSignal),
    );
    if (options.json) return printJson(io, checkOutput('groups.resetOffsets', result));
    io.stdout.write(
      `${formatTable(
        ['TOPIC', 'PARTITION', 'PREVIOUS', 'NEW'],
        result.offsets.map((o) => [o.topic, o.partition, o.previousOffset ?? '-', o.newOffset]),
      )}\n${result.dryRun ? 'dry run: nothing was changed\n' : `offsets of group ${groupId} reset\n`}`,
    );
  });

  verb(
    groups
      .command('delete')
      .description('delete an empty group and its committed offsets')
      .argument('<group>', 'group id'),
  ).action(async (groupId: string, options: ClientCliOptions & Json) => {
    const input = parseInput('groups.delete', { groupId });
    const deleted = await withClient(openClient(options, io), (client) =>
      deleteGroup(client, input, noSignal),
    );
    if (options.json) return printJson(io, deleted);
    io.stdout.write(`deleted group ${groupId}\n`);
  });
}
