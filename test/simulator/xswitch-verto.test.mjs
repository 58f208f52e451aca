// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { EventClient, request, useSimulator } from './helpers.mjs';
import { DOMAIN, PASSWORD, VertoClient, vertoConnect, vertoLogin, xcontrol } from './xswitch-helpers.mjs';

test('startSimulator serves the Verto endpoint on /ws next to STOMP, and returns xswitchUrl', async (t) => {
  const sim = await useSimulator(t);
  assert.equal(sim.xswitchUrl, `ws://127.0.0.1:${sim.port}/ws`);
  const state = await xcontrol(sim, 'GET', '/state');
  assert.equal(state.domain, 'xswitch.cn');
  assert.equal(state.path, '/ws');
  assert.equal(state.queue, '100000');
  assert.equal(state.group, 'default');
  assert.deepEqual(Object.keys(state.agents), [
    '1001',
    '1002',
    '1003',
    '1004',
    '1005',
    '1006',
    '1007',
    '1008',
    '1009',
    '1010',
  ]);
  assert.deepEqual(state.sockets, []);
  // a subprotocol is not needed, but one offered is accepted
  const client = await VertoClient.connect(sim.xswitchUrl, { protocols: ['verto'] });
  t.after(() => client.ws.terminate());
  assert.equal(client.ws.protocol, 'verto');
  const listed = await xcontrol(sim, 'GET', '');
  assert.ok(listed.routes.includes('POST /__sim/xswitch/calls/inbound'));
  const all = await request(`${sim.controlUrl}`);
  assert.ok(all.json.routes.includes('GET /__sim/xswitch/state'), 'listed under GET /__sim too');
});

test('xswitch: false, custom path and domain', async (t) => {
  const off = await useSimulator(t, { xswitch: false });
  assert.equal(off.xswitchUrl, '');
  await assert.rejects(VertoClient.connect(`ws://127.0.0.1:${off.port}/ws`), /404/);
  assert.equal((await request(`${off.controlUrl}/xswitch/state`)).status, 404);

  const custom = await useSimulator(t, { xswitchPath: '/xswitch-ws', xswitchDomain: 'cc.example' });
  assert.equal(custom.xswitchUrl, `ws://127.0.0.1:${custom.port}/xswitch-ws`);
  const client = await vertoConnect(t, custom);
  const reply = await client.call('login', { login: '1001@cc.example', passwd: PASSWORD });
  assert.equal(reply.result.message, 'logged in');
  await assert.rejects(useSimulator(t, { xswitchPath: '/mvc/stomp/websocket' }), /STOMP/);
});

test('login dance: login {} → -32000, then login with credentials → logged in + sessid, then verto.clientReady', async (t) => {
  const sim = await useSimulator(t);
  const sessid = randomUUID();
  const client = await vertoConnect(t, sim, { sessid });
  const first = await client.call('login', {});
  assert.deepEqual(first, { jsonrpc: '2.0', id: 1, error: { code: -32000, message: 'Authentication Required' } });

  const id = client.send('login', {
    login: `1001@${DOMAIN}`,
    passwd: PASSWORD,
    loginParams: null,
    userVariables: null,
  });
  const reply = await client.take();
  assert.deepEqual(reply, { jsonrpc: '2.0', id, result: { message: 'logged in', sessid } });
  const ready = await client.take();
  assert.equal(ready.jsonrpc, '2.0');
  assert.equal(ready.method, 'verto.clientReady');
  assert.equal(typeof ready.id, 'number', 'server requests carry ids');
  assert.deepEqual(ready.params, { reattached_sessions: [] });

  // every result gets the sessid appended
  const pong = await client.call('verto.ping', {});
  assert.deepEqual(pong.result, { message: 'PONG', sessid });

  const [dance, login] = await xcontrol(sim, 'GET', '/requests');
  assert.deepEqual(
    [dance.kind, dance.method, dance.passwd, dance.sessid, dance.user, dance.error],
    ['request', 'login', 'absent', sessid, null, -32000],
  );
  assert.deepEqual(
    [login.method, login.passwd, login.sessid, login.user, login.error],
    ['login', 'present', sessid, '1001', null],
  );
  assert.deepEqual(login.params, { login: '1001@xswitch.cn', loginParams: null, userVariables: null, sessid });
  const state = await xcontrol(sim, 'GET', '/state');
  assert.deepEqual(
    state.sockets.map((/** @type {any} */ s) => [s.user, s.login, s.sessid, s.authenticated]),
    [['1001', '1001@xswitch.cn', sessid, true]],
  );
});

