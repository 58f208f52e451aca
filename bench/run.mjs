// npm run bench [-- [names…] [--runs=N] [--verbose] [--cpu-profile] [--heap-profile]]: the performance benchmarks in Chromium.
//
// Bundles every bench/*.browser.ts with esbuild into a temp dir, serves it from a static server on 127.0.0.1
// (cross-origin isolated, so performance.now() has 5 µs resolution), opens each benchmark run in a fresh page of
// headless Chromium through Playwright, prints a table (metric, target, PASS/FAIL), writes
// bench/results/bench.json and exits 1 when a target fails (2 when a benchmark could not run).
// Names: core, element, burst, latency, flood, bigframe, heap, heap-calls, heap-core, ratio. Everything is bounded by timeouts.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright';
import { startSimulator } from '../simulator/index.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH_DIR, '..');
const RESULTS = join(BENCH_DIR, 'results', 'bench.json');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // gc() and unrounded performance.memory for the heap benchmark.
  '--js-flags=--expose-gc',
  '--enable-precise-memory-info',
];
/** The whole run, build and browser included. */
const TOTAL_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 10 * 60_000);

const K = 1000;
/**
 * The benchmarks. `rows` are the table lines: `target` is the project's target for it, rows without one are information.
 * `agg` folds the runs: median for throughput, worst run (`max`) for blocking, latency and heap targets.
 */
