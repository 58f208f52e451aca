import { expect, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/well-softphone.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import { rejection } from '../helpers/assert.js';
import { connectionReached, mountXswitch, startXSim, statusReached, xcontrol, type XSim } from './helpers.js';

const agent = (overrides: Record<string, string> = {}) => ({
  jobNumber: '1001',
  domain: 'xswitch.cn',
  extension: '1001',
  password: '1234',
  ...overrides,
});

describe('xswitch vendor end to end (Verto simulator)', function () {
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

  it('logs in with a password, goes ready and on break with a reason, logs out', async () => {
    await el.login(agent());
    expect(el.statusCode).to.equal(2);
    expect(el.phone.capabilities.canConsult).to.equal(false);
    await el.updateComplete;
    // controls the backend cannot do are hidden
    expect(el.shadowRoot!.querySelector('[part~="transfer"]')).to.equal(null);
    await el.ready();
    await statusReached(el, 3);
    await el.notReady('lunch');
    await statusReached(el, 2);
    expect(el.phone.statusContext().reason).to.equal('lunch');
    await el.logout();
    await statusReached(el, -1);
  });

  it('logs in with a token (passwd never empty on the wire)', async () => {
    await el.login({ ...agent(), password: undefined, token: 'token-1001' });
    expect(el.statusCode).to.equal(2);
  });

  it('a wrong password fails with a typed, reported error', async () => {
    const failed = oneEvent(el, 'well-login-failed');
    const error = await rejection(el.login(agent({ password: 'nope' })));
    expect(error.code).to.equal(WellErrorCode.LOGIN_FAILED);
    expect((await failed).detail.reason).to.equal('passwordMismatch');
    expect(el.statusCode).to.equal(-1);
  });

  it('callback dialing: the agent leg rings (8), then the destination answers (10), hang up', async () => {
    await el.login(agent({ initialMode: 'Ready' }));
    await statusReached(el, 3);
    const uuid = await el.dial('13800138000');
    expect(uuid).to.be.a('string');
    await statusReached(el, 8);
    await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, { leg: 'agent' });
    await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, { leg: 'dest' });
    await statusReached(el, 10);
    await xcontrol(sim, 'POST', `/calls/${uuid}/hangup`, {});
    await statusReached(el, 3);
  });

  it('an inbound call rings (6), is answered (9) and ends', async () => {
    await el.login(agent({ initialMode: 'Ready' }));
    await statusReached(el, 3);
    const offer = oneEvent(el, 'well-call-offer');
    const { uuid } = await xcontrol<{ uuid: string }>(sim, 'POST', '/calls/inbound', {
      agent: '1001',
      from: '13800138000',
    });
    await offer;
    await statusReached(el, 6);
    await el.updateComplete;
    // XSwitch answers on the phone itself: no Answer button, no Hold
    expect(el.shadowRoot!.querySelector('[part~="answer-button"]')).to.equal(null);
    await expect(el).to.be.accessible();
    await xcontrol(sim, 'POST', `/calls/${uuid}/answer`, {});
    await statusReached(el, 9);
    await xcontrol(sim, 'POST', `/calls/${uuid}/hangup`, {});
    await statusReached(el, 3);
  });

  it('socket dropped: reconnect, re-login and re-subscribe, state restored', async () => {
    await el.login(agent({ initialMode: 'Ready' }));
    await statusReached(el, 3);
    const reconnecting = connectionReached(el, 'reconnecting');
    await xcontrol(sim, 'POST', '/drop', { user: '1001' });
    await reconnecting;
    await connectionReached(el, 'connected');
    expect(el.statusCode).to.equal(3);
    // events flow again on the new subscription
    await el.notReady('meeting');
    await statusReached(el, 2);
  });

  it('verto.punt: the session ends without reconnecting, and says why', async () => {
    await el.login(agent());
    const error = oneEvent(el, 'well-error');
    await xcontrol(sim, 'POST', '/punt', { user: '1001' });
    expect((await error).detail.code).to.equal('SESSION_ENDED');
    await statusReached(el, -1);
    expect(el.phone.connectionState).to.equal('disconnected');
  });
});
