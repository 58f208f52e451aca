// @ts-check
// Hold, transfers, consultation and conferences, from each party's own subscription.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, useSimulator } from './helpers.mjs';
import { agentLine, dev, inbound, names, releasing, scenario } from './call-helpers.mjs';

const CUSTOMER = '13800138000';

/**
 * A customer call answered by 5001, with 5002 logged in too (their streams drained).
 * @param {import('node:test').TestContext} t
 */
async function customerCall(t) {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const b = await agentLine(t, sim, '5002');
  const c1 = await inbound(sim, { to: '5001', from: CUSTOMER });
  await a.do(c1, 'answer');
  assert.deepEqual(names(await a.drain()), ['delivered', 'established']);
  return { sim, a, b, c1 };
}

/**
 * 5001 consults 5002 about the customer call and 5002 answers; returns the consult callId.
 * @param {{a: import('./call-helpers.mjs').Line, b: import('./call-helpers.mjs').Line, c1: string}} setup
 */
async function consultB({ a, b, c1 }) {
  await a.do(c1, 'consult', { consultationParticipant: '8002' });
  const aGot = await a.drain();
  assert.deepEqual(names(aGot), ['held', 'serviceInitiated', 'originated', 'delivered']);
  const c2 = aGot[1].callId;
  assert.notEqual(c2, c1);
  assert.deepEqual([aGot[0].callId, aGot[0].holdingDevice], [c1, a.device]);
  assert.ok(aGot.slice(1).every((e) => e.callId === c2));
  assert.deepEqual([aGot[3].alertingDevice, aGot[3].callType], [b.device, 'Internal']);
  const [bRing, ...none] = await b.drain();
  assert.equal(none.length, 0);
  assert.deepEqual([bRing.eventName, bRing.callId, bRing.callingDevice], ['delivered', c2, a.device]);
  await b.do(c2, 'answer');
  assert.deepEqual(names(await a.drain()), ['established']);
  assert.deepEqual(names(await b.drain()), ['established']);
  return c2;
}

/**
 * Customer → 5001, 5001 consults 5002, then conferences: one call (the customer call's id) with three parties.
 * @param {import('node:test').TestContext} t
 */
async function conference(t) {
  const setup = await customerCall(t);
  const { sim, a, b, c1 } = setup;
  const c2 = await consultB(setup);
  await a.do(c1, 'conference', { consultCallId: c2 });
  for (const line of [a, b]) {
    const [conferenced, ...none] = await line.drain();
    assert.equal(none.length, 0);
    assert.equal(conferenced.eventName, 'conferenced');
    assert.deepEqual(
      [
        conferenced.callId,
        conferenced.primaryOldCall,
        conferenced.secondaryOldCall,
        conferenced.newCall,
        conferenced.conferencingDevice,
        conferenced.addedParty,
        conferenced.deviceId,
        conferenced.localState,
      ],
      [c1, c1, c2, c1, a.device, b.device, b.device, 'Connect'],
    );
  }
  const calls = await control(sim, 'GET', '/calls');
  assert.equal(calls.length, 1);
  assert.deepEqual(
    calls[0].parties.map((/** @type {any} */ p) => [p.deviceId, p.state]),
    [
      [dev(CUSTOMER), 'Connect'],
      [a.device, 'Connect'],
      [b.device, 'Connect'],
    ],
  );
  assert.equal(calls[0].conferencingDevice, a.device);
  assert.equal((await control(sim, 'GET', `/calls/${c2}`)).status, 'ended');
  assert.equal((await b.clientState()).agent.activeCall.callId, c1, 'the consulted agent is in the customer call now');
  return { ...setup, c2 };
}

test('hold and retrieve: every device in the call hears held / retrieved', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const b = await agentLine(t, sim, '5002');
  const callId = await a.call('8002');
  await b.do(callId, 'answer');
  await a.drain();
  await b.drain();
  await b.do(callId, 'hold');
  await b.do(callId, 'retrieve');
  for (const line of [a, b]) {
    const got = await line.drain();
    assert.deepEqual(names(got), ['held', 'retrieved']);
    assert.deepEqual(
      [got[0].holdingDevice, got[0].deviceId, got[0].localState, got[1].retrievingDevice, got[1].localState],
      [b.device, b.device, 'Hold', b.device, 'Connect'],
    );
    line.checkStream();
  }
  assert.equal((await a.clientState()).agent.activeCall.state, 'Connect', 'the held side stays connected');
});

