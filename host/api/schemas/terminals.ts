/**
 * Terminals: the user's shell in a pseudo-terminal, started with BROKERLAB_BOOTSTRAP set to the
 * active connection and the `brokerlab` CLI on its PATH. Keystrokes go in as text; output comes
 * back on the `terminals.output` stream, which first replays what the shell printed before the
 * subscription (so a console that reloads or re-attaches keeps its scrollback).
 */
import { z } from 'zod';

export const terminalIdSchema = z
  .string({ error: 'a terminal id is required' })
  .regex(/^t[0-9]{1,9}$/, { error: 'a terminal id looks like t1' });

const colsSchema = z
  .number({ error: 'cols (columns) is required' })
  .int({ error: 'cols is a whole number' })
  .min(2, { error: 'cols is 2 or more' })
  .max(1000, { error: 'cols is at most 1000' });
const rowsSchema = z
  .number({ error: 'rows is required' })
  .int({ error: 'rows is a whole number' })
  .min(1, { error: 'rows is 1 or more' })
  .max(500, { error: 'rows is at most 500' });

export const terminalOpenInputSchema = z
  .strictObject({ cols: colsSchema.default(80), rows: rowsSchema.default(24) })
  .default({ cols: 80, rows: 24 });

export const terminalIdInputSchema = z.strictObject({ id: terminalIdSchema });

export const terminalWriteInputSchema = z.strictObject({
  id: terminalIdSchema,
  /** Keystrokes or pasted text, as xterm.js hands them over. */
  data: z
    .string({ error: 'data (the text to send) is required' })
    .max(1024 * 1024, { error: 'data is at most 1 MiB per call' }),
});

export const terminalResizeInputSchema = z.strictObject({
  id: terminalIdSchema,
  cols: colsSchema,
  rows: rowsSchema,
});

export const terminalAckInputSchema = z.strictObject({
  id: terminalIdSchema,
  /** How far the viewer has drawn the output, in the offsets of `terminals.output` events. */
  offset: z
    .number({ error: 'offset (how far the output is drawn) is required' })
    .int({ error: 'offset is a whole number' })
    .min(0, { error: 'offset is 0 or more' }),
});

export const terminalSchema = z.object({
  id: terminalIdSchema,
  /** The shell's process id (its children are in its process group). */
  pid: z.number().int(),
  /** The program that runs, e.g. /bin/bash. */
  shell: z.string(),
  /** BROKERLAB_BOOTSTRAP of this shell: the connection in view when it started. */
  bootstrap: z.string(),
  state: z.enum(['running', 'exited']),
  exitCode: z.number().int().nullable(),
  /** The signal that ended the shell, if one did. */
  signal: z.number().int().nullable(),
});
export type TerminalInfo = z.infer<typeof terminalSchema>;

export const terminalRefOutputSchema = z.object({ id: terminalIdSchema });

export const terminalOutputArgsSchema = terminalIdInputSchema;

export const terminalOutputEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('data'),
    /**
     * Where `data` starts in everything the shell printed (in UTF-16 code units): a client that
     * is sent the same output again (its stream re-subscribed after a reconnect) skips what it has.
     */
    offset: z.number().int().min(0),
    data: z.string(),
  }),
  z.object({ type: z.literal('exit'), exitCode: z.number().int(), signal: z.number().int().nullable() }),
]);
export type TerminalOutputEvent = z.infer<typeof terminalOutputEventSchema>;
