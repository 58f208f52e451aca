// Consumer smoke test: a Node ESM script imports the headless core ('well-softphone/core.js') from the packed
// tarball and logs in, goes ready and logs out against the simulator. Node 20 has no global WebSocket, so it runs
// with --experimental-websocket (Node 22+ has one by default).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sh, workspace } from './workspace.mjs';
import { startSimulator } from '../../simulator/index.mjs';

let ws;
let sim;
before(async () => {
  ws = await workspace();
  sim = await startSimulator({ port: 0, domain: 'test.cc' });
});
after(async () => {
  await sim?.stop();
  await ws?.dispose();
});

test('node: the headless core logs in, goes ready and logs out without a DOM', async () => {
  const flags = typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : [];
  const { stdout } = await sh(process.execPath, [...flags, 'app.mjs', sim.baseUrl, 'test.cc'], {
    cwd: join(ws.dir, 'node'),
    timeout: 30_000,
  });
  const result = JSON.parse(stdout.trim().split('\n').at(-1));
  assert.equal(result.hasCustomElements, false, 'no DOM in Node');
  assert.ok(result.codes.includes(2) && result.codes.includes(3), `status codes: ${result.codes}`);
  assert.equal(result.codes.at(-1), -1, `logged out at the end: ${result.codes}`);
});
