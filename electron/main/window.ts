import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { hardenContents } from './security';

/** The desk window, with the settings of SECURITY.md. */
export function createDeskWindow(rendererUrl: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#f5f7fa',
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: !app.isPackaged,
      spellcheck: false,
    },
  });
  hardenContents(win.webContents, rendererUrl);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl);
  return win;
}
