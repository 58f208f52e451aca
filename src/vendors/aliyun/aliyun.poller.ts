/** Timers the poller runs on; tests pass a simulated clock. */
export interface PollClock {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The page's own timers (called as methods of `globalThis`). */
export const REAL_CLOCK = globalThis as unknown as PollClock;

/** Failures in a row that mean the proxy is gone, and the longest wait after failures (ms). */
const FAILURES_BEFORE_LOST = 3;
const MAX_BACKOFF_MS = 30_000;

export interface PollerOptions {
  /** One PollUserStatus round: resolves when applied, rejects when it failed. */
  poll(signal: AbortSignal): Promise<void>;
  /** The period now: short while a call is live, long when idle. */
  periodMs(): number;
  /** Called after three failures in a row (the poller has stopped then). */
  lost(error: unknown, failures: number): void;
  clock?: PollClock | undefined;
}

/**
 * PollUserStatus on a cadence (docs/protocols/aliyun.md fact 10): the next round is scheduled when the last one
 * settled, so two polls are never in flight; after a failure the wait doubles (up to 30 s), and after
 * three failures in a row the poller stops and reports the proxy lost. Polling is also the agent's
 * heartbeat, so it runs for as long as the agent is signed in; `stop()` ends it (logout, dispose).
 */
export class AliyunPoller {
  readonly #options: PollerOptions;
  readonly #clock: PollClock;
  #timer: unknown;
  #controller: AbortController | undefined;
  #running = false;
  #failures = 0;
  #inFlight = false;

  constructor(options: PollerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? REAL_CLOCK;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Starts polling (the first round after one period); a running poller is left as it is. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#failures = 0;
    this.#schedule(this.#options.periodMs());
  }

  /** Stops polling; a round in flight is aborted and its result ignored. */
  stop(): void {
    this.#running = false;
    this.#controller?.abort();
    this.#controller = undefined;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(ms: number): void {
    this.#timer = this.#clock.setTimeout(() => void this.#round(), ms);
  }

  async #round(): Promise<void> {
    this.#timer = undefined;
    if (!this.#running || this.#inFlight) return;
    const controller = (this.#controller = new AbortController());
    this.#inFlight = true;
    let failed = false;
    let error: unknown;
    try {
      await this.#options.poll(controller.signal);
    } catch (err) {
      failed = true;
      error = err;
    }
    this.#inFlight = false;
    if (controller.signal.aborted || !this.#running) return;
    this.#controller = undefined;
    this.#failures = failed ? this.#failures + 1 : 0;
    if (this.#failures < FAILURES_BEFORE_LOST) {
      const period = this.#options.periodMs();
      this.#schedule(failed ? Math.min(MAX_BACKOFF_MS, period * 2 ** this.#failures) : period);
    } else {
      this.stop();
      this.#options.lost(error, this.#failures);
    }
  }
}