test('authentication failures: -32001 with mod_verto messages; the socket stays unauthenticated', async (t) => {
  const sim = await useSimulator(t);
  const client = await vertoConnect(t, sim);
  /** @param {Record<string, unknown>} params */
  const login = async (params) => (await client.call('login', params)).error;
  assert.deepEqual(await login({ login: `1001@${DOMAIN}`, passwd: 'wrong' }), {
    code: -32001,
    message: 'Authentication Failure',
  });
  assert.deepEqual(await login({ login: `1001@${DOMAIN}`, passwd: '' }), { code: -32001, message: 'Missing passwd' });
  assert.deepEqual(await login({ login: `1001@${DOMAIN}` }), { code: -32001, message: 'Missing passwd' });
  assert.deepEqual(await login({ login: `9999@${DOMAIN}`, passwd: PASSWORD }), {
    code: -32001,
    message: 'Login Incorrect',
  });
  assert.deepEqual(await login({ login: '1001@other.cn', passwd: PASSWORD }), {
    code: -32001,
    message: 'Login Incorrect',
  });
  assert.deepEqual(await login({ login: '1001', passwd: PASSWORD }), {
    code: -32001,
    message: 'Missing or improper credentials',
  });
  client.sendRaw(JSON.stringify({ jsonrpc: '2.0', id: 77, method: 'login' }));
  assert.deepEqual((await client.reply(77)).error, { code: -32001, message: 'Missing params' });

  const before = await client.call('echo', { hello: 1 });
  assert.deepEqual(before.error, { code: -32000, message: 'Authentication Required' }, 'still not logged in');
  const log = await xcontrol(sim, 'GET', '/requests');
  assert.deepEqual(
    log.map((/** @type {any} */ e) => e.passwd),
    ['present', 'empty', 'absent', 'present', 'present', 'present', 'absent', 'absent'],
  );
  assert.ok(log.every((/** @type {any} */ e) => e.params === null || !('passwd' in e.params)));
});

test('token login: loginParams.xui_sessid with any non-empty passwd; a wrong or foreign token fails', async (t) => {
  const sim = await useSimulator(t);
  const client = await vertoConnect(t, sim);
  const login = (/** @type {string} */ user, /** @type {string} */ token) =>
    client.call('login', { login: `${user}@${DOMAIN}`, passwd: 'x', loginParams: { xui_sessid: token } });
  assert.deepEqual((await login('1002', 'nope')).error, { code: -32001, message: 'Authentication Failure' });
  assert.deepEqual((await login('1002', 'token-1003')).error, { code: -32001, message: 'Authentication Failure' });
  const ok = await login('1002', 'token-1002');
  assert.equal(ok.result.message, 'logged in');
  await client.next('verto.clientReady');
  assert.equal((await xcontrol(sim, 'GET', '/state')).sockets[0].user, '1002');

  const helper = await vertoLogin(t, sim, { user: '1003', token: 'token-1003', passwd: 'password' });
  assert.equal((await helper.call('verto.ping', {})).result.message, 'PONG');
});

test('a request before login gets -32000; credentials on any first request authenticate (mod_verto check_auth)', async (t) => {
  const sim = await useSimulator(t);
  const client = await vertoConnect(t, sim);
  for (const method of ['echo', 'verto.subscribe', 'jsapi', 'verto.ping', 'nope']) {
    const reply = await client.call(method, { eventChannel: 'vcc.default.1001' });
    assert.deepEqual(reply.error, { code: -32000, message: 'Authentication Required' }, method);
  }
  const echo = await client.call('echo', { login: `1001@${DOMAIN}`, passwd: PASSWORD, x: 1 });
  assert.equal(echo.result.x, 1);
  await client.next('verto.clientReady');
});

