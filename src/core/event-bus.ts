import type { EventLog } from '../log/event-log.js';

type Listener<T> = (detail: T) => void;

/** Typed listeners per event name; a listener that throws is logged and never breaks the softphone. */
export class EventBus<M extends object> {
  readonly #listeners = new Map<keyof M, Set<Listener<never>>>();
  readonly #log: EventLog;

  constructor(log: EventLog) {
    this.#log = log;
  }

  on<K extends keyof M>(type: K, listener: Listener<M[K]>): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** Someone listens to `type` (so an expensive payload is worth building). */
  has(type: keyof M): boolean {
    return (this.#listeners.get(type)?.size ?? 0) > 0;
  }

  emit<K extends keyof M>(type: K, detail: M[K]): void {
    const set = this.#listeners.get(type);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as Listener<M[K]>)(detail);
      } catch (err) {
        this.#log.add(
          'error',
          `listener for "${String(type)}" threw: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
  }
}
