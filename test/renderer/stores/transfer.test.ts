import { beforeEach, describe, expect, it } from 'vitest';
import type { JobStatus, WebFiles } from '../../../host/api/index.js';
import { installApi } from '../../../renderer/api/current.js';
import { useTransferStore } from '../../../renderer/stores/transfer.js';
import { fakeApi, type FakeApi } from '../fake-api.js';
import { freshPinia } from '../pinia.js';

let fake: FakeApi;
const fileId = 'ab'.repeat(16);

function status(
  kind: 'export' | 'import',
  state: JobStatus['state'],
  result: JobStatus['result'] = null,
): JobStatus {
  return {
    id: `${kind}-1`,
    kind,
    title: kind,
    state,
    startedAt: 0,
    finishedAt: state === 'running' ? null : 1,
    progress: {
      records: 10,
      bytes: 100,
      totalRecords: 40,
      totalBytes: null,
      matched: 10,
      percent: 25,
      recordsPerSecond: 5,
      bytesPerSecond: 50,
      etaMs: 6000,
    },
    result,
    error: null,
  };
}

const browserFiles: WebFiles = {
  upload: async (_file, name) => ({ fileId, name, bytes: 3 }),
  downloadUrl: (id) => `http://127.0.0.1:1/api/files/download/${id}?token=t`,
};

beforeEach(() => {
  freshPinia();
  fake = fakeApi();
});

describe('the transfer store', () => {
  it('exports to a download in a browser, follows the job and offers the file', async () => {
    installApi(fake.api, browserFiles);
    fake.answer('export.start', () => ({ jobId: 'export-1' }));
    fake.answer('jobs.status', () => status('export', 'running'));
    const transfer = useTransferStore();
    expect(await transfer.startExport({ topic: 'orders', format: 'csv', gzip: true })).toBe(true);
    expect(fake.callsOf('export.start')).toEqual([
      {
        topic: 'orders',
        format: 'csv',
        gzip: true,
        destination: { to: 'download', fileName: 'orders.csv.gz' },
      },
    ]);
    expect(transfer.exportJob?.progress.percent).toBe(25);
    expect(transfer.downloadUrl).toBeNull();
    fake.emit(
      'jobs.progress',
      status('export', 'done', {
        kind: 'export',
        scanned: 40,
        records: 40,
        bytes: 900,
        fileName: 'orders.csv.gz',
        downloadId: 'd1',
      }),
    );
    expect(transfer.downloadUrl).toBe('http://127.0.0.1:1/api/files/download/d1?token=t');
    expect(fake.subscriptions('jobs.progress').every((s) => !s.open)).toBe(true);
  });

  it('asks the desktop for a file, and starts nothing when the dialog is closed', async () => {
    installApi(fake.api, null);
    fake.answer('export.chooseFile', () => null);
    const transfer = useTransferStore();
    expect(await transfer.startExport({ topic: 'orders' })).toBe(false);
    expect(fake.callsOf('export.chooseFile')).toEqual([{ suggestedName: 'orders.jsonl', format: 'jsonl' }]);
    expect(fake.callsOf('export.start')).toEqual([]);

    fake.answer('export.chooseFile', () => ({ fileId, name: 'mine.jsonl' }));
    fake.answer('export.start', () => ({ jobId: 'export-1' }));
    fake.answer('jobs.status', () => status('export', 'running'));
    fake.answer('jobs.cancel', () => status('export', 'cancelled'));
    expect(await transfer.startExport({ topic: 'orders' })).toBe(true);
    expect(fake.callsOf('export.start')[0]?.destination).toEqual({ to: 'file', fileId });
    await transfer.cancel(transfer.exportJob);
    expect(fake.callsOf('jobs.cancel')).toEqual([{ jobId: 'export-1' }]);
    expect(transfer.exportJob?.state).toBe('cancelled');
  });

  it('uploads, previews and imports a file in a browser', async () => {
    installApi(fake.api, browserFiles);
    fake.answer('import.preview', () => ({
      format: 'jsonl',
      gzip: false,
      bytes: 3,
      records: [],
      problem: null,
    }));
    fake.answer('import.start', () => ({ jobId: 'import-1' }));
    fake.answer('jobs.status', () =>
      status('import', 'done', { kind: 'import', records: 40, partitions: [] }),
    );
    const transfer = useTransferStore();
    await transfer.chooseImportFile(new File(['{}'], 'orders.jsonl'));
    expect(transfer.importFile).toEqual({ fileId, name: 'orders.jsonl', bytes: 3 });
    expect(fake.callsOf('import.preview')).toEqual([{ fileId, limit: 5 }]);
    await transfer.startImport('copy', { keepPartitions: true, keepTimestamps: false });
    expect(fake.callsOf('import.start')).toEqual([
      { topic: 'copy', fileId, keepPartitions: true, keepTimestamps: false },
    ]);
    expect(transfer.importJob?.result).toEqual({ kind: 'import', records: 40, partitions: [] });
    expect(fake.subscriptions('jobs.progress')).toEqual([]);
  });
});
