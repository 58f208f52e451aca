// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import {
  agentState,
  control,
  EventClient,
  login,
  request,
  sessionFor,
  subscribeAgent,
  useSimulator,
} from './helpers.mjs';

test('GET /__sim/state describes agents, extensions, sessions, channels and config', async (t) => {
  const sim = await useSimulator(t);
  await sessionFor(sim);
  await subscribeAgent(t, sim.eventUrl);
  const state = await control(sim, 'GET', '/state');
  assert.deepEqual(Object.keys(state.agents), [
    '5001',
    '5002',
    '5003',
    '5004',
    '5005',
    '5006',
    '5007',
    '5008',
    '5009',
    '5010',
  ]);
  assert.equal(state.agents['5010'].disabled, true);
  assert.deepEqual(
    Object.fromEntries(
      ['loggedIn', 'extension', 'agentMode', 'reason', 'heartbeats', 'lastHeartbeatAt', 'disabled'].map((k) => [
        k,
        state.agents['5001'][k],
      ]),
    ),
    {
      loggedIn: false,
      extension: null,
      agentMode: 'Logout',
      reason: '',
      heartbeats: 0,
      lastHeartbeatAt: null,
      disabled: false,
    },
  );
  assert.deepEqual(state.extensions['8009'], { registered: false, agent: null });
  assert.equal(state.sessions, 1);
  assert.equal(state.channels, 1);
  assert.deepEqual(state.subscriptions, ['/topic/event.agent.*.5001@test_cc']);
  assert.equal(state.brokerConnected, false);
  assert.equal(state.config.domain, 'test.cc');
  assert.equal(state.config.licenceLimit, 10);
  assert.equal(state.config.acceptChannels, true);
});

test('fault injection: status and body, func filter, times, prefix paths', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  await control(sim, 'POST', '/fail', { path: '/api/csta/agent/state', func: 'SetState', status: 460 });
  await control(sim, 'POST', '/fail', {
    method: 'POST',
    path: '/api/csta/agent/state',
    func: 'Login',
    status: 457,
    times: 2,
  });

  const first = await login(sim, sessionId);
  assert.equal(first.status, 457);
  assert.deepEqual(first.json, { status: 457, message: 'unauthorised extension' });
  assert.equal((await login(sim, sessionId)).status, 457);
  assert.equal((await login(sim, sessionId)).status, 204, 'times: 2 is used up');

  const setState = { func: 'SetState', agentId: '5001@test.cc', agentMode: 'Ready', reason: '' };
  assert.equal((await agentState(sim, sessionId, setState)).status, 460);
  assert.equal((await agentState(sim, sessionId, setState)).status, 204);

  await control(sim, 'POST', '/fail', { path: '/api/csta/agent/*', status: 200, body: { pendingMode: 'NotReady' } });
  const pending = await agentState(sim, sessionId, setState);
  assert.deepEqual([pending.status, pending.json], [200, { pendingMode: 'NotReady' }]);

  for (const status of [456, 458, 462, 465, 466, 483]) {
    await control(sim, 'POST', '/fail', { path: '/api/csta/agent/state', status });
    assert.equal((await agentState(sim, sessionId, setState)).status, status);
  }

  await control(sim, 'POST', '/fail', { path: '/loginTrusted', status: 500, times: -1 });
  assert.equal((await control(sim, 'GET', '/fail')).length, 1);
  assert.equal((await request(`${sim.baseUrl}/loginTrusted`, { method: 'POST' })).status, 500);
  assert.equal((await request(`${sim.baseUrl}/loginTrusted`, { method: 'POST' })).status, 500);
  await control(sim, 'DELETE', '/fail');
  assert.equal((await sessionFor(sim)).length, 36);

  const log = await control(sim, 'GET', '/requests');
  assert.equal(log.filter((/** @type {any} */ e) => e.fault).length, 12);
});

test('fault injection: delayed answers and never-answered requests', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  await control(sim, 'POST', '/fail', { path: '/api/csta/agent/client-state', delayMs: 150 });
  const started = Date.now();
  const slow = await request(`${sim.baseUrl}/api/csta/agent/client-state`, { headers: { sessionId } });
  assert.equal(slow.status, 200, 'without status the normal answer comes late');
  assert.ok(Date.now() - started >= 140, `answered after ${Date.now() - started} ms`);

  await control(sim, 'POST', '/fail', { path: '/api/csta/agent/state', status: 503, delayMs: 50 });
  assert.equal((await login(sim, sessionId)).status, 503);

  await control(sim, 'POST', '/fail', { path: '/api/csta/agent/heartbeat/*', status: 0 });
  await assert.rejects(
    fetch(`${sim.baseUrl}/api/csta/agent/heartbeat/5001@test.cc`, {
      method: 'POST',
      headers: { sessionId },
      signal: AbortSignal.timeout(200),
    }),
    { name: 'TimeoutError' },
  );
});

