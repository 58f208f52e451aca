// 7. The headless core and the element, each as a multiple of JSON.parse on the same bodies, measured side by side
// in one page: absolute rates vary several-fold with the machine and its load, the ratio much less.
// Two streams: agent modes (agentReady / agentNotReady, every event a status change) and the inbound-call cycle
// (delivered, established, held, retrieved, connectionCleared, agentWorkingAfterCall, agentReady).
// Each round builds fresh bodies (new serials, new call ids) and times, with a full GC before each timing: the core
// on them, JSON.parse of the same bodies over as long a stretch, then the same for the element (one task, until
// `updateComplete`). The ratios are the medians of the per-round time ratios.
// The bodies of a round arrive in one task, as a burst does through the socket's Worker: the bench backend hands
// them over inside `VendorSink.batch` (bench-vendor.ts `pushAll`), so the core may apply a run of quiet facts as one
// statechart step (at most 64). An information row times the core with one step per fact (`push` one by one).
// A third target, the xstate floor (lib/xstate-floor.ts), is a bare xstate actor of the statechart's shape taking one
// cheapest transition per body after JSON.parse: the least any design with one transition per event can cost.
import { xstateFloor } from './lib/xstate-floor.js';
import { CYCLE, callStream } from './lib/call-wire.js';
import { loggedInElement } from './lib/element.js';
import { check, defineBench, log, loggedInPhone, now, rate, round, sorted } from './lib/harness.js';
import { streamCode, wireStream } from './lib/wire.js';

interface Params extends Record<string, unknown> {
  /** Events per round and stream (a multiple of 14: whole call cycles, an even number of mode events). */
  n: number;
  /** Timed rounds per stream. */
  rounds: number;
  /** Events per stream and target pushed first, not timed (JIT warm-up). */
  warmup: number;
}

type Stream = 'mode' | 'call';
const TARGETS = ['core', 'single', 'floor', 'element'] as const;
type Target = (typeof TARGETS)[number];

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('Start Chromium with --js-flags=--expose-gc');
  collect();
};

