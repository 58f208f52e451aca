// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, useSimulator } from './helpers.mjs';
import { QUEUE, vccEvents, vertoLogin, xcontrol } from './xswitch-helpers.mjs';

/** @typedef {import('./xswitch-helpers.mjs').VertoClient} VertoClient */

const OK = { code: 200, message: 'success' };
const AGENT_KEYS = [
  'action',
  'agent_id',
  'group_id',
  'queue_id',
  'extn',
  'agent_uuid',
  'state',
  'status',
  'reason',
  'callstate',
  'timestamp',
];

/**
 * An agent's Verto client, logged in and subscribed to its own `vcc` channel.
 * @param {import('node:test').TestContext} t
 * @param {{xswitchUrl: string}} sim
 * @param {string} [user]
 */
function agentClient(t, sim, user = '1001') {
  return vertoLogin(t, sim, { user, token: `token-${user}`, passwd: 'x', subscribe: [`vcc.default.${user}`] });
}

/**
 * `ccLogin` of an agent on its own extension, and its two events consumed.
 * @param {VertoClient} client
 * @param {string} [agent]
 */
async function ccLogin(client, agent = '1001') {
  assert.deepEqual(without(await client.ccc('ccLogin', { agent, extn: agent, queue: QUEUE }), 'sessid'), OK);
  return vccEvents(client, 2);
}

/**
 * @param {Record<string, any>} object
 * @param {...string} keys
 */
function without(object, ...keys) {
  const copy = { ...object };
  for (const key of keys) delete copy[key];
  return copy;
}

/**
 * `callstate leg [cause]` of call-state events.
 * @param {Record<string, any>[]} events
 */
const calls = (events) =>
  events.map((e) => [e.callstate, e.leg, e.direction, e.cause].filter((x) => x !== undefined).join(' '));

/**
 * Asserts no event is pending for the client: publishes a fence on its channel, which must come first.
 * @param {{controlUrl: string}} sim
 * @param {VertoClient} client
 * @param {string} [agent]
 */
async function assertNoEvent(sim, client, agent = '1001') {
  await xcontrol(sim, 'POST', '/emit', { channel: `vcc.default.${agent}`, data: { fence: true } });
  assert.deepEqual((await client.event()).data, { fence: true });
}

