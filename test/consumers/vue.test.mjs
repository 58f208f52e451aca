// Consumer smoke test: a Vite 8 + Vue 3 app (@vitejs/plugin-vue, isCustomElement for well-*) imports 'well-softphone/well-softphone.js'
// from the packed tarball, is built with Vite, served on 127.0.0.1 and logs in against the simulator in Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loginInBrowser, viteBuild, workspace } from './workspace.mjs';

let ws;
before(async () => {
  ws = await workspace();
});
after(() => ws?.dispose());

test('vue: a Vite + Vue 3 app renders <well-softphone>, logs in and receives well-status-change', async () => {
  const out = await viteBuild(ws.dir, 'vue');
  const { codes, errors } = await loginInBrowser(out);
  assert.deepEqual(errors, []);
  assert.equal(codes.at(-1), 2, `status codes seen by the app: ${codes}`);
});
