import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { control, creds, mount, next, startSim, statusReached, stopSim, type Sim } from './helpers.js';

async function agent(sim: Sim, job: string, extension: string): Promise<WellSoftphone> {
  const el = await mount(sim);
  await el.login(creds(sim, { jobNumber: job, extension, initialMode: 'Ready' }));
  await statusReached(el, 3);
  return el;
}

describe('calls end to end (simulator, embedded STOMP)', function () {
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

  const agents = async (...pairs: [string, string][]) => {
    const list = [];
    for (const [job, ext] of pairs) list.push(await agent(sim, job, ext));
    elements.push(...list);
    return list;
  };

  /** A customer talks to 5001, who consults 5002; 5002 answers (5001 in 17). */
  async function consulting(a: WellSoftphone, b: WellSoftphone) {
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', { to: '5001' });
    await statusReached(a, 6);
    await a.answer(callId);
    await statusReached(a, 9);
    await a.phone.consult(callId, '8002');
    await statusReached(a, 16);
    await statusReached(b, 6);
    await b.answer();
    await statusReached(a, 17);
    return { callId, consultId: a.phone.calls.find((c) => c.callId !== callId)!.callId };
  }

  it('inbound with user data: offer, answer (9), the customer hangs up, well-call-end', async () => {
    const [a] = await agents(['5001', '8001']);
    const offer = next<{ callId: string; userData: unknown; party: string }>(a!, 'well-call-offer');
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', {
      to: '5001',
      userData: { orderId: '42' },
    });
    const offered = await offer;
    expect(offered.callId).to.equal(callId);
    expect(offered.userData).to.deep.include({ orderId: '42' });
    await statusReached(a!, 6);
    await a!.answer();
    await statusReached(a!, 9);
    const end = next<Record<string, unknown>>(a!, 'well-call-end');
    await control(sim, 'POST', `/calls/${callId}/hangup`, {});
    expect(await end).to.include({ callId, isEstablished: true, isCaller: false, isOutCall: true });
    await statusReached(a!, 3);
  });

  it('the agent rejects a ringing call', async () => {
    const [a] = await agents(['5001', '8001']);
    await control(sim, 'POST', '/calls/inbound', { to: '5001' });
    await statusReached(a!, 6);
    const end = next<{ isEstablished: boolean }>(a!, 'well-call-end');
    await a!.hangUp();
    expect((await end).isEstablished).to.equal(false);
    await statusReached(a!, 3);
  });

  it('outbound with a prefix: dialing (8), answered (10), hold (12), retrieve, hang up', async () => {
    const [a] = await agents(['5001', '8001']);
    const callId = await a!.dial('13800138000', { prefix: '9' });
    await statusReached(a!, 8);
    await control(sim, 'POST', `/calls/${callId}/answer`, {});
    await statusReached(a!, 10);
    await a!.hold();
    await statusReached(a!, 12);
    await a!.retrieve();
    await statusReached(a!, 10);
    const end = next<Record<string, unknown>>(a!, 'well-call-end');
    await a!.hangUp();
    expect(await end).to.include({ callId, isEstablished: true, isCaller: true, isOutCall: true });
    await statusReached(a!, 3);
  });

  for (const [outcome, cause] of [
    ['busy', 'USER_BUSY'],
    ['no-answer', 'NO_ANSWER'],
  ] as const) {
    it(`outbound, the far end is ${outcome}: the call ends with ${cause}`, async () => {
      const [a] = await agents(['5001', '8001']);
      const callId = await a!.dial('13800138000', { callProgress: true });
      await statusReached(a!, 8);
      const end = next<{ cause: string; isEstablished: boolean }>(a!, 'well-call-end');
      await control(sim, 'POST', `/calls/${callId}/${outcome}`, {});
      expect(await end).to.include({ cause, isEstablished: false });
      await statusReached(a!, 3);
    });
  }

  it('internal call 5001 → 5002: 8 then 11 for the caller, 6 then 11 for the callee', async () => {
    const [a, b] = await agents(['5001', '8001'], ['5002', '8002']);
    const offer = next<{ party: string; direction: string }>(b!, 'well-call-offer');
    await a!.dial('8002');
    await statusReached(a!, 8);
    expect(await offer).to.include({ direction: 'internal' });
    await statusReached(b!, 6);
    await b!.answer();
    await statusReached(b!, 11);
    await statusReached(a!, 11);
    await a!.hangUp();
    await statusReached(a!, 3);
    await statusReached(b!, 3);
  });

  it('consult 5002 then complete the transfer: 16, 17, then 5002 talks to the customer', async () => {
    const [a, b] = await agents(['5001', '8001'], ['5002', '8002']);
    const { callId, consultId } = await consulting(a!, b!);
    await a!.phone.completeTransfer(callId, consultId);
    await statusReached(a!, 3);
    await new Promise<void>((resolve) => {
      const check = () => (b!.phone.calls.length === 1 && b!.phone.calls[0]!.callId === callId ? resolve() : undefined);
      check();
      b!.addEventListener('well-call-transfer', check);
      b!.addEventListener('well-status-change', check);
    });
    expect(b!.phone.calls[0]!.state).to.equal('connected');
    const end = next<{ callId: string }>(b!, 'well-call-end');
    await control(sim, 'POST', `/calls/${callId}/hangup`, {});
    expect((await end).callId).to.equal(callId);
    await statusReached(b!, 3);
  });

  it('consult then cancel: back to the customer', async () => {
    const [a, b] = await agents(['5001', '8001'], ['5002', '8002']);
    const { callId, consultId } = await consulting(a!, b!);
    await a!.phone.cancelConsult(callId, consultId);
    await statusReached(a!, 9);
    await statusReached(b!, 3);
    expect(a!.phone.calls.map((c) => c.callId)).to.deep.equal([callId]);
  });

  it('consult then conference: 19 for both agents; the customer leaves (30), then the rest hang up', async () => {
    const [a, b] = await agents(['5001', '8001'], ['5002', '8002']);
    const { callId, consultId } = await consulting(a!, b!);
    const conferenced = next(a!, 'well-call-conference');
    await a!.phone.conference(callId, consultId);
    await conferenced;
    await statusReached(a!, 19);
    await statusReached(b!, 19);
    expect(a!.phone.calls).to.have.length(1);
    await control(sim, 'POST', `/calls/${callId}/hangup`, { party: '13800138000' });
    await statusReached(a!, 30);
    await a!.hangUp();
    await statusReached(a!, 3);
    await statusReached(b!, 3);
  });

  it('blind transfer to 5002: the transferring agent leaves, 5002 rings and takes the customer', async () => {
    const [a, b] = await agents(['5001', '8001'], ['5002', '8002']);
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', { to: '5001' });
    await statusReached(a!, 6);
    await a!.answer(callId);
    await statusReached(a!, 9);
    await a!.phone.blindTransfer(callId, '8002');
    await statusReached(a!, 3);
    await statusReached(b!, 6);
    await b!.answer();
    await new Promise<void>((resolve) => {
      const check = () => (b!.statusCode === 9 || b!.statusCode === 11 ? resolve() : undefined);
      check();
      b!.addEventListener('well-status-change', check);
    });
    expect(b!.phone.calls[0]!.callId).to.equal(callId);
  });

  it('a resync after a reconnect drops a call the server no longer has', async () => {
    const [a] = await agents(['5001', '8001']);
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', { to: '5001' });
    await statusReached(a!, 6);
    await a!.answer(callId);
    await statusReached(a!, 9);
    // the call ends while the channel is down: no event reaches the agent
    await control(sim, 'POST', '/config', { acceptChannels: false });
    await control(sim, 'POST', '/drop', { agent: '5001' });
    await control(sim, 'POST', `/calls/${callId}/hangup`, {});
    const end = next<{ cause: string }>(a!, 'well-call-end');
    await control(sim, 'POST', '/config', { acceptChannels: true });
    expect((await end).cause).to.equal('RESYNC');
    await statusReached(a!, 3);
  });

  it('renders the call and its controls, accessible while talking', async () => {
    const el = await fixture<WellSoftphone>(
      html`<well-softphone server=${sim.baseUrl} lang="en" reconnect-delay="200"></well-softphone>`,
    );
    elements.push(el);
    await el.login(creds(sim, { initialMode: 'Ready' }));
    await control(sim, 'POST', '/calls/inbound', { to: '5001' });
    await statusReached(el, 6);
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="answer-button"]')!.click();
    await oneEvent(el, 'well-call-start');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="call-party"]')!.textContent).to.equal('13800138000');
    await expect(el).to.be.accessible();
  });

  it('through the UI: consult from the transfer form, then Complete transfer', async () => {
    const [a, b] = await agents(['5001', '8001'], ['5002', '8002']);
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', { to: '5001' });
    await statusReached(a!, 6);
    await a!.answer(callId);
    await statusReached(a!, 9);
    await a!.updateComplete;
    const root = a!.shadowRoot!;
    root.querySelector<HTMLInputElement>('[part~="target-input"]')!.value = '8002';
    root.querySelector<HTMLButtonElement>('[part~="consult-button"]')!.click();
    await statusReached(a!, 16);
    await statusReached(b!, 6);
    await b!.answer();
    await statusReached(a!, 17);
    await a!.updateComplete;
    await expect(a!).to.be.accessible();
    root.querySelector<HTMLButtonElement>('[part~="complete-transfer-button"]')!.click();
    await statusReached(a!, 3);
    await control(sim, 'POST', `/calls/${callId}/hangup`, {});
    await statusReached(b!, 3);
  });

  it('call-progress: failed with a code (power off) ends the call with its cause, the raw failed event reaches the host', async () => {
    const [a] = await agents(['5001', '8001']);
    const failed = next<{ name?: string; body: Record<string, unknown> }>(a!, 'well-event', (d) => d.name === 'failed');
    const callId = await a!.dial('13800138000', { callProgress: true });
    await statusReached(a!, 8);
    const end = next<{ isEstablished: boolean; cause: string }>(a!, 'well-call-end');
    await control(sim, 'POST', `/calls/${callId}/fail`, { failedCode: 6 });
    expect(Number((await failed).body['failedCode'])).to.equal(6);
    expect((await end).isEstablished).to.equal(false);
    await statusReached(a!, 3);
  });

  it('single-step conference: 5002 joins the call (19)', async () => {
    const [a, b] = await agents(['5001', '8001'], ['5002', '8002']);
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', { to: '5001' });
    await statusReached(a!, 6);
    await a!.answer(callId);
    await statusReached(a!, 9);
    await a!.singleStepConference(callId, '8002');
    await statusReached(b!, 6);
    await b!.answer();
    await statusReached(a!, 19);
    await statusReached(b!, 19);
    await b!.hangUp();
    await statusReached(b!, 3);
  });

  it('recording: stop and start, confirmed by recording events', async () => {
    const [a] = await agents(['5001', '8001']);
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', { to: '5001' });
    await statusReached(a!, 6);
    await a!.answer(callId);
    await statusReached(a!, 9);
    const stopped = next<{ name?: string }>(a!, 'well-event', (d) => d.name === 'recordStopped');
    await a!.stopRecording();
    await stopped;
    const started = next<{ name?: string }>(a!, 'well-event', (d) => d.name === 'recordStarted');
    await a!.startRecording();
    await started;
    await new Promise<void>((resolve) => {
      const check = () => (a!.phone.statusContext().recording ? resolve() : undefined);
      check();
      a!.addEventListener('well-status-change', check);
      a!.addEventListener('well-event', check);
    });
    expect(a!.phone.calls[0]!.recording).to.equal(true);
  });
});
