// 2. The same stream with <well-softphone> attached: pushed in one synchronous loop, timed until the last event
// is applied AND the element has rendered (`await el.updateComplete`). Lit batches the updates of one task into a
// single render, so this measures the per-event cost of core + element listeners (status/raw DOM events) + 1 render.
// Info (no target): one event per task, the way a WebSocket delivers them, where Lit renders after every event.
import { loggedInElement } from './lib/element.js';
import { check, defineBench, log, nextTask, now, rate } from './lib/harness.js';
import { streamCode, wireStream } from './lib/wire.js';

interface Params extends Record<string, unknown> {
  n: number;
  warmup: number;
  /** Events pushed one per task for the info figure. */
  perTaskN: number;
}

defineBench<Params>(async ({ n, warmup, perTaskN }) => {
  const { el, backend, label, renders } = await loggedInElement();
  const first = backend.serial;
  const bodies = wireStream(warmup + n + perTaskN, first);
  const labelOf = new Map<number, string>();

  for (let i = 0; i < warmup; i++) {
    backend.push(bodies[i]!);
    // Warm the render path too, and learn the label of each status code.
    if (i >= warmup - 2) {
      await el.updateComplete;
      labelOf.set(streamCode(i), label().textContent ?? '');
    }
  }
  check(labelOf.get(2) !== labelOf.get(3), 'ready and not-ready labels differ');

  // Batched: all events in one task, then one render.
  const rendersBefore = renders();
  const t0 = now();
  for (let i = warmup; i < warmup + n; i++) backend.push(bodies[i]!);
  const applied = now();
  await el.updateComplete;
  const ms = now() - t0;
  const last = warmup + n - 1;
  check(el.statusCode === streamCode(last), `status ${el.statusCode} after the last event`);
  check(el.phone.getSnapshot().context.lastFact?.meta.serial === first + last, 'the last event was applied');
  check(label().textContent === labelOf.get(streamCode(last)), 'the label shows the last status');
  const batchRenders = renders() - rendersBefore;
  const eventsPerSec = rate(n, ms);
  log(`element: ${n} events in ${ms.toFixed(1)} ms (${batchRenders} render) = ${eventsPerSec} events/s`);

  // Info: one event per task → one render per event.
  const start = warmup + n;
  const perTaskRendersBefore = renders();
  const p0 = now();
  for (let i = start; i < start + perTaskN; i++) {
    await nextTask();
    backend.push(bodies[i]!);
  }
  await el.updateComplete;
  const perTaskMs = now() - p0;
  check(el.statusCode === streamCode(start + perTaskN - 1), 'status after the per-task stream');
  const perTaskRenders = renders() - perTaskRendersBefore;
  // The same loop with nothing pushed: what the task hops alone cost.
  const e0 = now();
  for (let i = 0; i < perTaskN; i++) await nextTask();
  const emptyMs = now() - e0;
  log(`element, one event per task: ${rate(perTaskN, perTaskMs)} events/s (${perTaskRenders} renders)`);

  return {
    metrics: {
      eventsPerSec,
      perTaskEventsPerSec: rate(perTaskN, perTaskMs),
      perTaskUsPerEvent: Number((((perTaskMs - emptyMs) * 1000) / perTaskN).toFixed(1)),
    },
    details: {
      n,
      warmup,
      ms,
      applyMs: applied - t0,
      renderMs: ms - (applied - t0),
      batchRenders,
      perTaskN,
      perTaskMs,
      perTaskRenders,
      emptyTaskLoopMs: emptyMs,
    },
  };
});
