/**
 * The embedded cluster with its control endpoint: what `brokerlab cluster`, `brokerlab serve` and
 * the desktop app run. The console service gets the embedded connection (the engine in a worker
 * thread); once the cluster is up, the control endpoint listens and `control.json` names it in
 * the data dir, and the schema registry serves the Confluent REST API over the cluster's
 * `_schemas` topic. Stopping undoes it all in the reverse order.
 */
import { mkdir } from 'node:fs/promises';
import {
  DEFAULT_REGISTRY_PORT,
  startEmbeddedRegistry,
  type EmbeddedRegistry,
} from '../schema-registry/embedded-registry.js';
import { ConsoleService } from '../service/console-service.js';
import {
  embeddedClientSasl,
  embeddedConnection,
  type EmbeddedClusterOptions,
} from '../worker/embedded-connection.js';
import { removeControlFile, writeControlFile } from './control-file.js';
import { startControlEndpoint, type ControlEndpoint } from './server.js';

export interface EmbeddedHost {
  readonly service: ConsoleService;
  /** Resolves once the cluster is up and the control endpoint is listening; rejects if the cluster fails to start. */
  readonly ready: Promise<{
    readonly bootstrap: string;
    readonly control: ControlEndpoint;
    /** The schema registry's base URL. */
    readonly registry: string;
  }>;
  stop(): Promise<void>;
}

/** `brokerlab ready bootstrap=... control=... registry=...`: the line scripts wait for. */
export function readyLine(bootstrap: string, controlUrl: string, registryUrl: string): string {
  return `brokerlab ready bootstrap=${bootstrap} control=${controlUrl} registry=${registryUrl}`;
}

/** Where the schema registry listens: a port (0: any free one), and whether a taken port may fall back to a free one. */
export interface RegistryPlacement {
  readonly port: number;
  readonly fallbackToFree: boolean;
}

/** Port 8081 as Confluent's registry, or a free one when something else holds it. */
export const defaultRegistryPlacement: RegistryPlacement = {
  port: DEFAULT_REGISTRY_PORT,
  fallbackToFree: true,
};

export function startEmbeddedHost(
  options: EmbeddedClusterOptions,
  registryPlacement: RegistryPlacement = defaultRegistryPlacement,
): EmbeddedHost {
  const service = new ConsoleService();
  let control: ControlEndpoint | null = null;
  let registry: EmbeddedRegistry | null = null;
  const ready = (async () => {
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    service.connections.add(embeddedConnection(options));
    await service.connections.backend();
    const bootstrap = service.connections.active().bootstrap;
    registry = await startEmbeddedRegistry({
      bootstrap,
      brokers: options.brokers,
      host: options.host,
      sasl: embeddedClientSasl(options),
      ...registryPlacement,
    });
    service.setSchemaRegistry(registry.url);
    control = await startControlEndpoint({ service });
    await writeControlFile(options.dataDir, {
      url: control.url,
      token: control.token,
      pid: process.pid,
      bootstrap,
      registry: registry.url,
      startedAt: new Date().toISOString(),
    });
    return { bootstrap, control, registry: registry.url };
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
        await registry?.close();
        await service.close();
      })();
      return stopping;
    },
  };
}
