import { ipcMain, type BrowserWindow } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../core/contract/channels';
import { dispatch } from '../../core/contract/dispatch';
import type { Kiosk } from '../../services/kiosk';
import { isOwnPage } from './ownPage';

/**
 * The one call channel: check the sender frame, then the shared dispatch validates, calls the
 * service and answers with an envelope. Events go out on the one event channel.
 */
export function registerIpc(kiosk: Kiosk, rendererUrl: string, windows: () => BrowserWindow[]): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isOwnPage(event.senderFrame?.url, rendererUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'call from a foreign frame refused' } };
    }
    return dispatch(kiosk.api, method, input, {
      onInternalError: (m, error) => console.error(`kiosk call ${m} failed:`, error instanceof Error ? error.name : 'error'),
    });
  });
  const off = kiosk.events.onAny((event, payload) => {
    for (const win of windows()) if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, { event, payload });
  });
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    off();
  };
}