test('ccc lifecycle: ccLogin → On Break, ccGoReady → Available, ccGoBreak(reason), ccLogout → Out; a vcc event per change', async (t) => {
  const sim = await useSimulator(t);
  const client = await agentClient(t, sim);
  const reply = await client.call('jsapi', {
    command: 'lua',
    data: { method: 'ccc', func: 'ccLogin', data: { queue: QUEUE, agent: 'default.1001', extn: '1001' } },
  });
  assert.deepEqual(reply.result, { code: 200, message: 'success', sessid: client.sessid });
  const login = await client.event();
  assert.deepEqual(Object.keys(login), ['eventChannel', 'eventType', 'data', 'eventSerno', 'subscribedChannel']);
  assert.deepEqual(
    [login.eventChannel, login.eventType, login.subscribedChannel],
    ['vcc.default.1001', 'vcc', 'vcc.default.1001'],
  );
  assert.deepEqual(Object.keys(login.data), AGENT_KEYS);
  const uuid = login.data.agent_uuid;
  assert.match(uuid, /^[0-9a-f-]{36}$/);
  assert.deepEqual(without(login.data, 'timestamp', 'agent_uuid'), {
    action: 'agent-state',
    agent_id: '1001',
    group_id: 'default',
    queue_id: QUEUE,
    extn: '1001',
    state: 'LOGIN',
    status: 'On Break',
    reason: '',
    callstate: 'IDLE',
  });
  assert.ok(Math.abs(login.data.timestamp - Date.now()) < 5000);
  const onBreak = (await client.event()).data;
  assert.deepEqual([onBreak.state, onBreak.status, onBreak.agent_uuid], ['BUSY', 'On Break', uuid]);

  assert.deepEqual(without(await client.ccc('ccGoReady', { agent: '1001', queue: QUEUE }), 'sessid'), OK);
  const ready = (await client.event()).data;
  assert.deepEqual(
    [ready.action, ready.state, ready.status, ready.callstate, ready.reason],
    ['agent-state', 'READY', 'Available', 'IDLE', ''],
  );
  assert.deepEqual(
    without(await client.ccc('ccGoBreak', { queue: QUEUE, agent: '1001', reason: 'lunch' }), 'sessid'),
    OK,
  );
  const lunch = (await client.event()).data;
  assert.deepEqual([lunch.state, lunch.status, lunch.reason], ['BUSY', 'On Break', 'lunch']);
  await client.ccc('ccGoBreak', { queue: QUEUE, agent: '1001', reason: 'DND' });
  assert.equal((await client.event()).data.reason, 'DND', 'a new reason is a change');

  const rest = await request(`${sim.baseUrl}/api/cc/agent_state?queue=${QUEUE}&type=callcenter&agent=1001`);
  assert.deepEqual(rest.json.data[0].state, 'BUSY');

  assert.deepEqual(without(await client.ccc('ccLogout', { agent: '1001' }), 'sessid'), OK);
  const out = (await client.event()).data;
  assert.deepEqual([out.state, out.status, out.reason, out.callstate], ['LOGOUT', 'Out', '', 'IDLE']);

  // no change → success without an event (ccLogin twice, ccGoReady twice, the same break reason)
  await ccLogin(client);
  await client.ccc('ccLogin', { agent: '1001', extn: '1001', queue: QUEUE });
  await client.ccc('ccGoBreak', { agent: '1001', queue: QUEUE });
  await client.ccc('ccGoReady', { agent: '1001' });
  assert.equal((await client.event()).data.state, 'READY');
  assert.equal((await client.ccc('ccGoReady', { agent: '1001' })).code, 200);
  await assertNoEvent(sim, client);
});

test('ccc errors: a non-200 code with a message, no state change, no event', async (t) => {
  const sim = await useSimulator(t);
  const client = await agentClient(t, sim);
  /**
   * @param {string} func
   * @param {Record<string, unknown>} data
   */
  const refuse = async (func, data) => without(await client.ccc(func, data), 'sessid');

  assert.deepEqual(await refuse('ccGoReady', { agent: '1001', queue: QUEUE }), {
    code: 409,
    message: 'agent not logged in: 1001',
  });
  assert.deepEqual(await refuse('ccGoBreak', { agent: '1001', queue: QUEUE, reason: 'x' }), {
    code: 409,
    message: 'agent not logged in: 1001',
  });
  assert.equal((await refuse('ccLogout', { agent: '1001' })).code, 409);
  assert.deepEqual(await refuse('ccDial', { agent: '1001', extn: '1001', destNumber: '138' }), {
    code: 409,
    message: 'agent not logged in: 1001',
  });
  assert.deepEqual(await refuse('ccLogin', { agent: '9999', extn: '1001', queue: QUEUE }), {
    code: 404,
    message: 'agent not found: 9999',
  });
  assert.equal((await refuse('ccLogin', { agent: 'sales.1001', extn: '1001', queue: QUEUE })).code, 404);
  assert.deepEqual(await refuse('ccLogin', { extn: '1001', queue: QUEUE }), {
    code: 400,
    message: 'missing param: agent',
  });
  assert.deepEqual(await refuse('ccLogin', { agent: '1001', extn: '1001' }), {
    code: 400,
    message: 'missing param: queue',
  });
  assert.deepEqual(await refuse('ccLogin', { agent: '1001', extn: '1001', queue: '999' }), {
    code: 404,
    message: 'queue not found: 999',
  });
  assert.deepEqual(await refuse('ccLogin', { agent: '1001', queue: QUEUE }), {
    code: 400,
    message: 'missing param: extn',
  });
  assert.deepEqual(await refuse('ccLogin', { agent: '1001', extn: '1002', queue: QUEUE }), {
    code: 403,
    message: 'extension mismatch: agent 1001 uses extension 1001',
  });
  assert.deepEqual(await refuse('ccLogin', { agent: '1001', extn: '2000', queue: QUEUE }), {
    code: 404,
    message: 'extension not found: 2000',
  });
  assert.deepEqual(await refuse('ccLogin', { agent: '1002', extn: '1002', queue: QUEUE }), {
    code: 403,
    message: 'permission denied: 1001 may not act for agent 1002',
  });
  assert.deepEqual(await refuse('ccTransfer', { agent: '1001' }), { code: 404, message: 'unknown func: ccTransfer' });
  const state = await xcontrol(sim, 'GET', '/state');
  assert.equal(state.agents['1001'].state, 'LOGOUT');
  await assertNoEvent(sim, client);

  await ccLogin(client);
  assert.deepEqual(await refuse('ccDial', { agent: '1001', extn: '1002', destNumber: '138' }), {
    code: 403,
    message: 'extension mismatch: agent 1001 is logged in on 1001',
  });
  assert.deepEqual(await refuse('ccDial', { agent: '1001', extn: '1001' }), {
    code: 400,
    message: 'missing param: destNumber',
  });
  const { call_uuid: uuid } = await client.ccc('ccDial', { agent: '1001', extn: '1001', destNumber: '138' });
  assert.equal((await client.event()).data.callstate, 'RINGING');
  assert.deepEqual(await refuse('ccDial', { agent: '1001', extn: '1001', destNumber: '139' }), {
    code: 409,
    message: 'agent already in a call: 1001',
  });
  assert.deepEqual(await refuse('ccLogout', { agent: '1001', queue: QUEUE }), {
    code: 409,
    message: 'agent in a call: 1001',
  });
  await assertNoEvent(sim, client);
  await xcontrol(sim, 'POST', `/calls/${uuid}/hangup`, {});
  assert.equal((await client.event()).data.callstate, 'IDLE');
});