test('single-step transfer: the target rings in the same call, the transferring agent gets transferred + its clear', async (t) => {
  const { sim, a, b, c1 } = await customerCall(t);
  await a.do(c1, 'singleStepTransfer', { transferTo: '8002' });

  const aGot = await a.drain();
  assert.deepEqual(names(aGot), ['transferred', 'connectionCleared']);
  const [transferred, cleared] = aGot;
  assert.deepEqual(
    [
      transferred.callId,
      transferred.cause,
      transferred.primaryOldCall,
      transferred.secondaryOldCall,
      transferred.newCall,
      transferred.transferringDevice,
      transferred.transferredToDevice,
    ],
    [c1, 'SINGLESTEPTRANSFER', c1, c1, c1, a.device, b.device],
  );
  assert.deepEqual([cleared.callId, cleared.releasingDevice], [c1, a.device]);
  assert.equal((await a.clientState()).agent.activeCall, null);

  const bGot = await b.drain();
  assert.deepEqual(names(bGot), ['delivered', 'transferred', 'connectionCleared']);
  assert.ok(
    bGot.every((e) => e.callId === c1),
    'single-step keeps the callId',
  );
  assert.deepEqual(
    [bGot[0].alertingDevice, bGot[0].lastRedirectionDevice, bGot[0].callingDevice, bGot[0].calledDevice],
    [b.device, a.device, dev(CUSTOMER), b.device],
  );
  assert.equal(bGot[2].releasingDevice, a.device);
  assert.equal((await b.clientState()).agent.activeCall.state, 'Alerting');

  await b.do(c1, 'answer');
  assert.deepEqual(names(await b.drain()), ['established']);
  assert.deepEqual(await a.drain(), []);
  await scenario(sim, `/${c1}/hangup`, { party: CUSTOMER });
  assert.deepEqual(releasing(await b.drain()), [CUSTOMER, '8002']);
  a.checkStream();
  b.checkStream();
});

test('single-step transfer of an internal caller: the transferred party hears delivered, transferred, the clear, established', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const b = await agentLine(t, sim, '5002');
  const c = await agentLine(t, sim, '5003');
  const callId = await c.call('8001');
  await a.do(callId, 'answer');
  await a.drain();
  await c.drain();
  await a.do(callId, 'singleStepTransfer', { transferTo: '8002' });
  assert.deepEqual(names(await a.drain()), ['transferred', 'connectionCleared']);
  const cGot = await c.drain();
  assert.deepEqual(names(cGot), ['delivered', 'transferred', 'connectionCleared']);
  assert.equal(cGot[0].alertingDevice, b.device);
  await scenario(sim, `/${callId}/answer`, { party: '5002' });
  assert.deepEqual(names(await c.drain()), ['established']);
  assert.deepEqual(names(await b.drain()), ['delivered', 'transferred', 'connectionCleared', 'established']);
  const view = await control(sim, 'GET', `/calls/${callId}`);
  assert.deepEqual([view.callingDevice, view.calledDevice], [c.device, b.device]);
  for (const line of [a, b, c]) line.checkStream();
});

test('single-step transfer to a busy or unregistered extension is refused with 409', async (t) => {
  const { sim, a, c1 } = await customerCall(t);
  await inbound(sim, { to: '5002' });
  assert.equal((await a.conn(c1, 'singleStepTransfer', { transferTo: '8002' })).status, 409);
  assert.equal((await a.conn(c1, 'singleStepTransfer', { transferTo: '8009' })).status, 409);
  assert.equal((await a.conn(c1, 'singleStepTransfer', { transferTo: CUSTOMER })).status, 400, 'already in the call');
  assert.deepEqual(await a.drain(), []);
});

