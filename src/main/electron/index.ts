/**
 * Electron entry: one window, the IPC adapter, the host services. Windows, IPC and services each
 * live in their own module; this file only wires them at app start and tears them down at quit.
 */
import { app } from 'electron';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR_ENV } from '../core/data-dir';
import { createHostServices } from '../core/host-services';
import { attachIpcAdapter } from './ipc-adapter';
import { electronSqliteBinding } from './native-modules';
import { utilityWorkerLauncher } from './utility-worker';
import { createMainWindow, hardenWebContents } from './main-window';

// One instance owns the data folder; a second launch focuses the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  void app.whenReady().then(() => {
    // The same variable the CLI reads, so both can share one history; else Electron's userData.
    const dataDir = process.env[DATA_DIR_ENV] || app.getPath('userData');
    mkdirSync(dataDir, { recursive: true });
    const here = dirname(fileURLToPath(import.meta.url));
    const services = createHostServices({
      host: 'electron',
      dataDir,
      electronVersion: process.versions.electron ?? null,
      launcher: utilityWorkerLauncher(join(here, 'worker.js')),
      sqliteNativeBinding: electronSqliteBinding(),
    });
    const detachIpc = attachIpcAdapter(services.handlers, services.events);
    let window = createMainWindow();

    app.on('second-instance', () => {
      if (window.isMinimized()) window.restore();
      window.focus();
    });
    app.on('activate', () => {
      if (window.isDestroyed()) window = createMainWindow();
    });
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    let closed = false;
    app.on('will-quit', (event) => {
      if (closed) return;
      // Workers stop at a step boundary with a checkpoint and the database closes cleanly first.
      event.preventDefault();
      detachIpc();
      void services.close().finally(() => {
        closed = true;
        app.quit();
      });
    });
  });
}
