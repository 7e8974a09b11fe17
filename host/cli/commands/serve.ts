/**
 * `brokerlab serve [--port 5170] [--kafka-port 9092] [--no-terminal] [--settings-dir DIR]
 * [cluster options]`: the embedded cluster and the console in the browser (the web host on
 * 127.0.0.1), with the user's saved connections. Prints the console URL (with the launch token)
 * and the ready line; stops gracefully on SIGINT or SIGTERM, which also ends the shells of the
 * console's terminals. Saved connections' secrets stay in this process's memory unless the user
 * opts a connection in to the 0600 secrets file.
 */
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { startWebHost, type WebHost } from '../../web/server.js';
import type { CliIo } from '../io.js';
import { readyLine } from '../../control/embedded-host.js';
import { CliError } from '../errors.js';
import { intIn, settingsDirOption } from '../options.js';
import { packageRoot } from '../package-root.js';
import { addClusterOptions, checkPorts, runEmbedded, type ClusterOptions } from './cluster.js';

export function registerServe(program: Command, io: CliIo): void {
  const command = program
    .command('serve')
    .description('run the embedded cluster and serve the console in the browser')
    .addOption(
      new Option('--port <port>', 'port of the console (0: any free port)')
        .argParser(intIn(0, 65_535))
        .default(5170),
    )
    .addOption(
      new Option('--kafka-port <port>', 'port of broker 1; broker i listens on port + i - 1')
        .argParser(intIn(1, 65_535))
        .default(9092),
    )
    .option('--no-terminal', "don't offer terminals (shells on this machine) in the console")
    .addOption(settingsDirOption(io));
  addClusterOptions(command, io).action(
    async (
      options: ClusterOptions & { port: number; kafkaPort: number; terminal: boolean; settingsDir: string },
    ) => {
      checkPorts(options.kafkaPort, options.brokers);
      const stopped = io.stopSignal();
      const cluster = await runEmbedded({ ...options, basePort: options.kafkaPort }, stopped);
      if (!cluster) return;
      // A bad connections file is reported in the console, never fatal: the embedded cluster works regardless.
      await cluster.host.service.useSavedConnections({ dir: options.settingsDir, env: io.env });
      const problem = (await cluster.host.service.call('connections.storage', {})).problem;
      if (problem) io.stderr.write(`brokerlab: saved connections: ${problem}\n`);
      let web: WebHost;
      try {
        web = await startWebHost({
          service: cluster.host.service,
          port: options.port,
          terminal: options.terminal,
          staticDir: join(packageRoot(), 'dist', 'renderer'),
        });
      } catch (err) {
        await cluster.host.stop();
        throw new CliError(
          `the console cannot listen on 127.0.0.1:${options.port}: ${(err as Error).message}`,
        );
      }
      io.stdout.write(`console ${web.url}\n`);
      io.stdout.write(`${readyLine(cluster.bootstrap, cluster.controlUrl, cluster.registryUrl)}\n`);
      io.stderr.write(`brokerlab: ${await stopped}: stopping the console and the cluster\n`);
      await web.close();
      await cluster.host.stop();
    },
  );
}
