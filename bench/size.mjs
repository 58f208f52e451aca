// npm run size: builds the self-contained element bundle (lit + xstate + @stomp/stompjs + ours, the `well`
// vendor) with Vite, minifies every output file fully with esbuild (Vite's library mode keeps whitespace in ES
// output) and prints min+gzip and min+brotli sizes. Language packs are separate chunks: a page downloads the entry
// plus the one language it shows, so the budget applies to entry + the largest language chunk.
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
const entry = sizes.find((s) => s.file === 'well-softphone.js');
const languages = sizes.filter((s) => /^(zh-CN|en)-/.test(s.file));
const others = sizes.filter((s) => s !== entry && !languages.includes(s));
const kb = (n) => (n / 1024).toFixed(1);
const largestLanguage = languages.reduce((a, b) => (b.gzip > a.gzip ? b : a), { gzip: 0, brotli: 0, min: 0 });
const page = {
  min: entry.min + largestLanguage.min + others.reduce((n, s) => n + s.min, 0),
  gzip: entry.gzip + largestLanguage.gzip + others.reduce((n, s) => n + s.gzip, 0),
  brotli: entry.brotli + largestLanguage.brotli + others.reduce((n, s) => n + s.brotli, 0),
};
for (const s of sizes)
  console.log(
    `${s.file.padEnd(28)} min ${kb(s.min).padStart(6)} KB  gzip ${kb(s.gzip).padStart(5)} KB  brotli ${kb(s.brotli).padStart(5)} KB`,
  );
console.log(
  `per page (entry + one language): min ${kb(page.min)} KB, min+gzip ${kb(page.gzip)} KB, min+brotli ${kb(page.brotli)} KB`,
);
const ok = page.gzip <= BUDGET_KB * 1024;
console.log(`budget ${BUDGET_KB} KB gzip (DESIGN target ${TARGET_KB} KB): ${ok ? 'OK' : 'OVER BUDGET'}`);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'size.json'),
  `${JSON.stringify({ sizes, page, budgetKb: BUDGET_KB }, null, 2)}\n`,
);
if (!ok) process.exit(1);
