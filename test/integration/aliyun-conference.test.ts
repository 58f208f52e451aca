import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { Softphone } from '../../src/core.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import { rejection } from '../helpers/assert.js';
import { aliyunControl as ctl, type AliyunSim } from './helpers.js';

describe('aliyun skill-group transfer and conferences end to end (CCC proxy simulator)', function () {
  this.timeout(20000);
  let sim: AliyunSim;
  const phones: Softphone[] = [];
  const agent = (jobNumber: string) => {
    const phone = new Softphone({
      vendor: 'aliyun',
      server: sim.baseUrl,
      requestTimeoutMs: 3000,
      aliyun: { instanceId: sim.aliyunInstance, pollCallMs: 100, pollIdleMs: 200 },
    });
    phones.push(phone);
    return { phone, login: () => phone.login({ jobNumber, domain: 'ccc-test', extension: '', initialMode: 'Ready' }) };
  };

  beforeEach(async () => {
    sim = await executeServerCommand<AliyunSim, Record<string, unknown>>('sim-start', {
      xswitch: false,
      embedded: false,
      aliyunRingTimeoutMs: 60_000,
    });
  });
  afterEach(async () => {
    for (const phone of phones.splice(0)) phone.stop();
    await executeServerCommand('sim-stop', { id: sim.id });
  });

  /** agent1 logged in and talking to an inbound customer (9); the job id. */
  async function talking(phone: Softphone, login: () => Promise<void>): Promise<string> {
    await login();
    await phone.whenStatus(3);
    const job = await ctl<{ JobId: string }>(sim, 'POST', '/inbound', { user: 'agent1', caller: '13900000001' });
    await phone.whenStatus(6);
    await phone.answer(job.JobId);
    await phone.whenStatus(9);
    return job.JobId;
  }

  it('a blind transfer to a skill group rings a free agent of the group; a busy group is a typed refusal', async () => {
    const one = agent('agent1');
    const jobId = await talking(one.phone, one.login);
    const busy = await rejection(one.phone.blindTransfer(jobId, 'sales@ccc-test', { targetType: 'skillGroup' }));
    expect(busy).to.deep.include({ code: WellErrorCode.REFUSED, vendorCode: 'UserBusy' });
    expect(one.phone.getStatusCode()).to.equal(9);

    const two = agent('agent2');
    await two.login();
    await two.phone.whenStatus(3);
    await one.phone.blindTransfer(jobId, 'sales@ccc-test', { targetType: 'skillGroup' });
    await Promise.all([one.phone.whenStatus(5), two.phone.whenStatus(6)]);
    const sent = await ctl<{ api: string; params: Record<string, unknown> }[]>(sim, 'GET', '/requests');
    expect(sent.filter((r) => r.api === 'BlindTransfer').at(-1)?.params).to.include({
      Transferee: 'sales@ccc-test',
      TransfereeType: 'SKILL_GROUP',
    });
  });

  it('a call made a conference is 19; a party joining or leaving is 30 until the next answer', async () => {
    const { phone, login } = agent('agent1');
    const jobId = await talking(phone, login);
    await ctl(sim, 'POST', `/calls/${jobId}/conference`, { number: '13600000000' });
    await phone.whenStatus(19);
    expect(phone.calls[0]?.parties).to.have.members(['13900000001', '13600000000']);

    const joined = phone.whenStatus(30);
    await ctl(sim, 'POST', `/calls/${jobId}/join`, { number: '13500000000' });
    await joined;
    expect(phone.calls[0]?.parties).to.have.length(3);
    await phone.whenStatus(19);

    const changed = phone.whenStatus(30);
    await ctl(sim, 'POST', `/calls/${jobId}/leave`, { number: '13600000000' });
    await changed;
    await phone.whenStatus(19);
    expect(phone.calls[0]?.parties).to.have.members(['13900000001', '13500000000']);

    const lastChange = phone.whenStatus(30);
    await ctl(sim, 'POST', `/calls/${jobId}/leave`, { number: '13500000000' });
    await lastChange;
    await phone.whenStatus(9);
  });
});