test('the supervisor (1010) may act for every agent; another user may not', async (t) => {
  const sim = await useSimulator(t);
  const agent = await agentClient(t, sim, '1002');
  const supervisor = await vertoLogin(t, sim, { user: '1010', subscribe: ['vcc'] });
  assert.equal((await supervisor.ccc('ccLogin', { agent: '1002', extn: '1002', queue: QUEUE })).code, 200);
  const events = await vccEvents(agent, 2);
  assert.deepEqual(
    events.map((e) => e.state),
    ['LOGIN', 'BUSY'],
  );
  const seen = await vccEvents(supervisor, 2);
  assert.deepEqual(
    seen.map((e) => `${e.agent_id} ${e.state}`),
    ['1002 LOGIN', '1002 BUSY'],
  );
});

test('ccDial = callback dialing: the agent rings, answers, the destination rings, answers, holds, hangs up', async (t) => {
  const sim = await useSimulator(t);
  const client = await agentClient(t, sim);
  await ccLogin(client);
  await client.ccc('ccGoReady', { agent: '1001', queue: QUEUE });
  await client.event();

  const dial = await client.ccc('ccDial', {
    agent: '1001',
    extn: '1001',
    cidNumber: '02100000000',
    destNumber: '13800138000',
    earlyMedia: false,
  });
  assert.deepEqual(without(dial, 'call_uuid', 'sessid'), OK);
  const uuid = dial.call_uuid;
  const ringing = await client.event();
  assert.deepEqual(without(ringing.data, 'timestamp', 'agent_uuid'), {
    action: 'call-state',
    agent_id: '1001',
    group_id: 'default',
    queue_id: QUEUE,
    extn: '1001',
    state: 'READY',
    status: 'Available',
    reason: '',
    callstate: 'RINGING',
    call_uuid: uuid,
    direction: 'outbound',
    caller: '1001',
    callee: '13800138000',
    leg: 'agent',
  });
  const view = await xcontrol(sim, 'GET', `/calls/${uuid}`);
  assert.deepEqual([view.phase, view.cidNumber, view.earlyMedia], ['agent-ringing', '02100000000', false]);

  await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, { leg: 'agent' });
  const destRings = (await client.event()).data;
  assert.deepEqual([destRings.callstate, destRings.leg, destRings.call_uuid], ['RINGING', 'dest', uuid]);
  const wrongLeg = await request(`${sim.controlUrl}/xswitch/calls/${uuid}/answer`, {
    method: 'POST',
    json: { leg: 'agent' },
  });
  assert.equal(wrongLeg.status, 409);

  await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, {});
  const talking = (await client.event()).data;
  assert.deepEqual([talking.callstate, talking.leg], ['TALKING', 'dest']);
  const rest = await request(`${sim.baseUrl}/api/cc/agent_state?queue=${QUEUE}&type=callcenter`);
  const row = rest.json.data.find((/** @type {any} */ a) => a.agent_id === '1001');
  // the call part of the row [I]: what a client needs to reconcile its calls after an outage
  assert.deepEqual(
    [row.callstate, row.call_uuid, row.direction, row.caller, row.callee],
    ['TALKING', uuid, 'outbound', '1001', '13800138000'],
  );

  await xcontrol(sim, 'POST', `/calls/${uuid}/hold`, {});
  await xcontrol(sim, 'POST', `/calls/${uuid}/unhold`, {});
  assert.deepEqual(calls(await vccEvents(client, 2)), ['HOLD agent outbound', 'TALKING agent outbound']);

  const ended = await xcontrol(sim, 'POST', `/calls/${uuid}/hangup`, {});
  assert.deepEqual([ended.phase, ended.cause, ended.hangupBy], ['ended', 'NORMAL_CLEARING', 'remote']);
  const idle = (await client.event()).data;
  assert.deepEqual(
    [idle.callstate, idle.leg, idle.cause, idle.hangup_by, idle.state, idle.call_uuid],
    ['IDLE', 'dest', 'NORMAL_CLEARING', 'remote', 'READY', uuid],
  );
  assert.deepEqual(
    ended.history.map((/** @type {any} */ h) => `${h.callstate} ${h.leg}`),
    ['RINGING agent', 'RINGING dest', 'TALKING dest', 'HOLD agent', 'TALKING agent', 'IDLE dest'],
  );
  assert.deepEqual(await xcontrol(sim, 'GET', '/calls'), []);
  assert.equal((await xcontrol(sim, 'GET', '/calls?ended=1')).length, 1);
  assert.equal((await request(`${sim.controlUrl}/xswitch/calls/${uuid}/hangup`, { method: 'POST' })).status, 409);
  assert.equal((await request(`${sim.controlUrl}/xswitch/calls/nope/hangup`, { method: 'POST' })).status, 404);
});

