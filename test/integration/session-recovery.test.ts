import { expect } from '@open-wc/testing';
import type { WellSoftphone } from '../../src/well-softphone.js';
import {
  connectionReached,
  control,
  creds,
  mount,
  next,
  requests,
  startSim,
  statusReached,
  stopSim,
  type LoggedRequest,
  type Sim,
} from './helpers.js';

describe('session recovery end to end (simulator, embedded STOMP)', function () {
  this.timeout(20000);
  let sim: Sim;
  const elements: WellSoftphone[] = [];

  beforeEach(async () => {
    sim = await startSim();
  });
  afterEach(async () => {
    for (const el of elements.splice(0)) el.remove();
    await stopSim(sim);
  });

  async function agent(job: string, extension: string): Promise<WellSoftphone> {
    const el = await mount(sim);
    elements.push(el);
    await el.login(creds(sim, { jobNumber: job, extension, initialMode: 'Ready' }));
    await statusReached(el, 3);
    // the resync every login ends with must be answered first: a later server-side change is then an event
    await resyncSettled(el);
    return el;
  }

  const resyncSettled = (el: WellSoftphone) =>
    new Promise<void>((resolve) => {
      if (!el.phone.getSnapshot().context.resyncing) return resolve();
      const off = el.phone.on('snapshot', () => {
        if (el.phone.getSnapshot().context.resyncing) return;
        off();
        resolve();
      });
    });

  /** A customer calls 5001, who answers (9). */
  async function talking(a: WellSoftphone): Promise<string> {
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', { to: '5001' });
    await statusReached(a, 6);
    await a.answer(callId);
    await statusReached(a, 9);
    return callId;
  }

  it('a reconnect during a consult keeps the held customer, and "back to caller" works', async () => {
    const a = await agent('5001', '8001');
    const b = await agent('5002', '8002');
    const callId = await talking(a);
    await a.phone.consult(callId, '8002');
    await statusReached(b, 6);
    await b.answer();
    await statusReached(a, 17);
    const consultId = a.phone.calls.find((c) => c.callId !== callId)!.callId;
    const ends: unknown[] = [];
    a.addEventListener('well-call-end', (e) => ends.push((e as CustomEvent).detail));
    await control(sim, 'POST', '/drop', { agent: '5001' });
    await connectionReached(a, 'reconnecting');
    await connectionReached(a, 'connected');
    expect(a.statusCode).to.equal(17);
    expect(a.phone.calls.map((c) => c.callId).sort()).to.deep.equal([callId, consultId].sort());
    expect(ends).to.deep.equal([]);
    await a.phone.cancelConsult(callId, consultId);
    await statusReached(a, 9);
    expect(a.phone.calls.map((c) => c.callId)).to.deep.equal([callId]);
  });

  it('hang-up goes out while the event channel reconnects; the resync after it confirms the call is gone', async () => {
    const a = await agent('5001', '8001');
    const callId = await talking(a);
    await control(sim, 'POST', '/config', { acceptChannels: false });
    await control(sim, 'POST', '/drop', { agent: '5001' });
    await connectionReached(a, 'reconnecting');
    expect(a.phone.can('hangUp')).to.equal(true);
    await a.updateComplete;
    const button = a.shadowRoot!.querySelector<HTMLButtonElement>('[part~="hang-up-button"]')!;
    expect(button.disabled).to.equal(false);
    // the agent hangs up through the element; REST works while the event channel is down
    const sent = new Promise<void>((resolve) => {
      const check = () => (a.phone.getSnapshot().context.pendingOperation === 'hangUp' ? resolve() : undefined);
      a.addEventListener('well-status-change', check);
      a.phone.on('snapshot', check);
    });
    button.click();
    await sent;
    // the server accepted the DELETE of the agent's connection while the channel was still down
    let hangUp: LoggedRequest | undefined;
    while (hangUp?.status === undefined) {
      await new Promise((r) => requestAnimationFrame(r));
      hangUp = (await requests(sim)).find((r) => r.method === 'DELETE' && r.path.includes(callId));
    }
    expect(hangUp.status).to.be.within(200, 299);
    expect(a.phone.connectionState).to.equal('reconnecting');
    const end = next<{ cause: string }>(a, 'well-call-end');
    await control(sim, 'POST', '/config', { acceptChannels: true });
    await connectionReached(a, 'connected');
    expect((await end).cause).to.equal('RESYNC');
    await statusReached(a, 3);
  });

  it('a takeover (force login elsewhere) shows the live call there, and tells the first element why it ended', async () => {
    const a = await agent('5001', '8001');
    const callId = await talking(a);
    const ended = next<{ code: string; error: { detail?: Record<string, unknown> } }>(
      a,
      'well-error',
      (d) => d.code === 'SESSION_ENDED',
    );
    // a reload, another tab or another device: a new element logs the same agent in and takes over
    const b = await mount(sim);
    elements.push(b);
    await b.login(creds(sim, { jobNumber: '5001', extension: '8001' }));
    await statusReached(b, 9);
    expect(b.phone.calls.map((c) => c.callId)).to.deep.equal([callId]);
    expect((await ended).error.detail).to.deep.equal({ reason: 'supervisor' });
    await statusReached(a, -1);
    await b.updateComplete;
    expect(b.shadowRoot!.querySelector('[part~="call"], [part~="call-panel"]')).to.exist;
  });

  it('a server-side logout ends the session with a translated reason in the element', async () => {
    const a = await agent('5001', '8001');
    const ended = next<{ code: string; message: string; error: { detail?: Record<string, unknown> } }>(
      a,
      'well-error',
      (d) => d.code === 'SESSION_ENDED',
    );
    await control(sim, 'POST', '/agents/5001/logout');
    const detail = await ended;
    expect(detail.error.detail).to.deep.equal({ reason: 'supervisor' });
    await statusReached(a, -1);
    await a.updateComplete;
    expect(a.shadowRoot!.querySelector('[part~="error"]')?.textContent).to.contain(detail.message);
  });
});
