/**
 * An embedded cluster as a process of its own, so that a checker can SIGKILL the whole of it and
 * start it again on the same data directory, or watch its memory from outside. Started by
 * cluster-child.ts with `--data-dir DIR --base-port N [--brokers 3] [--seed 1] [--warnings]`;
 * sends 'ready' over IPC once every broker is up, answers 'memory' with its
 * process.memoryUsage() after a full collection, and exits when its parent goes away.
 */
import { parseArgs } from 'node:util';
import { listenerFactory } from '../../engine/broker/listener.js';
import type { BrokerLogger } from '../../engine/broker/logger.js';
import { startCluster } from '../../engine/cluster/cluster.js';
import { reliabilityConfig } from './cluster-config.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'base-port': { type: 'string' },
    brokers: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    warnings: { type: 'boolean', default: false },
  },
});
if (values['data-dir'] === undefined || values['base-port'] === undefined) {
  throw new Error('--data-dir and --base-port are required');
}
const send = (message: unknown) => process.send?.(message);
// A handler's unexpected exception is what a checker must hear about; warnings (connections
// closed for protocol errors) explain a client's failure.
const logger: BrokerLogger = {
  warn: values.warnings ? (message) => send({ type: 'warn', message }) : () => {},
  error: (message, cause) => send({ type: 'bug', message: `${message}: ${String(cause)}` }),
};
const brokers = Number(values.brokers);
const cluster = await startCluster({
  dataDir: values['data-dir'],
  brokers,
  basePort: Number(values['base-port']),
  seed: Number(values.seed),
  listener: listenerFactory({ logger }),
  config: reliabilityConfig(brokers),
});
process.on('message', (message) => {
  if (message === 'memory') {
    // After a full collection, so what is left is what the broker holds, not garbage to come.
    (globalThis as { gc?: () => void }).gc?.();
    send({ type: 'memory', usage: process.memoryUsage() });
  }
  if (message === 'stop') void cluster.stop().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