test('batch: an array is answered with an array (results in a batch carry no sessid)', async (t) => {
  const sim = await useSimulator(t);
  const client = await vertoConnect(t, sim);
  const sessid = client.sessid;
  client.sendRaw(
    JSON.stringify([
      { jsonrpc: '2.0', id: 1, method: 'login', params: { sessid } },
      { jsonrpc: '2.0', id: 2, method: 'echo', params: { sessid } },
    ]),
  );
  const denied = await client.take((m) => Array.isArray(m));
  assert.deepEqual(
    denied.map((/** @type {any} */ r) => [r.id, r.error.code]),
    [
      [1, -32000],
      [2, -32000],
    ],
  );
  client.sendRaw(
    JSON.stringify([
      { jsonrpc: '2.0', id: 3, method: 'login', params: { login: `1001@${DOMAIN}`, passwd: PASSWORD, sessid } },
      { jsonrpc: '2.0', id: 4, method: 'verto.ping', params: { sessid } },
      { jsonrpc: '2.0', id: 5, method: 'no.such', params: { sessid } },
    ]),
  );
  const replies = await client.take((m) => Array.isArray(m));
  assert.deepEqual(replies, [
    { jsonrpc: '2.0', id: 3, result: { message: 'logged in', sessid } },
    { jsonrpc: '2.0', id: 4, result: { message: 'PONG' } },
    {
      jsonrpc: '2.0',
      id: 5,
      error: { code: -32601, message: 'Invalid Method, Missing Method or Permission Denied' },
    },
  ]);
  const ready = await client.take();
  assert.equal(ready.method, 'verto.clientReady', 'after the batch reply');
  // the documented ccc example is a batch of one
  client.sendRaw(
    JSON.stringify([
      {
        jsonrpc: '2.0',
        method: 'jsapi',
        id: 6,
        params: {
          command: 'lua',
          data: { method: 'ccc', func: 'ccLogin', data: { queue: '100000', agent: '1001', extn: '1001' } },
          sessid,
        },
      },
    ]),
  );
  assert.deepEqual(await client.take((m) => Array.isArray(m)), [
    { jsonrpc: '2.0', id: 6, result: { code: 200, message: 'success' } },
  ]);
  const log = await xcontrol(sim, 'GET', '/requests');
  assert.ok(log.every((/** @type {any} */ e) => e.batch));
});

test('non-JSON #SP frames are ignored; broken JSON → -32600 Invalid Request; no jsonrpc → -32600 Invalid message', async (t) => {
  const sim = await useSimulator(t);
  const client = await vertoLogin(t, sim);
  client.sendRaw('#SPU 1024');
  client.sendRaw('#SPB xxxxxxxxxxxxxxxx');
  client.sendRaw('#SPE');
  const fence = client.send('verto.ping', {});
  const next = await client.take();
  assert.equal(next.id, fence, 'nothing answered the #SP frames');
  assert.equal(next.result.message, 'PONG');

  client.sendRaw('{not json');
  assert.deepEqual(await client.take(), {
    jsonrpc: '2.0',
    error: { code: -32600, message: 'Invalid Request' },
    id: null,
  });
  client.sendRaw(JSON.stringify({ id: 41, method: 'echo', params: {} }));
  assert.deepEqual(await client.reply(41), {
    jsonrpc: '2.0',
    id: 41,
    error: { code: -32600, message: 'Invalid message' },
  });
  client.sendRaw(JSON.stringify({ jsonrpc: '1.0', id: 42, method: 'echo', params: {} }));
  assert.equal((await client.reply(42)).error.code, -32600);
  client.sendRaw('42');
  assert.deepEqual((await client.take()).error, { code: -32600, message: 'Invalid message' });

  const log = await xcontrol(sim, 'GET', '/requests');
  assert.deepEqual(
    log.filter((/** @type {any} */ e) => e.kind === 'raw').map((/** @type {any} */ e) => e.text),
    ['#SPU 1024', '#SPB xxxxxxxxxxxxxxxx', '#SPE'],
  );
  assert.deepEqual(
    log.filter((/** @type {any} */ e) => e.kind === 'invalid').map((/** @type {any} */ e) => e.text),
    ['{not json', '42'],
  );
});

