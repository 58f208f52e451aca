// 4. Frame → DOM latency at 500 events/s: one wire body every 2 ms for 2 s (1 000 events, ready / not ready
// alternating), each in its own task like a WebSocket message. Latency = from the push to the MutationObserver
// seeing the text of [part~="status-label"] change to that event's status (or a later event's: an update that
// covers several events counts for all of them). If a render shows a newer event but leaves the text as it was
// (two flips coalesced into one render), the pending events count as updated at that render.
// Info: push → the next animation frame after the DOM change (when the browser starts painting it).
// Timers are armed from MessageChannel tasks so Chromium's 4 ms clamp on nested timers never applies.
import { loggedInElement } from './lib/element.js';
import { check, defineBench, log, nextTask, now, percentile, round, sleep, sorted } from './lib/harness.js';
import { streamCode, wireStream } from './lib/wire.js';

interface Params extends Record<string, unknown> {
  ratePerSec: number;
  durationMs: number;
  warmup: number;
}

defineBench<Params>(async ({ ratePerSec, durationMs, warmup }) => {
  const { el, backend, label, renders, onRender } = await loggedInElement();
  const period = 1000 / ratePerSec;
  const count = Math.round(durationMs / period);
  const first = backend.serial;
  const bodies = wireStream(warmup + count, first);
  const labelOf = new Map<number, string>();
  for (let i = 0; i < warmup; i++) {
    await nextTask();
    backend.push(bodies[i]!);
    await el.updateComplete;
    labelOf.set(streamCode(i), label().textContent ?? '');
  }
  check(labelOf.size === 2 && labelOf.get(2) !== labelOf.get(3), 'ready and not-ready labels differ');
  await sleep(50);

  const pushAt = new Float64Array(count);
  const domAt = new Float64Array(count).fill(Number.NaN);
  const frameAt = new Float64Array(count).fill(Number.NaN);
  const lag = new Float64Array(count);
  let pushed = 0; // events pushed so far
  let resolved = 0; // events whose status the DOM has shown
  let wrongText = 0;
  let mutations = 0;
  const span = label();
  let shown = span.textContent;
  /** The DOM now reflects every event pushed so far. */
  const resolve = (at: number): void => {
    if (resolved === pushed) return;
    const upTo = pushed;
    for (let k = resolved; k < upTo; k++) domAt[k] = at;
    const from = resolved;
    resolved = upTo;
    requestAnimationFrame(() => {
      const t = now();
      for (let k = from; k < upTo; k++) frameAt[k] = t;
    });
  };
  const observer = new MutationObserver(() => {
    const at = now();
    mutations++;
    shown = span.textContent;
    if (pushed > 0 && shown !== labelOf.get(streamCode(warmup + pushed - 1))) wrongText++;
    else resolve(at);
  });
  observer.observe(span, { characterData: true, childList: true, subtree: true });
  const offRender = onRender(() => {
    // A render that left the text as it was (coalesced flips) but shows the latest status.
    if (span.textContent === shown && shown === labelOf.get(streamCode(warmup + pushed - 1))) resolve(now());
  });

  const rendersBefore = renders();
  const ticks = new MessageChannel();
  let start = 0;
  await new Promise<void>((done) => {
    const step = (): void => {
      const t = now();
      if (pushed < count && t >= start + pushed * period) {
        lag[pushed] = t - (start + pushed * period);
        pushAt[pushed] = now();
        backend.push(bodies[warmup + pushed]!);
        pushed++;
      }
      if (pushed >= count) return done();
      const wait = start + pushed * period - now();
      if (wait <= 0) ticks.port2.postMessage(null);
      else setTimeout(() => ticks.port2.postMessage(null), Math.floor(wait));
    };
    ticks.port1.onmessage = step;
    start = now() + 10;
    ticks.port2.postMessage(null);
  });
  await el.updateComplete;
  await sleep(100); // the last frames
  observer.disconnect();
  offRender();
  ticks.port1.close();
  const streamRenders = renders() - rendersBefore;

  const dom: number[] = [];
  const frame: number[] = [];
  for (let k = 0; k < count; k++) {
    dom.push(domAt[k]! - pushAt[k]!);
    frame.push(frameAt[k]! - pushAt[k]!);
  }
  const missed = dom.filter(Number.isNaN).length;
  check(missed === 0, `${missed} of ${count} events never reached the label`);
  check(wrongText === 0, `${wrongText} label changes showed an older status`);
  check(el.statusCode === streamCode(warmup + count - 1), 'status after the stream');
  const domSorted = sorted(dom);
  const frameSorted = sorted(frame.filter((v) => !Number.isNaN(v)));
  const lagSorted = sorted(Array.from(lag));
  const achieved = ((count - 1) * 1000) / (pushAt[count - 1]! - pushAt[0]!);
  log(
    `latency: ${count} events at ${achieved.toFixed(0)}/s (${streamRenders} renders, ${mutations} label changes), ` +
      `push → DOM p50 ${percentile(domSorted, 50).toFixed(3)} ms p99 ${percentile(domSorted, 99).toFixed(3)} ms, ` +
      `push → next frame p99 ${percentile(frameSorted, 99).toFixed(1)} ms`,
  );
  return {
    metrics: {
      domP50Ms: round(percentile(domSorted, 50), 3),
      domP99Ms: round(percentile(domSorted, 99), 3),
      domMaxMs: round(domSorted[domSorted.length - 1]!, 3),
      frameP50Ms: round(percentile(frameSorted, 50), 2),
      frameP99Ms: round(percentile(frameSorted, 99), 2),
      achievedPerSec: Math.round(achieved),
    },
    details: {
      count,
      periodMs: period,
      renders: streamRenders,
      labelChanges: mutations,
      scheduleLagP99Ms: percentile(lagSorted, 99),
      scheduleLagMaxMs: lagSorted[lagSorted.length - 1],
      framesMeasured: frameSorted.length,
    },
  };
});
