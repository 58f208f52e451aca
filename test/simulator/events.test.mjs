// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { FrameImpl, Parser } from '@stomp/stompjs';
import { agentState, control, EventClient, login, sessionFor, subscribeAgent, useSimulator } from './helpers.mjs';

const EVENT_TIME = /^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}:\d{2}$/;

test('Login publishes agentLoggedOn then agentReady to the agent topic, shaped like the real server', async (t) => {
  const sim = await useSimulator(t);
  const events = await subscribeAgent(t, sim.eventUrl);
  const sessionId = await sessionFor(sim);
  assert.equal((await login(sim, sessionId, { agentMode: 'Ready' })).status, 204);

  const first = await events.next();
  assert.equal(first.headers.destination, '/topic/event.agent.agent.5001@test_cc');
  assert.match(first.headers.subscription, /^sub-/);
  assert.ok(first.headers['message-id']);
  assert.equal(first.headers['content-type'], 'application/json;charset=UTF-8');
  const loggedOn = JSON.parse(first.body);
  assert.deepEqual(Object.keys(loggedOn), [
    'eventName',
    'eventTime',
    'eventType',
    'serial',
    'params',
    '_type',
    'topics',
    'namespace',
    'srcDeviceId',
    'deviceId',
    'agentId',
    'agentMode',
    'devices',
  ]);
  assert.equal(loggedOn.eventName, 'agentLoggedOn');
  assert.match(loggedOn.eventTime, EVENT_TIME);
  assert.equal(loggedOn.eventType, 'agent');
  assert.ok(Number.isInteger(loggedOn.serial));
  assert.deepEqual(loggedOn.params._amqpTopic, 'event.csta.test.cc');
  assert.equal(loggedOn.params.agent, '5001@test.cc');
  assert.equal(typeof loggedOn.params.subscriptionId, 'string');
  assert.equal(loggedOn._type, 'component.cti.event.AgentLoggedOnEvent');
  assert.ok(loggedOn.topics.includes('agentLoggedOn') && loggedOn.topics.includes('device:8001@test.cc'));
  assert.equal(loggedOn.namespace, 'test.cc');
  assert.equal(loggedOn.srcDeviceId, '8001@test.cc');
  assert.equal(loggedOn.deviceId, '8001@test.cc');
  assert.equal(loggedOn.agentId, '5001@test.cc');
  assert.equal(loggedOn.agentMode, 'Ready');
  assert.deepEqual(loggedOn.devices, { Voice: '8001@test.cc' });

  const ready = await events.nextEvent();
  assert.equal(ready.eventName, 'agentReady');
  assert.equal(ready._type, 'component.cti.event.AgentReadyEvent');
  assert.equal(ready.agentMode, 'Ready');
  assert.equal(ready.reason, '');
  assert.equal(ready.serial, loggedOn.serial + 1);
});

test('SetState, Logout: agentNotReady with reason "2", agentReady, agentLoggedOff, serials increasing', async (t) => {
  const sim = await useSimulator(t);
  const events = await subscribeAgent(t, sim.eventUrl);
  const sessionId = await sessionFor(sim);
  await login(sim, sessionId, { agentMode: 'NotReady' });
  const loggedOn = await events.nextEvent();
  const notReady = await events.nextEvent();
  assert.deepEqual([loggedOn.eventName, loggedOn.agentMode], ['agentLoggedOn', 'NotReady']);
  assert.deepEqual([notReady.eventName, notReady.agentMode, notReady.reason], ['agentNotReady', 'NotReady', '']);

  const setState = { func: 'SetState', device: '8001@test.cc', namespace: 'test.cc', agentId: '5001@test.cc' };
  assert.equal((await agentState(sim, sessionId, { ...setState, agentMode: 'NotReady', reason: '2' })).status, 204);
  const outbound = await events.nextEvent();
  assert.deepEqual([outbound.eventName, outbound.agentMode, outbound.reason], ['agentNotReady', 'NotReady', '2']);

  assert.equal((await agentState(sim, sessionId, { ...setState, agentMode: 'Ready', reason: '' })).status, 204);
  const ready = await events.nextEvent();
  assert.deepEqual([ready.eventName, ready.agentMode], ['agentReady', 'Ready']);

  assert.equal((await agentState(sim, sessionId, { func: 'Logout', agentId: '5001@test.cc' })).status, 204);
  const off = await events.nextEvent();
  assert.equal(off.eventName, 'agentLoggedOff');
  assert.equal(off.agentMode, 'Logout');
  assert.equal(off.deviceId, '8001@test.cc');

  const serials = [loggedOn, notReady, outbound, ready, off].map((e) => e.serial);
  assert.deepEqual(
    serials,
    [...serials].sort((a, b) => a - b),
  );
  assert.equal(new Set(serials).size, serials.length);
});

test('a subscriber gets only its own agent’s events', async (t) => {
  const sim = await useSimulator(t);
  const events = await subscribeAgent(t, sim.eventUrl, '5001');
  await login(sim, await sessionFor(sim, '5002'), { job: '5002', ext: '8002' });
  await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'agentReady' } });
  const only = await events.nextEvent();
  assert.equal(only.agentId, '5001@test.cc');
  assert.equal(events.pending, 0);
});

