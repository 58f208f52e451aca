// npm start: installs what is missing, starts the CTI simulator on 127.0.0.1 and serves the demo with Vite.
//   npm start                 embedded STOMP endpoint (no broker needed)
//   npm start -- --broker     also publish events through a local RabbitMQ Web-STOMP broker (installed if missing)
// Ports: SIM_PORT (default 5180), DEMO_PORT (default 5173). Ctrl+C stops everything this script started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const broker = process.argv.includes('--broker');
const simPort = Number(process.env.SIM_PORT ?? 5180);
const demoPort = Number(process.env.DEMO_PORT ?? 5173);

if (!existsSync(join(root, 'node_modules', 'vite'))) {
  console.log('start: installing npm packages');
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (npm.status !== 0) process.exit(npm.status ?? 1);
}
if (broker) {
  const started = spawnSync('bash', [join(root, 'scripts', 'broker.sh'), 'start'], { cwd: root, stdio: 'inherit' });
  if (started.status !== 0) process.exit(started.status ?? 1);
}

const { startSimulator } = await import('../simulator/index.mjs');
const sim = await startSimulator({
  port: simPort,
  domain: 'test.cc',
  ...(broker ? { brokerUrl: 'ws://127.0.0.1:15674/ws' } : {}),
  quiet: false,
});
const params = new URLSearchParams({ sim: sim.baseUrl, ...(broker ? { events: 'ws://127.0.0.1:15674/ws' } : {}) });
const vite = spawn(
  process.execPath,
  [
    join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'demo',
    '--config',
    join(root, 'vite.config.ts'),
    '--host',
    '127.0.0.1',
    '--port',
    String(demoPort),
    '--strictPort',
  ],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
console.log(`
  CTI simulator   ${sim.baseUrl}  (events ${broker ? 'ws://127.0.0.1:15674/ws via RabbitMQ' : sim.eventUrl})
  Demo            http://127.0.0.1:${demoPort}/?${params}
  XSwitch demo    http://127.0.0.1:${demoPort}/xswitch.html?sim=${encodeURIComponent(sim.baseUrl)}  (1001 / 1234)
  Aliyun demo     http://127.0.0.1:${demoPort}/aliyun.html?sim=${encodeURIComponent(sim.baseUrl)}  (agent1, any password; CCC proxy ${sim.aliyunUrl})
  Log in as agent 5001, password 123456, domain test.cc, extension 8001. Ctrl+C to stop.
`);

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  vite.kill('SIGTERM');
  await sim.stop();
  if (broker) spawnSync('bash', [join(root, 'scripts', 'broker.sh'), 'stop'], { cwd: root, stdio: 'inherit' });
  process.exit(code);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
vite.on('exit', (code) => void stop(code ?? 0));
