import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Softphone, SoftphoneEventMap } from '../core/softphone.js';

/** Runs `run` when the browser is idle (`requestIdleCallback`, else a timeout); returns the cancel function. */
export function whenIdle(run: () => void): () => void {
  const idle = globalThis as {
    requestIdleCallback?: (run: () => void, options?: { timeout: number }) => number;
    cancelIdleCallback?: (id: number) => void;
  };
  if (idle.requestIdleCallback && idle.cancelIdleCallback) {
    const id = idle.requestIdleCallback(run, { timeout: 2000 });
    return () => idle.cancelIdleCallback!(id);
  }
  const timer = setTimeout(run, 1);
  return () => clearTimeout(timer);
}

type Forwarders = { [K in keyof SoftphoneEventMap]?: (detail: SoftphoneEventMap[K]) => void };

/**
 * Owns the headless {@link Softphone} for a Lit host: created on first use (not in the host's constructor,
 * where its reactive properties do not hold their defaults yet), started once the browser is idle after connect (or by its first command), re-rendered on every
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
  #cancelStart: (() => void) | undefined;

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
    // the statechart (a lazy chunk) starts once the browser is idle after the first frame; a command starts it sooner
    this.#cancelStart ??= whenIdle(() => {
      this.#cancelStart = undefined;
      if (!this.#stopped && this.#host.isConnected) this.phone.start();
    });
  }

  hostDisconnected(): void {
    queueMicrotask(() => {
      if (this.#host.isConnected || this.#stopped) return;
      this.#stopped = true;
      this.#cancelStart?.();
      this.#cancelStart = undefined;
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

/** Rendering time allowed per frame before further renders wait for the next frame, ms. */
export const RENDER_BUDGET_MS = 2;
/** Renders allowed per frame before further ones wait for the next frame (500 events/s is 8 a frame). */
export const RENDERS_PER_FRAME = 10;
/** One frame at 60 Hz, ms. */
const FRAME_MS = 16;
/** The longest a deferred render waits for an animation frame (hidden tabs get none), ms. */
const FRAME_FALLBACK_MS = 100;

/**
 * Coalesces a host's renders per animation frame under load. Lit renders once per task; WebSocket messages arrive
 * one per task, so a flood of N events would cost N renders (and N custom-state updates in `updated()`). While
 * the renders of the current frame stay within {@link RENDER_BUDGET_MS} and {@link RENDERS_PER_FRAME}, an update runs at once (a quiet channel
 * keeps its sub-millisecond frame → DOM latency); past it, the next update waits for the next animation frame, and
 * every event arriving meanwhile joins that one render. Events (`well-status-change`, …) are not affected: only
 * rendering is coalesced.
 */
export class FrameScheduler {
  #windowStart = -Infinity;
  #spentMs = 0;
  #renders = 0;
  #waiting: Promise<void> | undefined;

  /** Runs `update` now or after the next frame; returns the promise Lit's `scheduleUpdate()` may return. */
  schedule(update: () => void): void | Promise<void> {
    const now = performance.now();
    if (now - this.#windowStart >= FRAME_MS) {
      this.#windowStart = now;
      this.#spentMs = 0;
      this.#renders = 0;
    }
    if (this.#spentMs < RENDER_BUDGET_MS && this.#renders < RENDERS_PER_FRAME) return this.#run(update, now);
    return (this.#waiting ??= nextFrame()).then(() => {
      this.#waiting = undefined;
      this.#windowStart = performance.now();
      this.#spentMs = 0;
      this.#renders = 0;
      this.#run(update, this.#windowStart);
    });
  }

  #run(update: () => void, start: number): void {
    this.#renders++;
    try {
      update();
    } finally {
      this.#spentMs += performance.now() - start;
    }
  }
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, FRAME_FALLBACK_MS);
    requestAnimationFrame(done);
  });
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