test('-32601 unknown methods (also Uas.Ping, fsapi, verto.invite); -32602 jsapi not allowed or without data', async (t) => {
  const sim = await useSimulator(t);
  const client = await vertoLogin(t, sim);
  for (const method of ['Uas.Ping', 'fsapi', 'verto.invite', 'nope']) {
    assert.deepEqual(
      (await client.call(method, {})).error,
      { code: -32601, message: 'Invalid Method, Missing Method or Permission Denied' },
      method,
    );
  }
  client.sendRaw(JSON.stringify({ jsonrpc: '2.0', id: 50, params: { sessid: client.sessid } }));
  assert.equal((await client.reply(50)).error.code, -32601, 'no method');

  const denied = { code: -32602, message: 'Permission Denied' };
  assert.deepEqual((await client.call('jsapi', { command: 'fsapi', data: { cmd: 'status' } })).error, denied);
  assert.deepEqual((await client.call('jsapi', { command: 'lua' })).error, denied, 'data is required');
  assert.deepEqual((await client.call('jsapi', { data: {} })).error, denied, 'command is required');
  const other = await client.call('jsapi', { command: 'lua', data: { method: 'other', func: 'x' } });
  assert.equal(other.result.code, 404);
});

test('echo returns the params; echoParams adds requestParams; a notification (no id) is answered with id null', async (t) => {
  const sim = await useSimulator(t);
  const client = await vertoLogin(t, sim);
  const echo = await client.call('echo', { a: 1, nested: { b: [2] } });
  assert.deepEqual(echo.result, { a: 1, nested: { b: [2] }, sessid: client.sessid });
  const withParams = await client.call('verto.ping', { echoParams: true, tag: 't' });
  assert.deepEqual(withParams.result.requestParams, { echoParams: true, tag: 't', sessid: client.sessid });
  const withValue = await client.call('verto.ping', { echoParams: { mine: 1 } });
  assert.deepEqual(withValue.result.requestParams, { mine: 1 });
  client.send('verto.ping', {}, { id: null });
  const reply = await client.take();
  assert.equal(reply.id, null);
  assert.equal(reply.result.message, 'PONG');
  const log = await xcontrol(sim, 'GET', '/requests');
  assert.equal(log.at(-1).kind, 'notification');
});

test('verto.subscribe: subscribed / unauthorized / alreadySubscribed lists; nothing new → the lists under error, no code', async (t) => {
  const sim = await useSimulator(t);
  const client = await vertoLogin(t, sim, { user: '1001' });
  const first = await client.subscribe(['vcc.default.1001', 'vcc.default', 'vcc']);
  assert.deepEqual(first.result, {
    subscribedChannels: ['vcc.default.1001', 'vcc.default'],
    unauthorizedChannels: ['vcc'],
    sessid: client.sessid,
  });
  const again = await client.subscribe(['vcc.default.1001', 'vcc']);
  assert.deepEqual(again, {
    jsonrpc: '2.0',
    id: again.id,
    error: { unauthorizedChannels: ['vcc'], alreadySubscribedChannels: ['vcc.default.1001'] },
  });
  const onlyVcc = await client.subscribe('vcc');
  assert.deepEqual(onlyVcc.error, { unauthorizedChannels: ['vcc'] });
  const others = await client.subscribe(['vcc.default.1002', 'vcc.other', 'vcc.other.1001', 'presence']);
  assert.deepEqual(others.error, {
    unauthorizedChannels: ['vcc.default.1002', 'vcc.other', 'vcc.other.1001', 'presence'],
  });
  assert.deepEqual((await client.call('verto.subscribe', {})).error, {
    code: -32002,
    message: 'eventChannel not specified.',
  });

  const unsub = await client.call('verto.unsubscribe', { eventChannel: ['vcc.default', 'vcc'] });
  assert.deepEqual(unsub.result, {
    unsubscribedChannels: ['vcc.default'],
    notSubscribedChannels: ['vcc'],
    sessid: client.sessid,
  });
  const state = await xcontrol(sim, 'GET', '/state');
  assert.deepEqual(state.sockets[0].subscriptions, ['vcc.default.1001']);

  const supervisor = await vertoLogin(t, sim, { user: '1010' });
  const all = await supervisor.subscribe(['vcc', 'vcc.default', 'vcc.default.1001']);
  assert.deepEqual(all.result.subscribedChannels, ['vcc', 'vcc.default', 'vcc.default.1001']);
  assert.equal(all.result.unauthorizedChannels, undefined, 'empty lists are left out');
});

