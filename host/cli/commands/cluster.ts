/**
 * `brokerlab cluster [--brokers 3] [--port 9092] [--host 127.0.0.1] [--data-dir DIR]
 * [--config key=value ...] [--sasl] [--sasl-user NAME:PASSWORD ...]`: runs the embedded cluster
 * until SIGINT or SIGTERM. Broker i (ids 1..N) listens on port + i − 1; a cluster found in DIR is
 * resumed. --config sets a broker config by Kafka's name for this run, as server.properties
 * would; --sasl requires SASL authentication (cluster-sasl.ts). Once every broker listens it
 * prints the ready line, and on a signal it stops gracefully and exits 0. The schema registry
 * starts with it (--registry-port, default 8081) and the ready line names its URL.
 */
import { Command, Option } from 'commander';
import type { CliIo } from '../io.js';
import {
  defaultRegistryPlacement,
  readyLine,
  startEmbeddedHost,
  type EmbeddedHost,
} from '../../control/embedded-host.js';
import { ClusterConfigError, parseClusterConfig } from '../../../engine/cluster/config.js';
import type { SaslUser } from '../../../engine/broker/sasl/credentials.js';
import { CliError, usageError } from '../errors.js';
import { dataDirOption, intIn, loopbackHost } from '../options.js';
import { addSaslOptions, clusterSasl, saslLine, type SaslCliOptions } from './cluster-sasl.js';
import { collectPairs, parsePairs } from './kafka-options.js';

export interface ClusterOptions {
  readonly brokers: number;
  readonly host: string;
  readonly dataDir: string;
  /** Repeated `--config key=value`, unparsed. */
  readonly config?: readonly string[];
  /** The schema registry's port; absent: 8081, or a free port when 8081 is taken. */
  readonly registryPort?: number;
}

/** --brokers, --host, --data-dir and --config, shared with `serve`. */
export function addClusterOptions(command: Command, io: CliIo): Command {
  return command
    .addOption(new Option('--brokers <n>', 'number of brokers').argParser(intIn(1, 32)).default(3))
    .addOption(
      new Option('--host <address>', 'address to listen on (loopback only)')
        .argParser(loopbackHost)
        .default('127.0.0.1'),
    )
    .addOption(dataDirOption(io, 'where the cluster keeps its data (resumed if present)'))
    .addOption(
      new Option(
        '--config <key=value>',
        'broker config by its Kafka name, e.g. auto.create.topics.enable=false (repeatable)',
      ).argParser(collectPairs),
    )
    .addOption(
      new Option(
        '--registry-port <port>',
        'port of the schema registry (default 8081, or a free port when 8081 is taken; 0: any free port)',
      ).argParser(intIn(0, 65_535)),
    );
}

/**
 * The --config pairs as broker configs, checked here with the engine's own rules so that a bad
 * name or value is a usage error before anything starts.
 */
export function brokerConfig(pairs: readonly string[] | undefined, brokers: number): Record<string, string> {
  const config = Object.fromEntries(parsePairs(pairs ?? [], '--config'));
  try {
    parseClusterConfig(config, brokers);
  } catch (err) {
    if (err instanceof ClusterConfigError) throw usageError(`--config: ${err.message}`);
    throw err;
  }
  return config;
}

/** Broker ports must all fit below 65536. */
export function checkPorts(basePort: number, brokers: number): void {
  if (basePort + brokers - 1 > 65_535) {
    throw usageError(`ports ${basePort}..${basePort + brokers - 1} do not fit below 65536`);
  }
}

export function registerCluster(program: Command, io: CliIo): void {
  const command = program
    .command('cluster')
    .description('run the embedded Kafka-compatible cluster until interrupted')
    .addOption(
      new Option('--port <port>', 'port of broker 1; broker i listens on port + i - 1')
        .argParser(intIn(1, 65_535))
        .default(9092),
    );
  addSaslOptions(addClusterOptions(command, io)).action(
    async (options: ClusterOptions & SaslCliOptions & { port: number }) => {
      checkPorts(options.port, options.brokers);
      const sasl = clusterSasl(options, brokerConfig(options.config, options.brokers));
      const stopped = io.stopSignal();
      const cluster = await runEmbedded(
        { ...options, basePort: options.port, sasl: sasl ?? undefined },
        stopped,
      );
      if (!cluster) return;
      if (sasl) io.stdout.write(`${saslLine(sasl)}\n`);
      io.stdout.write(`${readyLine(cluster.bootstrap, cluster.controlUrl, cluster.registryUrl)}\n`);
      io.stderr.write(`brokerlab: ${await stopped}: stopping the cluster\n`);
      await cluster.host.stop();
    },
  );
}

/**
 * Starts the embedded cluster; resolves once it is up, or with null if a stop signal came first
 * (the half-started cluster is then stopped). A cluster that cannot start fails in one line.
 */
export async function runEmbedded(
  options: ClusterOptions & { basePort: number; sasl?: { readonly users: readonly SaslUser[] } },
  stopped: Promise<NodeJS.Signals>,
): Promise<{ host: EmbeddedHost; bootstrap: string; controlUrl: string; registryUrl: string } | null> {
  const config = brokerConfig(options.config, options.brokers);
  const registry =
    options.registryPort === undefined
      ? defaultRegistryPlacement
      : { port: options.registryPort, fallbackToFree: false };
  const host = startEmbeddedHost(
    {
      dataDir: options.dataDir,
      brokers: options.brokers,
      host: options.host,
      basePort: options.basePort,
      config,
      sasl: options.sasl ? { users: [...options.sasl.users] } : undefined,
    },
    registry,
  );
  try {
    const outcome = await Promise.race([host.ready, stopped.then(() => null)]);
    if (outcome === null) {
      await host.stop();
      return null;
    }
    return {
      host,
      bootstrap: outcome.bootstrap,
      controlUrl: outcome.control.url,
      registryUrl: outcome.registry,
    };
  } catch (err) {
    await host.stop();
    const reason = (err as Error).message.replace(/^the embedded cluster is not running: /, '');
    throw new CliError(`the cluster did not start: ${reason}`);
  }
}
