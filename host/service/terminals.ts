/**
 * The service's terminal methods and output stream: shells run in the host process (node-pty),
 * next to the transports, never in a connection's worker. A terminal opens on the bootstrap of
 * the connection active at that moment.
 */
import type { ApiError } from '../api/errors.js';
import type {
  MethodParsedInput as Input,
  MethodResult as Result,
  StreamEventInput,
  StreamParsedArgs,
} from '../api/types.js';
import type { TerminalManager } from '../terminal/manager.js';
import { toApiError } from './errors.js';

export function terminalMethods(terminals: TerminalManager, bootstrap: () => string) {
  return {
    'terminals.open': async ({ cols, rows }: Input<'terminals.open'>): Promise<Result<'terminals.open'>> =>
      terminals.open(bootstrap(), { cols, rows }),
    'terminals.list': async (): Promise<Result<'terminals.list'>> => terminals.list(),
    'terminals.write': async ({ id, data }: Input<'terminals.write'>): Promise<Result<'terminals.write'>> => {
      terminals.write(id, data);
      return { id };
    },
    'terminals.resize': async ({
      id,
      cols,
      rows,
    }: Input<'terminals.resize'>): Promise<Result<'terminals.resize'>> => {
      terminals.resize(id, cols, rows);
      return { id };
    },
    'terminals.ack': async ({ id, offset }: Input<'terminals.ack'>): Promise<Result<'terminals.ack'>> => {
      terminals.get(id).ack(offset);
      return { id };
    },
    'terminals.close': async ({ id }: Input<'terminals.close'>): Promise<Result<'terminals.close'>> => {
      await terminals.close(id);
      return { id };
    },
  };
}

export function terminalOutput(terminals: TerminalManager) {
  return (
    { id }: StreamParsedArgs<'terminals.output'>,
    emit: (event: StreamEventInput<'terminals.output'>) => void,
    onError: (error: ApiError) => void,
  ): (() => void) => {
    try {
      return terminals.get(id).subscribe(emit);
    } catch (err) {
      queueMicrotask(() => onError(toApiError(err)));
      return () => {};
    }
  };
}
