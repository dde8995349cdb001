import type { ErrorCode } from '../../../core/contract/errors';
import type { EventName, EventPayload } from '../../../core/contract/events';
import type { MethodInput, MethodName, MethodOutput } from '../../../core/contract/methods';

/**
 * The renderer's one door to the services: `window.kiosk`. Calls never throw — a transport that
 * rejects (IPC gone, bridge missing, garbage reply) becomes a TRANSPORT error the desk can show.
 */
export type DeskErrorCode = ErrorCode | 'TRANSPORT';

export interface DeskError {
  code: DeskErrorCode;
  /** English, for logs only; staff see the translated error.<code>. */
  message: string;
  issues?: { path: string; message: string }[];
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: DeskError };

function transportError(message: string): { ok: false; error: DeskError } {
  return { ok: false, error: { code: 'TRANSPORT', message } };
}

const errorListeners = new Set<(error: DeskError) => void>();

/**
 * Hears every error answer, e.g. NO_STAFF_ON_DUTY when the desk locked itself between the
 * screen's last look and this call, so the sign-in state can refresh at once.
 */
export function onCallError(listener: (error: DeskError) => void): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<CallResult<MethodOutput<M>>> {
  const bridge = (window as Partial<Window>).kiosk;
  if (!bridge) return transportError('window.kiosk is missing');
  try {
    const envelope: unknown = await bridge.call(method, input);
    if (!envelope || typeof envelope !== 'object' || typeof (envelope as { ok?: unknown }).ok !== 'boolean') {
      return transportError('malformed reply');
    }
    const result = envelope as CallResult<MethodOutput<M>>;
    if (!result.ok) for (const listener of errorListeners) listener(result.error);
    return result;
  } catch (error) {
    return transportError(error instanceof Error ? error.message : String(error));
  }
}

/** Subscribes to a contract event; a missing bridge yields a no-op unsubscribe. */
export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const bridge = (window as Partial<Window>).kiosk;
  if (!bridge) return () => undefined;
  try {
    return bridge.onEvent(event, listener);
  } catch {
    return () => undefined;
  }
}
