// 3. A burst of 5 000 events (reconnect replay, a supervisor's team storm) with <well-softphone> attached, one
// event per task as a WebSocket delivers them, back to back. Reports the longest main-thread block, the larger of:
//  - the longest entry of a 'longtask' PerformanceObserver (tasks ≥ 50 ms, rendering tasks included);
//  - the longest gap between the starts of two consecutive event tasks: the event's own task with the Lit render
//    in its microtasks, plus whatever the main thread ran before the next event (frame rendering, GC, timers).
//    An upper bound of any single block that does not depend on how the element schedules its rendering.
// Info (no target): the same 5 000 events handed over in ONE task (a client that batches frames).
import { loggedInElement } from './lib/element.js';
import { check, defineBench, log, nextTask, now, percentile, rate, round, sleep, sorted } from './lib/harness.js';
import { streamCode, wireStream } from './lib/wire.js';

interface Params extends Record<string, unknown> {
  n: number;
  warmup: number;
}

interface LongTask {
  start: number;
  duration: number;
}

defineBench<Params>(async ({ n, warmup }) => {
  const { el, backend, renders } = await loggedInElement();
  const longTasks: LongTask[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
  });
  observer.observe({ type: 'longtask', buffered: false });

  const first = backend.serial;
  const bodies = wireStream(warmup + 2 * n, first);
  for (let i = 0; i < warmup; i++) {
    await nextTask();
    backend.push(bodies[i]!);
  }
  await el.updateComplete;
  await sleep(100);

  // The burst: one event per task.
  const starts = new Float64Array(n + 1);
  const rendersBefore = renders();
  for (let k = 0; k < n; k++) {
    await nextTask();
    starts[k] = now();
    backend.push(bodies[warmup + k]!);
  }
  await nextTask();
  starts[n] = now();
  await el.updateComplete;
  const b0 = starts[0]!;
  const b1 = now();
  const burstRenders = renders() - rendersBefore;
  check(el.statusCode === streamCode(warmup + n - 1), 'status after the burst');
  await sleep(200); // let the observer deliver
  const inBurst = longTasks.filter((t) => t.start + t.duration >= b0 && t.start <= b1);
  const maxLongTask = Math.max(0, ...inBurst.map((t) => t.duration));
  const gaps: number[] = [];
  for (let k = 0; k < n; k++) gaps.push(starts[k + 1]! - starts[k]!);
  const gapTimes = sorted(gaps);
  const maxGap = gapTimes[gapTimes.length - 1]!;
  const maxBlockMs = Math.max(maxLongTask, maxGap);
  log(
    `burst: ${n} events in ${(b1 - b0).toFixed(1)} ms (${burstRenders} renders), longest gap between events ` +
      `${maxGap.toFixed(2)} ms, ${inBurst.length} long task(s) (max ${maxLongTask.toFixed(1)} ms)`,
  );

  // Info: all n in one task.
  await nextTask();
  const o0 = now();
  for (let k = 0; k < n; k++) backend.push(bodies[warmup + n + k]!);
  const oneTaskPushMs = now() - o0;
  await el.updateComplete;
  const oneTaskMs = now() - o0;
  check(el.statusCode === streamCode(warmup + 2 * n - 1), 'status after the one-task batch');
  await sleep(200);
  observer.disconnect();
  log(`burst in one task: ${oneTaskPushMs.toFixed(1)} ms pushing, ${oneTaskMs.toFixed(1)} ms until rendered`);

  return {
    metrics: {
      maxBlockMs: round(maxBlockMs, 2),
      maxLongTaskMs: round(maxLongTask, 1),
      longTasks: inBurst.length,
      maxGapMs: round(maxGap, 2),
      p99GapMs: round(percentile(gapTimes, 99), 3),
      burstEventsPerSec: rate(n, b1 - b0),
      oneTaskMs: round(oneTaskPushMs, 1),
    },
    details: {
      n,
      warmup,
      burstMs: b1 - b0,
      burstRenders,
      p50GapMs: percentile(gapTimes, 50),
      oneTaskUntilRenderedMs: oneTaskMs,
      longTasksInBurst: inBurst,
      allLongTasks: longTasks,
    },
  };
});
