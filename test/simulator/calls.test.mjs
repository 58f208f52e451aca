// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, request, sessionFor, useSimulator } from './helpers.mjs';
import { agentLine, dev, inbound, names, releasing, scenario } from './call-helpers.mjs';

const CUSTOMER = '13800138000';

test('outbound to an outside number: serviceInitiated, originated, delivered; the customer answers, then hangs up (two clears)', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const callId = await a.call(`9${CUSTOMER}`, { cpa: '1', contextId: '{"order":42}', originForDisplay: '02100000' });
  const ext = dev(`9${CUSTOMER}`);

  const ringing = await a.drain();
  assert.deepEqual(names(ringing), ['serviceInitiated', 'originated', 'delivered']);
  const [initiated, originated, delivered] = ringing;
  assert.deepEqual(
    Object.keys(initiated).slice(0, 11),
    ['eventName', 'eventSrc', 'eventTime', 'eventType', 'serial', 'params', '_type', 'topics', 'namespace'].concat([
      'srcDeviceId',
      'callId',
    ]),
  );
  assert.deepEqual(
    [initiated.callId, initiated.deviceId, initiated.localState, initiated.initiatedDevice, initiated.cause],
    [callId, a.device, 'Initiate', a.device, 'NORMAL'],
  );
  assert.deepEqual(
    [originated.localState, originated.cause, originated.callingDevice, originated.calledDevice],
    ['Initiate', 'NEWCALL', a.device, ext],
  );
  assert.equal(delivered.callId, callId);
  assert.equal(delivered.deviceId, ext);
  assert.equal(delivered.alertingDevice, ext);
  assert.equal(delivered.localState, 'Alerting');
  assert.equal(delivered.callType, 'Outbound');
  assert.equal(delivered.callCause, 'NEWCALL');
  assert.deepEqual(delivered.userData, { data: { originalANI: a.device, originalDNIS: ext, originalCallId: callId } });
  assert.equal(delivered.connectionId, `${a.device}|${callId}`);

  const view = await control(sim, 'GET', `/calls/${callId}`);
  assert.deepEqual(
    view.parties.map((/** @type {any} */ p) => [p.deviceId, p.kind, p.state, p.agent]),
    [
      [a.device, 'extension', 'Initiate', a.agentId],
      [ext, 'external', 'Alerting', null],
    ],
  );
  assert.equal(view.cpa, true);
  assert.deepEqual(view.options, { originForDisplay: '02100000', destForDisplay: '8001', contextId: '{"order":42}' });

  await scenario(sim, `/${callId}/answer`, { party: CUSTOMER });
  const [established] = await a.drain();
  assert.deepEqual(
    [established.eventName, established.answeringDevice, established.deviceId, established.localState],
    ['established', ext, ext, 'Connect'],
  );
  assert.deepEqual([established.callingDevice, established.calledDevice], [a.device, ext]);

  await scenario(sim, `/${callId}/hangup`, { party: CUSTOMER });
  const cleared = await a.drain();
  assert.deepEqual(names(cleared), ['connectionCleared', 'connectionCleared']);
  assert.deepEqual(releasing(cleared), [`9${CUSTOMER}`, '8001']);
  for (const e of cleared) {
    assert.equal(e.callId, callId);
    assert.equal(e.cause, 'NORMAL_CLEARING');
    assert.equal(e.hangupDevice, ext);
    assert.equal(e.localState, 'Idle');
    assert.equal(e.deviceId, e.releasingDevice);
  }
  a.checkStream();
  assert.deepEqual(await control(sim, 'GET', '/calls'), []);
  const ended = await control(sim, 'GET', `/calls/${callId}`);
  assert.equal(ended.status, 'ended');
  assert.deepEqual(
    ended.events.map((/** @type {any} */ e) => `${e.agentId} ${e.eventName}`),
    [
      '5001@test.cc serviceInitiated',
      '5001@test.cc originated',
      '5001@test.cc delivered',
      '5001@test.cc established',
      '5001@test.cc connectionCleared',
      '5001@test.cc connectionCleared',
    ],
  );
  assert.deepEqual(
    ended.events.map((/** @type {any} */ e) => e.serial),
    a.log.map((e) => e.serial),
  );
});

