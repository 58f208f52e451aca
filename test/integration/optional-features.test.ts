// The client against servers that lack optional protocol features (docs/protocols/well.md,
// docs/protocols/xswitch.md): each simulator quirk once through a whole agent session and one inbound call.
import { expect, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { LogEntry } from '../../src/log/event-log.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { rejection } from '../helpers/assert.js';
import {
  connectionReached,
  control,
  creds,
  mount,
  mountXswitch,
  startSim,
  startXSim,
  statusReached,
  stopSim,
  xcontrol,
  type Sim,
  type XSim,
} from './helpers.js';

type Quirks = Record<string, unknown>;

const entries = (el: WellSoftphone, pattern: RegExp): LogEntry[] =>
  el.phone.log.entries().filter((e) => pattern.test(e.message));

/** Resolves with the first log entry matching `pattern` (log lines have no event: checked once per frame). */
async function logged(el: WellSoftphone, pattern: RegExp, timeoutMs = 5000): Promise<LogEntry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = entries(el, pattern)[0];
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`nothing logged matching ${String(pattern)}`);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/** The channel is dropped by the server and comes back: reconnect + resync must not block. */
async function dropAndReconnect(el: WellSoftphone, drop: () => Promise<unknown>): Promise<void> {
  const reconnecting = connectionReached(el, 'reconnecting');
  await drop();
  await reconnecting;
  await connectionReached(el, 'connected');
}

