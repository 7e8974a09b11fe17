/**
 * `brokerlab broker kill|stop|start ID`: crash a broker, stop it gracefully (leaderships moved
 * first), or start it again, through the running cluster's control endpoint.
 */
import { Command } from 'commander';
import { controlCall } from '../../control/client.js';
import type { CliIo } from '../io.js';
import { addControlOptions, addJsonOption, brokerIdArg } from '../options.js';
import { printJson } from '../output.js';
import { controlTarget, type ControlOptions } from './control-target.js';

type Options = ControlOptions & { json?: boolean };

export function registerBroker(program: Command, io: CliIo): void {
  const broker = program.command('broker').description('kill, stop or start a broker of the running cluster');

  const verb = (name: string, description: string, run: (id: number, options: Options) => Promise<void>) => {
    const command = broker
      .command(name)
      .description(description)
      .argument('<id>', 'broker id', brokerIdArg)
      .action(run);
    addControlOptions(command, io);
    addJsonOption(command);
  };

  verb('kill', 'crash a broker: its listener and links drop at once', async (brokerId, options) => {
    const fault = await controlCall(controlTarget(options, io), 'faults.killBroker', { brokerId });
    if (options.json) printJson(io, fault);
    else
      io.stdout.write(
        `broker ${brokerId} killed (${fault.id}; \`brokerlab broker start ${brokerId}\` restarts it)\n`,
      );
  });
  verb('stop', 'stop a broker gracefully, moving its leaderships first', async (brokerId, options) => {
    const fault = await controlCall(controlTarget(options, io), 'faults.stopBroker', { brokerId });
    if (options.json) printJson(io, fault);
    else io.stdout.write(`broker ${brokerId} stopped (${fault.id})\n`);
  });
  verb('start', 'start a killed or stopped broker again', async (brokerId, options) => {
    const { healed } = await controlCall(controlTarget(options, io), 'faults.startBroker', { brokerId });
    if (options.json) printJson(io, { healed });
    else
      io.stdout.write(
        healed.length ? `broker ${brokerId} started\n` : `broker ${brokerId} was already running\n`,
      );
  });
}
