// @ts-check
// Server quirks: optional protocol features switched off (simulator/quirks.mjs, simulator/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { FrameImpl, Parser } from '@stomp/stompjs';
import { DEFAULT_QUIRKS, quirksOf } from '../../simulator/index.mjs';
import { control, login, request, sessionFor, useSimulator } from './helpers.mjs';
import { DOMAIN, PASSWORD, vertoConnect } from './xswitch-helpers.mjs';

const TOPIC = '/topic/event.agent.*.5001@test_cc';

/**
 * A raw STOMP client that also records heart-beat pings (lone EOLs) and how the socket closed.
 * @param {string} url
 */
async function rawStomp(url) {
  const ws = new WebSocket(url);
  /** @type {FrameImpl[]} */
  const frames = [];
  /** @type {(() => void)[]} */
  const waiters = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  let pings = 0;
  const parser = new Parser(
    (raw) => {
      frames.push(FrameImpl.fromRawFrame(raw, false));
      wake();
    },
    () => {
      pings++;
      wake();
    },
  );
  ws.on('message', (data) => parser.parseChunk(/** @type {ArrayBuffer} */ (/** @type {unknown} */ (data))));
  /** @type {Promise<number>} */
  const closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  await once(ws, 'open');
  return {
    ws,
    closed,
    get pings() {
      return pings;
    },
    /** @param {string} command @param {Record<string, string>} headers */
    send(command, headers) {
      ws.send(FrameImpl.marshall({ command, headers }));
    },
    /** @returns {Promise<FrameImpl>} */
    async frame() {
      while (frames.length === 0) await new Promise((resolve) => waiters.push(() => resolve(undefined)));
      return /** @type {FrameImpl} */ (frames.shift());
    },
    /** Resolves once a ping arrived. */
    async ping() {
      while (pings === 0) await new Promise((resolve) => waiters.push(() => resolve(undefined)));
    },
  };
}

/**
 * @param {import('node:test').TestContext} t
 * @param {string} url
 * @param {string} [heartBeat]
 */
async function connected(t, url, heartBeat = '0,0') {
  const client = await rawStomp(url);
  t.after(() => client.ws.terminate());
  client.send('CONNECT', { 'accept-version': '1.2,1.1,1.0', 'heart-beat': heartBeat });
  const frame = await client.frame();
  assert.equal(frame.command, 'CONNECTED');
  return { client, frame };
}

test('quirksOf: defaults describe a complete server; bad values are refused', () => {
  assert.deepEqual(quirksOf(), { ...DEFAULT_QUIRKS });
  assert.equal(quirksOf({ receipts: false }).receipts, false);
  assert.throws(() => quirksOf({ receipts: 'no' }), /receipts must be true or false/);
  assert.throws(() => quirksOf({ clientState: 'odd' }), /clientState must be one of full, sparse, 404, 500/);
  assert.throws(() => quirksOf({ heartbeatMs: 1 }), /heartbeatMs/);
  assert.throws(() => quirksOf({ nope: true }), /unknown quirk nope/);
});

test('heart-beats are negotiated by default: the server pings and closes a client that goes silent', async (t) => {
  const sim = await useSimulator(t, { quirks: { heartbeatMs: 50 } });
  const { client, frame } = await connected(t, sim.eventUrl, '50,50');
  assert.equal(frame.headers['heart-beat'], '50,50');
  await client.ping();
  // the client sends nothing more: after 2 × 50 ms the server gives up on it
  assert.equal(await client.closed, 1006);
});

test('a client that keeps pinging is not closed', async (t) => {
  const sim = await useSimulator(t, { quirks: { heartbeatMs: 50 } });
  const { client } = await connected(t, sim.eventUrl, '50,50');
  const pinger = setInterval(() => client.ws.send('\n'), 20);
  t.after(() => clearInterval(pinger));
  // several server pings later (each ≥ 50 ms apart, the watchdog limit is 100 ms) the socket is still open
  while (client.pings < 5) await client.ping().then(() => new Promise((r) => setImmediate(r)));
  assert.equal(client.ws.readyState, WebSocket.OPEN);
  client.send('SUBSCRIBE', { id: 's', destination: TOPIC, receipt: 'r' });
  assert.equal((await client.frame()).command, 'RECEIPT');
});

test('--no-heartbeat answers heart-beat:0,0; heartbeat omit sends no header', async (t) => {
  const off = await useSimulator(t, { quirks: { heartbeat: 'off' } });
  assert.equal((await connected(t, off.eventUrl, '10000,10000')).frame.headers['heart-beat'], '0,0');
  const omit = await useSimulator(t, { quirks: { heartbeat: 'omit' } });
  assert.equal('heart-beat' in (await connected(t, omit.eventUrl, '10000,10000')).frame.headers, false);
});

test('--no-receipts: SUBSCRIBE gets no RECEIPT (the next frame is the event), DISCONNECT still does', async (t) => {
  const sim = await useSimulator(t, { quirks: { receipts: false } });
  const { client } = await connected(t, sim.eventUrl);
  client.send('SUBSCRIBE', { id: 's', destination: TOPIC, receipt: 'r1' });
  await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'agentReady' } });
  const message = await client.frame();
  assert.equal(message.command, 'MESSAGE');
  assert.equal(JSON.parse(message.body).eventName, 'agentReady');
  client.send('DISCONNECT', { receipt: 'bye' });
  assert.deepEqual((await client.frame()).headers['receipt-id'], 'bye');
});