const BENCHES = [
  {
    id: 'core',
    entry: 'core',
    runs: 3,
    timeoutMs: 60_000,
    params: { n: 100 * K, warmup: 10 * K },
    rows: [
      {
        key: 'eventsPerSec',
        label: '1. Decode + apply through the statechart (no element)',
        unit: 'events/s',
        agg: 'median',
      },
      { key: 'jsonParsePerSec', label: '   JSON.parse alone', unit: 'events/s', agg: 'median' },
      {
        key: 'codecPerSec',
        label: '   codec alone (parseWellFrame + decodeWellEvent)',
        unit: 'events/s',
        agg: 'median',
      },
      {
        key: 'transportFieldsPerSec',
        label: '   core, bodies with params/_type/topics',
        unit: 'events/s',
        agg: 'median',
      },
    ],
  },
  {
    id: 'element',
    entry: 'element',
    runs: 3,
    timeoutMs: 90_000,
    params: { n: 100 * K, warmup: 10 * K, perTaskN: 20 * K },
    rows: [
      {
        key: 'eventsPerSec',
        label: '2. With <well-softphone> attached (one task, then render)',
        unit: 'events/s',
        agg: 'median',
      },
      {
        key: 'perTaskEventsPerSec',
        label: '   one event per task (Lit renders every event)',
        unit: 'events/s',
        agg: 'median',
      },
      { key: 'perTaskUsPerEvent', label: '   cost per event + render, task hop excluded', unit: 'µs', agg: 'median' },
    ],
  },
  {
    id: 'burst',
    entry: 'burst',
    runs: 3,
    timeoutMs: 60_000,
    params: { n: 5 * K, warmup: 1 * K },
    rows: [
      {
        key: 'maxBlockMs',
        label: '3. Burst of 5 000 events, one per task: longest block',
        unit: 'ms',
        target: ['<=', 50],
        agg: 'max',
      },
      { key: 'longTasks', label: '   long tasks (≥ 50 ms) during the burst', unit: '', agg: 'max' },
      { key: 'p99GapMs', label: '   time between two event tasks, p99', unit: 'ms', agg: 'median' },
      { key: 'burstEventsPerSec', label: '   burst throughput', unit: 'events/s', agg: 'median' },
      { key: 'oneTaskMs', label: '   the same 5 000 handed over in ONE task', unit: 'ms', agg: 'median' },
    ],
  },
  {
    id: 'latency',
    entry: 'latency',
    runs: 3,
    timeoutMs: 60_000,
    params: { ratePerSec: 500, durationMs: 2000, warmup: 200 },
    rows: [
      {
        key: 'domP99Ms',
        label: '4. Frame → DOM at 500 events/s, p99',
        unit: 'ms',
        target: ['<=', 16],
        agg: 'max',
      },
      { key: 'domP50Ms', label: '   frame → DOM p50', unit: 'ms', agg: 'median' },
      { key: 'frameP99Ms', label: '   push → next animation frame p99', unit: 'ms', agg: 'median' },
      { key: 'achievedPerSec', label: '   achieved rate', unit: 'events/s', agg: 'median' },
    ],
  },
  {
    id: 'heap',
    entry: 'heap',
    runs: 2,
    timeoutMs: 120_000,
    params: { n: 100 * K, warmup: 200, chunk: 500, element: true },
    rows: [
      {
        key: 'growthMB',
        label: '5. Heap growth after 100 000 events (element, after GC)',
        unit: 'MB',
        target: ['<=', 1],
        agg: 'max',
      },
      { key: 'secondHalfMB', label: '   growth from 50 000 to 100 000 events', unit: 'MB', agg: 'max' },
      { key: 'afterMB', label: '   used JS heap after 100 000 events', unit: 'MB', agg: 'max' },
    ],
  },
  {
    id: 'flood',
    entry: 'flood',
    runs: 1,
    timeoutMs: 180_000,
    // a simulator on 127.0.0.1 is started for each run and its URLs passed as `params.sim`
    simulator: true,
    params: { capacityN: 20 * K, rate: 5 * K, seconds: 30 },
    rows: [
      {
        key: 'elementPerSec',
        label: '6. End to end WebSocket → element, capacity',
        unit: 'events/s',
        target: ['>=', 5 * K],
        agg: 'median',
      },
      { key: 'barePerSec', label: '   bare WebSocket, same frames (counting only)', unit: 'frames/s', agg: 'median' },
      { key: 'ratio', label: '   ratio element / bare WebSocket', unit: '', agg: 'median' },
      {
        key: 'capacitySentPerSec',
        label: '   rate the simulator wrote the capacity frames',
        unit: 'frames/s',
        agg: 'median',
      },
      {
        key: 'lagMs',
        label: '   5 000 events/s for 30 s: final state rendered after the flood',
        unit: 'ms',
        target: ['<=', 1000],
        agg: 'max',
      },
      { key: 'sentPerSec', label: '   rate the simulator achieved', unit: 'events/s', agg: 'median' },
      { key: 'rendersPerSec', label: '   renders per second during the flood', unit: '/s', agg: 'median' },
    ],
  },
  {
    id: 'bigframe',
    entry: 'bigframe',
    runs: 3,
    timeoutMs: 120_000,
    // a simulator on 127.0.0.1 is started for each run and its URLs passed as `params.sim`
    simulator: true,
    params: { sizes: [10 * 1024 * 1024, 1024 * 1024] },
    rows: [
      {
        key: 'worker10MB',
        label: '8. A 10 MB event message: longest main-thread block',
        unit: 'ms',
        target: ['<=', 100],
        agg: 'max',
      },
      { key: 'worker1MB', label: '   a 1 MB message', unit: 'ms', agg: 'max' },
      { key: 'page10MB', label: '   10 MB, socket on the page (socketInWorker: false)', unit: 'ms', agg: 'max' },
      { key: 'page1MB', label: '   1 MB, socket on the page', unit: 'ms', agg: 'max' },
      { key: 'workerCorrupt', label: '   a small corrupt frame (the report and resync alone)', unit: 'ms', agg: 'max' },
      { key: 'pageCorrupt', label: '   the same, socket on the page', unit: 'ms', agg: 'max' },
      { key: 'idle', label: '   nothing arriving for 3 s (noise floor)', unit: 'ms', agg: 'max' },
    ],
  },
  {
    id: 'heap-calls',
    entry: 'heap',
    runs: 1,
    timeoutMs: 120_000,
    params: { n: 70 * K, warmup: 210, chunk: 490, element: true, stream: 'call' },
    rows: [
      {
        key: 'growthMB',
        label: '   heap growth after 10 000 calls (70 000 events, element)',
        unit: 'MB',
        target: ['<=', 1],
        agg: 'max',
      },
    ],
  },
  {
    id: 'heap-core',
    entry: 'heap',
    runs: 1,
    timeoutMs: 120_000,
    params: { n: 100 * K, warmup: 200, chunk: 500, element: false },
    rows: [{ key: 'growthMB', label: '   heap growth, headless core only', unit: 'MB', agg: 'max' }],
  },
  {
    id: 'ratio',
    entry: 'ratio',
    runs: 1,
    timeoutMs: 120_000,
    // one warm-up round, then 5 timed rounds per stream inside the page (medians), each against JSON.parse of the
    // same bodies
    params: { n: 28 * K, rounds: 5, warmup: 28 * K },
    rows: [
      { key: 'coreModeX', label: '7. Core ÷ JSON.parse, same bodies, agent modes', unit: '×', agg: 'median' },
      { key: 'elementModeX', label: '   element ÷ JSON.parse, agent modes', unit: '×', agg: 'median' },
      {
        key: 'coreCallX',
        label: '   core ÷ JSON.parse, inbound-call cycle (one task)',
        unit: '×',
        target: ['<=', 12],
        agg: 'median',
      },
      {
        key: 'singleCallX',
        label: '   core ÷ JSON.parse, inbound-call cycle, one step per fact',
        unit: '×',
        agg: 'median',
      },
      {
        key: 'elementCallX',
        label: '   element ÷ JSON.parse, inbound-call cycle',
        unit: '×',
        target: ['<=', 30],
        agg: 'median',
      },
      {
        key: 'floorCallX',
        label: '   bare xstate floor ÷ JSON.parse (one transition per event)',
        unit: '×',
        agg: 'median',
      },
      { key: 'jsonModePerSec', label: '   JSON.parse, agent modes', unit: 'events/s', agg: 'median' },
      { key: 'jsonCallPerSec', label: '   JSON.parse, inbound-call cycle', unit: 'events/s', agg: 'median' },
      { key: 'coreCallPerSec', label: '   core, inbound-call cycle', unit: 'events/s', agg: 'median' },
      { key: 'elementCallPerSec', label: '   element, inbound-call cycle', unit: 'events/s', agg: 'median' },
    ],
  },
];

