import { app, BrowserWindow, dialog, safeStorage } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openKiosk, type Kiosk } from '../../services/kiosk';
import { startHidReaders } from '../../services/devices/startHidReaders';
import { sealedKeyFileProvider } from '../../services/privacy/sealedKeyFile';
import { sealedSyncSecretStore } from '../../services/sync/syncSecretStore';
import { registerIpc } from './ipc';
import { hardenSession } from './security';
import { createDeskWindow } from './window';

/**
 * Composition root for Electron: one instance per database, the real services on the real
 * database file, HID readers, the desk window. Everything the desk does lives in services/.
 */
if (!app.requestSingleInstanceLock()) {
  // A second instance would be a second writer and a second sync engine on one database.
  app.quit();
} else {
  let kiosk: Kiosk | null = null;
  let stopReaders: (() => Promise<void>) | null = null;

  const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
  const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).toString();
  // better-sqlite3 built against Electron's headers by scripts/build-native-electron.mjs;
  // node_modules keeps the Node build for tests, the preview host and head office.
  const nativeBinding = [
    join(process.resourcesPath, 'native', 'better_sqlite3.node'),
    join(app.getAppPath(), 'build', 'native-electron', 'better_sqlite3.node'),
  ].find((p) => existsSync(p));

  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.whenReady().then(async () => {
    hardenSession();
    try {
      const hid = await startHidReaders(resourcesDir, undefined, (m) => console.warn(m));
      stopReaders = hid.stop;
      const userData = app.getPath('userData');
      kiosk = await openKiosk({
        dbPath: join(userData, 'kiosk.sqlite'),
        // Keys of the sealed member fields, held by the OS key store (SECURITY.md "Personal data").
        keys: sealedKeyFileProvider(join(userData, 'kiosk.keys.sealed'), safeStorage),
        // The head-office device credential, sealed the same way (never in SQLite).
        syncSecrets: sealedSyncSecretStore(join(userData, 'kiosk.sync.sealed'), safeStorage),
        resourcesDir,
        hid: hid.source,
        demo: process.env.KIOSK_NO_DEMO !== '1',
        ...(nativeBinding ? { nativeBinding } : {}),
      });
    } catch (error) {
      dialog.showErrorBox('前台签到 / Front desk', error instanceof Error ? error.message : String(error));
      app.exit(1);
      return;
    }
    registerIpc(kiosk, rendererUrl, () => BrowserWindow.getAllWindows());
    createDeskWindow(rendererUrl);
  }).catch((error: unknown) => {
    console.error(error);
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void stopReaders?.();
    void kiosk?.close();
  });
}
