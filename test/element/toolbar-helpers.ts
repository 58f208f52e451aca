import { fixture, html } from '@open-wc/testing';
import '../../src/well-softphone.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { credentials, FakeBackend } from '../helpers/fake-vendor.js';
import { statusReached } from '../helpers/status.js';

export const part = <T extends Element = HTMLElement>(el: WellSoftphone, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

/** The element's focused control, by its parts (`document.activeElement` inside the shadow root). */
export const focused = (el: WellSoftphone) => el.shadowRoot!.activeElement?.getAttribute('part') ?? '';

export interface MountOptions {
  lang?: 'en' | 'zh-CN';
  /** Extra attributes, as written in HTML. */
  attrs?: Record<string, string>;
  /** A vendor that can send DTMF and mute (aliyun's capabilities; well cannot). */
  inCall?: boolean;
  initialMode?: 'Ready' | 'NotReady';
  /** Log in (else the element stays at the login form). */
  login?: boolean;
}

/** A `<well-softphone>` on a {@link FakeBackend}, logged in by default, with its session UI loaded. */
export async function mount(options: MountOptions = {}) {
  const backend = new FakeBackend();
  const el = await fixture<WellSoftphone>(html`<well-softphone server="http://127.0.0.1:9"></well-softphone>`);
  el.lang = options.lang ?? 'en';
  for (const [name, value] of Object.entries(options.attrs ?? {})) el.setAttribute(name, value);
  // capabilities come with the vendor's name: aliyun's include DTMF and mute
  el.phone.configure(
    options.inCall ? { vendor: 'aliyun', vendorFactory: backend.factory } : { vendorFactory: backend.factory },
  );
  await el.updateComplete;
  if (options.login !== false) {
    await el.login(credentials({ initialMode: options.initialMode ?? 'Ready' }));
    await statusReached(el, options.initialMode === 'NotReady' ? 2 : 3);
    await el.updateComplete;
  }
  return { el, backend };
}

/** An inbound call, rendered ringing. */
export async function ringing(el: WellSoftphone, backend: FakeBackend, from = '13800138000', data?: object) {
  const callId = backend.offerCall(from, data as Record<string, unknown> | undefined);
  await statusReached(el, 6);
  await el.updateComplete;
  return callId;
}

/** An inbound call, answered and rendered talking. */
export async function talking(el: WellSoftphone, backend: FakeBackend, from = '13800138000', data?: object) {
  const callId = await ringing(el, backend, from, data);
  await el.answer(callId);
  await statusReached(el, 9);
  await el.updateComplete;
  return callId;
}

/** A fake Web Audio context recording what the ring does (the product looks it up at ring time). */
export class FakeAudioContext {
  static instances: FakeAudioContext[] = [];
  static initialState: AudioContextState = 'running';
  state: AudioContextState = FakeAudioContext.initialState;
  currentTime = 0;
  readonly destination = {};
  started = 0;
  stopped = 0;
  constructor() {
    FakeAudioContext.instances.push(this);
  }
  createGain() {
    return { gain: { value: 0 }, connect() {} };
  }
  createOscillator() {
    const context = this;
    return {
      frequency: { value: 0 },
      connect() {},
      start() {
        context.started++;
      },
      stop(when?: number) {
        if (when === undefined) context.stopped++;
      },
    };
  }
  resume() {
    return this.state === 'running' ? Promise.resolve() : new Promise<void>(() => {});
  }
  close() {
    return Promise.resolve();
  }
}

/** Replaces `window.AudioContext` for one test; returns the restore function. */
export function stubAudio(initialState: AudioContextState = 'running'): () => void {
  const original = window.AudioContext;
  FakeAudioContext.instances = [];
  FakeAudioContext.initialState = initialState;
  (window as unknown as { AudioContext: unknown }).AudioContext = FakeAudioContext;
  return () => {
    window.AudioContext = original;
  };
}