test('outbound: the agent hangs up first and gets one clear', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const callId = await a.call(`9${CUSTOMER}`);
  await a.drain();
  await scenario(sim, `/${callId}/answer`);
  await a.drain();
  await a.do(callId, '');
  const cleared = await a.drain();
  assert.deepEqual(releasing(cleared), ['8001']);
  assert.equal(cleared[0].hangupDevice, a.device);
  assert.deepEqual(await control(sim, 'GET', '/calls'), []);
  a.checkStream();
});

test('client-state activeCall follows the call (Initiate, Connect, Hold) and SetState answers 460 during it', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const callId = await a.call(`9${CUSTOMER}`);
  const ext = dev(`9${CUSTOMER}`);
  let active = (await a.clientState()).agent.activeCall;
  assert.equal(active.callId, callId);
  assert.equal(active.state, 'Initiate');
  assert.equal(active.direction, 'Out');
  assert.deepEqual([active.ani, active.dnis, active.otherSide], [a.device, ext, ext]);
  assert.match(active.ringTime, /^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}:\d{2}$/);
  assert.equal(active.answerTime, undefined);

  const refused = await a.setState('NotReady');
  assert.equal(refused.status, 460);
  assert.equal(refused.json.status, 460);

  await scenario(sim, `/${callId}/answer`);
  active = (await a.clientState()).agent.activeCall;
  assert.equal(active.state, 'Connect');
  assert.match(active.answerTime, /^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}:\d{2}$/);
  await a.do(callId, 'hold');
  assert.equal((await a.clientState()).agent.activeCall.state, 'Hold');
  assert.equal((await a.setState('Ready')).status, 460);
  await a.do(callId, 'retrieve');
  await scenario(sim, `/${callId}/hangup`);
  assert.equal((await a.clientState()).agent.activeCall, null);
  assert.equal((await a.setState('NotReady')).status, 204);
  assert.deepEqual(names(await a.drain()), [
    'serviceInitiated',
    'originated',
    'delivered',
    'established',
    'held',
    'retrieved',
    'connectionCleared',
    'connectionCleared',
    'agentNotReady',
  ]);
  a.checkStream();
});

test('inbound: delivered with callType and userData, answered through REST, the customer hangs up', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const callId = await inbound(sim, { to: '5001', from: CUSTOMER, userData: { orderId: 'A-1', vip: true } });
  const customer = dev(CUSTOMER);

  const [delivered, ...rest] = await a.drain();
  assert.equal(rest.length, 0);
  assert.equal(delivered.eventName, 'delivered');
  assert.deepEqual(
    [delivered.callId, delivered.alertingDevice, delivered.deviceId, delivered.localState, delivered.callType],
    [callId, a.device, a.device, 'Alerting', 'Inbound'],
  );
  assert.deepEqual([delivered.callingDevice, delivered.calledDevice], [customer, a.device]);
  assert.deepEqual(delivered.userData.data, {
    orderId: 'A-1',
    vip: true,
    originalANI: customer,
    originalDNIS: a.device,
    originalCallId: callId,
  });
  let active = (await a.clientState()).agent.activeCall;
  assert.deepEqual(
    [active.state, active.direction, active.ani, active.otherSide],
    ['Alerting', 'In', customer, customer],
  );

  await a.do(callId, 'answer');
  const [established] = await a.drain();
  assert.deepEqual([established.eventName, established.answeringDevice], ['established', a.device]);
  active = (await a.clientState()).agent.activeCall;
  assert.equal(active.state, 'Connect');

  await scenario(sim, `/${callId}/hangup`, { party: customer });
  assert.deepEqual(releasing(await a.drain()), [CUSTOMER, '8001']);
  a.checkStream();
});

