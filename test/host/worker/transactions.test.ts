/**
 * Transactions through the console service on the embedded cluster in its worker thread: a
 * kafkajs transaction left open is listed with its partition, holds that partition's last stable
 * offset, and the fault "kill the transaction coordinator of X" crashes exactly the broker
 * FindCoordinator names; another broker then takes the id over from __transaction_state and
 * describes the same open transaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleService } from '../../../host/service/console-service.js';
import { embeddedConnection } from '../../../host/worker/embedded-connection.js';
import { freePortRun } from '../../peers/ports.js';

const TOPIC = 'worker-txn';
const ID = 'worker-hanging';
let dir: string;
let service: ConsoleService;
let bootstrap: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-worker-txn-'));
  service = new ConsoleService();
  const basePort = await freePortRun(3);
  bootstrap = [0, 1, 2].map((i) => `127.0.0.1:${basePort + i}`);
  service.connections.add(
    embeddedConnection({
      dataDir: dir,
      brokers: 3,
      host: '127.0.0.1',
      basePort,
      config: { 'group.initial.rebalance.delay.ms': '0' },
    }),
  );
  await service.connections.backend();
}, 60_000);

afterAll(async () => {
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('transactions on the embedded cluster', () => {
  it('lists a hanging transaction and kills its coordinator, which another broker replaces', async () => {
    await service.call('topics.create', { name: TOPIC, partitions: 1, replicationFactor: 3 });
    const kafka = new kafkajs.Kafka({
      brokers: bootstrap,
      logLevel: kafkajs.logLevel.NOTHING,
      retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    const producer = kafka.producer({
      transactionalId: ID,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 600_000,
    });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: TOPIC, acks: -1, messages: [{ value: 'open' }] });
    await producer.disconnect();

    const listed = await service.call('transactions.list', {});
    const hanging = listed.find((t) => t.transactionalId === ID);
    expect(hanging).toMatchObject({ state: 'Ongoing', partitions: [{ topic: TOPIC, partition: 0 }] });
    const [partition] = await service.call('transactions.partitions', { topic: TOPIC });
    expect(partition).toMatchObject({ highWatermark: 1, lastStableOffset: 0 });
    expect(partition!.openTransactions[0]).toMatchObject({ transactionalId: ID, startOffset: 0 });

    const fault = await service.call('faults.killTransactionCoordinator', { transactionalId: ID });
    expect(fault).toMatchObject({ kind: 'kill', brokerId: hanging!.coordinator });
    const snapshot = await service.call('cluster.snapshot', {});
    expect(snapshot.brokers.find((b) => b.id === hanging!.coordinator)?.state).toBe('down');

    // The id's __transaction_state partition moves; its new leader loads the open transaction.
    await expect
      .poll(
        async () => {
          const described = await service
            .call('transactions.describe', { transactionalId: ID })
            .catch(() => null);
          return described && described.coordinator !== hanging!.coordinator ? described : null;
        },
        { timeout: 30_000 },
      )
      .toMatchObject({ state: 'Ongoing', producerId: hanging!.producerId });

    // Listing asks every live broker: the dead one is left out, the id is listed by its new coordinator.
    const relisted = await service.call('transactions.list', {});
    expect(relisted.find((t) => t.transactionalId === ID)?.coordinator).not.toBe(hanging!.coordinator);

    const unknown = await service
      .call('faults.killTransactionCoordinator', { transactionalId: '' })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'INVALID_INPUT' });
    await service.call('faults.startBroker', { brokerId: hanging!.coordinator });
  }, 90_000);
});