test('invalid fault and preset requests are refused with 400/404', async (t) => {
  const sim = await useSimulator(t);
  const post = (/** @type {string} */ path, /** @type {unknown} */ json) =>
    request(`${sim.controlUrl}${path}`, { method: 'POST', json });
  assert.equal((await post('/fail', { status: 500 })).status, 400);
  assert.equal((await post('/fail', { path: '/x' })).status, 400);
  assert.equal((await post('/agents/7777', { loggedIn: true })).status, 404);
  assert.equal((await post('/agents/5001', { agentMode: 'Sleeping' })).status, 400);
  assert.equal((await post('/config', { licenceLimit: -1 })).status, 400);
  await post('/agents/5002', { extension: '8001' });
  assert.equal((await post('/agents/5001', { extension: '8001' })).status, 409);
});

test('emit fills in a partial event; raw bodies and duplicates are sent as asked', async (t) => {
  const sim = await useSimulator(t);
  const events = await subscribeAgent(t, sim.eventUrl);
  await control(sim, 'POST', '/agents/5001', { extension: '8001', agentMode: 'Ready' });

  const emitted = await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'agentWorkingAfterCall' } });
  const received = await events.next();
  assert.equal(received.body, emitted.body);
  const event = JSON.parse(received.body);
  assert.equal(event.serial, emitted.serial);
  assert.equal(event._type, 'component.cti.event.AgentWorkingAfterCallEvent');
  assert.equal(event.agentMode, 'WorkNotReady');
  assert.equal(event.srcDeviceId, '8001@test.cc');
  assert.equal(emitted.routingKey, 'event.agent.agent.5001@test_cc');

  const call = await control(sim, 'POST', '/emit', {
    agent: '5001@test.cc',
    event: { eventName: 'delivered', callId: 'c-1' },
  });
  assert.equal(call.routingKey, 'event.agent.csta.5001@test_cc');
  const delivered = await events.nextEvent();
  assert.deepEqual([delivered.eventType, delivered.callId, delivered.serial], ['csta', 'c-1', emitted.serial + 1]);

  await control(sim, 'POST', '/emit', { agent: '5001', raw: '{not json' });
  assert.equal((await events.next()).body, '{not json');

  await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'agentReady' } });
  const original = await events.next();
  const duplicate = await control(sim, 'POST', '/emit', { agent: '5001', duplicateLast: true });
  const again = await events.next();
  assert.equal(again.body, original.body);
  assert.equal(duplicate.serial, JSON.parse(original.body).serial);

  await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'agentNotReady' }, serial: 3 });
  assert.equal((await events.nextEvent()).serial, 3);

  const missing = await request(`${sim.controlUrl}/emit`, {
    method: 'POST',
    json: { agent: '5002', duplicateLast: true },
  });
  assert.equal(missing.status, 404);
});

test('preset with publish, and server-side logout, send the events a server would', async (t) => {
  const sim = await useSimulator(t);
  const events = await subscribeAgent(t, sim.eventUrl);
  await control(sim, 'POST', '/agents/5001', { loggedIn: true, extension: '8001', agentMode: 'Ready', publish: true });
  assert.deepEqual(
    [(await events.nextEvent()).eventName, (await events.nextEvent()).eventName],
    ['agentLoggedOn', 'agentReady'],
  );
  for (const [agentMode, eventName] of [
    ['Allocated', 'agentAllocated'],
    ['WorkNotReady', 'agentWorkingAfterCall'],
    ['NotReady', 'agentNotReady'],
  ]) {
    await control(sim, 'POST', '/agents/5001', { agentMode, publish: true });
    const event = await events.nextEvent();
    assert.deepEqual([event.eventName, event.agentMode], [eventName, agentMode]);
  }
  await control(sim, 'POST', '/agents/5001/logout');
  const off = await events.nextEvent();
  assert.deepEqual([off.eventName, off.agentMode, off.deviceId], ['agentLoggedOff', 'Logout', '8001@test.cc']);
  assert.equal((await request(`${sim.controlUrl}/agents/5001/logout`, { method: 'POST' })).status, 458);
});

test('heartbeatTimeoutMs logs a silent agent out', async (t) => {
  const sim = await useSimulator(t);
  const events = await subscribeAgent(t, sim.eventUrl);
  await control(sim, 'POST', '/agents/5001', { extension: '8001' });
  await control(sim, 'POST', '/config', { heartbeatTimeoutMs: 50 });
  const off = await events.nextEvent();
  assert.equal(off.eventName, 'agentLoggedOff');
  assert.equal((await control(sim, 'GET', '/state')).agents['5001'].loggedIn, false);
});

test('drop terminates only the matching event channels', async (t) => {
  const sim = await useSimulator(t);
  const a = await subscribeAgent(t, sim.eventUrl, '5001');
  await subscribeAgent(t, sim.eventUrl, '5002');
  assert.deepEqual(await control(sim, 'POST', '/drop', { agent: '5001' }), { dropped: 1 });
  const close = await a.closed;
  assert.equal(close.code, 1006, 'abnormal closure, no close handshake');
  assert.equal((await control(sim, 'GET', '/state')).channels, 1);
  assert.deepEqual(await control(sim, 'POST', '/drop', {}), { dropped: 1 });
});