test('message-id, content-length and extra headers follow their switches', async (t) => {
  const plain = await useSimulator(t);
  const odd = await useSimulator(t, { quirks: { messageId: false, contentLength: false, extraHeaders: true } });
  /** @param {typeof plain} sim */
  const messageOf = async (sim) => {
    const { client } = await connected(t, sim.eventUrl);
    client.send('SUBSCRIBE', { id: 's', destination: TOPIC, receipt: 'r1' });
    assert.equal((await client.frame()).command, 'RECEIPT');
    await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'agentReady' } });
    return client.frame();
  };
  const normal = await messageOf(plain);
  assert.equal(typeof normal.headers['message-id'], 'string');
  assert.equal(normal.headers['content-length'], String(Buffer.byteLength(normal.body)));
  assert.equal('x-sim-trace' in normal.headers, false);

  const message = await messageOf(odd);
  assert.equal('message-id' in message.headers, false);
  assert.equal('content-length' in message.headers, false);
  assert.equal(message.headers['x-sim-trace'], 'abc123');
  assert.equal(message.headers['priority'], '4');
  assert.equal(JSON.parse(message.body).eventName, 'agentReady');
});

test('--refuse-subscribe answers SUBSCRIBE with ERROR and closes; the SUBSCRIBE is logged', async (t) => {
  const sim = await useSimulator(t, { quirks: { refuseSubscribe: true } });
  const { client } = await connected(t, sim.eventUrl);
  client.send('SUBSCRIBE', { id: 's', destination: TOPIC, receipt: 'r1' });
  const error = await client.frame();
  assert.equal(error.command, 'ERROR');
  assert.match(error.headers.message, /Access refused/);
  assert.equal(await client.closed, 1002);
  const log = await control(sim, 'GET', '/requests');
  assert.equal(log.filter((/** @type {{method: string}} */ r) => r.method === 'STOMP').length, 1);
});

test('--drop-on-subscribe terminates the socket right after SUBSCRIBE, without ERROR or RECEIPT', async (t) => {
  const sim = await useSimulator(t, { quirks: { dropOnSubscribe: true } });
  const { client } = await connected(t, sim.eventUrl);
  client.send('SUBSCRIBE', { id: 's', destination: TOPIC, receipt: 'r1' });
  assert.equal(await client.closed, 1006);
});

test('--client-state sparse|404|500 shape GET /api/csta/agent/client-state', async (t) => {
  for (const clientState of /** @type {const} */ (['sparse', '404', '500'])) {
    const sim = await useSimulator(t, { quirks: { clientState } });
    const sessionId = await sessionFor(sim);
    assert.equal((await login(sim, sessionId, { agentMode: 'NotReady' })).status, 204);
    const reply = await request(`${sim.baseUrl}/api/csta/agent/client-state`, { headers: { sessionId } });
    if (clientState === 'sparse') {
      assert.equal(reply.status, 200);
      assert.deepEqual(Object.keys(reply.json.agent).sort(), ['agentMode', 'skillGroups']);
      assert.equal(reply.json.agent.agentMode, 'NotReady');
      assert.equal(reply.json.version, 'sim-sparse');
    } else {
      assert.equal(reply.status, Number(clientState));
    }
  }
});

test('xswitch --no-client-ready: login succeeds and no verto.clientReady follows', async (t) => {
  const sim = await useSimulator(t, { quirks: { clientReady: false } });
  const client = await vertoConnect(t, sim, { sessid: randomUUID() });
  assert.equal((await client.call('login', {})).error.code, -32000);
  const reply = await client.call('login', { login: `1001@${DOMAIN}`, passwd: PASSWORD });
  assert.equal(reply.result.message, 'logged in');
  // a later reply arrives; clientReady would have been queued before it
  const subscribed = await client.subscribe('vcc.default.1001');
  assert.ok(subscribed.result);
  assert.equal(
    client.pending.some(
      (m) => typeof m === 'object' && m !== null && 'method' in m && m.method === 'verto.clientReady',
    ),
    false,
  );
});

test('xswitch --agent-state 404|401|text', async (t) => {
  for (const agentState of /** @type {const} */ (['404', '401', 'text'])) {
    const sim = await useSimulator(t, { quirks: { agentState } });
    const reply = await request(`${sim.baseUrl}/api/cc/agent_state?queue=100000&type=callcenter`);
    if (agentState === 'text') {
      assert.equal(reply.status, 200);
      assert.equal(reply.json, undefined, 'not JSON');
    } else assert.equal(reply.status, Number(agentState));
  }
});

test('cli: quirk flags are parsed and bad values exit with status 2', async () => {
  const child = spawn(process.execPath, ['simulator/cli.mjs', '--port', '0', '--client-state', 'odd'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'close');
  assert.equal(code, 2);
  assert.match(stderr, /clientState must be one of/);
  assert.match(stderr, /--no-receipts/);
});
