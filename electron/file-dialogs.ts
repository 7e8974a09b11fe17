/**
 * The desktop's save and open dialogs behind export.chooseFile and import.chooseFile: the user
 * picks the file, the console service grants it by id, and the page never sees or names a path.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { ExportFormat } from '../host/api/schemas/transfer.js';
import type { FileDialogs } from '../host/service/transfer.js';

const exportFilters: Record<ExportFormat, Electron.FileFilter[]> = {
  jsonl: [{ name: 'JSON Lines', extensions: ['jsonl', 'gz'] }],
  csv: [{ name: 'CSV', extensions: ['csv', 'gz'] }],
  raw: [{ name: 'Text', extensions: ['txt', 'gz'] }],
  parquet: [{ name: 'Parquet', extensions: ['parquet'] }],
};

export function fileDialogs(window: () => BrowserWindow | null): FileDialogs {
  return {
    async save(suggestedName, format) {
      const options = { defaultPath: suggestedName, filters: exportFilters[format] };
      const owner = window();
      const result = owner
        ? await dialog.showSaveDialog(owner, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async open() {
      const options: Electron.OpenDialogOptions = {
        properties: ['openFile'],
        filters: [
          { name: 'JSON Lines or CSV', extensions: ['jsonl', 'ndjson', 'csv', 'gz'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const owner = window();
      const result = owner
        ? await dialog.showOpenDialog(owner, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
