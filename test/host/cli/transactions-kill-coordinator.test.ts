/**
 * `brokerlab transactions kill-coordinator ID` through a running console's control endpoint (a
 * fake cluster here: the engine side is tested in test/host/worker/transactions.test.ts): the
 * broker that coordinates the id is killed and named, with --json the fault itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verbs } from '../../../host/cli/commands/index.js';
import { runCli } from '../../../host/cli/program.js';
import { startControlEndpoint, type ControlEndpoint } from '../../../host/control/server.js';
import type { ConsoleService } from '../../../host/service/console-service.js';
import { fakeService } from '../fixtures/fake-service.js';
import { testIo } from './cli-io.js';

let service: ConsoleService;
let endpoint: ControlEndpoint;

beforeAll(async () => {
  service = fakeService();
  endpoint = await startControlEndpoint({ service });
});
afterAll(async () => {
  await endpoint.close();
  await service.close();
});

async function cli(...args: string[]) {
  const io = testIo({ BROKERLAB_CONTROL_TOKEN: endpoint.token });
  const code = await runCli([...args, '--control', endpoint.url], io, verbs);
  return { code, out: io.out(), err: io.err() };
}

describe('brokerlab transactions kill-coordinator', () => {
  it('kills the broker coordinating the id and says which', async () => {
    const killed = await cli('transactions', 'kill-coordinator', 'orders-tx');
    expect(killed).toMatchObject({ code: 0, err: '' });
    expect(killed.out).toMatch(/^broker 3 killed: it coordinated orders-tx/);
    const snapshot = await service.call('cluster.snapshot', {});
    expect(snapshot.brokers.find((b) => b.id === 3)?.state).toBe('down');
    await service.call('faults.healAll', {});

    const json = await cli('transactions', 'kill-coordinator', 'orders-tx', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ kind: 'kill', brokerId: 3 });
    await service.call('faults.healAll', {});
  });

  it('fails with the reason for an id no coordinator knows', async () => {
    const failed = await cli('transactions', 'kill-coordinator', 'nobody');
    expect(failed.code).not.toBe(0);
    expect(failed.err).toContain('nobody');
  });
});
