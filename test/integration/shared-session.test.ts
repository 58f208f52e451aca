import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { Softphone } from '../../src/core/softphone.js';
import { saveSession, sessionKey } from '../../src/core/session-store.js';
import { createTabSession, type TabSession } from '../../src/core/tabs/tab-session.js';
import type { VendorFactory } from '../../src/vendors/vendor.js';
import { WELL_DESCRIPTOR } from '../../src/vendors/well/well.descriptor.js';
import { manualFocus, whenTrue } from '../core/tabs/tab-fakes.js';

// The simulator's control API, here rather than from ./helpers.js, which loads the element: this test needs the core only.
interface Sim {
  id: string;
  baseUrl: string;
  controlUrl: string;
  domain: string;
}
type LoggedRequest = { path: string; headers: { sessionIdValue?: string } };

async function control<T = unknown>(sim: Sim, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sim.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${method} ${path} → ${response.status}`);
  return (await response.json()) as T;
}
const requests = (sim: Sim) => control<LoggedRequest[]>(sim, 'GET', '/requests');
const creds = (sim: Sim) => ({ jobNumber: '5001', password: '123456', domain: sim.domain, extension: '8001' });

/**
 * Two phones in one page acting as two tabs of one origin, each with its own tab session on the same scope, wired the
 * way the core will wire `sharedSession: true` (docs/architecture-tabs.md): the vendor factory wrapped by the tab
 * session, and a follower that joins the shared session through the reattach path.
 */
describe('shared session across tabs (simulator, embedded STOMP)', function () {
  this.timeout(60000);
  let sim: Sim;
  let real: VendorFactory;
  const phones: Softphone[] = [];
  const tabs: TabSession[] = [];

  before(async () => {
    real = await WELL_DESCRIPTOR.load();
  });
  beforeEach(async () => {
    sessionStorage.clear();
    sim = (await executeServerCommand<Sim, Record<string, unknown>>('sim-start', {}))!;
  });
  afterEach(async () => {
    for (const phone of phones.splice(0)) phone.stop();
    for (const tab of tabs.splice(0)) tab.dispose();
    sessionStorage.clear();
    if (sim) await executeServerCommand('sim-stop', { id: sim.id });
  });

  async function openTab(channelName: string, config: Record<string, unknown> = {}) {
    const tab = createTabSession({ scope: `well ${sim.baseUrl}`, channelName, focus: manualFocus() });
    tabs.push(tab);
    await tab.ready();
    const phone = new Softphone({
      vendor: 'well',
      server: sim.baseUrl,
      vendorFactory: tab.wrapFactory(real),
      requestTimeoutMs: 3000,
      reconnectDelayMs: 200,
      ...config,
    });
    phones.push(phone);
    return { tab, phone };
  }

  /** The core's join hook, done by hand: the shared session (no secret in it) is reattached through the relay. */
  async function joinShared(tab: TabSession, phone: Softphone): Promise<boolean> {
    await whenTrue(tab.onSharedSession, () => tab.sharedSession() !== undefined);
    saveSession(sessionKey('well', sim.baseUrl), 'well', tab.sharedSession()!);
    return phone.reattach();
  }

  it('B follows A without a login, relays ready, sees the call, one tab rings, and takes over when A stops', async () => {
    const channel = `shared-e2e-${Date.now()}`;
    // A keeps nothing in sessionStorage: the page-level guard would keep B (same page) from reattaching otherwise
    const a = await openTab(channel, { reattach: false });
    const b = await openTab(channel);
    expect([a.tab.role(), b.tab.role()]).to.deep.equal(['leader', 'follower']);

    await a.phone.login(creds(sim));
    expect(await joinShared(b.tab, b.phone)).to.equal(true);
    expect(b.phone.getStatusCode()).to.equal(a.phone.getStatusCode());
    expect(b.phone.identity?.agentId).to.equal(`5001@${sim.domain}`);
    const tpiLogins = () => requests(sim).then((list) => list.filter((r) => r.path.includes('loginTrusted')).length);
    expect(await tpiLogins()).to.equal(1);

    // a command from the follower runs in the leader; both see the confirming event
    await b.phone.ready();
    await Promise.all([a.phone.whenStatus(3, { timeoutMs: 15000 }), b.phone.whenStatus(3, { timeoutMs: 15000 })]);

    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', { to: '5001' });
    await Promise.all([a.phone.whenStatus(6, { timeoutMs: 15000 }), b.phone.whenStatus(6, { timeoutMs: 15000 })]);
    expect([a.tab.shouldRing(), b.tab.shouldRing()]).to.deep.equal([true, false]);

    // A stops (its tab closes): B takes the session over with the kept session, without a login
    const kept = b.tab.sharedSession()!;
    const seen = (await requests(sim)).length;
    a.phone.stop();
    a.tab.dispose();
    await whenTrue(b.tab.onRoleChange, () => b.tab.role() === 'leader');
    await whenTrue(b.tab.onRing, () => b.tab.shouldRing());
    await b.phone.answer(callId);
    await b.phone.whenStatus(9, { timeoutMs: 15000 });
    // the far end hangs up: B's own event channel brings it
    await control(sim, 'POST', `/calls/${callId}/hangup`);
    await b.phone.whenStatus((code) => code !== 9, { timeoutMs: 15000 });
    expect(await tpiLogins()).to.equal(1);
    expect(b.phone.getStatusCode()).to.be.at.least(2);
    // B's own requests, with the session A logged in
    const answer = (await requests(sim)).slice(seen).find((r) => r.path.endsWith('/answer'));
    expect(answer?.headers.sessionIdValue).to.equal(kept.sessionId);
  });

  it('with sharedSession: true the core wires it: B joins by itself, relays, exactly one tab rings, B takes over', async () => {
    const config = { vendor: 'well' as const, server: sim.baseUrl, requestTimeoutMs: 3000, reconnectDelayMs: 200 };
    const a = new Softphone({ ...config, sharedSession: true, reattach: false });
    phones.push(a);
    a.start();
    await a.login(creds(sim));
    const b = new Softphone({ ...config, sharedSession: true });
    phones.push(b);
    const joined = new Promise<void>((resolve) => b.on('loggedIn', () => resolve()));
    b.start();
    await joined;
    expect(b.getStatusCode()).to.equal(a.getStatusCode());
    const tpiLogins = () => requests(sim).then((list) => list.filter((r) => r.path.includes('loginTrusted')).length);
    expect(await tpiLogins()).to.equal(1);
    await b.ready();
    await Promise.all([a.whenStatus(3, { timeoutMs: 15000 }), b.whenStatus(3, { timeoutMs: 15000 })]);
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', { to: '5001' });
    await Promise.all([a.whenStatus(6, { timeoutMs: 15000 }), b.whenStatus(6, { timeoutMs: 15000 })]);
    expect([a.ringsHere, b.ringsHere].filter(Boolean)).to.have.length(1);
    a.stop();
    await b.answer(callId);
    await b.whenStatus(9, { timeoutMs: 15000 });
    expect(b.ringsHere).to.equal(true);
    expect(await tpiLogins()).to.equal(1);
  });

  it('a logout from the follower logs both tabs out, and neither reports a session ended by the server', async () => {
    const config = { vendor: 'well' as const, server: sim.baseUrl, requestTimeoutMs: 3000, sharedSession: true };
    const a = new Softphone({ ...config, reattach: false });
    phones.push(a);
    await a.login(creds(sim));
    const b = new Softphone(config);
    phones.push(b);
    const joined = new Promise<void>((resolve) => b.on('loggedIn', () => resolve()));
    b.start();
    await joined;
    const errors: string[] = [];
    a.on('error', (e) => errors.push(`A ${e.code}`));
    b.on('error', (e) => errors.push(`B ${e.code}`));
    await b.logout();
    await Promise.all([a.whenStatus(-1, { timeoutMs: 15000 }), b.whenStatus(-1, { timeoutMs: 15000 })]);
    expect(errors).to.deep.equal([]);
  });
});