// ---- command line ----------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(
    `Usage: npm run bench [-- [${BENCHES.map((b) => b.id).join('|')} …] [--runs=N] [--verbose] [--cpu-profile]]`,
  );
  process.exit(0);
}
const verbose = argv.includes('--verbose') || argv.includes('-v');
// --cpu-profile: a Chromium CPU profile of each run's page, bench/results/<id>-<run>.cpuprofile (open it in DevTools)
const cpuProfile = argv.includes('--cpu-profile');
// --heap-profile: where the objects still alive at the end of each run were allocated (sampling heap profiler),
// bench/results/<id>-<run>.heapprofile (open it in DevTools' Memory panel)
const heapProfile = argv.includes('--heap-profile');
let profileRun = 0;
const runsArg = argv.find((a) => a.startsWith('--runs='));
const runsOverride = runsArg ? Number(runsArg.slice('--runs='.length)) : undefined;
if (runsOverride !== undefined && !(Number.isInteger(runsOverride) && runsOverride > 0)) {
  console.error(`--runs must be a positive integer, got "${runsArg}"`);
  process.exit(2);
}
const names = argv.filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !BENCHES.some((b) => b.id === n));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${BENCHES.map((b) => b.id).join(', ')}`);
  process.exit(2);
}
const selected = BENCHES.filter((b) => names.length === 0 || names.includes(b.id));

// ---- resources, cleaned up on every exit path ------------------------------------------------------------
let outdir;
let server;
let browser;
let cleaning;
let stopped; // why the run was cut short (watchdog, signal)
function cleanup() {
  cleaning ??= (async () => {
    if (browser) await Promise.race([browser.close().catch(() => {}), sleep(10_000)]);
    if (server) {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
    }
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  })();
  return cleaning;
}
const watchdog = setTimeout(() => {
  stopped = `gave up after ${TOTAL_TIMEOUT_MS / 1000} s (BENCH_TIMEOUT_MS)`;
  console.error(`\nbench: ${stopped}`);
  // Closing the browser makes the pending run fail; main() then reports and exits. Hard exit if it does not.
  void cleanup();
  setTimeout(() => process.exit(2), 15_000).unref();
}, TOTAL_TIMEOUT_MS);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    stopped = signal;
    console.error(`\nbench: ${signal}, stopping`);
    await cleanup();
    process.exit(130);
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects after `ms` (and stops waiting); `onTimeout` tears down what is stuck. */
function withTimeout(promise, ms, what, onTimeout) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${what} timed out after ${ms / 1000} s`));
    }, ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---- build ---------------------------------------------------------------------------------------------------
