// @ts-check
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { startSimulator } from './index.mjs';

/** RabbitMQ Web-STOMP endpoint started by `scripts/broker.sh`. */
export const BROKER_URL = 'ws://127.0.0.1:15674/ws';
const BROKER_PORT = 15674;

/**
 * @typedef {object} SimStartPayload
 * @property {string} [domain]
 * @property {boolean} [broker] also publish every event to RabbitMQ at {@link BROKER_URL}
 * @property {number} [eventDelayMs]
 * @property {number} [licenceLimit]
 * @property {number} [heartbeatTimeoutMs]
 * @property {boolean} [embedded]
 * @property {'none' | 'acw'} [afterCall]
 * @property {'manual' | 'answer' | 'busy' | 'noAnswer'} [externalAnswer]
 * @property {number} [externalAnswerDelayMs]
 * @property {boolean} [xswitch] serve the XSwitch Verto endpoint (default true)
 * @property {string} [xswitchDomain]
 * @property {number} [xswitchPingIdleMs]
 * @property {boolean} [aliyun] serve the Aliyun CCC proxy endpoint (default true)
 * @property {number} [aliyunRingTimeoutMs]
 * @property {Partial<import('./quirks.mjs').Quirks>} [quirks] optional protocol features to leave out
 */

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function portOpen(port) {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (/** @type {boolean} */ up) => {
      socket.destroy();
      done(up);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/**
 * @param {string} script
 * @param {string} action
 * @returns {Promise<{ok: boolean, output: string}>}
 */
function runBrokerScript(script, action) {
  return new Promise((done) => {
    const child = spawn('bash', [resolve(script), action], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', (error) => done({ ok: false, output: `${output}${error.message}` }));
    child.once('close', (code) => done({ ok: code === 0, output: output.trim() }));
  });
}

/** How long a broker command may keep the browser waiting (its own limit is 20 s). */
const BROKER_ANSWER_MS = 15000;

/**
 * @param {Promise<{ok: boolean, output: string}>} job
 * @param {number} ms
 * @returns {Promise<{done: boolean, ok: boolean, output: string}>}
 */
function settleWithin(job, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const later = new Promise((done) => (timer = setTimeout(() => done({ done: false, ok: false, output: '' }), ms)));
  return Promise.race([job.then((r) => ({ done: true, ...r })), later]).finally(() => clearTimeout(timer));
}

/**
 * Web Test Runner plugin: browser tests start and stop simulators (and the RabbitMQ broker) with
 * `executeServerCommand` from `@web/test-runner-commands`.
 *
 * - `sim-start` `{domain?, broker?, eventDelayMs?, licenceLimit?, heartbeatTimeoutMs?, embedded?, afterCall?,
 *   externalAnswer?, externalAnswerDelayMs?, xswitch?, xswitchDomain?, xswitchPingIdleMs?, aliyun?,
 *   aliyunRingTimeoutMs?, quirks?}` → `{id, baseUrl, eventUrl, controlUrl, domain, brokerUrl?, xswitchUrl?,
 *   xswitchDomain?, aliyunUrl?, aliyunInstance?}`
 * - `sim-stop` `{id}` → `{ok}`
 * - `broker-start` / `broker-stop` → `{done, ok, output}` (runs `bash <brokerScript> start|stop`); answers within
 *   15 s, before the browser's 20 s command timeout: `done: false` means still running, then `broker-wait` → the same
 *   shape once it finished or after another 15 s (a loaded machine can take longer to start RabbitMQ)
 * - `broker-status` → `{up}` (TCP connect to 127.0.0.1:15674)
 *
 * Every simulator still running is stopped when the test runner stops.
 * @param {{brokerScript?: string}} [options]
 * @returns {import('@web/test-runner-core').TestRunnerPlugin}
 */
export function simulatorPlugin({ brokerScript = 'scripts/broker.sh' } = {}) {
  /** @type {Map<string, import('./index.mjs').RunningSimulator>} */
  const instances = new Map();
  let nextId = 1;
  /** @type {Promise<{ok: boolean, output: string}> | undefined} the last broker start/stop */
  let brokerJob;

  return {
    name: 'well-simulator',

    async executeCommand({ command, payload }) {
      switch (command) {
        case 'sim-start': {
          const p = /** @type {SimStartPayload} */ (payload ?? {});
          const sim = await startSimulator({
            domain: p.domain,
            eventDelayMs: p.eventDelayMs,
            licenceLimit: p.licenceLimit,
            heartbeatTimeoutMs: p.heartbeatTimeoutMs,
            embedded: p.embedded,
            afterCall: p.afterCall,
            externalAnswer: p.externalAnswer,
            externalAnswerDelayMs: p.externalAnswerDelayMs,
            brokerUrl: p.broker ? BROKER_URL : undefined,
            xswitch: p.xswitch,
            xswitchDomain: p.xswitchDomain,
            xswitchPingIdleMs: p.xswitchPingIdleMs,
            aliyun: p.aliyun,
            aliyunRingTimeoutMs: p.aliyunRingTimeoutMs,
            quirks: p.quirks,
          });
          const id = String(nextId++);
          instances.set(id, sim);
          return {
            id,
            baseUrl: sim.baseUrl,
            eventUrl: sim.eventUrl,
            controlUrl: sim.controlUrl,
            domain: sim.world.domain,
            ...(p.broker ? { brokerUrl: BROKER_URL } : {}),
            ...(sim.xswitch ? { xswitchUrl: sim.xswitchUrl, xswitchDomain: sim.xswitch.domain } : {}),
            ...(sim.aliyun ? { aliyunUrl: sim.aliyunUrl, aliyunInstance: sim.aliyun.instanceId } : {}),
          };
        }
        case 'sim-stop': {
          const id = String(/** @type {{id?: unknown}} */ (payload ?? {}).id);
          const sim = instances.get(id);
          instances.delete(id);
          await sim?.stop();
          return { ok: Boolean(sim) };
        }
        case 'broker-start':
        case 'broker-stop':
          brokerJob = runBrokerScript(brokerScript, command === 'broker-start' ? 'start' : 'stop');
          return settleWithin(brokerJob, BROKER_ANSWER_MS);
        case 'broker-wait':
          return brokerJob ? settleWithin(brokerJob, BROKER_ANSWER_MS) : { done: true, ok: false, output: 'no job' };
        case 'broker-status':
          return { up: await portOpen(BROKER_PORT) };
        default:
          return undefined;
      }
    },

    async serverStop() {
      const running = [...instances.values()];
      instances.clear();
      await Promise.all(running.map((sim) => sim.stop()));
    },
  };
}
