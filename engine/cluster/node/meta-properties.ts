/**
 * Kafka's `meta.properties` in a broker's directory: which cluster and which node the data
 * belongs to, so that a directory is never joined to another cluster or node by mistake.
 *
 * Format (Kafka's, Java properties): `version=1`, `cluster.id=<id>`, `node.id=<n>`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../../storage/checkpoint-file.js';
import { healthyDisk } from '../../storage/disk-hooks.js';

const FILE = 'meta.properties';

export interface MetaProperties {
  readonly clusterId: string;
  readonly nodeId: number;
}

export function readMetaProperties(dir: string): MetaProperties | null {
  let text: string;
  try {
    text = readFileSync(join(dir, FILE), 'utf8');
  } catch {
    return null;
  }
  const props = new Map(
    text
      .split('\n')
      .filter((line) => line.includes('=') && !line.startsWith('#'))
      .map(
        (line) =>
          [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()] as const,
      ),
  );
  const clusterId = props.get('cluster.id');
  const nodeId = Number(props.get('node.id'));
  if (!clusterId || !Number.isInteger(nodeId))
    throw new Error(`${join(dir, FILE)} is missing cluster.id or node.id`);
  return { clusterId, nodeId };
}

export function writeMetaProperties(dir: string, meta: MetaProperties): void {
  const text = `version=1\ncluster.id=${meta.clusterId}\nnode.id=${meta.nodeId}\n`;
  writeFileAtomically(join(dir, FILE), Buffer.from(text, 'utf8'), healthyDisk, true);
}
