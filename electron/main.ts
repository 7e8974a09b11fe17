/**
 * The desktop shell's main process: one instance, the console service with the embedded cluster
 * (engine in a worker thread, control endpoint for the CLI, in the same data dir the CLI uses)
 * and the saved connections (in the settings folder the CLI reads too, secrets encrypted with
 * safeStorage), the contract bound to IPC, the locked-down window, and a clean stop on quit.
 * Thin by design: everything else lives in host/.
 */
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { defaultDataDir, defaultSettingsDir } from '../host/control/data-dir.js';
import { startEmbeddedHost } from '../host/control/embedded-host.js';
import { registerAppScheme, serveApp } from './app-protocol.js';
import { fileDialogs } from './file-dialogs.js';
import { safeStorageCipher } from './secret-cipher.js';
import { bindContract } from './ipc.js';
import { createConsoleWindow, isConsoleFrame, lockDownSessions } from './window.js';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  const host = startEmbeddedHost({
    dataDir: defaultDataDir(),
    brokers: 3,
    host: '127.0.0.1',
    basePort: 9092,
  });
  let window: BrowserWindow | null = null;
  const unbind = bindContract(host.service, (event) => isConsoleFrame(window, event));
  host.service.setFileDialogs(fileDialogs(() => window));

  const open = (): void => {
    window = createConsoleWindow(app.getAppPath());
    window.on('closed', () => (window = null));
  };

  app.on('second-instance', () => {
    if (!window) return open();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!window) open();
  });

  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    unbind();
    void host.stop().finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    // safeStorage answers only once the app is ready; the saved connections' secrets need it.
    host.service
      .useSavedConnections({ dir: defaultSettingsDir(), cipher: safeStorageCipher })
      .catch((error: unknown) => console.error('brokerlab: saved connections could not be read:', error));
    lockDownSessions();
    serveApp(join(app.getAppPath(), 'dist', 'renderer'));
    open();
  });
}
