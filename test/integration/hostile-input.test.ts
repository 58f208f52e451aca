import { expect } from '@open-wc/testing';
import { WellErrorCode } from '../../src/model/well-error.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { control, creds, mount, next, requests, startSim, statusReached, stopSim, type Sim } from './helpers.js';

/** Resolves once the element asked the simulator for client-state (a server-side fact: polled). */
async function resyncRequested(sim: Sim): Promise<void> {
  const isResync = (r: { method: string; path: string }) =>
    r.method === 'GET' && r.path === '/api/csta/agent/client-state';
  const deadline = Date.now() + 5000;
  while (!(await requests(sim)).some(isResync)) {
    if (Date.now() > deadline) throw new Error('no resync (GET client-state) was requested');
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/** Resolves with the error of the next `well-error` of `code`. */
const nextError = (el: WellSoftphone, code: string) =>
  next<{ error: { code: string; detail?: Record<string, unknown> } }>(
    el,
    'well-error',
    (d) => d.error.code === code,
  ).then((d) => d.error);

describe('well event channel under hostile input (simulator, embedded STOMP)', function () {
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

  it('a corrupt frame (content-length past its body) is reported, resynced, and the next event still arrives', async () => {
    el = await mount(sim);
    await el.login(creds(sim));
    expect(el.statusCode).to.equal(2);
    await control(sim, 'DELETE', '/requests');

    const reported = nextError(el, WellErrorCode.MALFORMED_EVENT);
    const readyArrived = new Promise<void>((resolve) =>
      el.addEventListener('well-event', (e) => e.detail.name === 'agentReady' && resolve()),
    );
    await control(sim, 'POST', '/frame', { agent: '5001', body: '{}', contentLength: 99999 });
    // before the guard, the STOMP parser took the next 99 999 bytes as that frame's body: this event vanished
    await control(sim, 'POST', '/agents/5001', { agentMode: 'Ready', publish: true });
    expect((await reported).detail?.['reason']).to.equal('frameCorrupt');
    await readyArrived;
    await statusReached(el, 3);
    await resyncRequested(sim);
  });

  it('a 10 MB frame is dropped unread as MALFORMED_EVENT (its event not applied), then a resync', async () => {
    el = await mount(sim);
    await el.login(creds(sim));
    expect(el.statusCode).to.equal(2);
    await control(sim, 'DELETE', '/requests');

    const reported = nextError(el, WellErrorCode.MALFORMED_EVENT);
    const agentReady = JSON.stringify({
      eventName: 'agentReady',
      agentId: `5001@${sim.domain}`,
      deviceId: `8001@${sim.domain}`,
    });
    const sent = await control<{ sent: number; bytes: number }>(sim, 'POST', '/frame', {
      agent: '5001',
      body: agentReady,
      padTo: 10 * 1024 * 1024,
      contentLength: 'auto',
    });
    expect(sent).to.deep.equal({ sent: 1, bytes: 10 * 1024 * 1024 });
    const error = await reported;
    expect(error.detail).to.deep.include({ reason: 'frameTooLarge' });
    expect(error.detail?.['size']).to.be.greaterThan(10 * 1024 * 1024);
    await resyncRequested(sim);
    expect(el.statusCode).to.equal(2);
    // the same event at a normal size is applied
    await control(sim, 'POST', '/frame', { agent: '5001', body: agentReady });
    await statusReached(el, 3);
  });

  it('logs in with a password holding &, + and %41 (the login form is URL-encoded)', async () => {
    const password = 'a&namespace=x+y %41';
    await control(sim, 'POST', '/agents/5001', { password });
    el = await mount(sim);
    await el.login(creds(sim, { password }));
    expect(el.statusCode).to.equal(2);
    const tpi = (await requests(sim)).find((r) => r.path === '/loginTrusted')!;
    expect(new URLSearchParams(tpi.rawBody).get('password')).to.equal(password);
  });
});
