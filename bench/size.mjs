// npm run size: builds the self-contained element bundle (lit + xstate + @stomp/stompjs + ours, the `well`
// vendor) with Vite, minifies every output file fully with esbuild (Vite's library mode keeps whitespace in ES
// output) and prints min+gzip and min+brotli sizes. Language packs and non-default vendor adapters are separate
// chunks: a `well` page downloads the main bundle (entry + its static imports) plus one language; an `xswitch` page
// also the xswitch adapter. The budget applies to the `well` page.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_KB = Number(process.env.SIZE_BUDGET_KB ?? 40); // issue #2/#3 budget; DESIGN.md's target is 35
const TARGET_KB = 35;

await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
const dist = join(root, 'dist');
const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
const measure = async (file) => {
  const source = readFileSync(join(dist, file), 'utf8');
  const { code } = await transform(source, {
    minify: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    charset: 'utf8',
  });
  return {
    file,
    min: Buffer.byteLength(code),
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const sizes = await Promise.all(files.map(measure));
const byFile = new Map(sizes.map((s) => [s.file, s]));
const kb = (n) => (n / 1024).toFixed(1);

/** Chunks a file imports statically (always loaded with it), transitively. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(join(dist, file), 'utf8');
  for (const m of source.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g))
    closure(m[1], seen);
  return seen;
}
const total = (set, key) => [...set].reduce((n, f) => n + (byFile.get(f)?.[key] ?? 0), 0);
const base = closure('well-softphone.js');
const languages = sizes.filter((s) => /^(zh-CN|en)-/.test(s.file));
const largestLanguage = languages.reduce((a, b) => (b.gzip > a.gzip ? b : a));
const xswitchChunk = sizes.find((s) => s.file.startsWith('xswitch.vendor'));
const page = (extra) => {
  const set = new Set([...base, largestLanguage.file, ...extra]);
  return { min: total(set, 'min'), gzip: total(set, 'gzip'), brotli: total(set, 'brotli') };
};
const wellPage = page([]);
const xswitchPage = xswitchChunk ? page([...closure(xswitchChunk.file)]) : undefined;
for (const s of sizes) {
  const role = base.has(s.file) ? 'always' : languages.includes(s) ? 'language' : 'on demand';
  console.log(
    `${s.file.padEnd(34)} ${role.padEnd(9)} min ${kb(s.min).padStart(6)} KB  gzip ${kb(s.gzip).padStart(5)} KB  brotli ${kb(s.brotli).padStart(5)} KB`,
  );
}
console.log(
  `well page (main bundle + one language):     min ${kb(wellPage.min)} KB, min+gzip ${kb(wellPage.gzip)} KB, min+brotli ${kb(wellPage.brotli)} KB`,
);
if (xswitchPage) {
  console.log(
    `xswitch page (+ the xswitch adapter chunk): min ${kb(xswitchPage.min)} KB, min+gzip ${kb(xswitchPage.gzip)} KB, min+brotli ${kb(xswitchPage.brotli)} KB`,
  );
}
const ok = wellPage.gzip <= BUDGET_KB * 1024;
console.log(
  `budget ${BUDGET_KB} KB gzip for the well page (DESIGN target ${TARGET_KB} KB): ${ok ? 'OK' : 'OVER BUDGET'}`,
);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'size.json'),
  `${JSON.stringify({ sizes, page, budgetKb: BUDGET_KB }, null, 2)}\n`,
);
if (!ok) process.exit(1);
