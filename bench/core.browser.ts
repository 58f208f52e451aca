// 1. Decode + apply through the statechart, no element: wire bodies → parseWellFrame → serial filter →
// decodeWellEvent → VendorSink → Softphone → xstate actor (+ status listeners), in one synchronous loop.
// Also, for attribution (no targets): JSON.parse alone, the codec alone, and bodies carrying the transport fields.
import { decodeWellEvent, EventTimeParser, parseWellFrame } from '../src/vendors/well/well.codec.js';
import { check, defineBench, log, loggedInPhone, now, rate } from './lib/harness.js';
import { streamCode, wireStream } from './lib/wire.js';

interface Params extends Record<string, unknown> {
  /** Events measured. */
  n: number;
  /** Events pushed first, not measured (JIT warm-up). */
  warmup: number;
}

defineBench<Params>(async ({ n, warmup }) => {
  const { phone, backend } = await loggedInPhone();
  let statusChanges = 0;
  phone.on('status', () => statusChanges++); // a host listening, as the element does

  const first = backend.serial;
  const bodies = wireStream(warmup + n, first);
  for (let i = 0; i < warmup; i++) backend.push(bodies[i]!);

  statusChanges = 0;
  const t0 = now();
  for (let i = warmup; i < warmup + n; i++) backend.push(bodies[i]!);
  const ms = now() - t0;
  const eventsPerSec = rate(n, ms);
  const last = warmup + n - 1;
  check(phone.getStatusCode() === streamCode(last), `status ${phone.getStatusCode()} after the last event`);
  check(phone.getSnapshot().context.lastFact?.meta.serial === first + last, 'the last event was applied');
  check(statusChanges === n, `${statusChanges} status changes for ${n} events`);
  log(`core: ${n} events in ${ms.toFixed(1)} ms = ${eventsPerSec} events/s`);

  // Attribution: the same bodies through JSON.parse only, then through the codec only.
  let keys = 0;
  const p0 = now();
  for (let i = warmup; i < warmup + n; i++) keys += (JSON.parse(bodies[i]!) as { serial: number }).serial & 1;
  const jsonMs = now() - p0;
  let decoded = 0;
  const times = new EventTimeParser(); // the adapter keeps one, so the codec-alone row does too
  const c0 = now();
  for (let i = warmup; i < warmup + n; i++) {
    const frame = parseWellFrame(bodies[i]!);
    if (frame.ok && decodeWellEvent(frame.event, Date.now(), times)) decoded++;
  }
  const codecMs = now() - c0;
  check(decoded === n && keys === n / 2, 'codec decoded every body');

  // Bodies as a real server sends them, with params/_type/topics that parseWellFrame deletes.
  const full = wireStream(warmup + n, first + warmup + n, { transport: true });
  for (let i = 0; i < warmup; i++) backend.push(full[i]!);
  const f0 = now();
  for (let i = warmup; i < warmup + n; i++) backend.push(full[i]!);
  const fullMs = now() - f0;
  check(phone.getStatusCode() === streamCode(last), 'status after the transport-field stream');

  phone.stop();
  return {
    metrics: {
      eventsPerSec,
      jsonParsePerSec: rate(n, jsonMs),
      codecPerSec: rate(n, codecMs),
      transportFieldsPerSec: rate(n, fullMs),
    },
    details: {
      n,
      warmup,
      ms,
      jsonMs,
      codecMs,
      fullMs,
      bodyBytes: bodies[warmup]!.length,
      fullBodyBytes: full[warmup]!.length,
      crossOriginIsolated: globalThis.crossOriginIsolated,
    },
  };
});
