import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator } from '../../simulator/index.mjs';

/** @type {Awaited<ReturnType<typeof startSimulator>>} */
let sim;

async function api(name, params = {}, { user = 'agent1@ccc-test', instance = 'ccc-test', query = '' } = {}) {
  const url = `${sim.aliyunUrl}?action=${name}&product=CloudCallCenter&version=2020-07-01&region=cn-shanghai${query}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: JSON.stringify({ InstanceId: instance, UserId: user, ...params }) }),
  });
  return { status: response.status, body: await response.json() };
}

async function ctl(method, path, body) {
  const response = await fetch(`${sim.controlUrl}/aliyun${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const signIn = () => api('SignInGroup', { DeviceId: 'dev', SignedSkillGroupIdList: '["sales@ccc-test"]' });

describe('aliyun CCC proxy simulator', () => {
  before(async () => {
    sim = await startSimulator({ xswitch: false, embedded: false, aliyunRingTimeoutMs: 60_000 });
  });
  after(() => sim.stop());
  beforeEach(() => ctl('POST', '/reset'));

  it('answers the OpenAPI envelope; SignInGroup lands on break Warm-up, ReadyForService on READY', async () => {
    const details = await api('GetLoginDetails');
    assert.equal(details.body.Code, 'OK');
    assert.equal(details.body.Data.Extension, '80001001');
    assert.match(details.body.RequestId, /^sim-/);
    assert.equal((await signIn()).body.Data.UserState, 'BREAK');
    assert.equal((await signIn()).body.Data.BreakCode, 'Warm-up');
    const ready = await api('ReadyForService', { OutboundScenario: true });
    assert.deepEqual([ready.body.Data.UserState, ready.body.Data.OutboundScenario], ['READY', true]);
    assert.equal((await api('TakeBreak', { Code: 'lunch' })).body.Data.BreakCode, 'lunch');
    assert.equal((await api('SignOutGroup')).body.Data.UserState, 'OFFLINE');
  });

  it('refuses with the codes of the notes on their conditions', async () => {
    const offline = await api('TakeBreak', { Code: 'x' });
    assert.equal(offline.status, 400);
    assert.equal(offline.body.Code, 'InvalidOperation.UserState');
    assert.deepEqual(offline.body.Params, ['OFFLINE', 'READY,BREAK,WORKING']);
    assert.equal((await api('GetLoginDetails', {}, { user: 'x@ccc-test' })).body.Code, 'NotExists.UserId');
    assert.equal((await api('GetLoginDetails', {}, { instance: 'other' })).status, 404);
    assert.equal((await api('SignInGroup', { SignedSkillGroupIdList: '[]' })).body.Code, 'Parameter.Blank');
    assert.equal(
      (await api('SignInGroup', { DeviceId: 'd', SignedSkillGroupIdList: 'x' })).body.Code,
      'Parameter.Invalid',
    );
    await signIn();
    assert.equal((await api('AnswerCall', { JobId: 'nope' })).body.Code, 'NotExists.JobId');
    assert.equal((await api('ChangeWorkMode', { WorkMode: 'MOON' })).body.Code, 'Parameter.Enumeration');
    assert.equal((await api('NoSuchApi')).body.Code, 'InvalidAction.NotFound');
    await api('ReadyForService');
    await api('MakeCall', { Callee: '138' });
    assert.equal((await api('MakeCall', { Callee: '139' })).body.Code, 'UserBusy');
  });

  it('an inbound call rings with channel ids, is answered, held on the customer channel, released to WORKING', async () => {
    await signIn();
    await api('ReadyForService');
    const job = (await ctl('POST', '/inbound', { user: 'agent1', caller: '139', callVariables: 'a=b' })).body;
    const ringing = (await api('PollUserStatus')).body.Data;
    assert.equal(ringing.UserContext.UserState, 'RINGING');
    const [customer, agent] = ringing.CallContext.ChannelContexts;
    assert.match(customer.ChannelId, /^ch:customer:/);
    assert.match(agent.ChannelId, /^ch:user:/);
    assert.equal((await api('AnswerCall', { JobId: job.JobId })).body.Data.UserContext.UserState, 'TALKING');
    const held = await api('HoldCall', { JobId: job.JobId, ChannelId: customer.ChannelId });
    assert.deepEqual(held.body.Data.CallContext.ChannelContexts[0].ChannelFlags, ['HOLD']);
    const again = await api('RetrieveCall', { JobId: job.JobId, ChannelId: agent.ChannelId });
    assert.equal(again.body.Code, 'InvalidOperation.ChannelState');
    await api('RetrieveCall', { JobId: job.JobId, ChannelId: customer.ChannelId });
    const released = (await api('ReleaseCall', { JobId: job.JobId })).body.Data;
    assert.equal(released.UserContext.UserState, 'WORKING');
    assert.ok(released.CallContext.ChannelContexts.every((c) => c.ChannelState === 'RELEASED'));
  });

  it('ringing unanswered puts the agent on break RingingTimeout', async () => {
    await signIn();
    await api('ReadyForService');
    const job = (await ctl('POST', '/inbound', { user: 'agent1' })).body;
    assert.equal((await ctl('POST', `/calls/${job.JobId}/ring-timeout`)).status, 200);
    assert.equal((await ctl('POST', `/calls/${job.JobId}/ring-timeout`)).status, 409);
    const user = (await api('PollUserStatus')).body.Data.UserContext;
    assert.deepEqual([user.UserState, user.BreakCode], ['BREAK', 'RingingTimeout']);
  });

  it('outbound: dialing, the far end answers or is busy; attended transfer and its completion', async () => {
    await signIn();
    await api('ReadyForService');
    const made = (await api('MakeCall', { Callee: '138', Caller: '057128230001' })).body.Data;
    assert.equal(made.UserContext.UserState, 'DIALING');
    assert.equal(
      (await api('MakeCall', { Callee: '1', Caller: 'nope' }, { user: 'agent2@ccc-test' })).body.Code,
      'InvalidOperation.UserState',
    );
    await ctl('POST', `/calls/${made.CallContext.JobId}/answer`);
    assert.equal((await api('PollUserStatus')).body.Data.UserContext.UserState, 'TALKING');
    const consult = (
      await api('InitiateAttendedTransfer', {
        JobId: made.CallContext.JobId,
        Transferee: '137',
        TransfereeType: 'EXTERNAL',
      })
    ).body.Data;
    assert.equal(consult.CallContext.ChannelContexts.length, 3);
    assert.equal(
      (await api('CompleteAttendedTransfer', { JobId: made.CallContext.JobId })).body.Code,
      'InvalidOperation.ChannelState',
    );
    await ctl('POST', `/calls/${made.CallContext.JobId}/answer`);
    const done = await api('CompleteAttendedTransfer', { JobId: made.CallContext.JobId });
    assert.equal(done.body.Data.UserContext.UserState, 'WORKING');
    await api('ReadyForService');
    const busy = (await api('MakeCall', { Callee: '136' })).body.Data;
    await ctl('POST', `/calls/${busy.CallContext.JobId}/busy`);
    assert.equal((await api('PollUserStatus')).body.Data.UserContext.UserState, 'READY');
  });

  it('injected errors and lower-case keys', async () => {
    await ctl('POST', '/fail', { api: 'GetLoginDetails', code: 'InvalidBearerToken.Inactive', httpStatus: 401 });
    const failed = await api('GetLoginDetails');
    assert.deepEqual([failed.status, failed.body.Code], [401, 'InvalidBearerToken.Inactive']);
    assert.equal((await api('GetLoginDetails')).body.Code, 'OK');
    await ctl('POST', '/config', { lowerCaseKeys: true });
    const lower = (await api('GetLoginDetails')).body;
    assert.equal(lower.code, 'OK');
    assert.equal(lower.data.extension, '80001001');
    assert.equal((await ctl('POST', '/config', { farEnd: 'sometimes' })).status, 400);
  });

  it('a transfer to a skill group rings a free agent of the group; an unknown or busy group is refused', async () => {
    await signIn();
    await api('ReadyForService');
    const job = (await ctl('POST', '/inbound', { user: 'agent1' })).body;
    await api('AnswerCall', { JobId: job.JobId });
    const transfer = (group) =>
      api('BlindTransfer', { JobId: job.JobId, Transferee: group, TransfereeType: 'SKILL_GROUP' });
    assert.equal((await transfer('nope@ccc-test')).body.Code, 'Parameter.Invalid');
    const busy = await transfer('sales@ccc-test');
    assert.deepEqual([busy.status, busy.body.Code, busy.body.Params], [400, 'UserBusy', ['sales@ccc-test']]);
    const agent2 = { user: 'agent2@ccc-test' };
    await api('SignInGroup', { DeviceId: 'd2', SignedSkillGroupIdList: '["sales@ccc-test"]' }, agent2);
    await api('ReadyForService', {}, agent2);
    assert.equal((await transfer('sales@ccc-test')).body.Data.UserContext.UserState, 'WORKING');
    assert.equal((await api('PollUserStatus', {}, agent2)).body.Data.UserContext.UserState, 'RINGING');
  });

  it('control: a live call becomes a conference, a party joins and leaves, the last one leaving ends it', async () => {
    await signIn();
    await api('ReadyForService');
    const job = (await ctl('POST', '/inbound', { user: 'agent1', caller: '139' })).body;
    assert.equal((await ctl('POST', `/calls/${job.JobId}/conference`)).status, 409);
    await api('AnswerCall', { JobId: job.JobId });
    assert.equal((await ctl('POST', `/calls/${job.JobId}/join`, { number: '137' })).status, 409);
    const conf = (await ctl('POST', `/calls/${job.JobId}/conference`, { number: '136' })).body;
    assert.equal(conf.CallType, 'CONFERENCE');
    const answered = (j) => j.ChannelContexts.filter((c) => c.ChannelState === 'ANSWERED').length;
    assert.equal(answered(conf), 3);
    assert.equal(answered((await ctl('POST', `/calls/${job.JobId}/join`, { number: '137' })).body), 4);
    assert.equal(answered((await ctl('POST', `/calls/${job.JobId}/leave`, { number: '136' })).body), 3);
    assert.equal((await ctl('POST', `/calls/${job.JobId}/leave`, { number: '136' })).status, 404);
    await ctl('POST', `/calls/${job.JobId}/leave`, { number: '139' });
    await ctl('POST', `/calls/${job.JobId}/leave`, { number: '137' });
    assert.equal((await api('PollUserStatus')).body.Data.UserContext.UserState, 'WORKING');
  });
});
