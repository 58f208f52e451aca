import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Softphone, SoftphoneEventMap } from '../core/softphone.js';

type Forwarders = { [K in keyof SoftphoneEventMap]?: (detail: SoftphoneEventMap[K]) => void };

/**
 * Owns the headless {@link Softphone} for a Lit host: created on first use (not in the host's constructor,
 * where its reactive properties do not hold their defaults yet), started on connect, re-rendered on every
 * snapshot, and stopped only if the host is still disconnected a microtask later, so moving the element in
 * the DOM never drops a live session.
 */
export class SoftphoneController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #create: () => Softphone;
  readonly #forwarders: Forwarders;
  #phone: Softphone | undefined;
  #unsubscribe: (() => void)[] = [];
  #stopped = false;

  constructor(host: ReactiveControllerHost & HTMLElement, create: () => Softphone, forwarders: Forwarders) {
    this.#host = host;
    this.#create = create;
    this.#forwarders = forwarders;
    host.addController(this);
  }

  get phone(): Softphone {
    if (!this.#phone) {
      this.#phone = this.#create();
      this.#subscribe(this.#phone);
    }
    return this.#phone;
  }

  hostConnected(): void {
    if (this.#stopped) {
      this.#stopped = false;
      this.#phone = undefined;
    }
    this.phone.start();
  }

  hostDisconnected(): void {
    queueMicrotask(() => {
      if (this.#host.isConnected || this.#stopped) return;
      this.#stopped = true;
      for (const off of this.#unsubscribe) off();
      this.#unsubscribe = [];
      this.#phone?.stop();
    });
  }

  #subscribe(phone: Softphone): void {
    this.#unsubscribe.push(phone.on('snapshot', () => this.#host.requestUpdate()));
    for (const [type, forward] of Object.entries(this.#forwarders)) {
      this.#unsubscribe.push(
        phone.on(
          type as keyof SoftphoneEventMap,
          forward as (detail: SoftphoneEventMap[keyof SoftphoneEventMap]) => void,
        ),
      );
    }
  }
}

/** Re-renders the host every second while `active()` is true (the time-in-state timer). */
export class TickController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #active: () => boolean;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, active: () => boolean) {
    this.#host = host;
    this.#active = active;
    host.addController(this);
  }

  hostUpdated(): void {
    const active = this.#active();
    if (active && this.#timer === undefined) {
      this.#timer = setInterval(() => this.#host.requestUpdate(), 1000);
    } else if (!active && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** `H:MM:SS` like wellClient's status timer. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
