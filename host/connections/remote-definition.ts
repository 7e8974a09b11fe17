/**
 * A saved remote cluster as a connection of the console service: its definition (known before it
 * starts) and how it starts — the wire client and the console operations in a worker thread of
 * their own (host/console/remote-connection.ts), so a slow cluster never stalls the host.
 * The client properties are asked for at each start, so an edit or a re-entered password counts.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientProperties } from '../kafka-client/config.js';
import type { ConnectionDefinition } from '../service/connections.js';
import { WorkerConnection } from '../worker/worker-connection.js';

const remoteModule = new URL(
  `../console/remote-connection${extname(fileURLToPath(import.meta.url))}`,
  import.meta.url,
);

export function remoteConnection(
  id: string,
  name: string,
  bootstrap: string,
  properties: () => ClientProperties,
): ConnectionDefinition {
  return {
    id,
    name,
    kind: 'remote',
    bootstrap,
    capabilities: { faults: false, clusterEvents: false, brokerStates: false },
    start: async () =>
      WorkerConnection.start({
        module: remoteModule,
        options: { bootstrap, properties: properties() },
        stopTimeoutMs: 10_000,
      }),
  };
}
