// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentState, control, login, request, sessionFor, tpiLogin, useSimulator } from './helpers.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('TPI login answers a session id on every known login path', async (t) => {
  const sim = await useSimulator(t);
  for (const path of ['/loginTrusted', '/login', '/api/security/login']) {
    const reply = await tpiLogin(sim, '5001', { path });
    assert.equal(reply.status, 200, path);
    assert.match(reply.json.sessionId, UUID);
    assert.equal(reply.json.agentId, '5001@test.cc');
  }
  const encoded = await request(`${sim.baseUrl}/loginTrusted`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'username=5001&password=%31%32%33%34%35%36&namespace=test%2Ecc',
  });
  assert.equal(encoded.status, 200, 'URL-encoded values are tolerated');
  assert.equal((await tpiLogin(sim, '5999')).status, 200, 'any job 5001-5999 passes TPI');
});

test('TPI login refuses a wrong password, domain or job number with 401', async (t) => {
  const sim = await useSimulator(t);
  for (const [job, options] of /** @type {const} */ ([
    ['5001', { password: 'nope' }],
    ['5001', { domain: 'other.cc' }],
    ['6000', {}],
    ['abc', {}],
  ])) {
    const reply = await tpiLogin(sim, job, options);
    assert.equal(reply.status, 401, `${job} ${JSON.stringify(options)}`);
    assert.equal(reply.json.status, 401);
    assert.equal(typeof reply.json.message, 'string');
  }
});

test('Login succeeds with 204 and the agent is logged in', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  const reply = await login(sim, sessionId, { agentMode: 'NotReady' });
  assert.equal(reply.status, 204);
  assert.equal(reply.text, '');
  const state = await control(sim, 'GET', '/state');
  assert.deepEqual(
    {
      loggedIn: state.agents['5001'].loggedIn,
      extension: state.agents['5001'].extension,
      mode: state.agents['5001'].agentMode,
    },
    { loggedIn: true, extension: '8001', mode: 'NotReady' },
  );
  assert.equal(state.extensions['8001'].agent, '5001');
});

test('every built-in login error fixture answers its status and body', async (t) => {
  const sim = await useSimulator(t);
  const s5001 = await sessionFor(sim, '5001');

  const unknownJob = await login(sim, await sessionFor(sim, '5999'), { job: '5999' });
  assert.equal(unknownJob.status, 452);
  assert.deepEqual(Object.keys(unknownJob.json), ['status', 'message']);
  assert.equal(unknownJob.json.status, 452);

  assert.equal((await login(sim, s5001, { ext: '9999' })).status, 453);
  assert.equal((await login(sim, s5001, { ext: '8009' })).status, 451);
  assert.equal((await login(sim, await sessionFor(sim, '5010'), { job: '5010', ext: '8010' })).status, 423);
  assert.equal((await login(sim, s5001, { password: 'wrong' })).status, 401);

  await control(sim, 'POST', '/agents/5001', { loggedIn: true, extension: '8001' });
  assert.equal((await login(sim, s5001, { ext: '8001' })).status, 454);

  await control(sim, 'POST', '/agents/5001', { extension: '8002' });
  const elsewhere = await login(sim, s5001, { ext: '8001' });
  assert.equal(elsewhere.status, 455);
  assert.equal(elsewhere.json.deviceId, '8002@test.cc');

  await control(sim, 'POST', '/agents/5001', { loggedIn: false });
  await control(sim, 'POST', '/agents/5002', { loggedIn: true, extension: '8001' });
  const taken = await login(sim, s5001, { ext: '8001' });
  assert.equal(taken.status, 459);
  assert.equal(taken.json.agent, '5002@test.cc');
  assert.equal(taken.json.agentId, '5002@test.cc');

  await control(sim, 'POST', '/config', { licenceLimit: 1 });
  assert.equal((await login(sim, s5001, { ext: '8003' })).status, 461);
  await control(sim, 'POST', '/config', { licenceLimit: 10 });
  assert.equal((await login(sim, s5001, { ext: '8003' })).status, 204);
});

test('an unregistered extension can be registered through the control API', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  await control(sim, 'POST', '/extensions/8001', { registered: false });
  assert.equal((await login(sim, sessionId)).status, 451);
  await control(sim, 'POST', '/extensions/8001', { registered: true });
  assert.equal((await login(sim, sessionId)).status, 204);
});

test('every /api route answers 426 without a live session', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  const routes = [
    ['POST', '/api/csta/agent/state'],
    ['POST', '/api/csta/agent/heartbeat/5001@test.cc'],
    ['GET', '/api/csta/agent/client-state'],
    ['GET', '/api/operation/operation/tenants/test.cc/agents/5001@test.cc'],
  ];
  for (const [method, path] of routes) {
    for (const headers of /** @type {Record<string, string>[]} */ ([{}, { sessionId: 'not-a-session' }])) {
      const reply = await request(`${sim.baseUrl}${path}`, {
        method,
        headers,
        json: method === 'POST' ? {} : undefined,
      });
      assert.equal(reply.status, 426, `${method} ${path} ${JSON.stringify(headers)}`);
      assert.deepEqual(reply.json, { status: 426, message: 'failed to obtain AccessToken' });
    }
  }
  assert.deepEqual(await control(sim, 'DELETE', '/sessions?agent=5001'), { expired: 1 });
  assert.equal((await login(sim, sessionId)).status, 426, 'an expired session');
});