test('consult then cancel: the consult call clears, the held call is retrieved', async (t) => {
  const setup = await customerCall(t);
  const { sim, a, b, c1 } = setup;
  const c2 = await consultB(setup);
  const active = (await a.clientState()).agent.activeCall;
  assert.deepEqual([active.callId, active.state], [c2, 'Connect'], 'the consult call is the current one');
  assert.equal(
    (await a.conn(c1, 'consult', { consultationParticipant: '8003' })).status,
    409,
    'one consultation at a time',
  );

  await a.do(c1, 'cancelConsult', { consultCallId: c2 });
  const aGot = await a.drain();
  assert.deepEqual(names(aGot), ['connectionCleared', 'retrieved']);
  assert.deepEqual([aGot[0].callId, aGot[0].releasingDevice], [c2, a.device]);
  assert.deepEqual([aGot[1].callId, aGot[1].retrievingDevice], [c1, a.device]);
  const bGot = await b.drain();
  assert.deepEqual(releasing(bGot), ['8001', '8002']);
  assert.ok(bGot.every((e) => e.callId === c2));
  const calls = await control(sim, 'GET', '/calls');
  assert.deepEqual(
    calls.map((/** @type {any} */ c) => [c.callId, c.consultCallId]),
    [[c1, null]],
  );
  assert.equal((await a.clientState()).agent.activeCall.state, 'Connect');
  a.checkStream();
  b.checkStream();
});

test('consult then transfer: the target renames the consult call to the held call; the held agent hears no consult events', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const b = await agentLine(t, sim, '5002');
  const c = await agentLine(t, sim, '5003');
  const c1 = await c.call('8001');
  await a.do(c1, 'answer');
  await a.drain();
  await c.drain();
  const c2 = await consultB({ a, b, c1 });
  const held = await c.drain();
  assert.deepEqual(names(held), ['held'], 'the held party gets held, not the consult call events');
  assert.equal(held[0].holdingDevice, a.device);

  await a.do(c1, 'transfer', { consultCallId: c2 });
  const aGot = await a.drain();
  assert.deepEqual(names(aGot), ['transferred', 'connectionCleared', 'connectionCleared']);
  assert.deepEqual(
    aGot.map((e) => [e.callId, e.releasingDevice]),
    [
      [c1, undefined],
      [c1, a.device],
      [c2, a.device],
    ],
  );
  for (const line of [b, c]) {
    const got = await line.drain();
    assert.deepEqual(names(got), ['transferred', 'connectionCleared']);
    const [transferred, cleared] = got;
    assert.deepEqual(
      [
        transferred.callId,
        transferred.cause,
        transferred.primaryOldCall,
        transferred.secondaryOldCall,
        transferred.newCall,
        transferred.transferringDevice,
        transferred.transferredToDevice,
      ],
      [c1, 'TRANSFER', c1, c2, c1, a.device, b.device],
    );
    assert.deepEqual([cleared.callId, cleared.releasingDevice], [c1, a.device]);
  }
  assert.equal((await b.clientState()).agent.activeCall.callId, c1);
  assert.equal((await b.conn(c2, '')).status, 404, 'the consult call is gone');
  await b.do(c1, '');
  assert.deepEqual(releasing(await b.drain()), ['8002']);
  assert.deepEqual(releasing(await c.drain()), ['8002', '8003']);
  for (const line of [a, b, c]) line.checkStream();
});

test('consult then conference: conferenced to all three (the held call id survives)', async (t) => {
  const { a, b } = await conference(t);
  a.checkStream();
  b.checkStream();
});

test('conference, the conferencing agent (B) hangs up first: B gets 1 clear, everyone else is cleared', async (t) => {
  const { sim, a, b, c1 } = await conference(t);
  await a.do(c1, '');
  assert.deepEqual(releasing(await a.drain()), ['8001']);
  assert.deepEqual(releasing(await b.drain()), ['8001', CUSTOMER, '8002']);
  assert.deepEqual(await control(sim, 'GET', '/calls'), []);
  a.checkStream();
  b.checkStream();
});

test('conference, C hangs up then B: B gets 2 clears', async (t) => {
  const { sim, a, b, c1 } = await conference(t);
  await b.do(c1, '');
  assert.deepEqual(releasing(await a.drain()), ['8002']);
  assert.deepEqual(releasing(await b.drain()), ['8002']);
  assert.equal((await control(sim, 'GET', '/calls'))[0].conferencingDevice, null, 'back to a 2-party call');
  await a.do(c1, '');
  assert.deepEqual(releasing(await a.drain()), ['8001']);
  assert.equal(releasing(a.log).length, 2);
  assert.equal(releasing(b.log).length, 1);
  assert.deepEqual(await control(sim, 'GET', '/calls'), []);
});

