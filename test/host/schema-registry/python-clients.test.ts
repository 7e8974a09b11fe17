/**
 * The embedded schema registry with confluent-kafka-python (the PyPI release in the peers venv):
 * its SchemaRegistryClient and its Avro, Protobuf and JSON Schema serializers produce through
 * the embedded cluster and its deserializers decode what they consume, reading writers' schemas
 * from the registry by id (Protobuf's as a serialized descriptor); an incompatible schema is
 * refused with the 409 the client reports. Runs test/peers/python/schema_registry.py.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedHost, type EmbeddedHost } from '../../../host/control/embedded-host.js';
import type { ClusterAccess } from '../../../host/cluster-access.js';
import { KafkaClient } from '../../../host/kafka-client/client.js';
import { batchRecords, fetchPartitions } from '../../../host/kafka-client/partition-reader.js';
import { SchemaDecoder } from '../../../host/schema-registry/decoder.js';
import { RegistrySchemaSource } from '../../../host/schema-registry/registry-source.js';
import { readManifest, repoRoot } from '../../peers/cache.js';
import { freePortRun } from '../../peers/ports.js';
import { run, tail } from '../../peers/process.js';

const venv = readManifest().pythonVenv;

/** Every value of a topic, partition by partition, from the start. */
async function topicValues(access: ClusterAccess, topic: string): Promise<(Buffer | null)[]> {
  const metadata = await access.metadata({ topics: [topic], refresh: true });
  const items = (metadata.topics.get(topic)?.partitions ?? []).map((p) => ({
    topic,
    partition: p.partition,
    offset: 0,
  }));
  const values: (Buffer | null)[] = [];
  for (const result of (await fetchPartitions(access, items)).values()) {
    if (!result.ok) throw result.error;
    for (const batch of result.value.batches)
      for (const record of await batchRecords(batch)) values.push(record.value);
  }
  return values;
}
const why = venv.ok ? '' : ` (skipped: ${venv.reason})`;
const script = join(repoRoot, 'test/peers/python/schema_registry.py');

describe.skipIf(!venv.ok)(`the embedded schema registry with confluent-kafka-python${why}`, () => {
  let dir: string;
  let host: EmbeddedHost;
  let bootstrap: string;
  let registry: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'brokerlab-registry-python-'));
    host = startEmbeddedHost(
      { dataDir: dir, brokers: 3, host: '127.0.0.1', basePort: await freePortRun(3) },
      { port: 0, fallbackToFree: false },
    );
    ({ bootstrap, registry } = await host.ready);
  }, 90_000);
  afterAll(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serializes, produces, consumes and deserializes Avro, Protobuf and JSON Schema; refuses an incompatible schema with 409', async () => {
    if (!venv.ok) return;
    const result = await run(venv.python, [script, bootstrap, registry, 'py'], {
      env: { PYTHONNOUSERSITE: '1', PYTHONDONTWRITEBYTECODE: '1' },
      timeoutMs: 150_000,
    });
    expect(result.code, tail(result.stderr)).toBe(0);
    const observed = JSON.parse(result.stdout) as unknown;
    expect(observed).toEqual({
      avro: { id: 7, item: 'kettle' },
      protobuf: { order: 'o-7', parcels: 2 },
      json: { order: 'o-7', paid: true },
      compatible: false,
      incompatible: { status: 409, code: 409 },
      versions: { avro: [1], protobuf: [1], json: [1] },
    });
    // What the Python serializers registered is what the registry serves to everyone.
    const protobuf = (await (await fetch(`${registry}/subjects/py-protobuf-value/versions/1`)).json()) as {
      schemaType: string;
    };
    expect(protobuf.schemaType).toBe('PROTOBUF');
    const json = (await (await fetch(`${registry}/subjects/py-json-value/versions/1`)).json()) as {
      schema: string;
    };
    expect(JSON.parse(json.schema)).toMatchObject({ title: 'Payment' });

    // The console's decoder reads what Confluent's serializers framed (Protobuf's indexes included).
    const decoder = new SchemaDecoder(new RegistrySchemaSource(registry));
    const client = new KafkaClient({ bootstrap });
    try {
      const decoded = async (topic: string) => {
        const [value] = await topicValues(client, topic);
        return decoder.decode(value ?? null);
      };
      expect(await decoded('py-avro')).toMatchObject({
        subject: 'py-avro-value',
        json: { id: 7, item: 'kettle' },
      });
      expect(await decoded('py-protobuf')).toMatchObject({
        schemaType: 'PROTOBUF',
        subject: 'py-protobuf-value',
        json: { order: 'o-7', parcels: 2 },
      });
      expect(await decoded('py-json')).toMatchObject({
        subject: 'py-json-value',
        json: { order: 'o-7', paid: true },
      });
    } finally {
      await client.close();
    }
  }, 180_000);
});
