import { expect, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/well-softphone.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import { connectionReached, mountXswitch, startXSim, statusReached, xcontrol, type XSim } from './helpers.js';

const agent = (overrides: Record<string, string> = {}) => ({
  jobNumber: '1001',
  domain: 'xswitch.cn',
  extension: '1001',
  password: '1234',
  ...overrides,
});

interface SimAgent {
  state: string;
  call_uuid: string | null;
}
const simAgent = async (sim: XSim) =>
  (await xcontrol<{ agents: Record<string, SimAgent> }>(sim, 'GET', '/state')).agents['1001']!;

/** Starts an outage: new sockets are refused (503) and the agent's socket is dropped. */
async function outage(sim: XSim, el: WellSoftphone): Promise<void> {
  const reconnecting = connectionReached(el, 'reconnecting');
  await xcontrol(sim, 'POST', '/config', { acceptSockets: false });
  await xcontrol(sim, 'POST', '/drop', { user: '1001' });
  await reconnecting;
}

/** Ends the outage and waits until the element is connected again (its resync has run by then). */
async function restore(sim: XSim, el: WellSoftphone, code: number): Promise<void> {
  await xcontrol(sim, 'POST', '/config', { acceptSockets: true });
  await connectionReached(el, 'connected');
  await statusReached(el, code);
}

const inbound = (sim: XSim) =>
  xcontrol<{ uuid: string }>(sim, 'POST', '/calls/inbound', { agent: '1001', from: '13800138000' });

describe('xswitch: outages, reloads, second tabs and punts (Verto simulator)', function () {
  this.timeout(20000);
  let sim: XSim;
  let el: WellSoftphone;

  beforeEach(async () => {
    sim = await startXSim();
    el = await mountXswitch(sim);
  });
  afterEach(async () => {
    el?.remove();
    await executeServerCommand('sim-stop', { id: sim.id });
  });

  describe('outage', () => {
    it('a call hung up during the outage ends after the reconnect', async () => {
      await el.login(agent({ initialMode: 'Ready' }));
      await statusReached(el, 3);
      const { uuid } = await inbound(sim);
      await statusReached(el, 6);
      await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, {});
      await statusReached(el, 9);
      await outage(sim, el);
      await xcontrol(sim, 'POST', `/calls/${uuid}/hangup`, {});
      const ended = oneEvent(el, 'well-call-end');
      await restore(sim, el, 3);
      expect((await ended).detail.callId).to.equal(uuid);
      expect(el.phone.calls).to.have.length(0);
      // nothing blocks the agent any more: not-ready and logout go through
      await el.notReady('');
      await statusReached(el, 2);
      await el.logout();
      await statusReached(el, -1);
    });

    it('a ringing call answered during the outage shows as talking after the reconnect', async () => {
      await el.login(agent({ initialMode: 'Ready' }));
      await statusReached(el, 3);
      const { uuid } = await inbound(sim);
      await statusReached(el, 6);
      await outage(sim, el);
      await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, {});
      await restore(sim, el, 9);
      expect(el.phone.calls.map((c) => [c.callId, c.state, c.party])).to.deep.equal([
        [uuid, 'connected', '13800138000'],
      ]);
    });

    it('a call that arrived and was answered during the outage appears after the reconnect', async () => {
      await el.login(agent({ initialMode: 'Ready' }));
      await statusReached(el, 3);
      await outage(sim, el);
      const { uuid } = await inbound(sim);
      await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, {});
      await restore(sim, el, 9);
      expect(el.phone.calls.map((c) => c.callId)).to.deep.equal([uuid]);
      await xcontrol(sim, 'POST', `/calls/${uuid}/hangup`, {});
      await statusReached(el, 3);
    });

    it('without call data in agent_state (REST twin missing) the local call is kept', async () => {
      await executeServerCommand('sim-stop', { id: sim.id });
      sim = await startXSim({ quirks: { agentState: '404' } });
      el.remove();
      el = await mountXswitch(sim);
      await el.login(agent({ initialMode: 'Ready' }));
      await statusReached(el, 3);
      const { uuid } = await inbound(sim);
      await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, {});
      await statusReached(el, 9);
      await outage(sim, el);
      await restore(sim, el, 9);
      expect(el.phone.calls.map((c) => c.callId)).to.deep.equal([uuid]);
    });
  });

  it('call ids and state words that are Object.prototype names are ordinary values', async () => {
    await el.login(agent({ initialMode: 'Ready' }));
    await statusReached(el, 3);
    const emit = (data: Record<string, unknown>) =>
      xcontrol(sim, 'POST', '/emit', {
        channel: 'vcc.default.1001',
        data: { action: 'call-state', agent_id: '1001', direction: 'inbound', caller: '13800138000', ...data },
      });
    await emit({ call_uuid: 'constructor', callstate: 'TALKING' });
    await statusReached(el, 9);
    // an unknown agent state word changes nothing; the call is still there
    await emit({ call_uuid: 'constructor', callstate: 'constructor', state: '__proto__' });
    await emit({ call_uuid: 'constructor', callstate: 'IDLE' });
    await statusReached(el, 3);
    expect(el.phone.calls).to.have.length(0);
    expect(el.phone.connectionState).to.equal('connected');
  });

  describe('re-login of an agent the server already has logged in', () => {
    it('a second tab logs in while the first is still there, with the server state', async () => {
      await el.login(agent({ initialMode: 'Ready' }));
      await statusReached(el, 3);
      const second = await mountXswitch(sim);
      try {
        const started = Date.now();
        await second.login(agent());
        // ccLogin on a logged-in agent answers without an event: the state is read, not awaited
        expect(Date.now() - started).to.be.below(3000);
        expect(second.statusCode).to.equal(3);
        // both tabs follow the server
        await second.notReady('meeting');
        await statusReached(second, 2);
        await statusReached(el, 2);
      } finally {
        second.remove();
      }
    });

    it('a reload (element removed without logout, a new one logs in) shows the live call', async () => {
      await el.login(agent({ initialMode: 'Ready' }));
      await statusReached(el, 3);
      const { uuid } = await inbound(sim);
      await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, {});
      await statusReached(el, 9);
      el.remove();
      el = await mountXswitch(sim);
      await el.login(agent());
      await statusReached(el, 9);
      expect(el.phone.calls.map((c) => [c.callId, c.party])).to.deep.equal([[uuid, '13800138000']]);
      await xcontrol(sim, 'POST', `/calls/${uuid}/hangup`, {});
      await statusReached(el, 3);
    });
  });

  describe('verto.punt', () => {
    it('says the server still has the agent, and a new login then logout ends it there', async () => {
      await el.login(agent({ initialMode: 'Ready' }));
      await statusReached(el, 3);
      const errors: { code: string; reason: unknown; message: string }[] = [];
      el.addEventListener('well-error', (e) =>
        errors.push({ code: e.detail.code, reason: e.detail.error.detail?.['reason'], message: e.detail.message }),
      );
      await xcontrol(sim, 'POST', '/punt', { user: '1001' });
      await statusReached(el, -1);
      expect(el.phone.connectionState).to.equal('disconnected');
      const takenOver = errors.find((e) => e.reason === 'takenOver');
      expect(takenOver?.code).to.equal(WellErrorCode.SESSION_ENDED);
      expect(takenOver?.message).to.match(/still has you logged in/);
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.match(/still has you logged in/);
      // the server kept the agent ready (routable)
      expect((await simAgent(sim)).state).to.equal('READY');

      await el.login(agent());
      expect(el.statusCode).to.equal(3);
      await el.logout();
      await statusReached(el, -1);
      expect((await simAgent(sim)).state).to.equal('LOGOUT');
    });
  });
});
