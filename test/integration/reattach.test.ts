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
  type Sim,
} from './helpers.js';

const PASSWORD = 'Pa&ss+w%41rd';

/** Rejects when `promise` takes longer than `ms`. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
    }),
  ]);
}

const callCard = (el: WellSoftphone) => el.shadowRoot!.querySelector('[part~="call"]');
const loginForm = (el: WellSoftphone) => el.shadowRoot!.querySelector('[part~="login-form"]');

describe('reattach after a reload, and the page lifecycle (simulator, embedded STOMP)', function () {
  this.timeout(20000);
  let sim: Sim;
  const elements: WellSoftphone[] = [];

  beforeEach(async () => {
    sessionStorage.clear();
    sim = await startSim();
    await control(sim, 'POST', '/agents/5001', { password: PASSWORD });
  });
  afterEach(async () => {
    for (const el of elements.splice(0)) el.remove();
    sessionStorage.clear();
    await stopSim(sim);
  });

  async function page(attrs: Record<string, string> = {}): Promise<WellSoftphone> {
    const el = await mount(sim, attrs);
    elements.push(el);
    return el;
  }

  /** Logged in, a customer called and the agent answered (9). */
  async function talking(el: WellSoftphone): Promise<string> {
    await el.login(creds(sim, { password: PASSWORD }));
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', { to: '5001' });
    await statusReached(el, 6);
    await el.answer(callId);
    await statusReached(el, 9);
    return callId;
  }

  /** A reload: the page (and its element) goes without logging out; the tab's sessionStorage stays. */
  function reload(el: WellSoftphone): void {
    el.remove();
    elements.splice(elements.indexOf(el), 1);
  }

  it('a new element in the same tab reattaches without the password and shows the live call within 2 s', async () => {
    const callId = await talking(await page());
    const kept = Object.entries(sessionStorage);
    expect(kept).to.have.length(1);
    expect(JSON.stringify(kept)).not.to.contain(PASSWORD);
    expect(JSON.stringify(kept)).not.to.contain('password');
    reload(elements[0]!);
    const before = (await requests(sim)).length;

    const started = performance.now();
    const el = await page();
    await within(2000, statusReached(el, 9), 'reattaching with the call');
    await el.updateComplete;
    expect(performance.now() - started).to.be.below(2000);
    expect(callCard(el)).to.exist;
    expect(el.phone.calls.map((c) => c.callId)).to.deep.equal([callId]);
    expect(el.phone.connectionState).to.equal('connected');
    const after = (await requests(sim)).slice(before);
    // no TPI login, no Login request: only the kept session id on client-state
    expect(after.some((r) => r.path.includes('login'))).to.equal(false);
    expect(after.some((r) => r.method === 'POST' && r.path === '/api/csta/agent/state')).to.equal(false);
    expect(after.some((r) => r.path === '/api/csta/agent/client-state')).to.equal(true);

    // the reattached session works: hang up, and the server confirms
    await el.hangUp(callId);
    await statusReached(el, 2);
  });

  it('an expired session falls back to the login form with the reason, without an exception', async () => {
    await (await page()).login(creds(sim, { password: PASSWORD }));
    reload(elements[0]!);
    await control(sim, 'DELETE', '/sessions?agent=5001');
    const el = await page();
    const failed = await next<{ reason: string; message: string }>(el, 'well-login-failed');
    expect(failed.reason).to.equal('sessionExpired');
    await el.updateComplete;
    expect(el.statusCode).to.equal(-1);
    expect(loginForm(el)).to.exist;
    expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.contain(
      'Your earlier session has ended. Log in again.',
    );
    expect(sessionStorage.length).to.equal(0);
  });

  it('an agent logged out on the server meanwhile falls back to the login form too', async () => {
    await (await page()).login(creds(sim, { password: PASSWORD }));
    reload(elements[0]!);
    await control(sim, 'POST', '/agents/5001/logout');
    const el = await page();
    const failed = await next<{ reason: string }>(el, 'well-login-failed');
    expect(failed.reason).to.equal('sessionExpired');
    expect(el.statusCode).to.equal(-1);
    expect(sessionStorage.length).to.equal(0);
  });

  it('no-reattach: nothing is written to sessionStorage, and a reload asks for the password', async () => {
    const first = await page();
    first.noReattach = true;
    await first.updateComplete;
    await first.login(creds(sim, { password: PASSWORD }));
    expect(sessionStorage.length).to.equal(0);
    reload(first);
    const el = await page();
    await el.updateComplete;
    expect(el.statusCode).to.equal(-1);
    expect(loginForm(el)).to.exist;
  });

  it('an explicit logout forgets the session: the next page shows the login form', async () => {
    const first = await page();
    await first.login(creds(sim, { password: PASSWORD }));
    expect(sessionStorage.length).to.equal(1);
    await first.logout();
    await statusReached(first, -1);
    expect(sessionStorage.length).to.equal(0);
  });

  it('freeze shows the connection as reconnecting; resume re-reads the server and shows what changed', async () => {
    const el = await page();
    await el.login(creds(sim, { password: PASSWORD }));
    await statusReached(el, 2);
    document.dispatchEvent(new Event('freeze'));
    expect(el.phone.connectionState).to.equal('reconnecting');
    await el.updateComplete;
    expect(el.matches(':state(reconnecting)')).to.equal(true);
    // while the page was frozen the server changed the agent's mode without an event the page could see
    await control(sim, 'POST', '/agents/5001', { agentMode: 'Ready' });
    const before = (await requests(sim)).length;
    document.dispatchEvent(new Event('resume'));
    await connectionReached(el, 'connected');
    await statusReached(el, 3);
    const after = (await requests(sim)).slice(before);
    expect(after.some((r) => r.path === '/api/csta/agent/client-state')).to.equal(true);
  });

  it('a back-forward cache restore re-reads the server view', async () => {
    const el = await page();
    await el.login(creds(sim, { password: PASSWORD }));
    await statusReached(el, 2);
    await control(sim, 'POST', '/agents/5001', { agentMode: 'Ready' });
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(el.phone.connectionState).to.equal('reconnecting');
    await statusReached(el, 3);
    await connectionReached(el, 'connected');
  });
});
