// npm run size: the shipped size of the package, byte for byte as `npm run build` writes it (no re-minification),
// compressed with gzip level 9 and brotli quality 11. See bench/README.md ("Size") for what each line means.
//   node bench/size.mjs             builds dist/ first (both Vite builds of vite.config.ts), then measures
//   node bench/size.mjs --no-build  measures the dist/ that is there
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const BUDGET_KB = Number(process.env.SIZE_BUDGET_KB ?? 40); // the first-load budget of a `well` page (bench/README.md)
const SESSION_BUDGET_KB = Number(process.env.SESSION_BUDGET_KB ?? 50); // all a logged-in `well` agent has loaded

if (!process.argv.includes('--no-build')) {
  const configFile = join(root, 'vite.config.ts');
  await build({ root, configFile, logLevel: 'warn' });
  await build({ root, configFile, mode: 'cdn', logLevel: 'warn' });
}

const sizeOf = (name, bytes) => ({
  file: name,
  bytes: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const read = (file) => readFileSync(join(dist, file));
const js = readdirSync(dist).filter((f) => f.endsWith('.js'));
const files = new Map(js.map((f) => [f, sizeOf(f, read(f))]));

/** Our chunks a file imports statically (always loaded with it), transitively. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = read(file).toString();
  for (const m of code.matchAll(/(?:^|[;}])\s*(?:import|export)\s*(?:[^'"`()]*?from\s*)?["'`]\.\/([^"'`]+\.js)["'`]/g))
    closure(m[1], seen);
  return seen;
}

/** The bindings our shipped files import from each runtime dependency: `{ 'lit': Set{'LitElement', …}, … }`. */
function dependencyImports(ourFiles) {
  const used = new Map();
  for (const file of ourFiles) {
    const code = read(file).toString();
    for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*["'`]([^."'`][^"'`]*)["'`]/g)) {
      const names = used.get(m[2]) ?? new Set();
      for (const spec of m[1].split(',')) names.add(spec.trim().split(/\s+as\s+/)[0]);
      used.set(m[2], names);
    }
  }
  return used;
}

/**
 * lit, xstate and stompjs as a consumer's production build adds them: one esbuild bundle (minified, tree-shaken,
 * `production` export condition, NODE_ENV=production) of exactly the bindings our files import.
 */
async function dependencyBundle(used) {
  const contents = [...used].map(([spec, names]) => `export { ${[...names].join(', ')} } from '${spec}';`).join('\n');
  const result = await esbuild({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    conditions: ['production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    write: false,
  });
  return sizeOf('lit + xstate + @stomp/stompjs', Buffer.from(result.outputFiles[0].contents));
}

const kb = (n) => (n / 1024).toFixed(1).padStart(6);
const row = (label, s) => `${label.padEnd(50)} ${kb(s.bytes)} KB  gzip ${kb(s.gzip)} KB  brotli ${kb(s.brotli)} KB`;
const sum = (label, parts) => ({
  file: label,
  bytes: parts.reduce((n, p) => n + p.bytes, 0),
  gzip: parts.reduce((n, p) => n + p.gzip, 0),
  brotli: parts.reduce((n, p) => n + p.brotli, 0),
});

const entry = closure('well-softphone.js');
const languages = js.filter((f) => /^(zh-CN|en)-/.test(f)).map((f) => files.get(f));
const language = languages.reduce((a, b) => (b.gzip > a.gzip ? b : a)); // the larger pack: the page shows one
/** A lazy adapter's files (its chunk and what only it imports), beyond the entry. */
const lazy = (prefix) =>
  [...new Set(js.filter((f) => f.startsWith(prefix)).flatMap((f) => [...closure(f)]))].filter((f) => !entry.has(f));
// every logged-in page loads the session engine (statechart, xstate) and the session UI; each vendor its adapter
const sessionLazy = [...new Set([...lazy('session-engine'), ...lazy('session-ui')])];
const withSession = (files) => [...new Set([...sessionLazy, ...files])];
const wellLazy = withSession(lazy('well.vendor'));
const xswitchLazy = withSession(lazy('xswitch.vendor'));
const aliyunLazy = withSession(lazy('aliyun.vendor'));
// what a consumer's bundler puts in the first load, and what it splits off with each lazy adapter
const deps = await dependencyBundle(dependencyImports([...entry]));
const depsWell = await dependencyBundle(dependencyImports([...entry, ...wellLazy]));
const depsXswitch = await dependencyBundle(dependencyImports([...entry, ...xswitchLazy]));
const depsAliyun = await dependencyBundle(dependencyImports([...entry, ...aliyunLazy]));
const ours = sum('ours: entry + static imports + one language', [...[...entry].map((f) => files.get(f)), language]);
const wellPage = sum('well page, first load', [ours, deps]);
const wellSession = sum('well page, logged in (+ engine, session UI, adapter)', [
  ours,
  ...wellLazy.map((f) => files.get(f)),
  depsWell,
]);
const xswitchPage = sum('xswitch page, logged in (+ engine, session UI, adapter)', [
  ours,
  ...xswitchLazy.map((f) => files.get(f)),
  depsXswitch,
]);
const aliyunPage = sum('aliyun page, logged in (+ engine, session UI, adapter)', [
  ours,
  ...aliyunLazy.map((f) => files.get(f)),
  depsAliyun,
]);
const cdn = sizeOf('cdn/well-softphone.min.js', read('cdn/well-softphone.min.js'));

console.log('npm build (dist/), each file as shipped:');
for (const s of files.values()) {
  const role = entry.has(s.file) ? 'first load' : languages.includes(s) ? 'language' : 'lazy / other entry';
  console.log(row(`  ${s.file} (${role})`, s));
}
console.log(row('  dependencies of the first load, as a consumer bundles them', deps));
console.log('pages:');
console.log(row(`  ${ours.file}`, ours));
console.log(row(`  ${wellPage.file} (+ dependencies)`, wellPage));
console.log(row(`  ${wellSession.file}`, wellSession));
console.log(row(`  ${xswitchPage.file}`, xswitchPage));
console.log(row(`  ${aliyunPage.file}`, aliyunPage));
console.log('CDN build (everything in one file):');
console.log(row(`  ${cdn.file}`, cdn));
const ok = wellPage.gzip <= BUDGET_KB * 1024;
const sessionOk = wellSession.gzip <= SESSION_BUDGET_KB * 1024;
const verdict = (label, budget, s, fits) =>
  console.log(
    `budget: ${label} ≤ ${budget} KB gzip — ${(s.gzip / 1024).toFixed(1)} KB: ${fits ? 'OK' : 'OVER BUDGET'}`,
  );
verdict('well page first load', BUDGET_KB, wellPage, ok);
verdict('well page logged in', SESSION_BUDGET_KB, wellSession, sessionOk);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'size.json'),
  `${JSON.stringify({ files: [...files.values()], dependencies: deps, ours, wellPage, wellSession, xswitchPage, aliyunPage, cdn, budgetKb: BUDGET_KB, sessionBudgetKb: SESSION_BUDGET_KB }, null, 2)}\n`,
);
if (!ok || !sessionOk) process.exitCode = 1;
