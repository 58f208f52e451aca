// npm run size: builds the self-contained element bundle (lit + xstate + @stomp/stompjs + ours, the `well`
// vendor) with Vite, minifies it fully with esbuild (Vite's library mode keeps whitespace in ES output) and
// prints its min+gzip and min+brotli sizes. Fails when the bundle exceeds the budget.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_KB = Number(process.env.SIZE_BUDGET_KB ?? 40); // issue #2/#3 budget; DESIGN.md's target is 35
const TARGET_KB = 35;

await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
const bundle = readFileSync(join(root, 'dist', 'well-softphone.js'), 'utf8');
const { code: minified } = await transform(bundle, {
  minify: true,
  format: 'esm',
  target: 'es2022',
  legalComments: 'none',
  charset: 'utf8',
});
const gzip = gzipSync(minified, { level: 9 }).length;
const brotli = brotliCompressSync(minified, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => (n / 1024).toFixed(1);
const result = {
  bundle: 'dist/well-softphone.js (element + well vendor, lit + xstate + stompjs included)',
  raw: bundle.length,
  minified: minified.length,
  gzip,
  brotli,
  budgetKb: BUDGET_KB,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'size.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`well-softphone.js  min ${kb(minified.length)} KB  min+gzip ${kb(gzip)} KB  min+brotli ${kb(brotli)} KB`);
console.log(
  `budget ${BUDGET_KB} KB gzip (DESIGN target ${TARGET_KB} KB): ${gzip <= BUDGET_KB * 1024 ? 'OK' : 'OVER BUDGET'}`,
);
if (gzip > BUDGET_KB * 1024) process.exit(1);
