// Page-side helpers shared by the bench/*.browser.ts entries. The runner (bench/run.mjs) opens one fresh page per
// benchmark run and calls `globalThis.__bench.run(params)`; the returned object must be JSON-serialisable.
import { Softphone } from '../../src/core/softphone.js';
import { BenchBackend } from './bench-vendor.js';
import { DOMAIN, EXTENSION, JOB_NUMBER } from './wire.js';

/** What every benchmark returns: named numbers for the table, anything else for bench.json. */
export interface BenchResult {
  metrics: Record<string, number>;
  details?: Record<string, unknown>;
}

declare global {
  var __bench: { run(params: Record<string, unknown>): Promise<BenchResult> } | undefined;
}

/** Registers the page's benchmark for the runner. */
export function defineBench<P extends Record<string, unknown>>(run: (params: P) => Promise<BenchResult>): void {
  globalThis.__bench = { run: (params) => run(params as P) };
}

/** Progress lines; the runner prints the ones starting with `[bench]`. */
export const log = (message: string): void => console.log(`[bench] ${message}`);

export const now = (): number => performance.now();

// One shared MessageChannel: `nextTask()` resolves in a new task (no 4 ms timer clamping, no rendering wait).
const queue: (() => void)[] = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => queue.shift()?.();
/** Resolves in a fresh task, the way a WebSocket delivers each message. */
export const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    queue.push(resolve);
    channel.port2.postMessage(null);
  });

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sorted copy. */
export const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(ascending.length - 1, Math.max(0, rank - 1))]!;
}

export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/** Events per second for `count` events in `ms`. */
export const rate = (count: number, ms: number): number => Math.round((count * 1000) / ms);

/** Polls `condition` every task until it holds or `timeoutMs` passes (then throws `what`). */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!condition()) {
    if (now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(1);
  }
}

/** Throws when `ok` is false: a benchmark whose result is wrong must not report a figure. */
export function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(`Check failed: ${message}`);
}

interface MemoryInfo {
  usedJSHeapSize: number;
}

/**
 * Used JS heap after full GCs (Chromium started with `--js-flags=--expose-gc --enable-precise-memory-info`).
 * Collects a few times with tasks in between so finalisers and microtask-held garbage are gone too.
 */
export async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  // `performance.memory` is a snapshot taken when the getter runs: read it again after the last gc().
  const memory = (): MemoryInfo | undefined => (performance as unknown as { memory?: MemoryInfo }).memory;
  if (!gc || !memory()) throw new Error('Start Chromium with --js-flags=--expose-gc --enable-precise-memory-info');
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(20);
  }
  gc();
  return memory()!.usedJSHeapSize;
}

export const CREDENTIALS = { jobNumber: JOB_NUMBER, password: '123456', domain: DOMAIN, extension: EXTENSION };
/** Never contacted: the bench backend replaces the network. It only has to be a valid URL. */
export const SERVER = 'http://127.0.0.1:9';

/** A headless core logged in (status 2) on the bench backend. */
export async function loggedInPhone(): Promise<{ phone: Softphone; backend: BenchBackend }> {
  const backend = new BenchBackend();
  const phone = new Softphone({ vendor: 'well', server: SERVER, vendorFactory: backend.factory });
  await phone.login(CREDENTIALS, { timeout: 5000 });
  await waitUntil(() => phone.getStatusCode() === 2, 'status 2 after login');
  return { phone, backend };
}