test('inbound: the agent rejects a ringing call (CALL_REJECTED, one clear); a customer who gives up first', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const rejected = await inbound(sim, { to: '8001' });
  await a.drain();
  await a.do(rejected, '');
  const [clear, ...more] = await a.drain();
  assert.equal(more.length, 0);
  assert.deepEqual([clear.releasingDevice, clear.cause], [a.device, 'CALL_REJECTED']);

  const abandoned = await inbound(sim, { to: a.device, callType: 'PreView' });
  assert.equal((await a.drain())[0].callType, 'PreView');
  await scenario(sim, `/${abandoned}/hangup`);
  assert.deepEqual(releasing(await a.drain()), [CUSTOMER, '8001']);
  a.checkStream();
});

test('internal call: both get delivered, the callee answers with a raw-pipe connection id, hangs up; the caller gets two clears', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const b = await agentLine(t, sim, '5002');
  const callId = await a.call('8002');

  const aRing = await a.drain();
  assert.deepEqual(names(aRing), ['serviceInitiated', 'originated', 'delivered']);
  assert.deepEqual(
    [aRing[2].alertingDevice, aRing[2].callType, aRing[2].srcDeviceId],
    [b.device, 'Internal', a.device],
  );
  const bRing = await b.drain();
  assert.deepEqual(names(bRing), ['delivered']);
  assert.deepEqual(
    [bRing[0].callId, bRing[0].alertingDevice, bRing[0].callingDevice, bRing[0].calledDevice, bRing[0].srcDeviceId],
    [callId, b.device, a.device, b.device, b.device],
  );
  assert.equal((await b.clientState()).agent.activeCall.direction, 'In');

  const answer = await b.api('POST', `/calls/${callId}/connections/${b.device}|${callId}/answer`);
  assert.equal(answer.status, 204);
  assert.deepEqual(names(await a.drain()), ['established']);
  assert.deepEqual(names(await b.drain()), ['established']);

  await b.do(callId, '');
  assert.deepEqual(releasing(await b.drain()), ['8002']);
  assert.deepEqual(releasing(await a.drain()), ['8002', '8001']);
  a.checkStream();
  b.checkStream();
});

test('an extension nobody is logged in on is answered through the control API; busy and unregistered extensions fail at once', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const b = await agentLine(t, sim, '5002');
  const callId = await a.call('8003');
  await a.drain();
  await scenario(sim, `/${callId}/answer`, { party: '8003' });
  assert.deepEqual(names(await a.drain()), ['established']);
  assert.deepEqual(
    (await control(sim, 'GET', '/calls'))[0].parties.map((/** @type {any} */ p) => p.state),
    ['Connect', 'Connect'],
  );

  // 8003 is busy now: 5002 calling it fails with USER_BUSY, without a delivered.
  const busy = await b.call('8003', { cpa: 1 });
  const got = await b.drain();
  assert.deepEqual(names(got), ['serviceInitiated', 'originated', 'failed', 'connectionCleared', 'connectionCleared']);
  assert.deepEqual([got[2].failedCode, got[2].failedMsg], ['1', 'busy now']);
  assert.deepEqual(releasing(got), ['8003', '8002']);
  assert.ok(got.slice(3).every((e) => e.cause === 'USER_BUSY' && e.callId === busy));
  await scenario(sim, `/${callId}/hangup`, { party: '8003' });
  await a.drain();

  const unregistered = await a.call('8009');
  const refused = await a.drain();
  assert.deepEqual(names(refused), ['serviceInitiated', 'originated', 'connectionCleared', 'connectionCleared']);
  assert.ok(refused.slice(2).every((e) => e.cause === 'USER_NOT_REGISTERED' && e.callId === unregistered));
  a.checkStream();
  b.checkStream();
});

