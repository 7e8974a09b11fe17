/**
 * `brokerlab status [--json]`: the running embedded cluster at a glance — each broker with its
 * state (up, down, fenced, isolated), the controller, every partition with leader and ISR, and
 * the under-replicated and offline counts. `--json` prints the snapshot with the active faults.
 */
import { Command } from 'commander';
import type { ClusterSnapshot, Fault } from '../../api/index.js';
import { controlCall } from '../../control/client.js';
import type { CliIo } from '../io.js';
import { addControlOptions, addJsonOption } from '../options.js';
import { formatTable, printJson } from '../output.js';
import { controlTarget, type ControlOptions } from './control-target.js';

export function registerStatus(program: Command, io: CliIo): void {
  const command = program
    .command('status')
    .description('show the running embedded cluster: brokers, controller, partitions, faults')
    .action(async (options: ControlOptions & { json?: boolean }) => {
      const target = controlTarget(options, io);
      const [snapshot, faults] = await Promise.all([
        controlCall(target, 'cluster.snapshot', {}),
        controlCall(target, 'faults.list', {}),
      ]);
      if (options.json) printJson(io, { ...snapshot, faults });
      else io.stdout.write(`${formatStatus(snapshot, faults)}\n`);
    });
  addControlOptions(command, io);
  addJsonOption(command);
}

export function formatStatus(snapshot: ClusterSnapshot, faults: readonly Fault[]): string {
  const up = snapshot.brokers.filter((b) => b.state === 'up').length;
  const controller = snapshot.controllerId === -1 ? 'no controller' : `controller ${snapshot.controllerId}`;
  const lines = [
    `cluster ${snapshot.clusterId ?? '(unknown id)'} · ${controller} · ${up}/${snapshot.brokers.length} brokers up · ` +
      `${snapshot.underReplicatedPartitions} under-replicated · ${snapshot.offlinePartitions} offline`,
    '',
    formatTable(
      ['BROKER', 'STATE', 'ADDRESS', 'ROLE'],
      snapshot.brokers.map((b) => [
        b.id,
        b.state === 'isolated' && b.isolatedFrom ? `isolated (from ${b.isolatedFrom})` : b.state,
        b.host !== null && b.port !== null ? `${b.host}:${b.port}` : '-',
        b.isController ? 'controller' : '',
      ]),
    ),
  ];
  const user = snapshot.partitions.filter((p) => !p.topic.startsWith('__'));
  const internal = new Map<string, number>();
  for (const p of snapshot.partitions)
    if (p.topic.startsWith('__')) internal.set(p.topic, (internal.get(p.topic) ?? 0) + 1);
  lines.push('');
  if (user.length === 0) lines.push('no topics yet');
  else {
    lines.push(
      formatTable(
        ['TOPIC', 'PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'HIGH WATERMARK'],
        user.map((p) => [
          p.topic,
          p.partition,
          p.leader === -1 ? 'none' : String(p.leader),
          p.replicas.join(','),
          p.isr.join(','),
          p.highWatermark ?? '-',
        ]),
      ),
    );
  }
  if (internal.size > 0) {
    lines.push(
      `internal: ${[...internal].map(([topic, n]) => `${topic} (${n} partition${n === 1 ? '' : 's'})`).join(', ')}`,
    );
  }
  if (faults.length > 0) {
    lines.push('', 'active faults:');
    for (const fault of faults) lines.push(`  ${fault.id}  ${fault.summary}`);
  }
  return lines.join('\n');
}
