/**
 * CSV rows → ImportRecords. The header row names the columns; `value` is required, and `key`,
 * `key_encoding`, `value_encoding`, `partition`, `timestamp` and `headers` are read when present
 * (the columns export writes; others are ignored). An encoding is `utf8` (the cell is the text),
 * `base64`, or `null` (the key or value is null); without an encoding column a cell is text.
 * `headers` holds the JSON Lines form of the headers; an empty cell means none.
 */
import type { RecordHeader } from '../../../engine/records/record.js';
import { ImportLineError, type ImportRecord } from './import-record.js';
import { base64TextSchema, firstProblem, headersFieldSchema } from './record-fields.js';

const known = [
  'key',
  'key_encoding',
  'value',
  'value_encoding',
  'partition',
  'timestamp',
  'headers',
] as const;
type Column = (typeof known)[number];

export type CsvColumns = Partial<Record<Column, number>>;

/** Where each known column is; the header row must name `value`. */
export function csvColumnsOf(header: readonly string[], line: number): CsvColumns {
  const columns: CsvColumns = {};
  header.forEach((name, index) => {
    const column = known.find((k) => k === name.trim().toLowerCase());
    if (column && columns[column] === undefined) columns[column] = index;
  });
  if (columns.value === undefined)
    throw new ImportLineError(line, `the header row has no "value" column (it has: ${header.join(', ')})`);
  return columns;
}

function bytesCell(text: string, encoding: string | undefined, field: string, line: number): Buffer | null {
  switch (encoding ?? 'utf8') {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'base64':
      if (!base64TextSchema.safeParse(text).success)
        throw new ImportLineError(line, `${field}: is not valid base64`);
      return Buffer.from(text, 'base64');
    case 'null':
      if (text !== '') throw new ImportLineError(line, `${field}: has encoding null but is not empty`);
      return null;
    default:
      throw new ImportLineError(line, `${field}_encoding: is "${encoding}", not utf8, base64 or null`);
  }
}

function integerCell(text: string, field: string, line: number, min: number): number | null {
  if (text === '') return null;
  if (!/^-?\d+$/.test(text)) throw new ImportLineError(line, `${field}: "${text}" is not a whole number`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min)
    throw new ImportLineError(line, `${field}: ${text} is out of range`);
  return n;
}

function headersCell(text: string, line: number): RecordHeader[] {
  if (text === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportLineError(line, 'headers: is not JSON ([{"key": ..., "value": ...}])');
  }
  const parsed = headersFieldSchema.safeParse(json);
  if (!parsed.success) throw new ImportLineError(line, `headers.${firstProblem(parsed.error)}`);
  return parsed.data;
}

export function decodeCsvRow(row: readonly string[], columns: CsvColumns, line: number): ImportRecord {
  const cell = (column: Column): string | undefined => {
    const index = columns[column];
    return index === undefined ? undefined : row[index];
  };
  const partition = cell('partition');
  const timestamp = cell('timestamp');
  const key = cell('key');
  const headers = cell('headers');
  return {
    line,
    partition: partition === undefined ? null : integerCell(partition, 'partition', line, 0),
    timestamp: timestamp === undefined ? null : integerCell(timestamp, 'timestamp', line, -1),
    key: key === undefined ? null : bytesCell(key, cell('key_encoding'), 'key', line),
    value: bytesCell(cell('value') ?? '', cell('value_encoding'), 'value', line),
    headers: headers === undefined ? [] : headersCell(headers, line),
  };
}