test('outbound outcomes: busy and fail with cpa send failed first; no-answer without cpa only clears', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');

  const busy = await a.call(`9${CUSTOMER}`, { cpa: '1' });
  await a.drain();
  await scenario(sim, `/${busy}/busy`);
  const b = await a.drain();
  assert.deepEqual(names(b), ['failed', 'connectionCleared', 'connectionCleared']);
  assert.deepEqual(
    [b[0].deviceId, b[0].localState, b[0].cause, b[0].calledDevice, b[0].failedCode, b[0].failedMsg],
    [dev(`9${CUSTOMER}`), 'Fail', 'Failed', dev(`9${CUSTOMER}`), '1', 'busy now'],
  );
  assert.deepEqual(
    b.slice(1).map((e) => e.cause),
    ['USER_BUSY', 'USER_BUSY'],
  );

  const silent = await a.call(`9${CUSTOMER}`);
  await a.drain();
  await scenario(sim, `/${silent}/no-answer`, { party: `9${CUSTOMER}` });
  const n = await a.drain();
  assert.deepEqual(names(n), ['connectionCleared', 'connectionCleared']);
  assert.deepEqual(
    n.map((e) => e.cause),
    ['NO_ANSWER', 'NO_ANSWER'],
  );

  const empty = await a.call(`6${CUSTOMER}`, { cpa: true });
  await a.drain();
  await scenario(sim, `/${empty}/fail`, { failedCode: 8 });
  const f = await a.drain();
  assert.deepEqual(names(f), ['failed', 'connectionCleared', 'connectionCleared']);
  assert.deepEqual([f[0].failedCode, f[0].failedMsg, f[1].cause], ['8', 'does not exist', 'UNALLOCATED_NUMBER']);

  // A far end that already answered cannot be busy.
  const answered = await a.call(`9${CUSTOMER}`);
  await scenario(sim, `/${answered}/answer`);
  const late = await request(`${sim.controlUrl}/calls/${answered}/busy`, { method: 'POST', json: {} });
  assert.equal(late.status, 409);
  a.checkStream();
});

test('externalAnswer config: outside numbers answer, are busy or do not answer by themselves', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  assert.equal(
    (await control(sim, 'POST', '/config', { externalAnswer: 'answer', externalAnswerDelayMs: 0 })).externalAnswer,
    'answer',
  );
  const answered = await a.call(`9${CUSTOMER}`);
  const got = await a.take(4);
  assert.deepEqual(names(got), ['serviceInitiated', 'originated', 'delivered', 'established']);
  assert.equal(got[3].answeringDevice, dev(`9${CUSTOMER}`));
  await a.do(answered, '');
  await a.drain();

  await control(sim, 'POST', '/config', { externalAnswer: 'busy' });
  await a.call(`9${CUSTOMER}`, { cpa: '1' });
  const busy = await a.take(6);
  assert.deepEqual(names(busy), [
    'serviceInitiated',
    'originated',
    'delivered',
    'failed',
    'connectionCleared',
    'connectionCleared',
  ]);
  assert.equal(busy[5].cause, 'USER_BUSY');

  await control(sim, 'POST', '/config', { externalAnswer: 'noAnswer' });
  await a.call(`9${CUSTOMER}`);
  const none = await a.take(5);
  assert.deepEqual(
    none.slice(3).map((e) => e.cause),
    ['NO_ANSWER', 'NO_ANSWER'],
  );
  const bad = await request(`${sim.controlUrl}/config`, { method: 'POST', json: { externalAnswer: 'maybe' } });
  assert.equal(bad.status, 400);
  a.checkStream();
});

test('main-[W|w]ext form: the main number then the extension rings after the DTMF wait', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const b = await agentLine(t, sim, '5002');
  const callId = await a.call('938834600-w8002');
  const started = Date.now();
  assert.deepEqual(names(await a.drain()), ['serviceInitiated', 'originated']);
  const [delivered] = await b.take(1);
  assert.ok(Date.now() - started >= 400, 'the extension rings after the 0.5 s wait');
  assert.deepEqual([delivered.callId, delivered.alertingDevice], [callId, b.device]);
  assert.deepEqual(names(await a.drain()), ['delivered']);
});

