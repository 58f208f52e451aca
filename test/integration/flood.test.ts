import { expect } from '@open-wc/testing';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { control, creds, mount, startSim, statusReached, stopSim, type Sim } from './helpers.js';

const N = 5000;

/** Counts the element's renders by wrapping its `updated()` hook. */
function countRenders(el: WellSoftphone): { count: number } {
  const counter = { count: 0 };
  const host = el as unknown as { updated: (changed: unknown) => void };
  const original = host.updated.bind(el);
  host.updated = (changed) => {
    counter.count++;
    original(changed);
  };
  return counter;
}

/** Counts animation frames until stopped (the element renders at most about 10 times per frame in a flood). */
function countFrames(): { count: number; stop: () => void } {
  const counter = { count: 0, stop: () => {} };
  let id = requestAnimationFrame(function tick() {
    counter.count++;
    id = requestAnimationFrame(tick);
  });
  counter.stop = () => cancelAnimationFrame(id);
  return counter;
}

/** Resolves once the core has applied the event with serial `serial` (or a later one). */
function serialReached(el: WellSoftphone): { seen: () => number; until: (serial: number) => Promise<void> } {
  let last = 0;
  let wanted = Infinity;
  let release: () => void = () => {};
  el.phone.on('event', (event) => {
    last = Math.max(last, event.meta.serial ?? 0);
    if (last >= wanted) release();
  });
  return {
    seen: () => last,
    until: (serial) =>
      new Promise<void>((resolve) => {
        wanted = serial;
        release = resolve;
        if (last >= serial) resolve();
      }),
  };
}

describe('a flood of server events through the simulator (STOMP over a real WebSocket)', function () {
  this.timeout(60_000);
  let sim: Sim | undefined;
  afterEach(() => stopSim(sim));

  it(`applies ${N} events in order, fires every status change and renders far fewer than ${N} times`, async () => {
    sim = await startSim();
    const el = await mount(sim);
    await el.login(creds(sim));
    await statusReached(el, 2);
    await el.updateComplete;

    const renders = countRenders(el);
    const frames = countFrames();
    let statusChanges = 0;
    el.addEventListener('well-status-change', () => statusChanges++);
    const serials = serialReached(el);
    const before = serials.seen();

    const flood = await control<{ sent: number; lastSerial: number }>(sim, 'POST', '/flood', {
      agent: '5001',
      count: N,
    });
    expect(flood.sent).to.equal(N);
    await serials.until(flood.lastSerial);
    await el.updateComplete;
    frames.stop();

    expect(flood.lastSerial - before).to.be.at.least(N);
    // The flood alternates NotReady (reason 1) / Ready and starts with NotReady, the agent's status already: N - 1
    // changes of the code, plus one status event for the first one's new reason (1 instead of none).
    expect(statusChanges).to.equal(N);
    expect(el.statusCode).to.equal(3);
    expect(el.matches(':state(ready)')).to.equal(true);
    expect(el.matches(':state(not-ready)')).to.equal(false);
    expect(el.matches(':state(connected)')).to.equal(true);
    const label = el.shadowRoot!.querySelector('[part~="status-label"]')!.textContent ?? '';
    expect(label).to.contain('Ready').and.not.to.contain('Not');
    // Coalesced: at most 10 renders (or 2 ms of them) per animation frame, whatever the machine's load, so far
    // fewer renders than events.
    const seen = `${renders.count} renders in ${frames.count} frames for ${N} events`;
    expect(renders.count, seen).to.be.at.most(11 * (frames.count + 1));
    expect(renders.count, seen).to.be.below(N / 4);
  });

  it('a burst of 100 inbound calls (700 events): every status code in order, each call offered once', async () => {
    sim = await startSim();
    const el = await mount(sim);
    await el.login(creds(sim));
    await statusReached(el, 2);
    await el.updateComplete;
    const codes: number[] = [];
    el.addEventListener('well-status-change', (e) => codes.push(e.detail.code));
    const offers: string[] = [];
    el.addEventListener('well-call-offer', (e) => offers.push(e.detail.callId));
    let snapshots = 0;
    el.phone.on('snapshot', () => snapshots++);
    const serials = serialReached(el);
    const calls = 100;
    const flood = await control<{ sent: number; lastSerial: number }>(sim, 'POST', '/flood', {
      agent: '5001',
      count: calls * 7,
      kind: 'calls',
    });
    await serials.until(flood.lastSerial);
    // ringing, talking, held, talking, the agent's mode (not ready before the first call, then ready), after-call, ready
    const expected = Array.from({ length: calls }, (_, i) => [6, 9, 12, 9, i === 0 ? 2 : 3, 5, 3]).flat();
    expect(codes).to.deep.equal(expected);
    expect(new Set(offers).size).to.equal(calls);
    expect(el.phone.calls).to.deep.equal([]);
    // how many posts the socket's Worker made depends on the machine; every fact was applied once either way
    expect(snapshots).to.be.at.most(calls * 7 + 10);
  });

  it('builds no well-event for an element nobody listens to, and one per message once someone does', async () => {
    sim = await startSim();
    const el = await mount(sim);
    await el.login(creds(sim));
    await statusReached(el, 2);
    let built = 0;
    const onAny = (e: Event) => e.type === 'well-event' && built++;
    // A listener on an ancestor alone does not ask for the raw events (docs/events.md).
    document.addEventListener('well-event', onAny);
    const serials = serialReached(el);
    try {
      let flood = await control<{ lastSerial: number }>(sim, 'POST', '/flood', { agent: '5001', count: 20 });
      await serials.until(flood.lastSerial);
      expect(built).to.equal(0);

      const own: string[] = [];
      const listener = (e: Event) => own.push(String((e as CustomEvent<{ name?: string }>).detail.name));
      el.addEventListener('well-event', listener);
      flood = await control<{ lastSerial: number }>(sim, 'POST', '/flood', { agent: '5001', count: 20 });
      await serials.until(flood.lastSerial);
      expect(own).to.have.length(20);
      expect(own.at(-1)).to.equal('agentReady');
      expect(built).to.equal(20);

      el.removeEventListener('well-event', listener);
      flood = await control<{ lastSerial: number }>(sim, 'POST', '/flood', { agent: '5001', count: 20 });
      await serials.until(flood.lastSerial);
      expect(own).to.have.length(20);
      expect(built).to.equal(20);
    } finally {
      document.removeEventListener('well-event', onAny);
    }
  });
});