test('conference, C hangs up then the customer (A): B gets 3 clears', async (t) => {
  const { sim, a, b, c1 } = await conference(t);
  await b.do(c1, '');
  await scenario(sim, `/${c1}/hangup`, { party: CUSTOMER });
  assert.deepEqual(releasing(await a.drain()), ['8002', CUSTOMER, '8001']);
  assert.deepEqual(releasing(await b.drain()), ['8002']);
  assert.equal(releasing(a.log).length, 3);
});

test('conference, the customer hangs up first: the two agents stay connected', async (t) => {
  const { sim, a, b, c1 } = await conference(t);
  await scenario(sim, `/${c1}/hangup`);
  assert.deepEqual(releasing(await a.drain()), [CUSTOMER]);
  assert.deepEqual(releasing(await b.drain()), [CUSTOMER]);
  assert.equal((await a.clientState()).agent.activeCall.otherSide, b.device);
  await b.do(c1, '');
  assert.deepEqual(releasing(await a.drain()), ['8002', '8001']);
  assert.deepEqual(releasing(await b.drain()), ['8002']);
});

test('single-step conference (Active): delivered to all, then established and conferenced to all', async (t) => {
  const { sim, a, b, c1 } = await customerCall(t);
  await a.do(c1, 'singleStepConference', { conferenceParticipant: '8002', participationType: 'Active' });
  for (const line of [a, b]) {
    const [delivered, ...none] = await line.drain();
    assert.equal(none.length, 0);
    assert.deepEqual(
      [
        delivered.eventName,
        delivered.callId,
        delivered.alertingDevice,
        delivered.callingDevice,
        delivered.calledDevice,
      ],
      ['delivered', c1, b.device, a.device, b.device],
    );
  }
  await b.do(c1, 'answer');
  for (const line of [a, b]) {
    const got = await line.drain();
    assert.deepEqual(names(got), ['established', 'conferenced']);
    assert.deepEqual(
      [got[1].callId, got[1].primaryOldCall, got[1].secondaryOldCall, got[1].newCall],
      [c1, '0', c1, c1],
      'the real single-step sample: primaryOldCall "0", secondaryOldCall = newCall = callId',
    );
    assert.deepEqual([got[1].conferencingDevice, got[1].addedParty], [a.device, b.device]);
  }
  const [call] = await control(sim, 'GET', '/calls');
  assert.equal(call.parties.length, 3);
  assert.equal(call.conferencingDevice, a.device);
  a.checkStream();
  b.checkStream();
});

test('single-step conference (Silent): the silent party is marked; when it leaves the call goes on', async (t) => {
  const { sim, a, b, c1 } = await customerCall(t);
  await a.do(c1, 'singleStepConference', { conferenceParticipant: '8002', participationType: 'Silent' });
  await b.do(c1, 'answer');
  assert.deepEqual(names(await b.drain()), ['delivered', 'established', 'conferenced']);
  assert.deepEqual(names(await a.drain()), ['delivered', 'established', 'conferenced']);
  const [call] = await control(sim, 'GET', '/calls');
  assert.deepEqual(
    call.parties.map((/** @type {any} */ p) => [p.deviceId, p.silent]),
    [
      [dev(CUSTOMER), false],
      [a.device, false],
      [b.device, true],
    ],
  );
  await b.do(c1, '');
  assert.deepEqual(releasing(await a.drain()), ['8002']);
  assert.equal((await a.clientState()).agent.activeCall.state, 'Connect');
});