describe('well: servers without optional features (simulator quirks)', function () {
  this.timeout(30000);
  let sim: Sim | undefined;
  let el: WellSoftphone | undefined;

  afterEach(async () => {
    el?.remove();
    el = undefined;
    await stopSim(sim);
    sim = undefined;
  });

  /**
   * Log in (2), ready (3), an inbound call rings (6), is answered (9) and hung up (3), not ready (2), log out (-1).
   * `duringCall` runs while the call is connected; the call must still be connected afterwards.
   */
  async function agentSession(
    quirks: Quirks,
    duringCall?: (el: WellSoftphone, sim: Sim) => Promise<void>,
    subscribeGrace?: number,
  ) {
    sim = await startSim({ quirks });
    el = await mount(sim);
    if (subscribeGrace !== undefined) el.subscribeGrace = subscribeGrace;
    await el.login(creds(sim));
    expect(el.statusCode).to.equal(2);
    await el.ready();
    await statusReached(el, 3);
    const offer = oneEvent(el, 'well-call-offer');
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', { to: '5001' });
    expect((await offer).detail.callId).to.equal(callId);
    await statusReached(el, 6);
    await el.answer(callId);
    await statusReached(el, 9);
    if (duringCall) {
      await duringCall(el, sim);
      expect(el.statusCode).to.equal(9);
      expect(el.phone.calls.map((c) => c.callId)).to.deep.equal([callId]);
    }
    const ended = oneEvent(el, 'well-call-end');
    await el.hangUp(callId);
    expect((await ended).detail.callId).to.equal(callId);
    await statusReached(el, 3);
    await el.notReady('1');
    await statusReached(el, 2);
    await el.logout();
    await statusReached(el, -1);
    return el;
  }

  it('a complete server: the SUBSCRIBE is confirmed by RECEIPT and heart-beats are negotiated (no warning)', async () => {
    // a long grace: on a loaded machine the RECEIPT may take longer than the default 500 ms
    const phone = await agentSession({}, undefined, 10000);
    expect(entries(phone, /confirmed by RECEIPT/)).to.have.length(1);
    expect(entries(phone, /does not negotiate heart-beats/)).to.have.length(0);
  });

  it('--no-receipts (Spring simple broker): login goes on after the default 500 ms grace', async () => {
    const phone = await agentSession({ receipts: false });
    const line = entries(phone, /no RECEIPT within 500 ms: continuing after the grace period/);
    expect(line).to.have.length(1);
    expect(line[0]!.level).to.equal('info');
    // the Login request still went out after the SUBSCRIBE (the grace protects agentLoggedOn)
    const log = await control<{ seq: number; method: string; body: { func?: string } }[]>(sim!, 'GET', '/requests');
    const subscribe = log.find((r) => r.method === 'STOMP')!;
    const login = log.find((r) => r.body?.func === 'Login')!;
    expect(subscribe.seq).to.be.lessThan(login.seq);
  });

  it('the subscribe-grace attribute sets the grace', async () => {
    sim = await startSim({ quirks: { receipts: false } });
    el = await mount(sim);
    el.setAttribute('subscribe-grace', '50');
    await el.updateComplete;
    await el.login(creds(sim));
    expect(el.statusCode).to.equal(2);
    expect(entries(el, /no RECEIPT within 50 ms/)).to.have.length(1);
  });

  it('a bad subscribe-grace is a typed CONFIG_INVALID error, not an exception in the page', async () => {
    sim = await startSim();
    el = await mount(sim);
    const error = oneEvent(el, 'well-error');
    el.setAttribute('subscribe-grace', '-1');
    expect((await error).detail.code).to.equal(WellErrorCode.CONFIG_INVALID);
  });

  it('--no-heartbeat (heart-beat:0,0): works; one warning says what is lost', async () => {
    const phone = await agentSession({ heartbeat: 'off' }, (e, s) =>
      dropAndReconnect(e, () => control(s, 'POST', '/drop', { agent: '5001' })),
    );
    const warnings = entries(phone, /does not negotiate heart-beats/);
    // logged once, not again on the reconnect
    expect(warnings).to.have.length(1);
    expect(warnings[0]!.level).to.equal('warn');
    expect(warnings[0]!.message).to.contain('heart-beat:0,0');
    expect(warnings[0]!.message).to.contain('REST heartbeat');
  });

  it('heart-beat header left out entirely: works, one warning', async () => {
    const phone = await agentSession({ heartbeat: 'omit' });
    expect(entries(phone, /does not negotiate heart-beats \(no heart-beat header\)/)).to.have.length(1);
  });

  it('--no-message-id: events still flow', async () => {
    await agentSession({ messageId: false });
  });

  it('--no-content-length: events still flow', async () => {
    await agentSession({ contentLength: false });
  });

  it('--extra-headers: unknown headers are ignored', async () => {
    await agentSession({ extraHeaders: true });
  });

  it('a Spring-like server with all of these at once', async () => {
    await agentSession({
      receipts: false,
      heartbeat: 'omit',
      messageId: false,
      contentLength: false,
      extraHeaders: true,
    });
  });

  it('--client-state sparse: a reconnect during the call resyncs from the sparse answer, call kept', async () => {
    const phone = await agentSession({ clientState: 'sparse' }, (e, s) =>
      dropAndReconnect(e, () => control(s, 'POST', '/drop', { agent: '5001' })),
    );
    expect(entries(phone, /Resync skipped/)).to.have.length(0);
  });

  for (const status of ['404', '500']) {
    it(`--client-state ${status}: a reconnect during the call keeps the local state, with a warning`, async () => {
      const phone = await agentSession({ clientState: status }, async (e, s) => {
        const skipped = () =>
          entries(e, new RegExp(`Resync skipped, local state kept: client-state answered HTTP ${status}`)).length;
        // the resync right after login was skipped too: count the reconnect's own
        const before = skipped();
        await dropAndReconnect(e, () => control(s, 'POST', '/drop', { agent: '5001' }));
        expect(skipped()).to.equal(before + 1);
      });
      expect(phone.phone.connectionState).to.equal('disconnected');
    });
  }

  describe('failure paths: typed error and a translated message', () => {
    it('--refuse-subscribe: login fails with CHANNEL_ERROR / subscriptionRefused, shown in English', async () => {
      sim = await startSim({ quirks: { refuseSubscribe: true } });
      el = await mount(sim);
      const failed = oneEvent(el, 'well-login-failed');
      const error = await rejection(el.login(creds(sim)));
      expect(error.code).to.equal(WellErrorCode.CHANNEL_ERROR);
      expect(error.message).to.contain('Access refused');
      const detail = (await failed).detail;
      expect(detail.reason).to.equal('subscriptionRefused');
      const message = en.loginReasons.subscriptionRefused({ status: 0 });
      expect(detail.message).to.equal(message);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.contain(message);
      expect(el.statusCode).to.equal(-1);
      // no Login request was sent to a server whose events we could not receive
      const log = await control<{ body: { func?: string } }[]>(sim, 'GET', '/requests');
      expect(log.some((r) => r.body?.func === 'Login')).to.equal(false);
    });

    it('--drop-on-subscribe: login fails with CHANNEL_ERROR / channelClosed, shown in Chinese', async () => {
      sim = await startSim({ quirks: { dropOnSubscribe: true } });
      el = await mount(sim);
      el.lang = 'zh-CN';
      await el.updateComplete;
      const failed = oneEvent(el, 'well-login-failed');
      const error = await rejection(el.login(creds(sim)));
      expect(error.code).to.equal(WellErrorCode.CHANNEL_ERROR);
      const detail = (await failed).detail;
      expect(detail.reason).to.equal('channelClosed');
      expect(detail.message).to.equal(zhCN.loginReasons.channelClosed({ status: 0 }));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.contain(detail.message);
    });

    it('HTTP 426 whose renewal fails: SESSION_EXPIRED, translated; the agent and the session stay', async () => {
      sim = await startSim();
      el = await mount(sim);
      await el.login(creds(sim));
      await control(sim, 'POST', '/fail', { path: '/api/csta/agent/state', func: 'SetState', status: 426 });
      await control(sim, 'POST', '/fail', { path: '/loginTrusted', status: 500 });
      const reported = oneEvent(el, 'well-error');
      const error = await rejection(el.ready());
      expect(error.code).to.equal(WellErrorCode.SESSION_EXPIRED);
      expect((await reported).detail.message).to.equal(en.errors.SESSION_EXPIRED);
      expect(el.statusCode).to.equal(2);
      // nothing lost: the next command works on the same session
      await el.ready();
      await statusReached(el, 3);
    });
  });
});

