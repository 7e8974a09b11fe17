/**
 * A connection worker's main module. It loads the connection module named in workerData, opens
 * the connection, says `ready` (with the connection's info) or `failed` on the parent port, then
 * serves RPC on the port it was given until asked to `stop`, when it closes the connection
 * gracefully, says `stopped` and ends the thread.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { toErrorEnvelope } from '../service/errors.js';
import { implementationHandlers, type ConnectionModule } from './implementation.js';
import type { FromConnectionWorker, ToConnectionWorker, WorkerStartData } from './messages.js';
import { serveRpc } from './rpc.js';

const control = parentPort as MessagePort;
const data = workerData as WorkerStartData;
const say = (message: FromConnectionWorker): void => control.postMessage(message);

try {
  const module = (await import(data.module)) as ConnectionModule;
  const connection = await module.open(data.options);
  const stopServing = serveRpc(data.port, implementationHandlers(connection));
  control.on('message', (message: ToConnectionWorker) => {
    if (message.t !== 'stop') return;
    stopServing();
    connection.close().then(
      () => {
        say({ t: 'stopped' });
        // Whatever the connection left open (timers, sockets) must not keep the thread alive.
        setImmediate(() => process.exit(0));
      },
      (err: unknown) => {
        say({ t: 'failed', error: toErrorEnvelope(err) });
        setImmediate(() => process.exit(1));
      },
    );
  });
  say({ t: 'ready', info: connection.info });
} catch (err) {
  say({ t: 'failed', error: toErrorEnvelope(err) });
  data.port.close();
  control.close();
}