test('2-line: the customer hangs up during a consultation; the agents stay connected on the consult call', async (t) => {
  const setup = await customerCall(t);
  const { sim, a, b, c1 } = setup;
  const c2 = await consultB(setup);
  await scenario(sim, `/${c1}/hangup`, { party: CUSTOMER });
  const aGot = await a.drain();
  assert.deepEqual(releasing(aGot), [CUSTOMER, '8001']);
  assert.ok(aGot.every((e) => e.callId === c1));
  assert.deepEqual(await b.drain(), []);
  const active = (await a.clientState()).agent.activeCall;
  assert.deepEqual([active.callId, active.state], [c2, 'Connect']);
  assert.equal((await control(sim, 'GET', `/calls/${c2}`)).heldCallId, null);
  await a.do(c2, 'hold');
  await a.do(c2, 'retrieve');
  assert.deepEqual(names(await b.drain()), ['held', 'retrieved']);
});

test('2-line: hanging up the consult call leaves the customer call held until it is retrieved', async (t) => {
  const setup = await customerCall(t);
  const { a, b, c1 } = setup;
  const c2 = await consultB(setup);
  await a.do(c2, '');
  assert.deepEqual(
    (await a.drain()).map((e) => [e.eventName, e.callId]),
    [['connectionCleared', c2]],
  );
  assert.deepEqual(releasing(await b.drain()), ['8001', '8002']);
  assert.equal((await a.clientState()).agent.activeCall.state, 'Hold');
  await a.do(c1, 'retrieve');
  assert.deepEqual(names(await a.drain()), ['retrieved']);
  a.checkStream();
});

test('consult an outside number that answers by itself, then transfer the customer to it', async (t) => {
  const { sim, a, c1 } = await customerCall(t);
  await control(sim, 'POST', '/config', { externalAnswer: 'answer', externalAnswerDelayMs: 0 });
  await a.do(c1, 'consult', { consultationParticipant: '913900139000' });
  const got = await a.take(5);
  assert.deepEqual(names(got), ['held', 'serviceInitiated', 'originated', 'delivered', 'established']);
  assert.equal(got[3].callType, 'Outbound');
  const c2 = got[1].callId;
  await a.do(c1, 'transfer', { consultCallId: c2 });
  assert.deepEqual(names(await a.drain()), ['transferred', 'connectionCleared', 'connectionCleared']);
  const [call] = await control(sim, 'GET', '/calls');
  assert.deepEqual(
    call.parties.map((/** @type {any} */ p) => p.deviceId),
    [dev(CUSTOMER), dev('913900139000')],
  );
  await scenario(sim, `/${c1}/hangup`, { party: CUSTOMER });
  assert.deepEqual(await control(sim, 'GET', '/calls'), []);
});

test('transfer while the consulted outside number still rings: it answers later in the held call', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const c = await agentLine(t, sim, '5003');
  const c1 = await c.call('8001');
  await a.do(c1, 'answer');
  await control(sim, 'POST', '/config', { externalAnswer: 'answer', externalAnswerDelayMs: 150 });
  await a.do(c1, 'consult', { consultationParticipant: '913900139000' });
  const c2 = (await a.drain()).find((e) => e.eventName === 'originated').callId;
  await a.do(c1, 'transfer', { consultCallId: c2 });
  const cGot = await c.take(8);
  assert.deepEqual(names(cGot), [
    'serviceInitiated',
    'originated',
    'delivered',
    'established',
    'held',
    'transferred',
    'connectionCleared',
    'established',
  ]);
  assert.deepEqual(
    [cGot[5].localState, cGot[7].callId, cGot[7].answeringDevice],
    ['Alerting', c1, dev('913900139000')],
  );
  c.checkStream();
});

test('a simulated party holds and retrieves through the control API', async (t) => {
  const sim = await useSimulator(t);
  const a = await agentLine(t, sim, '5001');
  const callId = await a.call('8003');
  await scenario(sim, `/${callId}/answer`, { party: '8003' });
  const view = await scenario(sim, `/${callId}/hold`, { party: '8003' });
  assert.deepEqual(
    view.parties.map((/** @type {any} */ p) => p.state),
    ['Connect', 'Hold'],
  );
  await scenario(sim, `/${callId}/retrieve`, { party: '8003' });
  const got = await a.drain();
  assert.deepEqual(names(got), ['serviceInitiated', 'originated', 'delivered', 'established', 'held', 'retrieved']);
  assert.deepEqual([got[4].holdingDevice, got[5].retrievingDevice], [dev('8003'), dev('8003')]);
  a.checkStream();
});