test('ccDial outcomes: destination busy, agent rejects, the agent hangs up while the destination rings', async (t) => {
  const sim = await useSimulator(t);
  const client = await agentClient(t, sim);
  await ccLogin(client);
  const dial = async () => (await client.ccc('ccDial', { agent: '1001', destNumber: '13800138000' })).call_uuid;

  let uuid = await dial();
  await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, {});
  await xcontrol(sim, 'POST', `/calls/${uuid}/busy`, {});
  assert.deepEqual(calls(await vccEvents(client, 3)), [
    'RINGING agent outbound',
    'RINGING dest outbound',
    'IDLE dest outbound USER_BUSY',
  ]);

  uuid = await dial();
  await xcontrol(sim, 'POST', `/calls/${uuid}/hangup`, {});
  const rejected = await vccEvents(client, 2);
  assert.deepEqual(calls(rejected), ['RINGING agent outbound', 'IDLE agent outbound CALL_REJECTED']);
  assert.equal(rejected[1].hangup_by, 'agent');

  uuid = await dial();
  await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, {});
  await xcontrol(sim, 'POST', `/calls/${uuid}/hangup`, { by: 'agent' });
  assert.deepEqual(calls(await vccEvents(client, 3)), [
    'RINGING agent outbound',
    'RINGING dest outbound',
    'IDLE dest outbound ORIGINATOR_CANCEL',
  ]);

  uuid = await dial();
  await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, {});
  await xcontrol(sim, 'POST', `/calls/${uuid}/no-answer`, {});
  assert.deepEqual(calls(await vccEvents(client, 3)).at(-1), 'IDLE dest outbound NO_ANSWER');
});

