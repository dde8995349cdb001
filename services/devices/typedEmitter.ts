import { EventEmitter } from 'node:events';

/**
 * A small typed wrapper over node:events. Listeners are isolated: an exception in one is reported
 * to `onListenerError` instead of propagating into whoever emitted (for the HID service that is
 * node-hid's read loop, which would turn it into a device error and drop the reader).
 */
export class TypedEmitter<Events extends object> {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: (event: string, error: unknown) => void = () => {}) {
    // The composition root, the registry and tests all listen; the default cap of 10 is too low.
    this.emitter.setMaxListeners(50);
  }

  /** Returns the unsubscribe function. */
  on<E extends keyof Events & string>(event: E, listener: (payload: Events[E]) => void): () => void {
    const wrapped = (payload: Events[E]) => {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(event, error);
      }
    };
    this.emitter.on(event, wrapped);
    return () => this.emitter.off(event, wrapped);
  }

  emit<E extends keyof Events & string>(event: E, payload: Events[E]): void {
    this.emitter.emit(event, payload);
  }

  removeAllListeners(): void {
    this.emitter.removeAllListeners();
  }
}
