import { contextBridge, ipcRenderer } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../core/contract/channels';

/**
 * Exposes exactly one object, `window.kiosk = { call, onEvent }`. It never grows: every
 * capability is a contract method behind the one call channel.
 */
type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, message: { event: string; payload: unknown }) => {
  listeners.get(message.event)?.forEach((fn) => fn(message.payload));
});

contextBridge.exposeInMainWorld('kiosk', {
  call: (method: string, input: unknown) => ipcRenderer.invoke(CALL_CHANNEL, method, input),
  onEvent: (event: string, listener: Listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
});