test('auto answer: autoAnswerAgentMs and autoAnswerDestMs with autoDestOutcome', async (t) => {
  const sim = await useSimulator(t);
  const client = await agentClient(t, sim);
  await ccLogin(client);
  const config = await xcontrol(sim, 'POST', '/config', { autoAnswerAgentMs: 0, autoAnswerDestMs: 5 });
  assert.deepEqual([config.autoAnswerAgentMs, config.autoAnswerDestMs, config.autoDestOutcome], [0, 5, 'answer']);
  const { call_uuid: uuid } = await client.ccc('ccDial', { agent: '1001', destNumber: '13800138000' });
  assert.deepEqual(calls(await vccEvents(client, 3)), [
    'RINGING agent outbound',
    'RINGING dest outbound',
    'TALKING dest outbound',
  ]);
  await xcontrol(sim, 'POST', `/calls/${uuid}/hangup`, { by: 'agent', cause: 'NORMAL_CLEARING' });
  const idle = (await client.event()).data;
  assert.deepEqual([idle.callstate, idle.leg, idle.hangup_by], ['IDLE', 'agent', 'agent']);

  await xcontrol(sim, 'POST', '/config', { autoDestOutcome: 'busy' });
  await client.ccc('ccDial', { agent: '1001', destNumber: '13800138000' });
  assert.deepEqual(calls(await vccEvents(client, 3)).at(-1), 'IDLE dest outbound USER_BUSY');
  await xcontrol(sim, 'POST', '/config', { autoDestOutcome: 'noAnswer' });
  await client.ccc('ccDial', { agent: '1001', destNumber: '13800138000' });
  assert.deepEqual(calls(await vccEvents(client, 3)).at(-1), 'IDLE dest outbound NO_ANSWER');
  const bad = await request(`${sim.controlUrl}/xswitch/config`, { method: 'POST', json: { autoDestOutcome: 'x' } });
  assert.equal(bad.status, 400);
});

test('inbound call (control API): RINGING inbound → answer → TALKING → hangup → IDLE', async (t) => {
  const sim = await useSimulator(t);
  const client = await agentClient(t, sim);
  const loggedOut = await request(`${sim.controlUrl}/xswitch/calls/inbound`, {
    method: 'POST',
    json: { agent: '1001' },
  });
  assert.equal(loggedOut.status, 409);
  await ccLogin(client);
  await client.ccc('ccGoReady', { agent: '1001' });
  await client.event();

  const call = await xcontrol(sim, 'POST', '/calls/inbound', { agent: '1001', from: '13800138000' });
  assert.deepEqual(
    [call.direction, call.caller, call.callee, call.phase],
    ['inbound', '13800138000', '1001', 'agent-ringing'],
  );
  const ringing = (await client.event()).data;
  assert.deepEqual(
    [
      ringing.action,
      ringing.callstate,
      ringing.direction,
      ringing.caller,
      ringing.callee,
      ringing.leg,
      ringing.call_uuid,
    ],
    ['call-state', 'RINGING', 'inbound', '13800138000', '1001', 'agent', call.uuid],
  );
  const busy = await request(`${sim.controlUrl}/xswitch/calls/inbound`, { method: 'POST', json: { agent: '1001' } });
  assert.equal(busy.status, 409, 'already in a call');

  await xcontrol(sim, 'POST', `/calls/${call.uuid}/answer`, {});
  await xcontrol(sim, 'POST', `/calls/${call.uuid}/hangup`, {});
  const rest = await vccEvents(client, 2);
  assert.deepEqual(calls(rest), ['TALKING agent inbound', 'IDLE dest inbound NORMAL_CLEARING']);
  assert.equal(rest[1].hangup_by, 'remote');

  // the caller gives up while it rings; the agent rejects
  const second = await xcontrol(sim, 'POST', '/calls/inbound', { agent: 'default.1001' });
  assert.equal(second.caller, '13800138000', 'default caller');
  await xcontrol(sim, 'POST', `/calls/${second.uuid}/hangup`, {});
  const third = await xcontrol(sim, 'POST', '/calls/inbound', { agent: '1001', from: '02100000000' });
  await xcontrol(sim, 'POST', `/calls/${third.uuid}/hangup`, { by: 'agent' });
  assert.deepEqual(calls(await vccEvents(client, 4)), [
    'RINGING agent inbound',
    'IDLE agent inbound ORIGINATOR_CANCEL',
    'RINGING agent inbound',
    'IDLE agent inbound CALL_REJECTED',
  ]);
});