test('REST refusals: 404 unknown call or connection, 409 wrong state, 400 bad connection id, makeCall 457/460/426', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const b = await agentLine(t, sim, '5002');

  const missing = await a.conn('no-such-call', 'answer');
  assert.equal(missing.status, 404);
  assert.equal(missing.json.status, 404);
  assert.equal((await a.conn('no-such-call', '')).status, 404);
  assert.equal((await a.api('GET', '/calls/no-such-call/user-data/')).status, 404);

  const callId = await inbound(sim, { to: '5001' });
  assert.equal((await a.conn(callId, 'hold')).status, 409, 'hold while ringing');
  assert.equal((await a.conn(callId, 'retrieve')).status, 409);
  await a.do(callId, 'answer');
  const again = await a.conn(callId, 'answer');
  assert.equal(again.status, 409);
  assert.match(again.json.message, /not ringing/);
  assert.equal((await a.conn(callId, 'retrieve')).status, 409, 'retrieve a call that is not held');
  assert.equal((await b.conn(callId, 'hold')).status, 404, 'a device that is not in the call');
  const base = `/calls/${callId}/connections`;
  assert.equal((await a.api('POST', `${base}/${a.device}/hold`)).status, 400, 'no pipe');
  assert.equal((await a.api('POST', `${base}/${a.device}%7Cother/hold`)).status, 400, 'callId mismatch');
  assert.equal(
    (await a.conn(callId, 'singleStepConference', { conferenceParticipant: '8002', participationType: 'Loud' })).status,
    400,
  );
  assert.equal((await a.conn(callId, 'conference', { consultCallId: 'nope' })).status, 404);
  assert.equal((await a.conn(callId, 'transfer', {})).status, 400);

  const makeCall = (/** @type {Record<string, unknown>} */ body) => a.api('POST', '/calls', body);
  assert.equal((await makeCall({ from: a.device, to: '8002' })).status, 460, 'already in a call');
  assert.equal((await b.api('POST', '/calls', { from: a.device, to: '8003' })).status, 457, 'not your device');
  assert.equal((await b.api('POST', '/calls', { from: b.device, to: '' })).status, 400);
  assert.equal((await b.api('POST', '/calls', { from: b.device, to: '8002' })).status, 400, 'own extension');
  await control(sim, 'POST', '/agents/5002', { agentMode: 'Allocated' });
  const allocated = await b.api('POST', '/calls', { from: b.device, to: '8003' });
  assert.equal(allocated.status, 460);
  assert.equal(allocated.json.status, 460);
  const noSession = await request(`${sim.baseUrl}/api/csta/callControl/calls`, {
    method: 'POST',
    json: { from: b.device, to: '8003' },
  });
  assert.equal(noSession.status, 426);
  const loggedOut = await sessionFor(sim, '5003');
  const out = await request(`${sim.baseUrl}/api/csta/callControl/calls`, {
    method: 'POST',
    headers: { sessionId: loggedOut },
    json: { from: dev('8003'), to: '8004' },
  });
  assert.equal(out.status, 458);
});

test('user data: POST entries, GET them back (trailing slash), carried by later delivered events', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const b = await agentLine(t, sim, '5002');
  const callId = await inbound(sim, { to: '5001', userData: { queue: 'sales' } });
  await a.do(callId, 'answer');
  const set = await a.api('POST', `/calls/${callId}/user-data`, {
    entries: [
      { key: 'ticket', value: 'T-9' },
      { key: 'score', value: 5 },
    ],
  });
  assert.equal(set.status, 204);
  const got = await a.api('GET', `/calls/${callId}/user-data/`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.json, {
    queue: 'sales',
    originalANI: dev(CUSTOMER),
    originalDNIS: a.device,
    originalCallId: callId,
    ticket: 'T-9',
    score: 5,
  });
  assert.equal((await a.api('POST', `/calls/${callId}/user-data`, { entries: [{ value: 1 }] })).status, 400);

  await a.do(callId, 'singleStepTransfer', { transferTo: '8002' });
  const [delivered] = await b.drain();
  assert.equal(delivered.eventName, 'delivered');
  assert.equal(delivered.userData.data.ticket, 'T-9');
  assert.equal(delivered.userData.data.queue, 'sales');
});

