import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { WellRawEvent } from '../../src/events/well-event.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import {
  connectionReached,
  control,
  creds,
  mount,
  requests,
  serverState,
  startSim,
  statusReached,
  stopSim,
  type Sim,
} from './helpers.js';
import { rejection } from '../helpers/assert.js';

interface AgentState {
  loggedIn: boolean;
  extension?: string;
  agentMode?: string;
  heartbeats: number;
}
interface SimState {
  agents: Record<string, AgentState>;
  channels: number;
  subscriptions: string[];
}

describe('well session end to end (simulator, embedded STOMP)', function () {
  this.timeout(20000);
  let sim: Sim;
  let el: WellSoftphone;

  beforeEach(async () => {
    sim = await startSim();
  });
  afterEach(async () => {
    el?.remove();
    await stopSim(sim);
  });

  it('logs in as 5001 on 8001 with the exact wire protocol, then ready / not ready / outbound only / logout', async () => {
    el = await mount(sim);
    const codes: number[] = [];
    el.addEventListener('well-status-change', (e) => codes.push(e.detail.code));
    await el.login(creds(sim));
    expect(el.statusCode).to.equal(2);

    const log = await requests(sim);
    const tpi = log.find((r) => r.path === '/loginTrusted')!;
    expect(tpi.rawBody).to.equal(`username=5001&password=123456&namespace=${sim.domain}`);
    expect(tpi.headers.contentType).to.contain('application/x-www-form-urlencoded');
    const subscribe = log.find((r) => r.method === 'STOMP')!;
    expect(subscribe.path).to.equal(`/topic/event.agent.*.5001@${sim.domain.replaceAll('.', '_')}`);
    const login = log.find((r) => (r.body as { func?: string })?.func === 'Login')!;
    expect(subscribe.seq).to.be.lessThan(login.seq);
    expect(login.body).to.deep.equal({
      loginId: `5001@${sim.domain}`,
      device: `8001@${sim.domain}`,
      password: '123456',
      agentMode: 'NotReady',
      func: 'Login',
      sessionId: login.headers.sessionIdValue,
    });
    expect(login.headers.sessionId).to.equal('present');

    await serverState<SimState>(sim, (s) => s.agents['5001']!.heartbeats >= 1);
    const heartbeat = (await requests(sim)).find((r) => r.path.startsWith('/api/csta/agent/heartbeat/'))!;
    expect(heartbeat.path).to.equal(`/api/csta/agent/heartbeat/5001@${sim.domain}`);
    expect(heartbeat.headers.sessionId).to.equal('present');

    await el.ready();
    await statusReached(el, 3);
    const setState = (await requests(sim)).find((r) => (r.body as { func?: string })?.func === 'SetState')!;
    expect(setState.body).to.deep.equal({
      func: 'SetState',
      device: `8001@${sim.domain}`,
      agentMode: 'Ready',
      namespace: sim.domain,
      reason: '',
      agentId: `5001@${sim.domain}`,
    });
    await el.notReady('1');
    await statusReached(el, 2);
    await el.ready();
    await statusReached(el, 3);
    await el.notReady('2');
    await statusReached(el, 4);
    await el.logout();
    await statusReached(el, -1);
    expect(codes).to.deep.equal([0, 2, 3, 2, 3, 4, 1, -1]);
    const logout = (await requests(sim)).find((r) => (r.body as { func?: string })?.func === 'Logout')!;
    expect(logout.body).to.deep.equal({ func: 'Logout', agentId: `5001@${sim.domain}` });
    await serverState<SimState>(sim, (s) => s.channels === 0 && !s.agents['5001']!.loggedIn);
  });

  it('logs in through the form with the keyboard, shows label, code and a ticking timer', async () => {
    el = await mount(sim);
    const job = el.shadowRoot!.querySelector<HTMLInputElement>('#well-jobNumber')!;
    job.focus();
    await sendKeys({ type: '5001' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '123456' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '8001' });
    await sendKeys({ press: 'Enter' });
    await statusReached(el, 2);
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(root.querySelector('[part~="status-label"]')!.textContent).to.equal('Not ready');
    // the code is shown only where the host asks for it
    expect(root.querySelector('[part~="status-code"]')).to.equal(null);
    el.showCode = true;
    await el.updateComplete;
    expect(root.querySelector('[part~="status-code"]')!.textContent).to.contain('2');
    const timer = root.querySelector('[part~="timer"]')!;
    const first = timer.textContent;
    await new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (timer.textContent !== first) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(timer, { childList: true, characterData: true, subtree: true });
    });
    expect(timer.textContent).to.equal('0:00:01');
    await expect(el).to.be.accessible();
  });

  describe('every login error is reproduced and reported distinctly', () => {
    const cases: [string, () => Promise<void>, Record<string, string>, number, string, string?][] = [
      ['wrong password', async () => {}, { password: 'nope' }, 401, 'passwordMismatch'],
      ['unknown job number', async () => {}, { jobNumber: '5999' }, 452, 'invalidJobNumber'],
      ['unknown extension', async () => {}, { extension: '9999' }, 453, 'invalidExtension'],
      ['extension not registered', async () => {}, { extension: '8009' }, 451, 'extensionNotRegistered'],
      ['disabled agent', async () => {}, { jobNumber: '5010' }, 423, 'agentStateIllegal'],
      [
        'agent on another extension (stop)',
        async () => void (await control(sim, 'POST', '/agents/5001', { loggedIn: true, extension: '8002' })),
        { loginMode: 'stop' },
        455,
        'loggedInElsewhere',
        'deviceId',
      ],
      [
        'extension held by another agent',
        async () => void (await control(sim, 'POST', '/agents/5002', { loggedIn: true, extension: '8001' })),
        {},
        459,
        'extensionInUse',
        'agent',
      ],
      [
        'licence limit',
        async () => void (await control(sim, 'POST', '/config', { licenceLimit: 0 })),
        {},
        461,
        'licenceLimit',
      ],
    ];
    for (const [label, arrange, overrides, status, reason, extra] of cases) {
      it(`${status}: ${label}`, async () => {
        await arrange();
        el = await mount(sim);
        const failed = oneEvent(el, 'well-login-failed');
        const error = await rejection(el.login(creds(sim, overrides)));
        const { detail } = await failed;
        expect(detail).to.include({ status, reason });
        expect(error).to.include({ code: WellErrorCode.LOGIN_FAILED, status });
        if (extra === 'deviceId') expect(detail.deviceId).to.equal(`8002@${sim.domain}`);
        if (extra === 'agent') expect(detail.agent).to.equal(`5002@${sim.domain}`);
        expect(el.statusCode).to.equal(-1);
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.contain(detail.message);
        await serverState<SimState>(sim, (s) => s.channels === 0);
      });
    }

    for (const status of [456, 457, 458, 460, 462, 465, 466, 483, 500, 503]) {
      it(`${status}: injected on the Login request`, async () => {
        await control(sim, 'POST', '/fail', { path: '/api/csta/agent/state', func: 'Login', status });
        el = await mount(sim);
        const failed = oneEvent(el, 'well-login-failed');
        const error = await rejection(el.login(creds(sim)));
        expect(error.status).to.equal(status);
        const { detail } = await failed;
        expect(detail.status).to.equal(status);
        expect(detail.reason).not.to.equal('unknown');
        expect(el.statusCode).to.equal(-1);
        // the UI recovers and a retry works
        await el.login(creds(sim));
        expect(el.statusCode).to.equal(2);
      });
    }

    it('454 under "force": logs the stale session out, then logs in', async () => {
      await control(sim, 'POST', '/agents/5001', { loggedIn: true, extension: '8001' });
      el = await mount(sim);
      await el.login(creds(sim));
      expect(el.statusCode).to.equal(2);
      const funcs = (await requests(sim)).map((r) => (r.body as { func?: string })?.func).filter(Boolean);
      expect(funcs).to.deep.equal(['Login', 'Logout', 'Login']);
    });

    it('455 under "ask": our prompt; "Log in here" takes over', async () => {
      await control(sim, 'POST', '/agents/5001', { loggedIn: true, extension: '8002' });
      el = await mount(sim, { 'login-mode': 'ask' });
      const login = el.login(creds(sim));
      const conflict = await oneEvent(el, 'well-login-conflict');
      expect(conflict.detail).to.include({ status: 455, deviceId: `8002@${sim.domain}` });
      await el.updateComplete;
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="force-login-button"]')!.click();
      await login;
      expect(el.statusCode).to.equal(2);
      const state = await serverState<SimState>(sim, (s) => s.agents['5001']!.extension === '8001');
      expect(state.agents['5001']!.loggedIn).to.equal(true);
    });

    it('454 under "ask": declining keeps the other session', async () => {
      await control(sim, 'POST', '/agents/5001', { loggedIn: true, extension: '8001' });
      el = await mount(sim, { 'login-mode': 'ask' });
      const login = rejection(el.login(creds(sim)));
      await oneEvent(el, 'well-login-conflict');
      await el.updateComplete;
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="decline-login-button"]')!.click();
      expect((await login).code).to.equal(WellErrorCode.LOGIN_DECLINED);
      const funcs = (await requests(sim)).map((r) => (r.body as { func?: string })?.func).filter(Boolean);
      expect(funcs).to.deep.equal(['Login']);
    });
  });

  describe('bad input from the server', () => {
    beforeEach(async () => {
      el = await mount(sim, { 'request-timeout': '500' });
      await el.login(creds(sim));
    });

    it('HTTP 426 renews the session silently and the command succeeds', async () => {
      await control(sim, 'DELETE', '/sessions');
      await el.ready();
      await statusReached(el, 3);
      const tpis = (await requests(sim)).filter((r) => r.path === '/loginTrusted');
      expect(tpis).to.have.length(2);
    });

    it('5xx on a command: typed error with the status, then the retry works', async () => {
      await control(sim, 'POST', '/fail', { path: '/api/csta/agent/state', func: 'SetState', status: 500 });
      const errors: string[] = [];
      el.addEventListener('well-error', (e) => errors.push(e.detail.code));
      const error = await rejection(el.ready());
      expect(error).to.include({ code: WellErrorCode.HTTP_ERROR, status: 500, operation: 'ready' });
      expect(errors).to.deep.equal(['HTTP_ERROR']);
      expect(el.statusCode).to.equal(2);
      await el.ready();
      await statusReached(el, 3);
    });

    it('a request that never answers times out with TIMEOUT', async () => {
      await control(sim, 'POST', '/fail', { path: '/api/csta/agent/state', func: 'SetState', status: 0 });
      const error = await rejection(el.ready());
      expect(error.code).to.equal(WellErrorCode.TIMEOUT);
      expect(el.statusCode).to.equal(2);
    });

    it('a malformed frame is reported as well-error and the session goes on', async () => {
      const error = oneEvent(el, 'well-error');
      await control(sim, 'POST', '/emit', { agent: '5001', raw: '{"eventName": "agentReady", oops' });
      expect((await error).detail.code).to.equal('MALFORMED_EVENT');
      await el.ready();
      await statusReached(el, 3);
    });

    it('an unknown event reaches the host raw and changes nothing', async () => {
      const raw = new Promise<WellRawEvent>((resolve) =>
        el.addEventListener('well-event', (e) => e.detail.name === 'ChannelStateChangedEvent' && resolve(e)),
      );
      await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'ChannelStateChangedEvent' } });
      const { detail } = await raw;
      expect(detail).to.include({ name: 'ChannelStateChangedEvent', decoded: false });
      expect(el.statusCode).to.equal(2);
    });

    it('a duplicated event (same serial) is dropped: no second status change', async () => {
      await el.ready();
      await statusReached(el, 3);
      const changes: number[] = [];
      el.addEventListener('well-status-change', (e) => changes.push(e.detail.code));
      const duplicate = new Promise<void>((resolve) =>
        el.addEventListener('well-event', (e) => e.detail.duplicate && resolve()),
      );
      await control(sim, 'POST', '/emit', { agent: '5001', duplicateLast: true });
      await duplicate;
      // an out-of-order older serial is still applied (only consecutive repeats are duplicates): the server wins
      await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'agentNotReady', reason: '1' } });
      await statusReached(el, 2);
      expect(changes).to.deep.equal([2]);
    });

    it('a server-side (supervisor) logout ends the session', async () => {
      await control(sim, 'POST', '/agents/5001/logout');
      await statusReached(el, -1);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="login-form"]')).to.exist;
    });
  });

  describe('reconnect', () => {
    it('channel dropped: reconnecting in the UI, then reconnect, resync from client-state, restored', async () => {
      el = await mount(sim);
      await el.login(creds(sim));
      const seen: string[] = [];
      el.addEventListener('well-connection-change', (e) => seen.push(e.detail.state));
      // the server changes the agent's mode while our channel is down: only a resync can tell us
      await control(sim, 'POST', '/config', { acceptChannels: false });
      const reconnecting = connectionReached(el, 'reconnecting');
      await control(sim, 'POST', '/drop', { agent: '5001' });
      await reconnecting;
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="banner"]')!.textContent).to.contain('Reconnecting');
      expect(el.matches(':state(reconnecting)')).to.equal(true);
      await expect(el).to.be.accessible();
      await control(sim, 'POST', '/agents/5001', { agentMode: 'Ready' });
      const before = (await requests(sim)).length;
      await control(sim, 'POST', '/config', { acceptChannels: true });
      await connectionReached(el, 'connected');
      expect(el.statusCode).to.equal(3);
      const after = (await requests(sim)).slice(before);
      expect(after.map((r) => r.path)).to.include('/api/csta/agent/client-state');
      expect(seen[0]).to.equal('reconnecting');
      expect(seen.at(-1)).to.equal('connected');
      // events flow again on the new subscription
      await el.notReady('1');
      await statusReached(el, 2);
    });

    it('attempts run out: failed in the UI, no logout sent; Reconnect recovers', async () => {
      el = await mount(sim, { 'reconnect-attempts': '3', 'reconnect-delay': '100' });
      await el.login(creds(sim));
      await control(sim, 'POST', '/config', { acceptChannels: false });
      const failed = connectionReached(el, 'failed');
      await control(sim, 'POST', '/drop', {});
      await failed;
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="banner"]')!.textContent).to.contain('could not be restored');
      await expect(el).to.be.accessible();
      const funcs = (await requests(sim)).map((r) => (r.body as { func?: string })?.func).filter(Boolean);
      expect(funcs).not.to.include('Logout');
      await control(sim, 'POST', '/config', { acceptChannels: true });
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="reconnect-button"]')!.click();
      await connectionReached(el, 'connected');
      expect(el.statusCode).to.equal(2);
    });

    it('never reconnects after an intentional logout', async () => {
      el = await mount(sim);
      await el.login(creds(sim));
      await el.logout();
      await statusReached(el, -1);
      const before = (await requests(sim)).length;
      await control(sim, 'POST', '/drop', {});
      await serverState<SimState>(sim, (s) => s.channels === 0);
      expect(el.phone.connectionState).to.equal('disconnected');
      expect((await requests(sim)).length).to.equal(before);
    });
  });
});
