// 8. One big event message: how long the page's main thread is blocked while a 10 MB (and a 1 MB) WebSocket message
// arrives on the `well` event channel and is dropped as MALFORMED_EVENT (over the 256 KB limit). A Node simulator
// (started by bench/run.mjs) sends the padded frame over its real STOMP WebSocket to a logged-in <well-softphone>,
// once with the event socket in its Worker (the default) and once on the page (`socketInWorker: false`).
// The block is the larger of the longest 'longtask' entry (tasks ≥ 50 ms) and the longest gap between two ticks of a
// MessageChannel loop, both from the control request until the MALFORMED_EVENT arrived (the wait is on that event):
// Chromium turns a WebSocket message into a string outside any task the 'longtask' observer sees, the gap shows it.
// The same probe over 3 s with nothing arriving gives the machine's noise floor, and a small corrupt frame (reported
// and resynced the same way) the cost of the report itself (information).
import type { WellSoftphone } from '../src/element/well-softphone.element.js';
import { check, defineBench, log, now } from './lib/harness.js';
import { defineElement } from './lib/register.js';

defineElement();

interface Params extends Record<string, unknown> {
  sizes: number[];
  /** Filled in by run.mjs: the simulator started for this run. */
  sim: { baseUrl: string; eventUrl: string; controlUrl: string; domain: string };
}

const JOB = '5001';
const EXTENSION = '8001';

async function control(sim: Params['sim'], path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${sim.controlUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path} → ${response.status} ${await response.text()}`);
  return response.json();
}

async function loggedIn(sim: Params['sim'], socketInWorker: boolean): Promise<WellSoftphone> {
  await control(sim, `/agents/${JOB}`, { extension: EXTENSION, agentMode: 'NotReady' });
  const el = document.createElement('well-softphone');
  el.server = sim.baseUrl;
  el.domain = sim.domain;
  el.lang = 'en';
  el.loginMode = 'force';
  document.body.append(el);
  await el.updateComplete;
  el.phone.configure({ socketInWorker });
  await el.login({ jobNumber: JOB, password: '123456', domain: sim.domain, extension: EXTENSION });
  check(el.statusCode === 2, `status ${el.statusCode} after login, expected 2`);
  return el;
}

/** The longest main-thread block while `during` runs: the longest long task or gap between two loop ticks. */
async function longestBlock(during: () => Promise<void>): Promise<number> {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  let ticking = true;
  let last = now();
  let ticked = (): void => {};
  const tick = new MessageChannel();
  tick.port1.onmessage = () => {
    const at = now();
    longest = Math.max(longest, at - last);
    last = at;
    ticked();
    if (ticking) tick.port2.postMessage(0);
  };
  tick.port2.postMessage(0);
  await during();
  // one more tick, so a block right before the end counts
  await new Promise<void>((resolve) => (ticked = resolve));
  ticking = false;
  observer.disconnect();
  tick.port1.close();
  return longest;
}

/**
 * Sends one frame of `bytes` (0: a small frame whose content-length runs past its body) and returns the longest
 * main-thread block until it was reported as dropped.
 */
function blockWhileDropped(el: WellSoftphone, sim: Params['sim'], bytes: number): Promise<number> {
  return longestBlock(async () => {
    const dropped = new Promise<Record<string, unknown>>((resolve) => {
      const on = (event: Event) => {
        const { error } = (event as CustomEvent<{ error: { code: string; detail?: Record<string, unknown> } }>).detail;
        if (error.code !== 'MALFORMED_EVENT') return;
        el.removeEventListener('well-error', on);
        resolve(error.detail ?? {});
      };
      el.addEventListener('well-error', on);
    });
    const agentReady = JSON.stringify({ eventName: 'agentReady', agentId: `${JOB}@${sim.domain}` });
    const frame = bytes ? { padTo: bytes, contentLength: 'auto' } : { contentLength: 99_999 };
    await control(sim, '/frame', { agent: JOB, body: agentReady, ...frame });
    const detail = await dropped;
    const reason = bytes ? 'frameTooLarge' : 'frameCorrupt';
    check(detail['reason'] === reason, `reported as ${String(detail['reason'])}, expected ${reason}`);
    check(el.statusCode === 2, `status ${el.statusCode}: the dropped event must not apply`);
  });
}

defineBench<Params>(async ({ sizes, sim }) => {
  // the noise floor: the same probe while nothing arrives (other processes share the machine's cores)
  const metrics: Record<string, number> = {
    idle: await longestBlock(() => new Promise((resolve) => setTimeout(resolve, 3000))),
  };
  log(`nothing arriving, 3 s: longest block ${metrics['idle']!.toFixed(1)} ms`);
  for (const inWorker of [true, false]) {
    const el = await loggedIn(sim, inWorker);
    const where = inWorker ? 'worker' : 'page';
    for (const bytes of sizes) {
      const ms = await blockWhileDropped(el, sim, bytes);
      const mb = bytes / (1024 * 1024);
      metrics[`${where}${mb}MB`] = ms;
      log(`${mb} MB message, socket ${inWorker ? 'in a Worker' : 'on the page'}: longest block ${ms.toFixed(1)} ms`);
    }
    // what reporting a dropped frame and the resync after it cost by themselves: a small corrupt frame
    const corrupt = await blockWhileDropped(el, sim, 0);
    metrics[`${where}Corrupt`] = corrupt;
    log(`small corrupt frame, socket ${inWorker ? 'in a Worker' : 'on the page'}: ${corrupt.toFixed(1)} ms`);
    await el.logout();
    el.remove();
  }
  return { metrics };
});
