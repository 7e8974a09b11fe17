/**
 * Export and import: the job of each, followed through its progress until it ends, and the file
 * each works on. On the desktop the files come from the native save and open dialogs; in a
 * browser an export is offered as a download when done and an import file is uploaded first.
 * Either way the host grants the file and the page only ever holds its id.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { JobStatus } from '../../host/api/schemas/jobs.js';
import type { ExportFormat, ImportPreview } from '../../host/api/schemas/transfer.js';
import type { MethodInput, Unsubscribe } from '../../host/api/types.js';
import { useApi, useWebFiles } from '../api/current.js';

export type ExportRequest = Omit<MethodInput<'export.start'>, 'destination'>;
export type ImportOptions = Omit<MethodInput<'import.start'>, 'fileId' | 'topic'>;

export interface ChosenFile {
  readonly fileId: string;
  readonly name: string;
  readonly bytes: number;
}

export function exportFileName(topic: string, format: ExportFormat, gzip: boolean): string {
  return `${topic}.${format === 'raw' ? 'txt' : format}${gzip ? '.gz' : ''}`;
}

function follower(job: { value: JobStatus | null }, error: { value: unknown }) {
  let unsubscribe: Unsubscribe | undefined;
  const stop = (): void => {
    unsubscribe?.();
    unsubscribe = undefined;
  };
  const follow = async (jobId: string): Promise<void> => {
    stop();
    unsubscribe = useApi().jobs.onProgress(
      { jobId },
      (status) => {
        job.value = status;
        if (status.state !== 'running') stop();
      },
      (e) => {
        error.value = e;
        unsubscribe = undefined;
      },
    );
  };
  return { follow, stop };
}

export const useTransferStore = defineStore('transfer', () => {
  /** Browser or desktop: decides between download/upload and the native dialogs. */
  const inBrowser = computed(() => useWebFiles() !== null);

  const exportJob = shallowRef<JobStatus | null>(null);
  const exportError = shallowRef<unknown>(null);
  const exporting = ref(false);
  const exportFollow = follower(exportJob, exportError);

  const importFile = shallowRef<ChosenFile | null>(null);
  const preview = shallowRef<ImportPreview | null>(null);
  const importJob = shallowRef<JobStatus | null>(null);
  const importError = shallowRef<unknown>(null);
  const importing = ref(false);
  const importFollow = follower(importJob, importError);

  /** Where the browser fetches a finished export; null on the desktop or before it is done. */
  const downloadUrl = computed(() => {
    const result = exportJob.value?.result;
    const files = useWebFiles();
    if (!files || result?.kind !== 'export' || !result.downloadId) return null;
    return files.downloadUrl(result.downloadId);
  });

  /** Starts an export; false when the user closed the save dialog. */
  async function startExport(request: ExportRequest): Promise<boolean> {
    exportError.value = null;
    exportJob.value = null;
    exporting.value = true;
    try {
      const format = request.format ?? 'jsonl';
      const name = exportFileName(request.topic, format, request.gzip ?? false);
      let destination: MethodInput<'export.start'>['destination'];
      if (inBrowser.value) destination = { to: 'download', fileName: name };
      else {
        const chosen = await useApi().export.chooseFile({ suggestedName: name, format });
        if (!chosen) return false;
        destination = { to: 'file', fileId: chosen.fileId };
      }
      const { jobId } = await useApi().export.start({ ...request, destination });
      exportJob.value = await useApi().jobs.status({ jobId });
      if (exportJob.value.state === 'running') await exportFollow.follow(jobId);
      return true;
    } catch (e) {
      exportError.value = e;
      return false;
    } finally {
      exporting.value = false;
    }
  }

  /** Picks the file to import (uploads it in a browser) and previews its first records. */
  async function chooseImportFile(file?: File): Promise<void> {
    importError.value = null;
    importJob.value = null;
    preview.value = null;
    importing.value = true;
    try {
      const files = useWebFiles();
      let chosen: ChosenFile | null;
      if (files) {
        if (!file) return;
        chosen = await files.upload(file, file.name);
      } else chosen = await useApi().import.chooseFile();
      importFile.value = chosen;
      if (chosen) preview.value = await useApi().import.preview({ fileId: chosen.fileId, limit: 5 });
    } catch (e) {
      importError.value = e;
    } finally {
      importing.value = false;
    }
  }

  async function startImport(topic: string, options: ImportOptions): Promise<void> {
    if (!importFile.value) return;
    importError.value = null;
    importing.value = true;
    try {
      const { jobId } = await useApi().import.start({ ...options, topic, fileId: importFile.value.fileId });
      importJob.value = await useApi().jobs.status({ jobId });
      if (importJob.value.state === 'running') await importFollow.follow(jobId);
    } catch (e) {
      importError.value = e;
    } finally {
      importing.value = false;
    }
  }

  async function cancel(job: JobStatus | null): Promise<void> {
    if (job?.state !== 'running') return;
    const status = await useApi().jobs.cancel({ jobId: job.id });
    if (job.kind === 'export') exportJob.value = status;
    else importJob.value = status;
  }

  function reset(): void {
    exportFollow.stop();
    importFollow.stop();
    exportJob.value = null;
    exportError.value = null;
    importJob.value = null;
    importError.value = null;
    importFile.value = null;
    preview.value = null;
  }

  return {
    inBrowser,
    exportJob,
    exportError,
    exporting,
    downloadUrl,
    importFile,
    preview,
    importJob,
    importError,
    importing,
    startExport,
    chooseImportFile,
    startImport,
    cancel,
    reset,
  };
});
