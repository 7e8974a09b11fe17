/**
 * The service's export and import methods: files are granted (dialogs, uploads) and resolved
 * here, in the host, and the work runs as a job in the connection's worker (`task.export`,
 * `task.import`), next to the data. An export to `download` is written into the transfer
 * directory and offered by id once done. Previews only read the file, so they run here.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { encodeBytes } from '../api/bytes.js';
import { ApiError } from '../api/errors.js';
import type { ExportFormat } from '../api/schemas/transfer.js';
import type { MethodParsedInput as Input, MethodResult as Result } from '../api/types.js';
import { formatExtension } from '../console/export/encoder.js';
import { ImportLineError, type ImportRecord } from '../console/import/import-record.js';
import { inspectImportFile, readImportFile } from '../console/import/import-file.js';
import { taskStream } from '../worker/implementation.js';
import type { RegistryEndpoint } from '../schema-registry/rest-client.js';
import type { Backend } from './backend.js';
import type { FileGrants } from './file-grants.js';
import type { JobRegistry } from './jobs.js';
import { runTask } from './tasks.js';

/** The desktop's native dialogs; absent elsewhere (a browser downloads and uploads instead). */
export interface FileDialogs {
  /** The path the user chose to save to, or null when the dialog was closed. */
  save(suggestedName: string, format: ExportFormat): Promise<string | null>;
  /** The path the user chose to open, or null. */
  open(): Promise<string | null>;
}

export interface TransferDeps {
  readonly backend: (signal?: AbortSignal) => Promise<Backend>;
  readonly jobs: JobRegistry;
  readonly files: FileGrants;
  readonly dialogs: () => FileDialogs | null;
  /** The active connection's schema registry, for decoding filters and decoded exports. */
  readonly schemaRegistry: () => Promise<RegistryEndpoint | undefined>;
}

function noDialogs(): ApiError {
  return new ApiError(
    'UNAVAILABLE',
    'file dialogs exist in the desktop app only; in a browser, exports download and imports upload',
  );
}

function previewRecord(r: ImportRecord) {
  const bytes = (b: Buffer | null) => (b === null ? null : encodeBytes(b));
  return {
    line: r.line,
    partition: r.partition,
    timestamp: r.timestamp,
    key: bytes(r.key),
    value: bytes(r.value),
    headers: r.headers.map((h) => ({ key: h.key, value: bytes(h.value) })),
  };
}

export function transferMethods(deps: TransferDeps) {
  return {
    'export.chooseFile': async (input: Input<'export.chooseFile'>): Promise<Result<'export.chooseFile'>> => {
      const dialogs = deps.dialogs();
      if (!dialogs) throw noDialogs();
      const path = await dialogs.save(input.suggestedName, input.format);
      if (path === null) return null;
      return { fileId: deps.files.grant(path, basename(path), 'save'), name: basename(path) };
    },

    'import.chooseFile': async (): Promise<Result<'import.chooseFile'>> => {
      const dialogs = deps.dialogs();
      if (!dialogs) throw noDialogs();
      const path = await dialogs.open();
      if (path === null) return null;
      const { size } = await stat(path);
      return { fileId: deps.files.grant(path, basename(path), 'open'), name: basename(path), bytes: size };
    },

    'export.start': async (
      input: Input<'export.start'>,
      signal?: AbortSignal,
    ): Promise<Result<'export.start'>> => {
      const backend = await deps.backend(signal);
      const schemaRegistry = await deps.schemaRegistry();
      const { destination, ...rest } = input;
      let path: string;
      let fileName: string;
      if (destination.to === 'file') {
        ({ path, name: fileName } = deps.files.resolve(destination.fileId, 'save'));
      } else {
        fileName = destination.fileName ?? `${input.topic}${formatExtension(input.format, input.gzip)}`;
        path = await deps.files.transferPath(fileName);
      }
      let jobId = '';
      const status = deps.jobs.start('export', `export ${input.topic} to ${fileName}`, async (context) => {
        const task = { ...rest, path, fileName, schemaRegistry };
        const result = await runTask(backend, taskStream.export, task, context);
        if (result.kind !== 'export' || destination.to === 'file') return result;
        return { ...result, downloadId: deps.files.offerDownload(path, fileName, jobId) };
      });
      jobId = status.id;
      return { jobId: status.id };
    },

    'import.start': async (
      input: Input<'import.start'>,
      signal?: AbortSignal,
    ): Promise<Result<'import.start'>> => {
      const { path, name } = deps.files.resolve(input.fileId, 'open');
      const backend = await deps.backend(signal);
      const schemaRegistry = await deps.schemaRegistry();
      const { fileId: _fileId, ...rest } = input;
      const status = deps.jobs.start('import', `import ${name} into ${input.topic}`, (context) =>
        runTask(backend, taskStream.import, { ...rest, path, fileName: name, schemaRegistry }, context),
      );
      return { jobId: status.id };
    },

    'import.preview': async (input: Input<'import.preview'>): Promise<Result<'import.preview'>> => {
      const { path, name } = deps.files.resolve(input.fileId, 'open');
      const info = await inspectImportFile(path, name, input.format);
      const records: ReturnType<typeof previewRecord>[] = [];
      let problem: { line: number; message: string } | null = null;
      try {
        // One record at a time, so the records before a bad line are still shown.
        for await (const [record] of readImportFile(path, info, { batchRecords: 1 })) {
          records.push(previewRecord(record!));
          if (records.length >= input.limit) break;
        }
      } catch (error) {
        if (!(error instanceof ImportLineError)) throw error;
        problem = { line: error.line, message: error.problem };
      }
      return { format: info.format, gzip: info.gzip, bytes: info.bytes, records, problem };
    },
  };
}
