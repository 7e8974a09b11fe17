/**
 * The `brokerlab` command line: one commander program with global --help and --version, the
 * verbs registered from host/cli/commands, and one way of failing (see errors.ts).
 *
 * A verb module exports `register(program, io)`, adds its commands with the shared options of
 * options.ts, and throws CliError (or ApiError) to fail; it never calls process.exit itself.
 */
import { Command, CommanderError } from 'commander';
import { describeFailure, EXIT_OK, EXIT_USAGE } from './errors.js';
import type { CliIo } from './io.js';
import { packageVersion } from './package-root.js';

export type RegisterCommands = (program: Command, io: CliIo) => void;

export function createProgram(io: CliIo, verbs: readonly RegisterCommands[]): Command {
  const program = new Command('brokerlab')
    .description('A Kafka-compatible cluster in one process, and a console for any Kafka cluster.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    // The global --version only before a verb, so `schemas get --version 2` is the verb's own.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's own errors become one `brokerlab: ...` line (see runCli).
      outputError: () => {},
    });
  for (const register of verbs) register(program, io);
  return program;
}

/** Runs the CLI; resolves with the exit code (after a long-running verb has stopped). */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  verbs: readonly RegisterCommands[],
): Promise<number> {
  const program = createProgram(io, verbs);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        return EXIT_OK;
      }
      const command = commandPath(program, argv);
      const message = err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
      io.stderr.write(`brokerlab: ${message} (see \`${command} --help\`)\n`);
      return EXIT_USAGE;
    }
    const { line, exitCode } = describeFailure(err);
    io.stderr.write(`brokerlab: ${line}\n`);
    return exitCode;
  }
}

/** "brokerlab broker kill" for argv ["broker", "kill", "x"]: where to look for help. */
function commandPath(program: Command, argv: readonly string[]): string {
  const names = ['brokerlab'];
  let current = program;
  for (const arg of argv) {
    const next = current.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!next) break;
    names.push(next.name());
    current = next;
  }
  return names.join(' ');
}