test('acceptChannels false refuses WebSocket upgrades with 503 until set back', async (t) => {
  const sim = await useSimulator(t);
  await control(sim, 'POST', '/config', { acceptChannels: false });
  const ws = new WebSocket(sim.eventUrl, ['v12.stomp']);
  const [, response] = await once(ws, 'unexpected-response');
  assert.equal(response.statusCode, 503);
  ws.on('error', () => {});
  ws.terminate();

  await control(sim, 'POST', '/config', { acceptChannels: true });
  const events = await EventClient.connect(sim.eventUrl);
  await events.close();

  const wrongPath = new WebSocket(sim.eventUrl.replace('/websocket', '/other'));
  const [, notFound] = await once(wrongPath, 'unexpected-response');
  assert.equal(notFound.statusCode, 404);
  wrongPath.on('error', () => {});
  wrongPath.terminate();
});

test('reset restores the directory, drops sessions, channels, faults and config', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  const events = await subscribeAgent(t, sim.eventUrl);
  await login(sim, sessionId);
  await events.nextEvent();
  await control(sim, 'POST', '/agents/5010', { disabled: false });
  await control(sim, 'POST', '/extensions/8009', { registered: true });
  await control(sim, 'POST', '/config', { licenceLimit: 0 });
  await control(sim, 'POST', '/fail', { path: '/loginTrusted', status: 500 });

  await control(sim, 'POST', '/reset');
  const close = await events.closed;
  assert.equal(close.code, 1000);
  const state = await control(sim, 'GET', '/state');
  assert.equal(state.agents['5001'].loggedIn, false);
  assert.equal(state.agents['5010'].disabled, true);
  assert.equal(state.extensions['8009'].registered, false);
  assert.equal(state.extensions['8001'].agent, null);
  assert.equal(state.sessions, 0);
  assert.equal(state.channels, 0);
  assert.equal(state.config.licenceLimit, 10);
  assert.deepEqual(await control(sim, 'GET', '/fail'), []);
  assert.deepEqual(await control(sim, 'GET', '/requests'), []);
  assert.equal((await login(sim, sessionId)).status, 426, 'old sessions are gone');
  assert.equal((await login(sim, await sessionFor(sim))).status, 204);
});

/**
 * A bare STOMP subscriber on `ws` that records each WebSocket message as text (no STOMP parser, so a corrupt
 * frame is seen exactly as sent).
 * @param {import('node:test').TestContext} t
 * @param {string} url
 */
async function rawSubscriber(t, url) {
  const ws = new WebSocket(url, ['v12.stomp']);
  t.after(() => ws.terminate());
  /** @type {string[]} */
  const messages = [];
  /** @type {(() => void)[]} */
  const waiters = [];
  ws.on('message', (data) => {
    messages.push(String(data));
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (/** @type {number} */ n) => {
    while (messages.length < n) await new Promise((resolve) => waiters.push(() => resolve(undefined)));
    return messages[n - 1] ?? '';
  };
  await once(ws, 'open');
  ws.send('CONNECT\naccept-version:1.2\nheart-beat:0,0\n\n\0');
  assert.match(await next(1), /^CONNECTED\n/);
  ws.send('SUBSCRIBE\nid:s1\ndestination:/topic/event.agent.*.5001@test_cc\nreceipt:r1\n\n\0');
  assert.match(await next(2), /^RECEIPT\n/);
  return next;
}

test('POST /__sim/frame sends a hand-made MESSAGE: a wrong content-length, or a body padded to a size', async (t) => {
  const sim = await useSimulator(t);
  const next = await rawSubscriber(t, sim.eventUrl);
  const corrupt = await control(sim, 'POST', '/frame', { agent: '5001', body: '{}', contentLength: 99999 });
  assert.deepEqual(corrupt, { sent: 1, bytes: 2 });
  assert.equal(
    await next(3),
    'MESSAGE\nsubscription:s1\ndestination:/topic/event.agent.agent.5001@test_cc\n' +
      'content-type:application/json;charset=UTF-8\ncontent-length:99999\n\n{}\0',
  );
  const big = await control(sim, 'POST', '/frame', {
    agent: '5001',
    body: '{"eventName":"agentReady"}',
    padTo: 300_000,
    contentLength: 'auto',
  });
  assert.equal(big.bytes, 300_000);
  const text = await next(4);
  const body = text.slice(text.indexOf('\n\n') + 2, -1);
  assert.match(text, /\ncontent-length:300000\n/);
  assert.equal(body.length, 300_000);
  assert.equal(JSON.parse(body).eventName, 'agentReady');
  const bad = await request(`${sim.controlUrl}/frame`, { method: 'POST', json: { agent: '5001', padTo: -1 } });
  assert.equal(bad.status, 400);
});