test('REST agent_state: every agent of the queue; X-XTRA-AUTH-ID optional but checked; CORS allows it', async (t) => {
  const sim = await useSimulator(t);
  const client = await agentClient(t, sim);
  await ccLogin(client);
  const url = `${sim.baseUrl}/api/cc/agent_state?queue=${QUEUE}&type=callcenter`;
  const reply = await request(url);
  assert.equal(reply.status, 200);
  assert.deepEqual([reply.json.code, reply.json.message, reply.json.data.length], [200, 'success', 10]);
  const row = reply.json.data[0];
  assert.deepEqual(Object.keys(row), [
    'agent_id',
    'group_id',
    'queue_id',
    'extn',
    'agent_uuid',
    'state',
    'status',
    'reason',
    'callstate',
  ]);
  assert.deepEqual(without(row, 'agent_uuid'), {
    agent_id: '1001',
    group_id: 'default',
    queue_id: QUEUE,
    extn: '1001',
    state: 'BUSY',
    status: 'On Break',
    reason: '',
    callstate: 'IDLE',
  });
  assert.equal(reply.json.data[1].state, 'LOGOUT');
  const state = await xcontrol(sim, 'GET', '/state');
  assert.equal(row.agent_uuid, state.agents['1001'].agent_uuid);

  const withToken = await request(url, { headers: { 'X-XTRA-AUTH-ID': 'token-1001' } });
  assert.equal(withToken.status, 200);
  const badToken = await request(url, { headers: { 'X-XTRA-AUTH-ID': 'nope' } });
  assert.equal(badToken.status, 401);
  assert.equal(badToken.json.code, 401);
  const badQueue = await request(`${sim.baseUrl}/api/cc/agent_state?queue=1`);
  assert.deepEqual([badQueue.status, badQueue.json.code, badQueue.json.data], [404, 404, []]);
  const one = await request(`${sim.baseUrl}/api/cc/agent_state?agent=default.1002`);
  assert.deepEqual(
    one.json.data.map((/** @type {any} */ a) => a.agent_id),
    ['1002'],
  );

  const preflight = await fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: 'http://localhost:8000',
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'x-xtra-auth-id',
    },
  });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /X-XTRA-AUTH-ID/i);
});

test('REST twins POST /api/cc/ccc/:func run the same functions (token → that user, none → unrestricted)', async (t) => {
  const sim = await useSimulator(t);
  const client = await agentClient(t, sim);
  const post = (/** @type {string} */ func, /** @type {unknown} */ json, /** @type {string} */ token = '') =>
    request(`${sim.baseUrl}/api/cc/ccc/${func}`, {
      method: 'POST',
      json,
      headers: token ? { 'X-XTRA-AUTH-ID': token } : {},
    });
  assert.deepEqual((await post('ccLogin', { agent: '1001', extn: '1001', queue: QUEUE })).json, OK);
  assert.deepEqual(
    (await vccEvents(client, 2)).map((e) => e.state),
    ['LOGIN', 'BUSY'],
  );
  assert.equal((await post('ccGoReady', { agent: '1001' }, 'token-1002')).json.code, 403);
  assert.deepEqual((await post('ccGoReady', { agent: '1001' }, 'token-1001')).json, OK);
  assert.equal((await client.event()).data.state, 'READY');
  assert.equal((await post('ccGoReady', { agent: '1001' }, 'bad')).status, 401);
});

