import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/well-softphone.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { statusReached } from '../helpers/status.js';
import { aliyunControl as ctl, type AliyunSim } from './helpers.js';

const apis = async (sim: AliyunSim) => (await ctl<{ api: string }[]>(sim, 'GET', '/requests')).map((r) => r.api);
const part = (el: WellSoftphone, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`);
const next = <T>(el: WellSoftphone, type: string) =>
  new Promise<T>((resolve) => el.addEventListener(type, (e) => resolve((e as CustomEvent<T>).detail), { once: true }));

describe('<well-softphone vendor="aliyun"> reattach after a reload (CCC proxy simulator)', function () {
  this.timeout(20000);
  let sim: AliyunSim;
  const elements: WellSoftphone[] = [];

  async function page(): Promise<WellSoftphone> {
    const el = await fixture<WellSoftphone>(
      html`<well-softphone
        vendor="aliyun"
        server=${sim.baseUrl}
        instance-id=${sim.aliyunInstance}
        domain=${sim.aliyunInstance}
        agent-id="agent1"
        extension="80001001"
        initial-mode="Ready"
        poll-call-ms="100"
        poll-idle-ms="200"
        request-timeout="3000"
        lang="en"
      ></well-softphone>`,
    );
    elements.push(el);
    return el;
  }

  /** A reload: the element goes without logging out; the tab's sessionStorage stays. */
  function reload(el: WellSoftphone): void {
    el.remove();
    elements.splice(elements.indexOf(el), 1);
  }

  beforeEach(async () => {
    sessionStorage.clear();
    sim = await executeServerCommand<AliyunSim, Record<string, unknown>>('sim-start', {
      xswitch: false,
      embedded: false,
      aliyunRingTimeoutMs: 60_000,
    });
  });
  afterEach(async () => {
    for (const el of elements.splice(0)) el.phone.stop();
    sessionStorage.clear();
    await executeServerCommand('sim-stop', { id: sim.id });
  });

  it('a new element in the same tab reattaches with one poll, no sign-in, and shows the live call', async () => {
    const first = await page();
    (part(first, 'login-button') as HTMLButtonElement).click();
    await statusReached(first, 3);
    const job = await ctl<{ JobId: string }>(sim, 'POST', '/inbound', { user: 'agent1', caller: '13900000001' });
    await statusReached(first, 6);
    await first.answer(job.JobId);
    await statusReached(first, 9);
    const kept = JSON.stringify(Object.entries(sessionStorage));
    expect(kept).to.contain('agent1');
    expect(kept).not.to.contain('simulated-signature');
    reload(first);
    const before = (await apis(sim)).length;

    const el = await page();
    await statusReached(el, 9);
    await el.updateComplete;
    expect(part(el, 'call')).to.exist;
    expect(el.phone.calls.map((c) => c.callId)).to.deep.equal([job.JobId]);
    const after = (await apis(sim)).slice(before);
    expect(after[0]).to.equal('PollUserStatus');
    expect(after).not.to.include.members(['GetLoginDetails']);
    expect(after.filter((a) => a !== 'PollUserStatus')).to.deep.equal([]);

    // the reattached session works: hang up, and the server confirms with after-call work
    await el.hangUp(job.JobId);
    await statusReached(el, 5);
  });

  it('an agent signed out on the server meanwhile falls back to the login form with the reason', async () => {
    const first = await page();
    (part(first, 'login-button') as HTMLButtonElement).click();
    await statusReached(first, 3);
    reload(first);
    await ctl(sim, 'POST', '/users/agent1/state', { state: 'OFFLINE' });
    const el = await page();
    const failed = await next<{ reason: string }>(el, 'well-login-failed');
    expect(failed.reason).to.equal('sessionExpired');
    await el.updateComplete;
    expect(el.statusCode).to.equal(-1);
    expect(part(el, 'login-form')).to.exist;
    expect(sessionStorage.length).to.equal(0);
  });
});
