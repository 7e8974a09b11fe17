/**
 * Reading a file to import: whether it is gzip-compressed (by its magic bytes, not its name),
 * which format it is (from the name: .jsonl, .ndjson, .csv, with or without .gz; else its first
 * line: `{` starts JSON Lines, anything else is CSV), and its records, streamed in batches with
 * the line each starts on, so a file of any size is read in constant memory.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import { ApiError } from '../../api/errors.js';
import type { ImportFormat } from '../../api/schemas/transfer.js';
import { csvColumnsOf, decodeCsvRow, type CsvColumns } from './csv-decoder.js';
import { ImportLineError, type ImportRecord } from './import-record.js';
import { decodeJsonLine } from './jsonl-decoder.js';

export interface ImportFileInfo {
  readonly format: ImportFormat;
  readonly gzip: boolean;
  /** Size of the file as stored (compressed, when gzip). */
  readonly bytes: number;
}

export interface ReadOptions {
  readonly signal?: AbortSignal;
  /** Records per batch handed out (default 1000)... */
  readonly batchRecords?: number;
  /** ...or fewer, once their keys and values reach this many bytes (default 4 MiB). */
  readonly batchBytes?: number;
  /** Told how many bytes of the file (as stored) were read so far. */
  readonly onBytes?: (bytes: number) => void;
}

export function formatFromName(name: string): ImportFormat | null {
  const match = /\.(jsonl|ndjson|csv)(?:\.gz)?$/i.exec(name);
  if (!match) return null;
  return match[1]!.toLowerCase() === 'csv' ? 'csv' : 'jsonl';
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

function textStream(path: string, gzip: boolean, options: ReadOptions): Readable {
  const file = createReadStream(path, options.signal ? { signal: options.signal } : {});
  if (options.onBytes) {
    let read = 0;
    file.on('data', (chunk: string | Buffer) => options.onBytes!((read += chunk.length)));
  }
  if (!gzip) return file;
  const gunzip = createGunzip();
  file.on('error', (error) => gunzip.destroy(error));
  // A damaged gzip file is bad input, said in words, not a zlib error code.
  const text = new PassThrough();
  gunzip.on('error', (error) =>
    text.destroy(new ApiError('INVALID_INPUT', `the file is not valid gzip (${error.message})`)),
  );
  return file.pipe(gunzip).pipe(text);
}

async function firstLine(path: string, gzip: boolean): Promise<string> {
  const lines = createInterface({ input: textStream(path, gzip, {}), crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line.trim() !== '') return line;
    return '';
  } finally {
    lines.close();
  }
}

/** What the file is; `format` overrides the guess. */
export async function inspectImportFile(
  path: string,
  name: string,
  format?: ImportFormat,
): Promise<ImportFileInfo> {
  const { size } = await stat(path);
  const gzip = await isGzip(path);
  const chosen =
    format ??
    formatFromName(name) ??
    ((await firstLine(path, gzip)).trimStart().startsWith('{') ? 'jsonl' : 'csv');
  return { format: chosen, gzip, bytes: size };
}

async function* jsonLines(input: Readable): AsyncGenerator<ImportRecord> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    yield decodeJsonLine(text, line);
  }
}

async function* csvRows(input: Readable): AsyncGenerator<ImportRecord> {
  const parser = input.pipe(parse({ bom: true, info: true, relax_column_count: true }));
  input.on('error', (error) => parser.destroy(error));
  let columns: CsvColumns | null = null;
  let nextLine = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = nextLine;
      nextLine = info.lines + 1;
      if (columns === null) columns = csvColumnsOf(record, line);
      else yield decodeCsvRow(record, columns, line);
    }
  } catch (error) {
    if (error instanceof ImportLineError) throw error;
    const { lines } = error as { lines?: unknown };
    if (error instanceof CsvError && typeof lines === 'number')
      throw new ImportLineError(lines, (error as Error).message.replace(/ at line \d+/, ''));
    throw error;
  }
}

/** The file's records in batches, in file order; a bad line throws ImportLineError. */
export async function* readImportFile(
  path: string,
  info: ImportFileInfo,
  options: ReadOptions = {},
): AsyncGenerator<ImportRecord[]> {
  const input = textStream(path, info.gzip, options);
  const maxRecords = options.batchRecords ?? 1000;
  const maxBytes = options.batchBytes ?? 4 * 1024 * 1024;
  let batch: ImportRecord[] = [];
  let bytes = 0;
  try {
    for await (const record of info.format === 'csv' ? csvRows(input) : jsonLines(input)) {
      batch.push(record);
      bytes += (record.key?.length ?? 0) + (record.value?.length ?? 0);
      if (batch.length >= maxRecords || bytes >= maxBytes) {
        yield batch;
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    input.destroy();
  }
}