test('control: preset agents, injected ccc failures, emit of an unknown shape, call views', async (t) => {
  const sim = await useSimulator(t);
  const client = await agentClient(t, sim);

  const quiet = await xcontrol(sim, 'POST', '/agents/1001', { state: 'READY' });
  assert.deepEqual([quiet.state, quiet.status, quiet.loginExtn], ['READY', 'Available', '1001']);
  await xcontrol(sim, 'POST', '/agents/1001', { state: 'BUSY', reason: 'training', publish: true });
  const published = (await client.event()).data;
  assert.deepEqual([published.state, published.reason], ['BUSY', 'training']);
  await xcontrol(sim, 'POST', '/agents/1001', { state: 'LOGOUT', publish: true });
  await xcontrol(sim, 'POST', '/agents/1001', { state: 'READY', publish: true });
  assert.deepEqual(
    (await vccEvents(client, 3)).map((e) => e.state),
    ['LOGOUT', 'LOGIN', 'READY'],
  );
  assert.equal((await request(`${sim.controlUrl}/xswitch/agents/9999`, { method: 'POST', json: {} })).status, 404);
  assert.equal(
    (await request(`${sim.controlUrl}/xswitch/agents/1001`, { method: 'POST', json: { state: 'X' } })).status,
    400,
  );

  await xcontrol(sim, 'POST', '/fail', { func: 'ccGoBreak', code: 500, message: 'lua error', times: 1 });
  assert.equal((await xcontrol(sim, 'GET', '/fail')).length, 1);
  assert.deepEqual(without(await client.ccc('ccGoBreak', { agent: '1001', reason: 'x' }), 'sessid'), {
    code: 500,
    message: 'lua error',
  });
  assert.equal((await xcontrol(sim, 'GET', '/state')).agents['1001'].state, 'READY', 'unchanged');
  assert.equal((await client.ccc('ccGoBreak', { agent: '1001', reason: 'x' })).code, 200, 'times: 1');
  await client.event();
  await xcontrol(sim, 'POST', '/fail', { func: '*', code: 503, times: -1 });
  assert.equal((await client.ccc('ccGoReady', { agent: '1001' })).code, 503);
  assert.equal((await client.ccc('ccLogout', { agent: '1001' })).code, 503);
  await xcontrol(sim, 'DELETE', '/fail');
  assert.equal((await client.ccc('ccGoReady', { agent: '1001' })).code, 200);
  await client.event();

  const emitted = await xcontrol(sim, 'POST', '/emit', {
    channel: 'vcc.default.1001',
    event: { 'CC-Action': 'agent-state-change', 'CC-Agent-State': 'Receiving' },
  });
  assert.equal(emitted.delivered, 1);
  const odd = await client.event();
  assert.deepEqual(without(odd, 'eventSerno'), {
    'CC-Action': 'agent-state-change',
    'CC-Agent-State': 'Receiving',
    eventChannel: 'vcc.default.1001',
    subscribedChannel: 'vcc.default.1001',
  });

  const call = await xcontrol(sim, 'POST', '/calls/inbound', { agent: '1001' });
  const state = await xcontrol(sim, 'GET', '/state');
  assert.equal(state.agents['1001'].call_uuid, call.uuid);
  assert.deepEqual(
    state.calls.map((/** @type {any} */ c) => c.uuid),
    [call.uuid],
  );
  assert.equal((await xcontrol(sim, 'GET', `/calls/${call.uuid}`)).phase, 'agent-ringing');
  assert.equal(
    (await request(`${sim.controlUrl}/xswitch/agents/1001`, { method: 'POST', json: { state: 'LOGOUT' } })).status,
    409,
  );
});
