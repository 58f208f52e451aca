import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { attachWorkbench, type WorkbenchHangUpType } from '../../src/compat/workbench.js';
import '../../src/well-softphone.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { statusReached } from '../helpers/status.js';
import { aliyunControl as ctl, type AliyunSim } from './helpers.js';

const part = <T extends Element = HTMLElement>(el: WellSoftphone, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

/** Resolves once `part` is rendered (after the status change that brings it). */
async function rendered<T extends Element = HTMLElement>(el: WellSoftphone, name: string): Promise<T> {
  await el.updateComplete;
  const found = part<T>(el, name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('<well-softphone vendor="aliyun"> end to end (CCC proxy simulator)', function () {
  this.timeout(20000);
  let sim: AliyunSim;
  let el: WellSoftphone;
  let detach: (() => void) | undefined;

  beforeEach(async () => {
    sim = await executeServerCommand<AliyunSim, Record<string, unknown>>('sim-start', {
      xswitch: false,
      embedded: false,
    });
    el = await fixture<WellSoftphone>(
      html`<well-softphone
        vendor="aliyun"
        server=${sim.baseUrl}
        instance-id=${sim.aliyunInstance}
        region="cn-shanghai"
        ajax-path="/data/api.json"
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
  });
  afterEach(async () => {
    detach?.();
    el.phone.stop();
    await executeServerCommand('sim-stop', { id: sim.id });
  });

  it('logs in from its own form, goes ready, answers an inbound call, hangs up (workbench hooks on the way)', async () => {
    const seen: unknown[] = [];
    let hangUpNow: (() => void) | undefined;
    detach = attachWorkbench(el, {
      onLogIn: () => seen.push('logIn'),
      onReady: () => seen.push('ready'),
      onStatusChange: ({ code }) => seen.push(code),
      onCallComing: (callDetail) => seen.push(['coming', callDetail.caller]),
      onCallEstablish: () => seen.push('establish'),
      onBeforeCallHangup: (payload) => {
        seen.push(['beforeHangup', payload.userId]);
        hangUpNow = payload.callback;
      },
      onHangUp: (type: WorkbenchHangUpType) => seen.push(['hangUp', type]),
    });
    // the proxy authenticates the agent: the form logs in without a password
    expect(part<HTMLInputElement>(el, 'password-input')!.value).to.equal('');
    part<HTMLButtonElement>(el, 'login-button')!.click();
    await statusReached(el, 3);
    expect(el.phone.identity?.agentId).to.equal(`agent1@${sim.aliyunInstance}`);

    await ctl(sim, 'POST', '/inbound', { user: 'agent1', caller: '13900000001' });
    await statusReached(el, 6);
    (await rendered<HTMLButtonElement>(el, 'answer-button')).click();
    await statusReached(el, 9);

    (await rendered<HTMLButtonElement>(el, 'hang-up-button')).click();
    // the hook holds the hang-up: nothing was sent, the call goes on
    const released = async () =>
      (await ctl<{ api: string }[]>(sim, 'GET', '/requests')).some((r) => r.api === 'ReleaseCall');
    expect(await released()).to.equal(false);
    expect(el.statusCode).to.equal(9);
    hangUpNow!();
    await statusReached(el, 5);
    expect(await released()).to.equal(true);
    // talking → after-call work directly (never through ready 3); the element fires call events before the status
    expect(seen).to.deep.equal([
      0,
      3,
      'logIn',
      'ready',
      ['coming', '13900000001'],
      6,
      'establish',
      9,
      ['beforeHangup', `agent1@${sim.aliyunInstance}`],
      ['hangUp', 'inbound'],
      5,
    ]);

    (await rendered<HTMLButtonElement>(el, 'logout-button')).click();
    await statusReached(el, -1);
    const apis = (await ctl<{ api: string }[]>(sim, 'GET', '/requests')).map((r) => r.api);
    expect(apis).to.include.members(['GetLoginDetails', 'SignInGroup', 'AnswerCall', 'ReleaseCall', 'SignOutGroup']);
  });

  it('a refusal of the proxy shows its translated text with the Aliyun code and request id', async () => {
    part<HTMLInputElement>(el, 'password-input')!.value = 'unused';
    part<HTMLButtonElement>(el, 'login-button')!.click();
    await statusReached(el, 3);
    await ctl(sim, 'POST', '/fail', { api: 'TakeBreak', code: 'Permission.Unauthorized', httpStatus: 403 });
    const reported = new Promise<{ message: string; code: string }>((resolve) =>
      el.addEventListener('well-error', (e) => resolve(e.detail), { once: true }),
    );
    await el.notReady('lunch').catch(() => {});
    const { message, code } = await reported;
    expect(code).to.equal('REFUSED');
    expect(message).to.match(/^You do not have permission to do that\. \(Permission\.Unauthorized · .+\)$/);
  });
});