const median = (values: readonly number[]): number => {
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

let nextCall = 1;
/** `count` fresh bodies of `stream` for `backend`, whose serial moves past them. */
function bodiesFor(stream: Stream, backend: { serial: number }, count: number): string[] {
  const first = backend.serial;
  backend.serial += count;
  if (stream === 'mode') return wireStream(count, first);
  const calls = count / CYCLE.length;
  const bodies = callStream(calls, first, nextCall);
  nextCall += calls;
  return bodies;
}

/**
 * ms to JSON.parse every body once, after a GC: the mean of as many passes over the bodies as fit in `spanMs` (at
 * least one), so that JSON.parse is timed over as long a stretch as the target it is compared with and a busy
 * machine slows both alike.
 */
function timeJson(bodies: readonly string[], spanMs: number): number {
  gc();
  let odd = 0;
  let passes = 0;
  const t0 = now();
  do {
    for (const body of bodies) odd += (JSON.parse(body) as { serial: number }).serial & 1;
    passes++;
  } while (now() - t0 < spanMs);
  const ms = (now() - t0) / passes;
  check(odd === (passes * bodies.length) / 2, 'JSON.parse read every body');
  return ms;
}

defineBench<Params>(async ({ n, rounds, warmup }) => {
  check(n % 14 === 0 && warmup % 14 === 0, 'n and warmup are multiples of 14');
  const core = await loggedInPhone();
  const element = await loggedInElement();
  const { el } = element;
  const floor = xstateFloor();
  const floorSerials = { serial: 1 };
  let floorExpected = 0;
  const targets = {
    core: {
      backend: core.backend,
      code: () => core.phone.getStatusCode(),
      calls: () => core.phone.calls.length,
      run: (bodies: readonly string[]): Promise<void> => {
        core.backend.pushAll(bodies);
        return Promise.resolve();
      },
    },
    single: {
      backend: core.backend,
      code: () => core.phone.getStatusCode(),
      calls: () => core.phone.calls.length,
      run: (bodies: readonly string[]): Promise<void> => {
        for (const body of bodies) core.backend.push(body);
        return Promise.resolve();
      },
    },
    floor: {
      backend: floorSerials,
      // the floor has no status: its checks are that it applied every body
      code: () => (floor.events() === floorExpected ? -2 : floor.events()),
      calls: () => 0,
      run: (bodies: readonly string[]): Promise<void> => {
        floorExpected += bodies.length;
        for (const body of bodies) floor.push(body);
        return Promise.resolve();
      },
    },
    element: {
      backend: element.backend,
      code: () => el.statusCode,
      calls: () => el.phone.calls.length,
      run: async (bodies: readonly string[]) => {
        element.backend.pushAll(bodies);
        await el.updateComplete;
      },
    },
  };
  // the codes the core shows through the first call cycle, for bench.json
  const cycleCodes: number[] = [];
  const offStatus = core.phone.on('status', (change) => {
    if (cycleCodes.length < CYCLE.length) cycleCodes.push(change.code);
  });

  const metrics: Record<string, number> = {};
  const details: Record<string, unknown> = { n, rounds, warmup };
  for (const stream of ['mode', 'call'] as const) {
    // the code after the last body: mode streams end on agentNotReady (n is even), call cycles on agentReady
    const finalCode = stream === 'mode' ? streamCode(n - 1) : 3;
    const ratios: Record<Target, number[]> = { core: [], single: [], floor: [], element: [] };
    const rates: Record<'json' | Target, number[]> = { json: [], core: [], single: [], floor: [], element: [] };
    if (stream === 'call') cycleCodes.length = 0;
    for (let r = -1; r < rounds; r++) {
      for (const name of TARGETS) {
        const target = targets[name];
        const bodies = bodiesFor(stream, target.backend, r < 0 ? warmup : n);
        gc();
        const t0 = now();
        await target.run(bodies);
        const ms = now() - t0;
        const jsonMs = timeJson(bodies, ms);
        const expected = name === 'floor' ? -2 : finalCode;
        check(target.code() === expected, `${name}, ${stream} stream: status ${target.code()}, not ${expected}`);
        check(target.calls() === 0, `${name}, ${stream} stream: ${target.calls()} calls left`);
        if (r < 0) continue; // warm-up
        ratios[name].push(ms / jsonMs);
        rates[name].push(rate(n, ms));
        rates.json.push(rate(n, jsonMs));
      }
    }
    const label = stream === 'mode' ? 'Mode' : 'Call';
    metrics[`core${label}X`] = round(median(ratios.core), 2);
    metrics[`single${label}X`] = round(median(ratios.single), 2);
    metrics[`element${label}X`] = round(median(ratios.element), 2);
    metrics[`floor${label}X`] = round(median(ratios.floor), 2);
    metrics[`json${label}PerSec`] = median(rates.json);
    metrics[`core${label}PerSec`] = median(rates.core);
    metrics[`element${label}PerSec`] = median(rates.element);
    details[stream] = { ratios, rates };
    log(
      `${stream}: core ${metrics[`core${label}X`]}× JSON.parse (one step per fact ${metrics[`single${label}X`]}×), ` +
        `element ${metrics[`element${label}X`]}×, ` +
        `bare xstate floor ${metrics[`floor${label}X`]}× ` +
        `(JSON.parse ${metrics[`json${label}PerSec`]} events/s)`,
    );
  }
  offStatus();
  // ringing, talking, held, talking, the agent's mode again (2 before the first call, 3 after), after-call, ready
  check(/^6,9,12,9,[23],5,3$/.test(cycleCodes.join()), `status codes of a call cycle: ${cycleCodes.join()}`);
  details['firstCycleCodes'] = cycleCodes;
  core.phone.stop();
  floor.stop();
  el.remove();
  return { metrics, details: { ...details, crossOriginIsolated: globalThis.crossOriginIsolated } };
});
