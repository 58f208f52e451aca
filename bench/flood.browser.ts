// 6. End to end: a Node simulator (started by bench/run.mjs on 127.0.0.1) floods the agent's topic with mode events
// over its real STOMP WebSocket; the page receives them with <well-softphone> (real well vendor, stompjs, frame
// guard, codec, statechart, element) and, for the baseline, with a bare WebSocket that only counts the same frames.
// - capacity: `capacityN` events sent as fast as the simulator can, received by the bare socket, then by the
//   element; events/s from the first frame to the last one received (bare) / applied and rendered (element).
// - sustained: `rate` events/s for `seconds` s into the element; how long after the flood ends (the simulator's
//   answer to the flood request, i.e. the last frame was written to the socket) the element has applied the last
//   event and rendered it; and that the final status, custom states and label are right.
import type { WellSoftphone } from '../src/element/well-softphone.element.js';
import { check, defineBench, log, now, rate, waitUntil } from './lib/harness.js';
import { defineElement } from './lib/register.js';

defineElement();

interface Params extends Record<string, unknown> {
  capacityN: number;
  rate: number;
  seconds: number;
  /** Filled in by run.mjs: the simulator started for this run. */
  sim: { baseUrl: string; eventUrl: string; controlUrl: string; domain: string };
}

const JOB = '5001';
const EXTENSION = '8001';

async function control<T>(sim: Params['sim'], path: string, body: unknown): Promise<T> {
  const response = await fetch(`${sim.controlUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

type Flood = { sent: number; lastSerial: number; ms: number };

/** A bare STOMP subscriber on a plain WebSocket: CONNECT, SUBSCRIBE, then it counts MESSAGE frames. */
async function bareCapacity(sim: Params['sim'], n: number): Promise<number> {
  const ws = new WebSocket(sim.eventUrl, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
  let count = 0;
  let first = 0;
  let last = 0;
  let connected: () => void = () => {};
  const ready = new Promise<void>((resolve) => (connected = resolve));
  ws.onmessage = (event: MessageEvent<string>) => {
    const data = event.data;
    if (data.startsWith('MESSAGE')) {
      if (count++ === 0) first = now();
      last = now();
    } else if (data.startsWith('CONNECTED')) connected();
  };
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  ws.send('CONNECT\naccept-version:1.2,1.1,1.0\nhost:127.0.0.1\nheart-beat:0,0\n\n\0');
  await ready;
  const agentId = `${JOB}@${sim.domain}`.replaceAll('.', '_');
  ws.send(`SUBSCRIBE\nid:sub-0\ndestination:/topic/event.agent.*.${agentId}\n\n\0`);
  // The subscription is registered once the server read the frame; a one-event probe confirms it.
  await control(sim, '/flood', { agent: JOB, count: 1 });
  await waitUntil(() => count === 1, 'the bare socket receives the probe event');
  count = 0;
  await control<Flood>(sim, '/flood', { agent: JOB, count: n });
  await waitUntil(() => count >= n, `the bare socket receives ${n} frames`, 60_000);
  ws.close();
  return rate(n, last - first);
}

function lastSerialWatcher(el: WellSoftphone): { first: () => number; until: (serial: number) => Promise<number> } {
  let seen = 0;
  let firstAt = 0;
  let wanted = Infinity;
  let release: (at: number) => void = () => {};
  el.phone.on('event', (event) => {
    if (firstAt === 0) firstAt = now();
    seen = Math.max(seen, event.meta.serial ?? 0);
    if (seen >= wanted) release(now());
  });
  return {
    first: () => firstAt,
    until: (serial) =>
      new Promise<number>((resolve) => {
        wanted = serial;
        release = resolve;
        if (seen >= serial) resolve(now());
      }).finally(() => {
        firstAt = 0;
      }),
  };
}

defineBench<Params>(async ({ capacityN, rate: floodRate, seconds, sim }) => {
  await control(sim, `/agents/${JOB}`, { extension: EXTENSION, agentMode: 'NotReady' });
  const bareRate = await bareCapacity(sim, capacityN);
  log(`bare WebSocket: ${capacityN} frames at ${bareRate} frames/s`);

  const el = document.createElement('well-softphone');
  el.server = sim.baseUrl;
  el.domain = sim.domain;
  el.lang = 'en';
  el.loginMode = 'force';
  document.body.append(el);
  await el.updateComplete;
  let renders = 0;
  const host = el as unknown as { update(changed: unknown): void };
  const update = host.update;
  host.update = function (this: unknown, changed: unknown) {
    renders++;
    update.call(this, changed);
  };
  await el.login({ jobNumber: JOB, password: '123456', domain: sim.domain, extension: EXTENSION });
  await waitUntil(() => el.statusCode === 2, 'status 2 after login');
  await el.updateComplete;
  const serials = lastSerialWatcher(el);
  const label = (): string => el.shadowRoot?.querySelector('[part~="status-label"]')?.textContent?.trim() ?? '';
  const verify = (what: string): void => {
    check(el.statusCode === 3, `${what}: status ${el.statusCode}, expected 3`);
    check(el.matches(':state(ready)') && !el.matches(':state(not-ready)'), `${what}: custom state ready`);
    check(el.matches(':state(connected)'), `${what}: still connected`);
    check(label() === 'Ready', `${what}: label "${label()}"`);
  };

  // Capacity: as fast as the simulator sends.
  let flood = await control<Flood>(sim, '/flood', { agent: JOB, count: capacityN });
  const capacitySent = rate(capacityN, flood.ms);
  const firstAt = serials.first();
  await serials.until(flood.lastSerial);
  await el.updateComplete;
  const elementRate = rate(capacityN, now() - firstAt);
  verify('capacity');
  log(
    `element: ${capacityN} events at ${elementRate} events/s, ratio to the bare socket ${(elementRate / bareRate).toFixed(2)}; ` +
      `the simulator wrote them at ${capacitySent} frames/s`,
  );

  // Sustained: `rate` events/s for `seconds` s.
  const n = Math.round(floodRate * seconds);
  const rendersBefore = renders;
  const t0 = now();
  flood = await control<Flood>(sim, '/flood', { agent: JOB, count: n, rate: floodRate });
  const endedAt = now();
  const appliedAt = await serials.until(flood.lastSerial);
  await el.updateComplete;
  const renderedAt = now();
  verify('sustained');
  const lagMs = Math.max(0, renderedAt - endedAt);
  const sustainedRenders = renders - rendersBefore;
  log(
    `sustained: ${n} events at ${floodRate}/s sent in ${flood.ms} ms; last one applied ${(appliedAt - endedAt).toFixed(1)} ms ` +
      `and rendered ${lagMs.toFixed(1)} ms after the flood ended; ${sustainedRenders} renders in ${((renderedAt - t0) / 1000).toFixed(1)} s`,
  );
  el.remove();
  return {
    metrics: {
      elementPerSec: elementRate,
      barePerSec: bareRate,
      ratio: elementRate / bareRate,
      capacitySentPerSec: capacitySent,
      lagMs,
      sentPerSec: rate(n, flood.ms),
      rendersPerSec: Math.round(sustainedRenders / ((renderedAt - t0) / 1000)),
    },
  };
});
