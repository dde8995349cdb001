import type { Envelope } from './errors';
import type { EventName, EventPayload } from './events';
import type { MethodInput, MethodName, MethodOutput } from './methods';

/** The only object the renderer sees: `window.kiosk`. Same shape in Electron and the preview. */
export interface KioskBridge {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>>;
  onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
