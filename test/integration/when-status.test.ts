import { expect } from '@open-wc/testing';
import { Softphone } from '../../src/core/softphone.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { control, creds, mount, startSim, stopSim, type Sim } from './helpers.js';
import { rejection } from '../helpers/assert.js';

describe('whenStatus end to end (simulator): accepted vs confirmed', function () {
  this.timeout(20000);
  let sim: Sim;
  let el: WellSoftphone | undefined;
  let phone: Softphone | undefined;

  afterEach(async () => {
    el?.remove();
    el = undefined;
    phone?.stop();
    phone = undefined;
    await stopSim(sim);
  });

  it('the element: ready() resolves on acceptance, whenStatus(3) on the confirming event', async () => {
    // a slow event path makes the gap between the HTTP answer and the event visible
    sim = await startSim({ eventDelayMs: 300 });
    el = await mount(sim);
    await el.login(creds(sim));
    expect(el.statusCode).to.equal(2);
    await el.ready();
    expect(el.statusCode, 'accepted, not confirmed yet').to.equal(2);
    const change = await el.whenStatus(3);
    expect(change).to.include({ code: 3, lastCode: 2 });
    expect(change.context.agentState).to.equal('ready');
    expect(el.phone.can('notReady')).to.equal(true);
    // already there: resolves at once
    expect((await el.whenStatus([3, 4])).code).to.equal(3);
  });

  it('rejects SESSION_EXPIRED when the server logs the agent out before the status is reached', async () => {
    sim = await startSim();
    el = await mount(sim);
    await el.login(creds(sim));
    const waiting = el.whenStatus(6, { timeoutMs: Infinity });
    await control(sim, 'POST', '/agents/5001/logout');
    const error = await rejection(waiting);
    expect(error.code).to.equal(WellErrorCode.SESSION_EXPIRED);
    expect(el.statusCode).to.equal(-1);
  });

  it('rejects CHANNEL_ERROR when the event channel is lost for good', async () => {
    sim = await startSim();
    el = await mount(sim, { 'reconnect-attempts': '2', 'reconnect-delay': '50' });
    await el.login(creds(sim));
    const waiting = el.whenStatus(3, { timeoutMs: Infinity });
    await control(sim, 'POST', '/config', { acceptChannels: false });
    await control(sim, 'POST', '/drop', { agent: '5001' });
    const error = await rejection(waiting);
    expect(error.code).to.equal(WellErrorCode.CHANNEL_ERROR);
    expect(el.phone.connectionState).to.equal('failed');
  });

  it('rejects TIMEOUT when nothing confirms in time', async () => {
    sim = await startSim();
    el = await mount(sim);
    await el.login(creds(sim));
    const error = await rejection(el.whenStatus(6, { timeoutMs: 200 }));
    expect(error.code).to.equal(WellErrorCode.TIMEOUT);
    expect(el.statusCode).to.equal(2);
  });

  it('the headless core on XSwitch: login with initial mode Ready, then whenStatus(3)', async () => {
    sim = await startSim();
    phone = new Softphone({ vendor: 'xswitch', server: sim.baseUrl, reconnectAttempts: 0 });
    await phone.login({
      jobNumber: '1001',
      password: '1234',
      domain: 'xswitch.cn',
      extension: '1001',
      initialMode: 'Ready',
    });
    const change = await phone.whenStatus(3);
    expect(change.context).to.include({ vendor: 'xswitch', agentState: 'ready', connection: 'connected' });
  });
});
