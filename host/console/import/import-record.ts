/**
 * A record read from a file to import, and the error that names the line it came from.
 * Keys, values and header values are the exact bytes the file describes (see record-json.ts
 * of export for how JSON Lines and CSV carry them).
 */
import type { RecordHeader } from '../../../engine/records/record.js';
import { ApiError } from '../../api/errors.js';

export interface ImportRecord {
  /** Line of the file where the record starts (1 is the first line). */
  readonly line: number;
  readonly partition: number | null;
  readonly timestamp: number | null;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
  /** The value as JSON when the file has it decoded (an export's `valueDecoded.json`). */
  readonly valueJson?: unknown;
}

/** A line of the file that cannot be imported. */
export class ImportLineError extends ApiError {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super('INVALID_INPUT', `line ${line}: ${problem}`, {
      issues: [{ path: ['line', line], message: problem, code: 'custom' }],
    });
  }
}
