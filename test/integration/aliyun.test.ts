import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { Softphone } from '../../src/core.js';
import type { SoftphoneConfig } from '../../src/core/config.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import { rejection } from '../helpers/assert.js';
import { aliyunControl as ctl, type AliyunSim } from './helpers.js';

interface ProxyRequest {
  api: string;
  params: Record<string, unknown>;
  query: Record<string, string>;
  form: Record<string, string>;
  code: string;
}

const agent = { jobNumber: 'agent1', domain: 'ccc-test', extension: '80001001', token: 'proxy-session' };

describe('aliyun vendor end to end (CCC proxy simulator)', function () {
  this.timeout(20000);
  let sim: AliyunSim;
  let phone: Softphone;
  const make = (extra: Partial<SoftphoneConfig> = {}) =>
    new Softphone({
      vendor: 'aliyun',
      server: sim.baseUrl,
      requestTimeoutMs: 3000,
      reconnectDelayMs: 100,
      aliyun: { instanceId: sim.aliyunInstance, pollCallMs: 100, pollIdleMs: 200, ...extra.aliyun },
      ...extra,
    });
  const apis = async () =>
    (await ctl<ProxyRequest[]>(sim, 'GET', '/requests')).filter((r) => r.api !== 'PollUserStatus');

  beforeEach(async () => {
    sim = await executeServerCommand<AliyunSim, Record<string, unknown>>('sim-start', {
      xswitch: false,
      embedded: false,
      // long enough that a loaded machine never expires a ring the test answers; the timeout test expires it itself
      aliyunRingTimeoutMs: 60_000,
    });
    phone = make();
  });
  afterEach(async () => {
    phone?.stop();
    await executeServerCommand('sim-stop', { id: sim.id });
  });

  it('logs in (GetLoginDetails → SignInGroup with the skill groups → ready), on break with a code, logs out', async () => {
    await phone.login({ ...agent, initialMode: 'Ready' });
    await phone.whenStatus(3);
    expect(phone.identity?.agentId).to.equal('agent1@ccc-test');
    const sent = await apis();
    expect(sent.map((r) => r.api)).to.deep.equal([
      'GetLoginDetails',
      'ListSkillLevelsOfUser',
      'SignInGroup',
      'ReadyForService',
    ]);
    const signIn = sent[2]!;
    expect(signIn.query).to.include({ action: 'SignInGroup', product: 'CloudCallCenter', version: '2020-07-01' });
    expect(signIn.params['InstanceId']).to.equal('ccc-test');
    expect(JSON.parse(String(signIn.params['SignedSkillGroupIdList']))).to.deep.equal([
      'sales@ccc-test',
      'support@ccc-test',
    ]);
    await phone.notReady('lunch');
    await phone.whenStatus(2);
    expect(phone.statusContext().reason).to.equal('lunch');
    expect((await apis()).at(-1)?.params['Code']).to.equal('lunch');
    await phone.ready();
    await phone.whenStatus(3);
    await phone.notReady('2');
    await phone.whenStatus(4);
    expect((await apis()).at(-1)?.params['OutboundScenario']).to.equal(true);
    await phone.ready();
    await phone.whenStatus(3);
    await phone.logout();
    await phone.whenStatus(-1);
    expect((await apis()).at(-1)?.api).to.equal('SignOutGroup');
  });

  it('logs in on break: SignInGroup lands on Warm-up (2)', async () => {
    await phone.login(agent);
    await phone.whenStatus(2);
    expect(phone.statusContext().reason).to.equal('Warm-up');
  });

  it('inbound call: ringing (6), answer (9), hold (12) / retrieve (9), hang up, after-call work (5), auto ready', async () => {
    phone.stop();
    phone = make({ afterCallSeconds: 0.2 });
    await phone.login({ ...agent, initialMode: 'Ready' });
    await phone.whenStatus(3);
    const job = await ctl<{ JobId: string }>(sim, 'POST', '/inbound', {
      user: 'agent1',
      caller: '13900000001',
      callVariables: 'order=42',
    });
    await phone.whenStatus(6);
    expect(phone.calls[0]?.party).to.equal('13900000001');
    expect(phone.calls[0]?.userData).to.deep.include({ order: '42' });
    await phone.answer();
    await phone.whenStatus(9);
    await phone.hold();
    await phone.whenStatus(12);
    const hold = (await apis()).at(-1)!;
    expect(hold.api).to.equal('HoldCall');
    expect(String(hold.params['ChannelId'])).to.match(/^ch:customer:/);
    await phone.retrieve();
    await phone.whenStatus(9);
    await phone.hangUp();
    await phone.whenStatus(5);
    expect((await apis()).some((r) => r.api === 'ReleaseCall' && r.params['JobId'] === job.JobId)).to.equal(true);
    await phone.whenStatus(3);
  });

  it('logs in with the job number alone (the proxy authenticates), mutes, unmutes and sends DTMF on the call', async () => {
    await phone.login({ jobNumber: 'agent1', domain: '', extension: '', initialMode: 'Ready' } as never);
    await phone.whenStatus(3);
    await ctl(sim, 'POST', '/inbound', { user: 'agent1', caller: '13900000002' });
    await phone.whenStatus(6);
    await phone.answer();
    await phone.whenStatus(9);
    await phone.mute();
    await phone.whenStatus((_, context) => context.muted);
    expect(phone.view.activeCall?.muted).to.equal(true);
    await phone.unmute();
    await phone.whenStatus((_, context) => !context.muted);
    await phone.sendDtmf('12#');
    const dtmf = (await apis()).find((r) => r.api === 'SendDtmfSignaling');
    expect(JSON.stringify(dtmf?.params)).to.contain('12#');
    expect((await rejection(phone.sendDtmf('12a'))).code).to.equal(WellErrorCode.INVALID_ARGUMENT);
    await phone.hangUp();
  });

  it('changes the work mode while idle (ChangeWorkMode), refuses a bad mode and a change during a call', async () => {
    await phone.login({ ...agent, initialMode: 'Ready' });
    await phone.whenStatus(3);
    await phone.setWorkMode('OFF_SITE', '13800000000');
    const change = (await apis()).find((r) => r.api === 'ChangeWorkMode');
    expect(change?.params).to.deep.include({ WorkMode: 'OFF_SITE', Mobile: '13800000000' });
    expect((await rejection(phone.setWorkMode('MOON' as never))).code).to.equal(WellErrorCode.INVALID_ARGUMENT);
    await ctl(sim, 'POST', '/inbound', { user: 'agent1', caller: '13900000003' });
    await phone.whenStatus(6);
    expect((await rejection(phone.setWorkMode('ON_SITE'))).code).to.equal(WellErrorCode.NOT_ALLOWED_IN_STATE);
  });

  it('dials an outside number with a chosen caller number: dialing (8), answered (10), the customer hangs up', async () => {
    await phone.login({ ...agent, initialMode: 'Ready' });
    await phone.whenStatus(3);
    const jobId = await phone.dial('13800138000', { originForDisplay: '057128230002' });
    await phone.whenStatus(8);
    const make = (await apis()).find((r) => r.api === 'MakeCall')!;
    expect(make.params).to.include({ Callee: '13800138000', Caller: '057128230002' });
    await ctl(sim, 'POST', `/calls/${jobId}/answer`);
    await phone.whenStatus(10);
    await ctl(sim, 'POST', `/calls/${jobId}/hangup`);
    await phone.whenStatus(5);
  });

  it('dials without a caller number: the first of ListOutboundNumbersOfUser', async () => {
    await phone.login({ ...agent, initialMode: 'Ready' });
    await phone.whenStatus(3);
    await phone.dial('13800138000');
    const sent = await apis();
    expect(sent.at(-2)?.api).to.equal('ListOutboundNumbersOfUser');
    expect(sent.at(-1)?.params['Caller']).to.equal('057128230001');
  });

  it('blind transfer to another agent: the call leaves this agent, who goes to after-call work', async () => {
    await phone.login({ ...agent, initialMode: 'Ready' });
    await phone.whenStatus(3);
    await ctl(sim, 'POST', '/users/agent2/state', { state: 'READY' });
    await ctl(sim, 'POST', '/inbound', { user: 'agent1' });
    await phone.whenStatus(6);
    await phone.answer();
    await phone.whenStatus(9);
    await phone.blindTransfer(phone.calls[0]!.callId, '80001002');
    await phone.whenStatus(5);
    const transfer = (await apis()).find((r) => r.api === 'BlindTransfer')!;
    expect(transfer.params).to.include({ Transferee: '80001002', TransfereeType: 'AGENT' });
    const state = await ctl<{ users: { UserId: string; UserState: string }[] }>(sim, 'GET', '/state');
    expect(state.users.find((u) => u.UserId === 'agent2@ccc-test')?.UserState).to.equal('RINGING');
  });

  it('attended transfer to an outside number: initiated (16), answered (17), cancelled back to the caller (9)', async () => {
    await phone.login({ ...agent, initialMode: 'Ready' });
    await phone.whenStatus(3);
    const job = await ctl<{ JobId: string }>(sim, 'POST', '/inbound', { user: 'agent1' });
    await phone.whenStatus(6);
    await phone.answer();
    await phone.whenStatus(9);
    const consultId = await phone.consult(job.JobId, '13700000000');
    expect(consultId).to.match(/^ch:customer:/);
    await phone.whenStatus(16);
    await ctl(sim, 'POST', `/calls/${job.JobId}/answer`);
    await phone.whenStatus(17);
    await phone.cancelConsult(job.JobId, consultId!);
    await phone.whenStatus(9);
    expect(phone.calls).to.have.length(1);
  });

  it('a poll that contradicts local state wins: a supervisor puts the agent on break', async () => {
    await phone.login({ ...agent, initialMode: 'Ready' });
    await phone.whenStatus(3);
    await ctl(sim, 'POST', '/users/agent1/state', { state: 'BREAK', breakCode: 'supervisor' });
    await phone.whenStatus(2);
    expect(phone.statusContext().reason).to.equal('supervisor');
  });

  it('ringing unanswered: the server puts the agent on break (RingingTimeout) and the call ends', async () => {
    await phone.login({ ...agent, initialMode: 'Ready' });
    await phone.whenStatus(3);
    const job = await ctl<{ JobId: string }>(sim, 'POST', '/inbound', { user: 'agent1' });
    await phone.whenStatus(6);
    await ctl(sim, 'POST', `/calls/${job.JobId}/ring-timeout`);
    await phone.whenStatus(2, { timeoutMs: 8000 });
    expect(phone.statusContext().reason).to.equal('RingingTimeout');
    expect(phone.calls).to.have.length(0);
  });

  it('a refusal keeps Code, Message and RequestId', async () => {
    await phone.login({ ...agent, initialMode: 'Ready' });
    await phone.whenStatus(3);
    await ctl(sim, 'POST', '/fail', {
      api: 'TakeBreak',
      code: 'Permission.Unauthorized',
      httpStatus: 403,
      message: 'no',
    });
    const error = await rejection(phone.notReady('lunch'));
    expect(error.code).to.equal(WellErrorCode.REFUSED);
    expect(error.vendorCode).to.equal('Permission.Unauthorized');
    expect(error.detail).to.include({ reason: 'permission', message: 'no' });
    expect(error.detail?.['requestId']).to.be.a('string');
  });

  it('an unknown user fails the login with a typed error', async () => {
    const error = await rejection(phone.login({ ...agent, jobNumber: 'nobody' }));
    expect(error.code).to.equal(WellErrorCode.LOGIN_FAILED);
    expect(error.vendorCode).to.equal('NotExists.UserId');
    expect(phone.getStatusCode()).to.equal(-1);
  });
});
