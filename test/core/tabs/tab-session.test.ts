import { expect } from '@open-wc/testing';
import { createTabSession, type TabSession } from '../../../src/core/tabs/tab-session.js';
import { TAB_PROTOCOL_VERSION } from '../../../src/core/tabs/tab-protocol.js';
import { WellErrorCode } from '../../../src/model/well-error.js';
import type { Vendor, VendorLogEntry } from '../../../src/vendors/vendor.js';
import { rejection } from '../../helpers/assert.js';
import { FakeServer, OPTIONS, Recorder, manualFocus, scopeOptions, whenTrue } from './tab-fakes.js';

const CREDS = { jobNumber: '5001', password: '123456', domain: 'test.cc', extension: '8001' };
const timeout = () => AbortSignal.timeout(3000);

describe('tab session: one agent session shared by the tabs of a scope', function () {
  this.timeout(8000);
  const sessions: TabSession[] = [];
  let server: FakeServer;
  let scope: ReturnType<typeof scopeOptions>;

  beforeEach(() => {
    server = new FakeServer();
    scope = scopeOptions();
  });
  afterEach(() => {
    for (const s of sessions.splice(0)) s.dispose();
  });

  async function tab(extra: Record<string, unknown> = {}): Promise<TabSession> {
    const session = createTabSession({ ...scope(), ...extra });
    sessions.push(session);
    await session.ready();
    return session;
  }

  /** The vendor a phone of `session` would use, reporting to a recorder. */
  function vendorOf(session: TabSession): { vendor: Vendor; sink: Recorder } {
    const sink = new Recorder();
    return { vendor: session.wrapFactory(server.factory)(OPTIONS, sink), sink };
  }

  /** What the core does on a login: authenticate, open the channel, Login. */
  async function login(vendor: Vendor): Promise<void> {
    await vendor.authenticate(CREDS, timeout());
    await vendor.openChannel(timeout());
    await vendor.execute({ type: 'login', initialMode: 'NotReady' }, timeout());
  }

  /** What the core does on a reattach: attach with the kept session, open the channel, resync. */
  async function join(session: TabSession, vendor: Vendor): Promise<void> {
    await whenTrue(session.onSharedSession, () => session.sharedSession() !== undefined);
    await vendor.attach!(session.sharedSession()!, timeout());
    await vendor.openChannel(timeout());
    await vendor.resync(timeout());
  }

  const roleOf = (session: TabSession, role: string) => whenTrue(session.onRoleChange, () => session.role() === role);

  it('elects the first tab leader and the others followers', async () => {
    const a = await tab();
    const b = await tab();
    const c = await tab();
    expect([a.role(), b.role(), c.role()]).to.deep.equal(['leader', 'follower', 'follower']);
  });

  it('a follower joins the live session without a login, relays a command to the leader and sees its events', async () => {
    const a = await tab();
    const b = await tab();
    const leader = vendorOf(a);
    await login(leader.vendor);
    const follower = vendorOf(b);
    await join(b, follower.vendor);
    expect(follower.vendor.keptSession!()).to.deep.equal(leader.vendor.keptSession!());

    const result = await follower.vendor.execute({ type: 'setMode', mode: 'Ready' }, timeout());
    expect(result).to.deep.equal({ data: { by: 1 } }); // vendor 1 is the leader's real one
    expect(server.executed.map(([n, c]) => [n, c.type])).to.deep.equal([
      [1, 'login'],
      [1, 'setMode'],
    ]);
    await follower.sink.until((r) => r.events.some((e) => e.type === 'agent.wentReady'));
    await leader.sink.until((r) => r.events.some((e) => e.type === 'agent.wentReady'));
    expect(follower.sink.raws.length).to.be.greaterThan(0);
    // the follower's resync is the leader's
    expect(await follower.vendor.resync(timeout())).to.deep.include({ loggedIn: true, agentMode: 'Ready' });
    // heartbeats stay in the leader
    await follower.vendor.execute({ type: 'heartbeat' }, timeout());
    expect(server.executed.filter(([, c]) => c.type === 'heartbeat')).to.have.length(0);
  });

  it('broadcasts events whose raw part does not clone (made plain, never thrown)', async () => {
    const a = await tab();
    const b = await tab();
    const leader = vendorOf(a);
    await login(leader.vendor);
    const follower = vendorOf(b);
    await join(b, follower.vendor);
    server.emit({ type: 'call.delivered', callId: 'c1', alertingDevice: '8001@test.cc' }, { fn: () => 1, n: 7 });
    await follower.sink.until((r) => r.events.some((e) => e.type === 'call.delivered'));
    const event = follower.sink.events.find((e) => e.type === 'call.delivered')!;
    expect(event.meta.raw).to.deep.equal({ n: 7 });
    expect(leader.sink.events.find((e) => e.type === 'call.delivered')!.meta.raw).to.have.property('fn');
  });

  it('when the leader goes, a follower takes the session over with the kept session, no login', async () => {
    const a = await tab();
    const b = await tab();
    const leader = vendorOf(a);
    await login(leader.vendor);
    const kept = leader.vendor.keptSession!();
    const follower = vendorOf(b);
    await join(b, follower.vendor);

    // the phone of the leader stops (a tab closing): its vendor is disposed without a logout, the lock goes
    leader.vendor.dispose();
    a.dispose();
    await roleOf(b, 'leader');
    await follower.sink.until((r) => r.resyncs.length > 0);
    expect(server.attached).to.deep.equal([kept]);
    expect(server.executed.filter(([, c]) => c.type === 'login')).to.have.length(1);
    expect(follower.vendor.keptSession!()).to.deep.equal(kept);

    // it runs the session now: commands go out from it, and its own channel brings the events
    await follower.vendor.execute({ type: 'setMode', mode: 'Ready' }, timeout());
    expect(server.executed.at(-1)![0]).to.not.equal(1);
    await follower.sink.until((r) => r.events.some((e) => e.type === 'agent.wentReady'));
  });

  it('a tab closing without a word (lock released) is taken over too, and a third tab follows the new leader', async () => {
    const a = await tab();
    const b = await tab();
    const c = await tab();
    const leader = vendorOf(a);
    await login(leader.vendor);
    const second = vendorOf(b);
    await join(b, second.vendor);
    const third = vendorOf(c);
    await join(c, third.vendor);

    a.dispose();
    await roleOf(b, 'leader');
    await second.sink.until((r) => r.resyncs.length > 0);
    // the third tab may have missed events while no tab led: it re-reads the server's view too
    await third.sink.until((r) => r.resyncs.includes('another tab took the shared session over'));
    await third.vendor.execute({ type: 'setMode', mode: 'Ready' }, timeout());
    await third.sink.until((r) => r.events.some((e) => e.type === 'agent.wentReady'));
    expect(c.role()).to.equal('follower');
  });

  it("a follower cannot log in over the leader's live session; with no session it claims the lead", async () => {
    const a = await tab();
    const b = await tab();
    const leader = vendorOf(a);
    await login(leader.vendor);
    const error = await rejection(vendorOf(b).vendor.authenticate(CREDS, timeout()));
    expect(error.code).to.equal(WellErrorCode.NOT_ALLOWED_IN_STATE);
    expect(error.detail).to.deep.equal({ reason: 'sharedSession' });

    // logged out everywhere: the next login may be in any tab, which then leads
    await leader.vendor.execute({ type: 'logout' }, timeout());
    await whenTrue(b.onSharedSession, () => b.sharedSession() === undefined);
    const other = vendorOf(b);
    await login(other.vendor);
    expect(b.role()).to.equal('leader');
    await roleOf(a, 'follower');
    expect(server.executed.at(-1)).to.deep.equal([3, { type: 'login', initialMode: 'NotReady' }]);
  });

  it('a logout from a follower logs every tab out', async () => {
    const a = await tab();
    const b = await tab();
    const leader = vendorOf(a);
    await login(leader.vendor);
    const follower = vendorOf(b);
    await join(b, follower.vendor);
    await follower.vendor.execute({ type: 'logout' }, timeout());
    expect(server.executed.at(-1)).to.deep.equal([1, { type: 'logout' }]);
    await leader.sink.until((r) => r.events.some((e) => e.type === 'agent.loggedOff'));
    await follower.sink.until((r) => r.events.some((e) => e.type === 'agent.loggedOff'));
    await whenTrue(b.onSharedSession, () => b.sharedSession() === undefined);
  });

  it('ignores malformed messages from other tabs with a log entry, and goes on', async () => {
    const logs: VendorLogEntry[] = [];
    const options = scope();
    const a = createTabSession({ ...options, log: (e) => logs.push(e) });
    sessions.push(a);
    await a.ready();
    const rogue = new BroadcastChannel(options.channelName!);
    const answered = new Promise<unknown>((resolve) => {
      rogue.onmessage = (e: MessageEvent) => (e.data as { kind?: string }).kind === 'state' && resolve(e.data);
    });
    const v = TAB_PROTOCOL_VERSION;
    for (const junk of [
      null,
      'text',
      42,
      { v: 99, from: 'x', kind: 'hello' },
      { v, kind: 'hello' },
      { v, from: 'x', kind: 'nonsense' },
      { v, from: 'x', kind: 'request', id: 'r', op: 'execute', timeoutMs: 100, command: { type: 'rm -rf' } },
      { v, from: 'x', kind: 'request', id: 'r', op: 'attach', timeoutMs: 100, session: { jobNumber: 1 } },
      { v, from: 'x', kind: 'event', event: { type: 'agent.wentReady' } },
      { v, from: 'x', kind: 'response', to: 'y', id: 'r', ok: false, error: { code: 'NOPE' } },
      { v, from: 'x', kind: 'state', status: 'weird', channel: true },
    ]) {
      rogue.postMessage(junk);
    }
    rogue.postMessage({ v, from: 'x', kind: 'hello' });
    await answered;
    rogue.close();
    expect(logs.filter((e) => e.message.startsWith('tabs: ignored a message')).length).to.equal(11);
    expect(a.role()).to.equal('leader');
  });

  it('is solo (each tab on its own) without Web Locks or BroadcastChannel, and says so', async () => {
    const logs: VendorLogEntry[] = [];
    const log = (e: VendorLogEntry) => logs.push(e);
    Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
    let noLocks: TabSession;
    try {
      noLocks = createTabSession({ ...scope(), log });
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
    const original = globalThis.BroadcastChannel;
    (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = undefined;
    let noChannel: TabSession;
    try {
      noChannel = createTabSession({ ...scope(), log });
    } finally {
      globalThis.BroadcastChannel = original;
    }
    for (const solo of [noLocks, noChannel]) {
      expect(solo.role()).to.equal('solo');
      expect(await solo.ready()).to.equal('solo');
      expect(solo.wrapFactory(server.factory)).to.equal(server.factory);
      expect(solo.shouldRing()).to.equal(true);
    }
    expect(logs.map((e) => e.message)).to.deep.equal([
      'tabs: not shared (no Web Locks): this tab runs its own session',
      'tabs: not shared (no BroadcastChannel): this tab runs its own session',
    ]);
    expect(navigator.locks).to.not.equal(undefined);
  });

  it('rings in one tab only: the focused one, else the leader', async () => {
    const focus = [manualFocus(), manualFocus(), manualFocus()];
    const [a, b, c] = [await tab({ focus: focus[0] }), await tab({ focus: focus[1] }), await tab({ focus: focus[2] })];
    const ringers = () => [a, b, c].map((s) => s.shouldRing());
    const settled = (expected: boolean[]) =>
      Promise.all([a, b, c].map((s, i) => whenTrue(s.onRing, () => s.shouldRing() === expected[i])));
    await settled([true, false, false]);
    focus[1]!.set(true);
    await settled([false, true, false]);
    expect(ringers()).to.deep.equal([false, true, false]);
    focus[1]!.set(false);
    focus[2]!.set(true);
    await settled([false, false, true]);
    focus[2]!.set(false);
    await settled([true, false, false]);
    // the leader goes: the next leader rings when nobody has the focus
    a.dispose();
    await roleOf(b, 'leader');
    await whenTrue(b.onRing, () => b.shouldRing());
    expect(c.shouldRing()).to.equal(false);
  });
});