describe('xswitch: servers without optional features (simulator quirks)', function () {
  this.timeout(30000);
  let sim: XSim | undefined;
  let el: WellSoftphone | undefined;

  afterEach(async () => {
    el?.remove();
    el = undefined;
    if (sim) await executeServerCommand('sim-stop', { id: sim.id });
    sim = undefined;
  });

  /** Log in, ready, an inbound call rings/answered/ends, a socket drop and reconnect, not ready, log out. */
  async function agentSession(quirks: Quirks): Promise<WellSoftphone> {
    sim = await startXSim({ quirks });
    const phone = await mountXswitch(sim);
    el = phone;
    await phone.login({ jobNumber: '1001', domain: 'xswitch.cn', extension: '1001', password: '1234' });
    expect(phone.statusCode).to.equal(2);
    await phone.ready();
    await statusReached(phone, 3);
    const offer = oneEvent(phone, 'well-call-offer');
    const { uuid } = await xcontrol<{ uuid: string }>(sim!, 'POST', '/calls/inbound', {
      agent: '1001',
      from: '13800138000',
    });
    await offer;
    await statusReached(phone, 6);
    await xcontrol(sim!, 'POST', `/calls/${uuid}/answer`, {});
    await statusReached(phone, 9);
    await xcontrol(sim!, 'POST', `/calls/${uuid}/hangup`, {});
    await statusReached(phone, 3);
    await dropAndReconnect(phone, () => xcontrol(sim!, 'POST', '/drop', { user: '1001' }));
    expect(phone.statusCode).to.equal(3);
    await phone.notReady('meeting');
    await statusReached(phone, 2);
    await phone.logout();
    await statusReached(phone, -1);
    return phone;
  }

  it('--no-client-ready: login completes without verto.clientReady', async () => {
    const phone = await agentSession({ clientReady: false });
    expect(entries(phone, /Resync skipped/)).to.have.length(0);
  });

  for (const agentState of ['404', '401', 'text']) {
    it(`--agent-state ${agentState}: login and reconnect complete, the agent works, a warning is logged`, async () => {
      const phone = await agentSession({ agentState });
      const line = await logged(phone, /Resync skipped, local state kept: agent_state/);
      expect(line.level).to.equal('warn');
      expect(line.message).to.contain(agentState === 'text' ? 'not JSON' : `HTTP ${agentState}`);
    });
  }
});
