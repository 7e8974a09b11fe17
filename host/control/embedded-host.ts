/**
 * The embedded cluster with its control endpoint: what `brokerlab cluster`, `brokerlab serve` and
 * the desktop app run. The console service gets the embedded connection (the engine in a worker
 * thread); once the cluster is up, the control endpoint listens and `control.json` names it in
 * the data dir. Stopping undoes it all in the reverse order.
 */
import { mkdir } from 'node:fs/promises';
import { ConsoleService } from '../service/console-service.js';
import { embeddedConnection, type EmbeddedClusterOptions } from '../worker/embedded-connection.js';
import { removeControlFile, writeControlFile } from './control-file.js';
import { startControlEndpoint, type ControlEndpoint } from './server.js';

export interface EmbeddedHost {
  readonly service: ConsoleService;
  /** Resolves once the cluster is up and the control endpoint is listening; rejects if the cluster fails to start. */
  readonly ready: Promise<{ readonly bootstrap: string; readonly control: ControlEndpoint }>;
  stop(): Promise<void>;
}

/** `brokerlab ready bootstrap=... control=...`: the line scripts wait for. */
export function readyLine(bootstrap: string, controlUrl: string): string {
  return `brokerlab ready bootstrap=${bootstrap} control=${controlUrl}`;
}

export function startEmbeddedHost(options: EmbeddedClusterOptions): EmbeddedHost {
  const service = new ConsoleService();
  let control: ControlEndpoint | null = null;
  const ready = (async () => {
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    service.connections.add(embeddedConnection(options));
    await service.connections.backend();
    const bootstrap = service.connections.active().bootstrap;
    control = await startControlEndpoint({ service });
    await writeControlFile(options.dataDir, {
      url: control.url,
      token: control.token,
      pid: process.pid,
      bootstrap,
      startedAt: new Date().toISOString(),
    });
    return { bootstrap, control };
  })();
  ready.catch(() => {});
  let stopping: Promise<void> | null = null;
  return {
    service,
    ready,
    stop() {
      stopping ??= (async () => {
        await ready.catch(() => {});
        if (control) {
          await removeControlFile(options.dataDir, control.token);
          await control.close();
        }
        await service.close();
      })();
      return stopping;
    },
  };
}
