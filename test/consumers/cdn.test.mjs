// Consumer smoke test: the one-file CDN build from the packed tarball (dist/cdn/well-softphone.min.js), loaded by a
// plain HTML page with one <script type="module">, no bundler; logs in against the simulator in Chromium.
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build, transform } from 'esbuild';
import { loginInBrowser, workspace } from './workspace.mjs';

let ws;
before(async () => {
  ws = await workspace();
});
after(() => ws?.dispose());

test('cdn: the shipped file is self-contained (imports nothing) and minified', async () => {
  const file = join(ws.dir, 'node_modules', 'well-softphone', 'dist', 'cdn', 'well-softphone.min.js');
  // esbuild's module graph of the file: any static or dynamic import of another file would be listed
  const { metafile } = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
  assert.deepEqual(imports, [], 'lit, xstate, stompjs, the languages and the vendors are all inlined');
  const code = await readFile(file, 'utf8');
  const again = (await transform(code, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' })).code;
  assert.ok(again.length > code.length * 0.95, `minified (${code.length} bytes, re-minified ${again.length})`);
});

test('cdn: a plain HTML page with one script tag renders <well-softphone> and logs in', async () => {
  const dir = join(ws.dir, 'cdn');
  await copyFile(
    join(ws.dir, 'node_modules', 'well-softphone', 'dist', 'cdn', 'well-softphone.min.js'),
    join(dir, 'well-softphone.min.js'),
  );
  const { codes, errors } = await loginInBrowser(dir);
  assert.deepEqual(errors, []);
  assert.equal(codes.at(-1), 2, `status codes seen by the page: ${codes}`);
});