test('routing: a.b.c reaches subscribers of a.b.c and of a, not of a.b; eventSerno counts per subscription', async (t) => {
  const sim = await useSimulator(t);
  const exact = await vertoLogin(t, sim, { user: '1001', subscribe: ['vcc.default.1001'] });
  const group = await vertoLogin(t, sim, { user: '1002', subscribe: ['vcc.default'] });
  const root = await vertoLogin(t, sim, { user: '1010', subscribe: ['vcc'] });
  const both = await vertoLogin(t, sim, { user: '1010', subscribe: ['vcc.default.1001', 'vcc'] });

  for (const n of [1, 2]) {
    const sent = await xcontrol(sim, 'POST', '/emit', { channel: 'vcc.default.1001', data: { n } });
    assert.equal(sent.delivered, 4);
  }
  const e1 = await exact.event();
  assert.deepEqual(e1, {
    eventChannel: 'vcc.default.1001',
    data: { n: 1 },
    eventSerno: 0,
    subscribedChannel: 'vcc.default.1001',
  });
  assert.equal((await exact.event()).eventSerno, 1);
  const r1 = await root.event();
  assert.deepEqual(
    [r1.eventChannel, r1.subscribedChannel, r1.eventSerno, r1.data.n],
    ['vcc.default.1001', 'vcc', 0, 1],
  );
  // subscribed twice: two copies, the exact channel first
  const copies = [await both.event(), await both.event(), await both.event(), await both.event()];
  assert.deepEqual(
    copies.map((e) => `${e.data.n} ${e.subscribedChannel} ${e.eventSerno}`),
    ['1 vcc.default.1001 0', '1 vcc 0', '2 vcc.default.1001 1', '2 vcc 1'],
  );
  // the group subscriber got nothing: its first event is the fence on its own channel
  await xcontrol(sim, 'POST', '/emit', { channel: 'vcc.default', data: { fence: true } });
  const g = await group.event();
  assert.deepEqual(
    [g.eventChannel, g.subscribedChannel, g.eventSerno, g.data],
    ['vcc.default', 'vcc.default', 0, { fence: true }],
  );
  const viaRoot = await root.event();
  assert.equal(viaRoot.data.n, 2);
  assert.deepEqual((await root.event()).data, { fence: true }, 'vcc.default reaches vcc too');

  // a whole event of any shape; a channel equal to a sessid reaches that socket only (implicit subscription)
  const odd = await xcontrol(sim, 'POST', '/emit', {
    channel: exact.sessid,
    event: { eventType: 'weird', payload: [1, 2] },
  });
  assert.equal(odd.delivered, 1);
  assert.deepEqual(await exact.event(), { eventType: 'weird', payload: [1, 2], eventChannel: exact.sessid });
  assert.equal((await xcontrol(sim, 'POST', '/emit', { channel: 'nobody.listens', data: {} })).delivered, 0);
});

test('verto.broadcast publishes to the channel with userid, sessid, fromDisplay', async (t) => {
  const sim = await useSimulator(t);
  const listener = await vertoLogin(t, sim, { user: '1010', subscribe: ['vcc'] });
  const talker = await vertoLogin(t, sim, { user: '1001' });
  const reply = await talker.call('verto.broadcast', { eventChannel: 'vcc.default', data: { hi: 1 } });
  assert.deepEqual(reply.result, { sessid: talker.sessid });
  const event = await listener.event();
  assert.deepEqual(event.data, { hi: 1 });
  assert.deepEqual([event.userid, event.sessid, event.fromDisplay], ['1001@xswitch.cn', talker.sessid, '1001']);
  const denied = await talker.call('verto.broadcast', { eventChannel: 'vcc', data: {} });
  assert.deepEqual(denied.result, { code: -32002, message: 'Permission Denied.', sessid: talker.sessid });
});