async function bundle() {
  const entries = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.browser.ts'))
    .map((f) => join(BENCH_DIR, f));
  outdir = mkdtempSync(join(tmpdir(), 'well-bench-'));
  await build({
    entryPoints: entries,
    outdir,
    entryNames: '[name]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    charset: 'utf8',
    // a profile names functions as the source does
    minify: !cpuProfile && !heapProfile,
    sourcemap: 'linked',
    conditions: ['production', 'import', 'module', 'browser', 'default'],
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  });
  return entries.map((f) => basename(f, '.ts'));
}

// ---- static server -------------------------------------------------------------------------------------------
const TYPES = { '.js': 'text/javascript; charset=utf-8', '.map': 'application/json; charset=utf-8' };
function serve(pages) {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    // Cross-origin isolation: fine-grained performance.now() (5 µs instead of 100 µs).
    const headers = {
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    };
    if (path === '/favicon.ico') {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    const page = /^\/([\w.-]+)\.html$/.exec(path)?.[1];
    if (page && pages.includes(page)) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench: ${page}</title></head>` +
          `<body><script type="module" src="/${page}.js"></script></body></html>`,
      );
      return;
    }
    const file = /^\/([\w.-]+\.(?:js|map))$/.exec(path)?.[1];
    if (file) {
      try {
        const body = readFileSync(join(outdir, file));
        res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] });
        res.end(body);
        return;
      } catch {
        // fall through to 404
      }
    }
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
    res.end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

// ---- one run in a fresh page -----------------------------------------------------------------------------------
async function runOnce(baseUrl, bench) {
  const context = await browser.newContext();
  const errors = [];
  let sim;
  let params = bench.params;
  try {
    const page = await context.newPage();
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('[bench] ')) console.log(`    ${text.slice(8)}`);
      else if (verbose || message.type() === 'error') console.log(`    [page ${message.type()}] ${text}`);
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('crash', () => errors.push('the page crashed'));
    await page.goto(`${baseUrl}/${bench.entry}.browser.html`, { timeout: 15_000 });
    await page.waitForFunction(() => globalThis.__bench !== undefined, null, { timeout: 15_000 });
    if (bench.simulator) {
      sim = await startSimulator({ xswitch: false });
      params = {
        ...params,
        sim: { baseUrl: sim.baseUrl, eventUrl: sim.eventUrl, controlUrl: sim.controlUrl, domain: sim.world.domain },
      };
    }
    const cdp = cpuProfile || heapProfile ? await context.newCDPSession(page) : undefined;
    if (cdp && cpuProfile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    if (cdp && heapProfile) await cdp.send('HeapProfiler.startSampling', { samplingInterval: 512 });
    const result = await withTimeout(
      page.evaluate((p) => globalThis.__bench.run(p), params),
      bench.timeoutMs,
      `${bench.id}`,
      () => void context.close().catch(() => {}),
    );
    if (cdp) {
      const run = ++profileRun;
      const save = (kind, profile) => {
        const file = join(dirname(RESULTS), `${bench.id}-${run}.${kind}`);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(profile));
        console.log(`    profile: ${file.slice(ROOT.length + 1)}`);
      };
      if (cpuProfile) save('cpuprofile', (await cdp.send('Profiler.stop')).profile);
      if (heapProfile) save('heapprofile', (await cdp.send('HeapProfiler.stopSampling')).profile);
    }
    if (errors.length > 0) throw new Error(`uncaught error in the page: ${errors.join('; ')}`);
    return result;
  } finally {
    await context.close().catch(() => {});
    await sim?.stop();
  }
}

// ---- folding and printing --------------------------------------------------------------------------------------
function fold(values, agg) {
  const sorted = [...values].sort((a, b) => a - b);
  if (agg === 'max') return sorted[sorted.length - 1];
  if (agg === 'min') return sorted[0];
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function format(value, unit) {
  if (value === undefined || Number.isNaN(value)) return '—';
  let text;
  if (Math.abs(value) >= 1000) text = Math.round(value).toLocaleString('en-US');
  else if (Number.isInteger(value)) text = String(value);
  else if (Math.abs(value) >= 10) text = value.toFixed(1);
  else if (Math.abs(value) >= 1) text = value.toFixed(2);
  else text = value.toFixed(3);
  return unit ? `${text} ${unit}` : text;
}

const passes = ([op, limit], value) => (op === '>=' ? value >= limit : value <= limit);

function printTable(rows) {
  const head = ['Metric', 'Measured', 'Runs (min – max)', 'Target (targets)', 'Result'];
  const lines = rows.map((r) => [
    r.label,
    r.error ? 'ERROR' : format(r.value, r.unit),
    r.samples.length > 1
      ? `${format(Math.min(...r.samples), '')} – ${format(Math.max(...r.samples), '')} (${r.samples.length}, ${r.agg === 'max' ? 'worst' : r.agg})`
      : '',
    r.target ? `${r.target[0] === '>=' ? '≥' : '≤'} ${format(r.target[1], r.unit)}` : '',
    r.error ? 'ERROR' : r.target ? (r.pass ? 'PASS' : 'FAIL') : 'info',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => [...l[i]].length)));
  const fmt = (cells) => cells.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ');
  console.log(fmt(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const line of lines) console.log(fmt(line));
}

// ---- main --------------------------------------------------------------------------------------------------------
async function main() {
  console.log('bench: bundling bench/*.browser.ts …');
  const pages = await bundle();
  const baseUrl = await serve(pages);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  const environment = {
    date: new Date().toISOString(),
    node: process.version,
    chromium: browser.version(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${process.platform} ${process.arch}`,
  };
  console.log(
    `bench: Chromium ${environment.chromium}, Node ${environment.node}, ${environment.cores} × ${environment.cpu}\n`,
  );

  const benchmarks = [];
  for (const bench of selected) {
    const runs = runsOverride ?? bench.runs;
    const record = { id: bench.id, entry: bench.entry, params: bench.params, runs: [] };
    benchmarks.push(record);
    for (let run = 1; run <= runs; run++) {
      if (stopped) {
        record.error = `not run: ${stopped}`;
        break;
      }
      console.log(`${bench.id} (run ${run}/${runs})`);
      const started = Date.now();
      try {
        const result = await runOnce(baseUrl, bench);
        record.runs.push({ ...result, wallMs: Date.now() - started });
      } catch (err) {
        record.error = stopped ? `stopped: ${stopped}` : err instanceof Error ? err.message : String(err);
        console.log(`    ERROR: ${record.error}`);
        break;
      }
    }
  }

  const rows = [];
  for (const bench of selected) {
    const record = benchmarks.find((b) => b.id === bench.id);
    for (const row of bench.rows) {
      const samples = record.runs.map((r) => r.metrics[row.key]).filter((v) => typeof v === 'number');
      const value = samples.length > 0 ? fold(samples, row.agg) : undefined;
      const error = record.error !== undefined || value === undefined;
      rows.push({
        id: bench.id,
        key: row.key,
        label: row.label,
        unit: row.unit,
        agg: row.agg,
        target: row.target,
        samples,
        value,
        error,
        pass: !error && (row.target ? passes(row.target, value) : true),
      });
    }
  }

  console.log('');
  printTable(rows);
  const failed = rows.filter((r) => r.target && !r.error && !r.pass);
  const errored = benchmarks.filter((b) => b.error !== undefined);
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(
    RESULTS,
    `${JSON.stringify(
      {
        environment,
        passed: failed.length === 0 && errored.length === 0,
        rows: rows.map(({ id, key, label, unit, agg, target, samples, value, error, pass }) => ({
          id,
          key,
          label: label.trim(),
          unit,
          agg,
          target: target ? { op: target[0], value: target[1] } : null,
          value: value ?? null,
          samples,
          result: error ? 'ERROR' : target ? (pass ? 'PASS' : 'FAIL') : 'info',
        })),
        benchmarks,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nbench: results written to ${RESULTS.slice(ROOT.length + 1)}`);
  if (errored.length > 0) {
    console.log(`bench: ${errored.length} benchmark(s) could not run: ${errored.map((b) => b.id).join(', ')}`);
    return 2;
  }
  if (failed.length > 0) {
    console.log(`bench: ${failed.length} target(s) missed: ${failed.map((r) => r.label.trim()).join('; ')}`);
    return 1;
  }
  console.log('bench: every target met');
  return 0;
}

let code = 2;
try {
  code = await main();
} catch (err) {
  console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
process.exit(code);
