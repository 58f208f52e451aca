/** What rings: `"off"`, an audio URL, a host function (called with `true` / `false`), or unset for the built-in tone. */
export type RingtoneSource = string | ((ringing: boolean) => void) | undefined;

/** The built-in tone: two 400 ms bursts of 440 + 480 Hz, 200 ms apart, every 3 s (no audio asset to download). */
const BURSTS_S = [0, 0.6] as const;
const BURST_LENGTH_S = 0.4;
const PERIOD_MS = 3000;
const GAIN = 0.08;
/** How long a suspended audio context may take to start before the ring counts as blocked, ms. */
const BLOCKED_AFTER_MS = 400;

type AudioContextCtor = new () => AudioContext;

/**
 * Rings while a call rings this tab: the host's function, an audio URL (looped), or a Web Audio tone. The browser's
 * autoplay policy may keep sound off until the agent interacts with the page: `onBlocked` is told, and
 * {@link unlock} (called on the agent's next click in the element) starts it.
 */
export class Ringer {
  readonly #source: () => RingtoneSource;
  readonly #onBlocked: () => void;
  #ringing = false;
  /** The source the current ring started with (stopped the same way). */
  #started: RingtoneSource;
  #context: AudioContext | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #audio: HTMLAudioElement | undefined;
  #nodes: OscillatorNode[] = [];

  constructor(source: () => RingtoneSource, onBlocked: () => void) {
    this.#source = source;
    this.#onBlocked = onBlocked;
  }

  get ringing(): boolean {
    return this.#ringing;
  }

  /** Starts or stops ringing (idempotent). */
  set(ringing: boolean): void {
    if (ringing === this.#ringing) return;
    this.#ringing = ringing;
    if (ringing) this.#start();
    else this.#stop();
  }

  /** After a user gesture: lets a blocked ring sound. */
  unlock(): void {
    if (this.#context && this.#context.state !== 'running') void this.#context.resume().catch(() => undefined);
    if (this.#ringing && this.#audio?.paused) void this.#audio.play().catch(() => undefined);
  }

  dispose(): void {
    this.set(false);
    void this.#context?.close().catch(() => undefined);
    this.#context = undefined;
  }

  #start(): void {
    const source = (this.#started = this.#source());
    if (typeof source === 'function') {
      try {
        source(true);
      } catch {
        // a host ringtone that throws must not break call handling
      }
    } else if (source === 'off') {
      return;
    } else if (source) {
      this.#audio = new Audio(source);
      this.#audio.loop = true;
      this.#audio.play().catch(() => {
        if (this.#ringing) this.#onBlocked();
      });
    } else {
      this.#tone();
    }
  }

  #tone(): void {
    const g = globalThis as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
    const Ctor = g.AudioContext ?? g.webkitAudioContext;
    if (!Ctor) return;
    try {
      const context = (this.#context ??= new Ctor());
      if (context.state !== 'running') {
        void context.resume().catch(() => undefined);
        setTimeout(() => {
          if (this.#ringing && context.state !== 'running') this.#onBlocked();
        }, BLOCKED_AFTER_MS);
      }
      this.#burst(context);
      this.#timer = setInterval(() => this.#burst(context), PERIOD_MS);
    } catch {
      // no audio device: the visual cues still ring
    }
  }

  #burst(context: AudioContext): void {
    const gain = context.createGain();
    gain.gain.value = GAIN;
    gain.connect(context.destination);
    const now = context.currentTime;
    this.#nodes = [];
    for (const offset of BURSTS_S) {
      for (const frequency of [440, 480]) {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = frequency;
        oscillator.connect(gain);
        oscillator.start(now + offset);
        oscillator.stop(now + offset + BURST_LENGTH_S);
        this.#nodes.push(oscillator);
      }
    }
  }

  #stop(): void {
    const source = this.#started;
    this.#started = undefined;
    if (typeof source === 'function') {
      try {
        source(false);
      } catch {
        // see #start
      }
    }
    this.#audio?.pause();
    this.#audio = undefined;
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const node of this.#nodes) {
      try {
        node.stop();
      } catch {
        // already stopped
      }
    }
    this.#nodes = [];
  }
}
