/**
 * `brokerlab net isolate ID [--from brokers|clients|all]`, `net delay ID MS [--peer ID]`,
 * `net heal [ID]`: network faults of the running cluster. `net heal` undoes network faults only
 * (isolation, delay, loss) — of one broker, or of all; killed brokers stay down.
 */
import { Command, Option } from 'commander';
import type { Fault } from '../../api/index.js';
import { controlCall } from '../../control/client.js';
import type { CliIo } from '../io.js';
import { addControlOptions, addJsonOption, brokerIdArg, intIn, oneOf } from '../options.js';
import { printJson } from '../output.js';
import { controlTarget, type ControlOptions } from './control-target.js';

type Options = ControlOptions & { json?: boolean };
const networkFaults: readonly Fault['kind'][] = ['isolate', 'delay', 'loss'];

export function registerNet(program: Command, io: CliIo): void {
  const net = program.command('net').description('isolate, delay or heal the network of a broker');

  const isolate = net
    .command('isolate')
    .description('cut a broker off from the other brokers, from clients, or both')
    .argument('<id>', 'broker id', brokerIdArg)
    .addOption(
      new Option('--from <whom>', 'brokers, clients or all')
        .argParser(oneOf('brokers', 'clients', 'all'))
        .default('all'),
    )
    .action(async (brokerId: number, options: Options & { from: 'brokers' | 'clients' | 'all' }) => {
      const fault = await controlCall(controlTarget(options, io), 'faults.isolateBroker', {
        brokerId,
        from: options.from,
      });
      if (options.json) printJson(io, fault);
      else
        io.stdout.write(
          `broker ${brokerId} isolated from ${options.from === 'all' ? 'brokers and clients' : options.from} (${fault.id})\n`,
        );
    });

  const delay = net
    .command('delay')
    .description("add latency to a broker's links (or to one link with --peer)")
    .argument('<id>', 'broker id', brokerIdArg)
    .argument('<ms>', 'milliseconds each way', intIn(1, 60_000))
    .option('--peer <id>', 'only the link to this broker', brokerIdArg)
    .action(async (brokerId: number, ms: number, options: Options & { peer?: number }) => {
      const input = options.peer === undefined ? { brokerId, ms } : { brokerId, ms, peerId: options.peer };
      const fault = await controlCall(controlTarget(options, io), 'faults.delayTraffic', input);
      if (options.json) printJson(io, fault);
      else io.stdout.write(`${fault.summary} (${fault.id})\n`);
    });

  const heal = net
    .command('heal')
    .description('undo network faults (isolation, delay, loss) of one broker, or of all')
    .argument('[id]', 'broker id (default: every broker)', brokerIdArg)
    .action(async (brokerId: number | undefined, options: Options) => {
      const target = controlTarget(options, io);
      const faults = await controlCall(target, 'faults.list', {});
      const chosen = faults.filter(
        (f) => networkFaults.includes(f.kind) && (brokerId === undefined || f.brokerId === brokerId),
      );
      const healed: Fault[] = [];
      for (const fault of chosen)
        healed.push(...(await controlCall(target, 'faults.heal', { faultId: fault.id })).healed);
      if (options.json) printJson(io, { healed });
      else if (healed.length === 0) io.stdout.write('no network faults to heal\n');
      else for (const fault of healed) io.stdout.write(`healed: ${fault.summary}\n`);
    });

  for (const command of [isolate, delay, heal]) {
    addControlOptions(command, io);
    addJsonOption(command);
  }
}
