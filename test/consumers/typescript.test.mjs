// Consumer smoke test: a strict TypeScript app (standard decorators, skipLibCheck: false) type-checks against the
// packed package's .d.ts, importing every public entry, under both `bundler` and `NodeNext` resolution.
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sh, workspace } from './workspace.mjs';

let ws;
before(async () => {
  ws = await workspace();
});
after(() => ws?.dispose());

const tsc = (project) =>
  sh(process.execPath, [join(ws.dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], {
    cwd: join(ws.dir, 'typescript'),
  });

test('typescript: strict, skipLibCheck false, standard decorators, moduleResolution bundler', async () => {
  await tsc('tsconfig.json');
});

test('typescript: the same app with module/moduleResolution NodeNext', async () => {
  await tsc('tsconfig.nodenext.json');
});
