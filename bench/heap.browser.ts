// 5. Heap after 100 000 events: used JS heap after full GCs, before and after pushing the events (in chunks, one
// chunk per task, rendering after each chunk when the element is attached). Bodies are built on the fly so the
// test data itself is garbage by the time we measure. Growth = after − before; the growth over the second half
// (50 000 → 100 000) shows whether memory keeps climbing once the event log's ring buffer is full.
// `stream: 'call'` pushes whole inbound calls instead (lib/call-wire.ts, seven events each, every chunk in one
// `VendorSink.batch` as the socket's Worker hands them over): 70 000 events are a supervisor's shift of 10 000 calls.
import { loggedInElement } from './lib/element.js';
import { check, defineBench, heapAfterGc, log, loggedInPhone, nextTask } from './lib/harness.js';
import type { BenchBackend } from './lib/bench-vendor.js';
import { CYCLE, callStream } from './lib/call-wire.js';
import { streamCode, streamName, wireBody } from './lib/wire.js';

interface Params extends Record<string, unknown> {
  n: number;
  warmup: number;
  chunk: number;
  /** false: the headless core only. */
  element: boolean;
  /** `mode` (default): agentReady / agentNotReady; `call`: inbound-call cycles (n, warmup and chunk multiples of 7). */
  stream?: 'mode' | 'call';
}

defineBench<Params>(async ({ n, warmup, chunk, element, stream = 'mode' }) => {
  if (stream === 'call') check(n % 7 === 0 && warmup % 7 === 0 && chunk % 7 === 0, 'whole call cycles');
  let backend: BenchBackend;
  let statusCode: () => number;
  let settle: () => Promise<unknown>;
  let logSize: () => number;
  if (element) {
    const bench = await loggedInElement();
    backend = bench.backend;
    statusCode = () => bench.el.statusCode;
    settle = () => bench.el.updateComplete;
    logSize = () => bench.el.phone.log.size;
  } else {
    const bench = await loggedInPhone();
    backend = bench.backend;
    statusCode = () => bench.phone.getStatusCode();
    settle = async () => {};
    logSize = () => bench.phone.log.size;
  }
  const first = backend.serial;
  const at0 = Date.now() - (warmup + n) * 100;
  let i = 0;
  const pushUntil = async (end: number): Promise<void> => {
    while (i < end) {
      await nextTask();
      const stop = Math.min(end, i + chunk);
      if (stream === 'call') {
        backend.pushAll(callStream((stop - i) / CYCLE.length, first + i, 1 + i / CYCLE.length));
        i = stop;
      } else for (; i < stop; i++) backend.push(wireBody(streamName(i), first + i, at0 + i * 100));
      await settle();
    }
  };

  await pushUntil(warmup);
  const logAtBaseline = logSize();
  const before = await heapAfterGc();
  await pushUntil(warmup + n / 2);
  const middle = await heapAfterGc();
  await pushUntil(warmup + n);
  const after = await heapAfterGc();
  check(statusCode() === (stream === 'call' ? 3 : streamCode(warmup + n - 1)), 'status after the last event');
  const growth = after - before;
  log(
    `heap (${element ? 'element' : 'core only'}, ${stream} stream): ${(before / 1048576).toFixed(2)} MB → ` +
      `${(after / 1048576).toFixed(2)} MB ` +
      `after ${n} events (growth ${(growth / 1024).toFixed(0)} KB, second half ${((after - middle) / 1024).toFixed(0)} KB)`,
  );
  return {
    metrics: {
      growthMB: Number((growth / 1048576).toFixed(3)),
      secondHalfMB: Number(((after - middle) / 1048576).toFixed(3)),
      afterMB: Number((after / 1048576).toFixed(2)),
    },
    details: { n, warmup, chunk, element, stream, before, middle, after, logAtBaseline, logAtEnd: logSize() },
  };
});