test('sessid: the same user on a second socket with the same sessid punts the old socket', async (t) => {
  const sim = await useSimulator(t);
  const sessid = randomUUID();
  const old = await vertoLogin(t, sim, { user: '1001', sessid, subscribe: ['vcc.default.1001'] });
  const fresh = await vertoConnect(t, sim, { sessid });
  const result = await fresh.login({ user: '1001', token: 'token-1001', passwd: 'x' });
  assert.equal(result.sessid, sessid);
  const punt = await old.next('verto.punt');
  assert.deepEqual([punt.jsonrpc, typeof punt.id, punt.params], ['2.0', 'number', {}]);
  const closed = await old.closed;
  assert.equal(closed.code, 1000);
  const state = await xcontrol(sim, 'GET', '/state');
  assert.deepEqual(
    state.sockets.map((/** @type {any} */ s) => [s.sessid, s.user, s.subscriptions]),
    [[sessid, '1001', []]],
    'subscriptions are not carried over',
  );
});

test('sessid: another user with a sessid in use gets -32001 Session in use and is dropped', async (t) => {
  const sim = await useSimulator(t);
  const sessid = randomUUID();
  const holder = await vertoLogin(t, sim, { user: '1001', sessid });
  const intruder = await vertoConnect(t, sim, { sessid });
  assert.equal((await intruder.call('login', {})).error.code, -32000);
  const refused = await intruder.call('login', { login: `1002@${DOMAIN}`, passwd: PASSWORD });
  assert.deepEqual(refused.error, { code: -32001, message: 'Session in use' });
  await intruder.closed;
  assert.equal((await holder.call('verto.ping', {})).result.message, 'PONG', 'the holder is untouched');
  assert.equal(holder.pending.length, 0, 'no punt');
  assert.equal((await xcontrol(sim, 'GET', '/state')).sockets.length, 1);
});

test('a socket without sessid gets one from the server (in every result)', async (t) => {
  const sim = await useSimulator(t);
  const client = await vertoConnect(t, sim);
  client.sendRaw(
    JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'login', params: { login: `1001@${DOMAIN}`, passwd: PASSWORD } }),
  );
  const reply = await client.reply(1);
  assert.match(reply.result.sessid, /^[0-9a-f-]{36}$/);
  assert.equal((await xcontrol(sim, 'GET', '/state')).sockets[0].sessid, reply.result.sessid);
});

test('verto.ping after the configured idle time without inbound traffic; the client may answer', async (t) => {
  const sim = await useSimulator(t, { xswitchPingIdleMs: 60 });
  const client = await vertoLogin(t, sim);
  const ping = await client.next('verto.ping');
  assert.equal(typeof ping.id, 'number');
  assert.ok(Number.isInteger(ping.params.serno) && Math.abs(ping.params.serno - Date.now() / 1000) < 5);
  client.sendRaw(JSON.stringify({ jsonrpc: '2.0', id: ping.id, result: { method: 'verto.ping' } }));
  const again = await client.next('verto.ping');
  assert.ok(again.id > ping.id);
  const log = await xcontrol(sim, 'GET', '/requests');
  assert.deepEqual(
    log.filter((/** @type {any} */ e) => e.kind === 'response').map((/** @type {any} */ e) => e.id),
    [ping.id],
  );
  assert.ok((await xcontrol(sim, 'GET', '/state')).sockets[0].pingsSent >= 2);

  // not before login; configurable at run time
  await xcontrol(sim, 'POST', '/config', { pingIdleMs: 0 });
  const quiet = await vertoLogin(t, sim, { user: '1002' });
  await xcontrol(sim, 'POST', '/config', { pingIdleMs: 40 });
  assert.equal((await quiet.next('verto.ping')).method, 'verto.ping');
});

