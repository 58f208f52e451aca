// @ts-check
// RabbitMQ mode against the real broker of scripts/broker.sh: starts the broker when its port is
// closed, and stops it afterwards only in that case. Every test uses its own domain, so nothing
// published here reaches another suite's subscribers on the shared broker. STOMP_WS_PORT (read by
// scripts/broker.sh too) selects another broker port.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { login, sessionFor, subscribeAgent, useSimulator } from './helpers.mjs';

const run = promisify(execFile);
const BROKER_PORT = Number(process.env.STOMP_WS_PORT ?? 15674);
const BROKER_URL = `ws://127.0.0.1:${BROKER_PORT}/ws`;
const RABBIT_LOGIN = { login: 'guest', passcode: 'guest', host: '/' };
let startedBroker = false;
let domains = 0;

/** @returns {Promise<boolean>} */
function brokerUp() {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: BROKER_PORT });
    const done = (/** @type {boolean} */ up) => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const uniqueDomain = () => `sim${process.pid}n${++domains}.cc`;

before(async () => {
  if (await brokerUp()) return;
  await run('bash', ['scripts/broker.sh', 'start'], { timeout: 120_000 });
  startedBroker = true;
});

after(async () => {
  if (startedBroker) await run('bash', ['scripts/broker.sh', 'stop'], { timeout: 60_000 });
});

test('with brokerUrl every event also reaches RabbitMQ subscribers on amq.topic, byte for byte', async (t) => {
  const domain = uniqueDomain();
  const sim = await useSimulator(t, { brokerUrl: BROKER_URL, domain });
  assert.equal(sim.world.brokerConnected, true);
  const rabbit = await subscribeAgent(t, BROKER_URL, '5001', { domain, connectHeaders: RABBIT_LOGIN });
  const embedded = await subscribeAgent(t, sim.eventUrl, '5001', { domain });

  assert.equal(
    (await login(sim, await sessionFor(sim, '5001', domain), { domain, agentMode: 'NotReady' })).status,
    204,
  );
  for (const eventName of ['agentLoggedOn', 'agentNotReady']) {
    const viaRabbit = await rabbit.next();
    assert.equal(viaRabbit.headers.destination, `/topic/event.agent.agent.5001@${domain.replaceAll('.', '_')}`);
    assert.equal(JSON.parse(viaRabbit.body).eventName, eventName);
    assert.equal(viaRabbit.body, (await embedded.next()).body);
  }
  assert.equal(sim.world.brokerDropped, 0);
});

test('without the embedded channel, eventUrl is the broker', async (t) => {
  const domain = uniqueDomain();
  const sim = await useSimulator(t, { brokerUrl: BROKER_URL, embedded: false, domain });
  assert.equal(sim.eventUrl, BROKER_URL);
  const rabbit = await subscribeAgent(t, sim.eventUrl, '5002', { domain, connectHeaders: RABBIT_LOGIN });
  await login(sim, await sessionFor(sim, '5002', domain), { job: '5002', ext: '8002', domain });
  assert.equal(JSON.parse((await rabbit.next()).body).eventName, 'agentLoggedOn');
});
