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
import { Client } from '@stomp/stompjs';
import { WebSocket } from 'ws';
import { EventClient, login, sessionFor, subscribeAgent, useSimulator } from './helpers.mjs';

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

/**
 * Connects to the broker as `login` (guest when undefined) and publishes one body on `destination`; resolves with
 * the broker's answer: `refused: …` (an ERROR frame, or the connection closed) or 'accepted' when the receipt came.
 * @param {string | undefined} login
 * @param {string | undefined} passcode
 * @param {string} destination
 * @returns {Promise<string>}
 */
async function publishAs(login, passcode, destination) {
  return new Promise((resolve, reject) => {
    const client = new Client({
      webSocketFactory: () => new WebSocket(BROKER_URL, ['v12.stomp']),
      connectHeaders: login === undefined ? {} : { login, passcode: passcode ?? '', host: '/' },
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 0,
      debug: () => {},
      onConnect: () => {
        client.watchForReceipt('p1', () => {
          resolve('accepted');
          void client.deactivate();
        });
        client.publish({
          destination,
          body: '{"eventName":"agentNotReady","reason":"forged"}',
          headers: { receipt: 'p1' },
        });
      },
      onStompError: (frame) => {
        resolve(`refused: ${frame.headers.message ?? 'ERROR'}`);
        void client.deactivate();
      },
      // RabbitMQ may close the connection on a refused publish without an ERROR frame reaching the client
      onWebSocketClose: () => resolve('refused: connection closed'),
      onWebSocketError: () => reject(new Error(`cannot reach ${BROKER_URL}`)),
    });
    client.activate();
  });
}

test('the broker refuses a forged publish on an agent topic from guest or another agent; the CTI user may publish', async (t) => {
  const domain = uniqueDomain();
  const key = `event.agent.agent.5001@${domain.replaceAll('.', '_')}`;
  const victim = await subscribeAgent(t, BROKER_URL, '5001', {
    domain,
    connectHeaders: { login: 'agent-5001', passcode: 'agent', host: '/' },
  });
  for (const [login, passcode] of [
    [undefined, undefined],
    ['guest', 'guest'],
    ['agent-5002', 'agent'],
    ['agent-5001', 'agent'],
  ]) {
    for (const destination of [`/topic/${key}`, `/exchange/amq.topic/${key}`]) {
      const answer = await publishAs(login, passcode, destination);
      assert.match(
        answer,
        /access_refused|ACCESS_REFUSED|refused/i,
        `${login ?? 'anonymous'} → ${destination}: ${answer}`,
      );
    }
  }
  // the CTI user's event is the first (and only) thing the subscriber gets: nothing forged came before it
  assert.equal(await publishAs('well-cti', 'well-cti', `/exchange/amq.topic/${key}`), 'accepted');
  assert.equal(JSON.parse((await victim.next()).body).reason, 'forged');
});

test("an agent user cannot subscribe to another agent's topic", async (t) => {
  const domain = uniqueDomain();
  const events = await EventClient.connect(BROKER_URL, { login: 'agent-5002', passcode: 'agent', host: '/' });
  t.after(() => events.close());
  const outcome = await Promise.race([
    events.subscribe(`/topic/event.agent.*.5001@${domain.replaceAll('.', '_')}`).then(() => 'subscribed'),
    events.closed.then(() => 'closed by the broker'),
  ]);
  assert.equal(outcome, 'closed by the broker');
  // its own topic is fine
  const own = await EventClient.connect(BROKER_URL, { login: 'agent-5002', passcode: 'agent', host: '/' });
  t.after(() => own.close());
  await own.subscribe(`/topic/event.agent.*.5002@${domain.replaceAll('.', '_')}`);
});
