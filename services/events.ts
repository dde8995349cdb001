import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../core/contract/events';
import { events } from '../core/contract/events';

/** Typed fan-out of contract events from services to whichever transport is attached. */
export class KioskEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  onAny(listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void): () => void {
    const names = Object.keys(events) as EventName[];
    const offs = names.map((n) => this.on(n, (p) => listener(n, p)));
    return () => offs.forEach((off) => off());
  }
}