test('control: drop, punt, raw, acceptSockets, requests log, reset', async (t) => {
  const sim = await useSimulator(t);
  const a = await vertoLogin(t, sim, { user: '1001' });
  const b = await vertoLogin(t, sim, { user: '1002' });

  assert.deepEqual(await xcontrol(sim, 'POST', '/raw', { user: '1001', text: '#SPU123' }), { sent: 1 });
  assert.equal(await a.take(), '#SPU123');

  assert.deepEqual(await xcontrol(sim, 'POST', '/drop', { user: '1001' }), { dropped: 1 });
  assert.equal((await a.closed).code, 1006, 'terminated, no close handshake');

  assert.deepEqual(await xcontrol(sim, 'POST', '/punt', { user: '1002' }), { punted: 1 });
  assert.equal((await b.next('verto.punt')).method, 'verto.punt');
  assert.equal((await b.closed).code, 1000);
  assert.deepEqual((await xcontrol(sim, 'GET', '/state')).sockets, []);

  const config = await xcontrol(sim, 'POST', '/config', { acceptSockets: false });
  assert.equal(config.acceptSockets, false);
  await assert.rejects(VertoClient.connect(sim.xswitchUrl), /503/);
  await xcontrol(sim, 'POST', '/config', { acceptSockets: true });
  const c = await vertoLogin(t, sim, { user: '1003' });
  const bad = await request(`${sim.controlUrl}/xswitch/config`, { method: 'POST', json: { pingIdleMs: -1 } });
  assert.equal(bad.status, 400);
  assert.equal((await request(`${sim.controlUrl}/xswitch/config`, { method: 'POST', json: { x: 1 } })).status, 400);

  const log = await xcontrol(sim, 'GET', '/requests');
  assert.ok(log.length >= 6);
  assert.deepEqual(Object.keys(log[0]).sort(), [
    'at',
    'batch',
    'error',
    'id',
    'kind',
    'method',
    'params',
    'passwd',
    'seq',
    'sessid',
    'socket',
    'user',
  ]);
  const since = log.at(-1).seq;
  await c.call('verto.ping', {});
  assert.deepEqual(
    (await xcontrol(sim, 'GET', `/requests?since=${since}`)).map((/** @type {any} */ e) => e.method),
    ['verto.ping'],
  );
  await xcontrol(sim, 'DELETE', '/requests');
  assert.deepEqual(await xcontrol(sim, 'GET', '/requests'), []);

  await xcontrol(sim, 'POST', '/config', { pingIdleMs: 5 });
  await xcontrol(sim, 'POST', '/reset');
  assert.equal((await c.closed).code, 1000);
  const state = await xcontrol(sim, 'GET', '/state');
  assert.equal(state.config.pingIdleMs, 30000);
  assert.deepEqual(state.sockets, []);
});

test('POST /__sim/reset also resets the XSwitch side', async (t) => {
  const sim = await useSimulator(t);
  const client = await vertoLogin(t, sim);
  await client.ccc('ccLogin', { agent: '1001', extn: '1001', queue: '100000' });
  await request(`${sim.controlUrl}/reset`, { method: 'POST' });
  assert.equal((await client.closed).code, 1000);
  const state = await xcontrol(sim, 'GET', '/state');
  assert.equal(state.agents['1001'].state, 'LOGOUT');
});

test('the STOMP endpoint and unknown upgrade paths are unaffected', async (t) => {
  const sim = await useSimulator(t);
  const stomp = await EventClient.connect(sim.eventUrl);
  await stomp.subscribe('/topic/event.agent.*.5001@test_cc');
  await stomp.close();
  const ws = new WebSocket(`ws://127.0.0.1:${sim.port}/nothing`);
  ws.on('error', () => {});
  const status = await new Promise((resolve) =>
    ws.once('unexpected-response', (req, res) => {
      res.resume();
      req.destroy();
      resolve(res.statusCode);
    }),
  );
  assert.equal(status, 404);
});