test('the request log shows the SUBSCRIBE before the Login, with the exact field names', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  await subscribeAgent(t, sim.eventUrl);
  await login(sim, sessionId);
  const log = await control(sim, 'GET', '/requests');
  assert.deepEqual(
    log.map((/** @type {any} */ e) => `${e.method} ${e.path}`),
    ['POST /loginTrusted', 'STOMP /topic/event.agent.*.5001@test_cc', 'POST /api/csta/agent/state'],
  );
  const [tpi, subscribe, loginRequest] = log;
  assert.equal(tpi.rawBody, 'username=5001&password=123456&namespace=test.cc');
  assert.equal(tpi.headers.sessionId, 'absent');
  assert.equal(subscribe.command, 'SUBSCRIBE');
  assert.ok(subscribe.seq < loginRequest.seq);
  assert.equal(loginRequest.headers.sessionId, 'present');
  assert.equal(loginRequest.headers.sessionIdValue, sessionId);
  assert.deepEqual(Object.keys(loginRequest.body), ['loginId', 'device', 'password', 'agentMode', 'func', 'sessionId']);
  assert.equal(loginRequest.status, 204);

  await control(sim, 'DELETE', '/requests');
  assert.deepEqual(await control(sim, 'GET', '/requests'), []);
});

/**
 * A raw STOMP client: frames serialized with FrameImpl, parsed with Parser.
 * @param {string} url
 * @param {string[]} [protocols]
 */
async function rawStomp(url, protocols = []) {
  const ws = new WebSocket(url, protocols);
  /** @type {FrameImpl[]} */
  const frames = [];
  /** @type {(() => void)[]} */
  const waiters = [];
  const parser = new Parser(
    (raw) => {
      frames.push(FrameImpl.fromRawFrame(raw, false));
      waiters.splice(0).forEach((w) => w());
    },
    () => {},
  );
  ws.on('message', (data) => parser.parseChunk(/** @type {ArrayBuffer} */ (/** @type {unknown} */ (data))));
  await once(ws, 'open');
  return {
    ws,
    /** @param {string} command @param {Record<string, string>} headers */
    send(command, headers) {
      ws.send(FrameImpl.marshall({ command, headers }));
    },
    /** @returns {Promise<FrameImpl>} */
    async frame() {
      while (frames.length === 0) await new Promise((resolve) => waiters.push(() => resolve(undefined)));
      return /** @type {FrameImpl} */ (frames.shift());
    },
  };
}

test('a stomp.js 2.3-style client (STOMP 1.1, no subprotocol, heart-beats asked) is served', async (t) => {
  const sim = await useSimulator(t);
  const client = await rawStomp(sim.eventUrl);
  t.after(() => client.ws.terminate());
  assert.equal(client.ws.protocol, '');
  client.send('CONNECT', { 'accept-version': '1.1,1.0', 'heart-beat': '10000,10000' });
  const connected = await client.frame();
  assert.equal(connected.command, 'CONNECTED');
  assert.equal(connected.headers.version, '1.1');
  assert.equal(connected.headers['heart-beat'], '10000,10000'); // negotiated by default (quirk heartbeat: on)
  assert.equal(connected.headers.server, 'well-sim');

  client.ws.send('\n');
  client.send('SUBSCRIBE', { id: 'sub-0', destination: '/topic/event.agent.*.5001@test_cc', receipt: 'r1' });
  const receipt = await client.frame();
  assert.deepEqual([receipt.command, receipt.headers['receipt-id']], ['RECEIPT', 'r1']);

  await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'agentNotReady', reason: '1' } });
  const message = await client.frame();
  assert.equal(message.command, 'MESSAGE');
  assert.equal(JSON.parse(message.body).reason, '1');

  client.send('UNSUBSCRIBE', { id: 'sub-0' });
  client.send('DISCONNECT', { receipt: 'bye' });
  const bye = await client.frame();
  assert.deepEqual([bye.command, bye.headers['receipt-id']], ['RECEIPT', 'bye']);
  await once(client.ws, 'close');
});

test('subprotocol negotiation prefers v12.stomp', async (t) => {
  const sim = await useSimulator(t);
  const client = await rawStomp(sim.eventUrl, ['v10.stomp', 'v12.stomp']);
  t.after(() => client.ws.terminate());
  assert.equal(client.ws.protocol, 'v12.stomp');
});

test('topic wildcards and the /exchange/amq.topic/ alias follow RabbitMQ semantics', async (t) => {
  const sim = await useSimulator(t);
  const events = await EventClient.connect(sim.eventUrl);
  t.after(() => events.close());
  await events.subscribe('/exchange/amq.topic/event.agent.csta.#');
  await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'agentReady' } });
  await control(sim, 'POST', '/emit', { agent: '5003', event: { eventName: 'delivered', callId: 'c1' } });
  const message = await events.next();
  assert.equal(message.headers.destination, '/exchange/amq.topic/event.agent.csta.5003@test_cc');
  assert.equal(JSON.parse(message.body).callId, 'c1');
  assert.equal(events.pending, 0);
});

test('unsupported destinations and frames before CONNECT get an ERROR frame and a close', async (t) => {
  const sim = await useSimulator(t);
  const early = await rawStomp(sim.eventUrl);
  t.after(() => early.ws.terminate());
  early.send('SUBSCRIBE', { id: '1', destination: '/topic/x' });
  assert.equal((await early.frame()).command, 'ERROR');
  await once(early.ws, 'close');

  const bad = await rawStomp(sim.eventUrl);
  t.after(() => bad.ws.terminate());
  bad.send('CONNECT', { 'accept-version': '1.2' });
  await bad.frame();
  bad.send('SUBSCRIBE', { id: '1', destination: '/queue/x' });
  const error = await bad.frame();
  assert.equal(error.command, 'ERROR');
  assert.match(error.headers.message, /unsupported destination/);
});

test('SEND to a topic reaches matching subscribers', async (t) => {
  const sim = await useSimulator(t);
  const events = await subscribeAgent(t, sim.eventUrl);
  const publisher = await EventClient.connect(sim.eventUrl);
  t.after(() => publisher.close());
  publisher.client.publish({ destination: '/topic/event.agent.agent.5001@test_cc', body: '{"hello":1}' });
  assert.equal((await events.next()).body, '{"hello":1}');
});
