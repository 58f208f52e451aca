// Consumer smoke test: what `npm install well-softphone` puts on disk — only built files, every `exports` target
// present, minified JavaScript, no TypeScript sources, lit / xstate / stompjs left to the consumer (npm build) —
// and the headless entry importable in plain Node.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { transform } from 'esbuild';
import { listFiles, sh, workspace } from './workspace.mjs';

let ws;
let pkgDir;
let pkg;
before(async () => {
  ws = await workspace();
  pkgDir = join(ws.dir, 'node_modules', 'well-softphone');
  pkg = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8'));
});
after(() => ws?.dispose());

test('package: ships dist/, custom-elements.json, README and LICENSE only — no sources, tests, bench or simulator', async () => {
  const files = await listFiles(pkgDir);
  const outside = files.filter((f) => !f.startsWith('dist/'));
  assert.deepEqual(outside.sort(), ['LICENSE', 'README.md', 'custom-elements.json', 'package.json']);
  assert.deepEqual(
    files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
    [],
  );
  for (const f of ['dist/well-softphone.js', 'dist/core.js', 'dist/events.js', 'dist/index.js']) {
    assert.ok(files.includes(f), `${f} shipped`);
  }
  assert.ok(files.includes('dist/cdn/well-softphone.min.js'));
});

test('package: every exports target exists, types first; sideEffects only for the registration entry', async () => {
  const files = new Set(await listFiles(pkgDir));
  for (const [entry, target] of Object.entries(pkg.exports)) {
    if (entry.includes('*')) continue; // folders filled by other build steps (editor data)
    const targets = typeof target === 'string' ? { default: target } : target;
    if (typeof target !== 'string') assert.equal(Object.keys(target)[0], 'types', `${entry}: "types" comes first`);
    for (const path of Object.values(targets)) assert.ok(files.has(path.replace(/^\.\//, '')), `${entry} → ${path}`);
  }
  assert.deepEqual(
    pkg.sideEffects.filter((f) => !f.includes('/cdn/')),
    ['./dist/well-softphone.js'],
  );
});

test('package: the npm build is minified and leaves lit, xstate and @stomp/stompjs to the consumer', async () => {
  const js = (await listFiles(join(pkgDir, 'dist'))).filter((f) => f.endsWith('.js') && !f.startsWith('cdn/'));
  const bare = new Set();
  for (const f of js) {
    // the source-map comment is not code: a re-minification drops it, which alone is 10 % of a tiny shared chunk
    const code = (await readFile(join(pkgDir, 'dist', f), 'utf8')).replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '');
    // minified = a full esbuild minification finds (almost) nothing left to remove
    const again = (await transform(code, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' }))
      .code;
    assert.ok(
      again.length > code.length * 0.95,
      `${f} is minified (${code.length} bytes, re-minified ${again.length})`,
    );
    for (const m of code.matchAll(/(?:from|import)\s*["'`]([^."'`][^"'`]*)["'`]/g)) bare.add(m[1].split('/')[0]);
  }
  assert.deepEqual([...bare].sort(), ['@stomp', 'lit', 'xstate']);
  for (const dep of ['lit', 'xstate', '@stomp/stompjs']) assert.ok(pkg.dependencies[dep], `${dep} is a dependency`);
});

test('package: the headless core and the event classes import in plain Node without touching the DOM', async () => {
  const script = `
    const core = await import('well-softphone/core.js');
    const events = await import('well-softphone/events.js');
    const manifest = await import('well-softphone/custom-elements.json', { with: { type: 'json' } });
    console.log(JSON.stringify({
      core: ['Softphone', 'WellError', 'WellErrorCode', 'STATUS_CODES', 'EventLog', 'deriveEndpoints'].filter((k) => !core[k]),
      events: ['WellStatusChangeEvent', 'WellCallEndEvent'].filter((k) => !events[k]),
      tag: manifest.default.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName)?.tagName,
    }));`;
  const { stdout } = await sh(process.execPath, ['--input-type=module', '-e', script], { cwd: ws.dir });
  assert.deepEqual(JSON.parse(stdout), { core: [], events: [], tag: 'well-softphone' });
});