test('Logout and SetState on a logged-out agent answer 458; SetState while Allocated answers 460', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  assert.equal((await agentState(sim, sessionId, { func: 'Logout', agentId: '5001@test.cc' })).status, 458);
  const setState = {
    func: 'SetState',
    agentId: '5001@test.cc',
    device: '8001@test.cc',
    agentMode: 'Ready',
    namespace: 'test.cc',
    reason: '',
  };
  assert.equal((await agentState(sim, sessionId, setState)).status, 458);
  await control(sim, 'POST', '/agents/5001', { extension: '8001', agentMode: 'Allocated' });
  assert.equal((await agentState(sim, sessionId, setState)).status, 460);
  await control(sim, 'POST', '/agents/5001', { agentMode: 'NotReady' });
  assert.equal((await agentState(sim, sessionId, setState)).status, 204);
  assert.equal((await agentState(sim, sessionId, { func: 'Logout', agentId: '5001@test.cc', sessionId })).status, 204);
  assert.equal((await agentState(sim, sessionId, { func: 'Dance' })).status, 400);
});

test('heartbeats are counted with their time', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  const before = Date.now();
  for (let i = 0; i < 2; i++) {
    const reply = await request(`${sim.baseUrl}/api/csta/agent/heartbeat/5001@test.cc`, {
      method: 'POST',
      headers: { sessionId },
    });
    assert.equal(reply.status, 204);
  }
  const { agents } = await control(sim, 'GET', '/state');
  assert.equal(agents['5001'].heartbeats, 2);
  assert.ok(agents['5001'].lastHeartbeatAt >= before && agents['5001'].lastHeartbeatAt <= Date.now());
});

test('client-state describes the session agent, logged in or not', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  const get = () => request(`${sim.baseUrl}/api/csta/agent/client-state`, { headers: { sessionId } });

  const out = await get();
  assert.equal(out.status, 200);
  assert.deepEqual(out.json, {
    agent: {
      agentId: '5001@test.cc',
      extensionId: null,
      agentMode: 'Logout',
      reason: '',
      agentName: 'Agent 5001',
      namespace: 'test.cc',
      activeCall: null,
    },
    extension: null,
  });

  await control(sim, 'POST', '/agents/5001', { extension: '8001', agentMode: 'NotReady', reason: '2' });
  const inn = await get();
  assert.deepEqual(inn.json, {
    agent: {
      agentId: '5001@test.cc',
      extensionId: '8001@test.cc',
      agentMode: 'NotReady',
      reason: '2',
      agentName: 'Agent 5001',
      namespace: 'test.cc',
      activeCall: null,
    },
    extension: { extensionId: '8001@test.cc', registered: true },
  });
});

test('prefixes come with duplicates, as agentTrunks', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  const reply = await request(`${sim.baseUrl}/api/operation/operation/tenants/test.cc/agents/5001@test.cc`, {
    headers: { sessionId },
  });
  assert.equal(reply.status, 200);
  assert.deepEqual(reply.json, {
    agentId: '5001@test.cc',
    agentTrunks: [{ scanPrefix: '9' }, { scanPrefix: '6' }, { scanPrefix: '9' }],
  });
  await control(sim, 'POST', '/agents/5001', { prefixes: ['0'] });
  const changed = await request(`${sim.baseUrl}/api/operation/operation/tenants/test.cc/agents/5001@test.cc`, {
    headers: { sessionId },
  });
  assert.deepEqual(changed.json.agentTrunks, [{ scanPrefix: '0' }]);
});

test('CORS: preflight allows the sessionId header, responses echo the origin', async (t) => {
  const sim = await useSimulator(t);
  const origin = 'http://127.0.0.1:8000';
  for (const path of ['/api/csta/agent/state', '/__sim/state']) {
    const preflight = await fetch(`${sim.baseUrl}${path}`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,sessionid',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    assert.ok(allowed.includes('sessionid') && allowed.includes('content-type'), String(allowed));
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /DELETE/);
    assert.equal(preflight.headers.get('access-control-max-age'), '600');
  }
  const reply = await tpiLogin(sim);
  assert.equal(reply.headers.get('access-control-allow-origin'), '*', 'no Origin → *');
});

test('unknown routes answer JSON 404, wrong methods 405', async (t) => {
  const sim = await useSimulator(t);
  const sessionId = await sessionFor(sim);
  const missing = await request(`${sim.baseUrl}/api/csta/nothing`, { headers: { sessionId } });
  assert.equal(missing.status, 404);
  assert.equal(missing.json.status, 404);
  const wrongMethod = await request(`${sim.baseUrl}/api/csta/agent/state`, { headers: { sessionId } });
  assert.equal(wrongMethod.status, 405);
});

test('the simulator listens on loopback only', async () => {
  const { startSimulator } = await import('../../simulator/index.mjs');
  await assert.rejects(startSimulator({ host: '0.0.0.0' }), /127\.0\.0\.1 only/);
});