test('recording: Start and Stop on the device send recordStarted / recordStopped; no call → 409', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const idle = await a.api('POST', `/recording/Start?extension=${a.device}`);
  assert.equal(idle.status, 409);
  const callId = await inbound(sim, { to: '5001' });
  await a.do(callId, 'answer');
  await a.drain();

  assert.equal((await a.api('POST', `/recording/Stop?extension=${a.device}`)).status, 204);
  assert.equal((await a.api('POST', `/recording/Start?extension=${a.device}`)).status, 204);
  const [stopped, started, ...rest] = await a.drain();
  assert.equal(rest.length, 0);
  assert.equal(stopped.eventName, 'recordStopped');
  assert.equal(typeof stopped.recordId, 'string');
  assert.equal(stopped.isSuccess, true);
  assert.equal(stopped.callId, undefined, 'the real recordStopped sample has no callId');
  assert.equal(started.eventName, 'recordStarted');
  assert.notEqual(started.recordId, stopped.recordId, 'a new recording after a stop');
  assert.equal(started.callId, callId);
  assert.equal(started.deviceId, a.device);
  assert.equal(started.isSuccess, true);
  assert.match(
    started.fileName,
    new RegExp(`^/mnt/volumes/recordings//test\\.cc/\\d{4}/\\d{4}/8001@test\\.cc/\\d{14}_${callId}\\.wav$`),
  );
  assert.equal((await a.api('POST', '/recording/Start')).status, 400);
  a.checkStream();
});

test('afterCall acw: agentWorkingAfterCall after the last clear; SetState works again afterwards', async (t) => {
  const sim = await useSimulator(t);
  await control(sim, 'POST', '/config', { afterCall: 'acw' });
  const a = await agentLine(t, sim, '5001');
  const callId = await inbound(sim, { to: '5001' });
  await a.do(callId, 'answer');
  await scenario(sim, `/${callId}/hangup`);
  const got = await a.drain();
  assert.deepEqual(names(got), [
    'delivered',
    'established',
    'connectionCleared',
    'connectionCleared',
    'agentWorkingAfterCall',
  ]);
  assert.equal(got[4].agentMode, 'WorkNotReady');
  const state = await control(sim, 'GET', '/state');
  assert.equal(state.agents['5001'].agentMode, 'WorkNotReady');
  assert.equal((await a.setState('Ready')).status, 204);
  assert.deepEqual(names(await a.drain()), ['agentReady']);
  a.checkStream();
});

test('control API: GET /__sim/calls lists active calls, DELETE drops them; unknown calls and parties are 404', async (t) => {
  const sim = await useSimulator(t);
  await agentLine(t, sim, '5001');
  const callId = await inbound(sim, { to: '5001', from: '02155556666' });
  const [call] = await control(sim, 'GET', '/calls');
  assert.equal(call.callId, callId);
  assert.equal(call.status, 'active');
  assert.deepEqual(
    call.parties.map((/** @type {any} */ p) => [p.deviceId, p.state]),
    [
      [dev('02155556666'), 'Connect'],
      [dev('8001'), 'Alerting'],
    ],
  );
  const post = (/** @type {string} */ path, /** @type {unknown} */ json) =>
    request(`${sim.controlUrl}${path}`, { method: 'POST', json });
  assert.equal((await post('/calls/nope/answer', {})).status, 404);
  assert.equal((await post(`/calls/${callId}/answer`, { party: '8007' })).status, 404);
  assert.equal((await post(`/calls/${callId}/hold`, { party: '5001' })).status, 409, 'ringing cannot hold');
  assert.equal((await post('/calls/inbound', { to: '5002' })).status, 409, 'agent not logged in');
  assert.equal((await post('/calls/inbound', { to: '5001' })).status, 409, 'busy');
  assert.equal((await post('/calls/inbound', {})).status, 400);
  assert.equal((await request(`${sim.controlUrl}/calls/nope`)).status, 404);
  assert.deepEqual(await control(sim, 'DELETE', '/calls'), { dropped: 1 });
  assert.deepEqual(await control(sim, 'GET', '/calls'), []);
});
