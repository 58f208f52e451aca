import { expect } from '@open-wc/testing';
import { Softphone } from '../../src/core/softphone.js';
import { sessionKey } from '../../src/core/session-store.js';
import type { AgentIdentity } from '../../src/model/agent.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import type { KeptSession, VendorFactory } from '../../src/vendors/vendor.js';
import { FakeBackend, credentials } from '../helpers/fake-vendor.js';

const SERVER = 'http://127.0.0.1:9';
const KEY = sessionKey('well', SERVER);

/** The fake backend, plus the reattach half of the vendor contract (kept session id, attach by it). */
function reattachable() {
  const backend = new FakeBackend();
  const attached: KeptSession[] = [];
  let attachFailure: WellError | undefined;
  let attachHangs = false;
  let sessions = 0;
  const factory: VendorFactory = (options, sink) => {
    const vendor = backend.factory(options, sink);
    let identity: AgentIdentity | undefined;
    let sessionId: string | undefined;
    return {
      ...vendor,
      async authenticate(creds, signal) {
        identity = await vendor.authenticate(creds, signal);
        sessionId = `session-${++sessions}`;
        return identity;
      },
      keptSession: () =>
        identity && sessionId
          ? { jobNumber: identity.jobNumber, domain: identity.domain, extension: identity.extension, sessionId }
          : undefined,
      async attach(session) {
        attached.push(session);
        if (attachFailure) throw attachFailure;
        if (attachHangs) await new Promise(() => {});
        sessionId = session.sessionId;
        identity = {
          jobNumber: session.jobNumber,
          domain: session.domain,
          extension: session.extension,
          agentId: `${session.jobNumber}@${session.domain}`,
          deviceId: `${session.extension}@${session.domain}`,
        };
        return identity;
      },
    };
  };
  const phone = (config: Record<string, unknown> = {}) =>
    new Softphone({ vendor: 'well', server: SERVER, vendorFactory: factory, ...config });
  return {
    backend,
    attached,
    phone,
    failAttach: (error: WellError) => (attachFailure = error),
    hangAttach: () => (attachHangs = true),
  };
}

const stored = () => sessionStorage.getItem(KEY);

describe('Softphone reattach (kept session, no password)', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  it('keeps the session id and identity after a login, never the password or event passcode', async () => {
    const phone = reattachable().phone();
    await phone.login(credentials({ password: 's3cret&+%41', eventLogin: 'agent-5001', eventPasscode: 'p4ss' }));
    const value = JSON.parse(stored() ?? 'null') as Record<string, unknown>;
    expect(value).to.include({
      vendor: 'well',
      jobNumber: '5001',
      domain: 'test.cc',
      extension: '8001',
      sessionId: 'session-1',
    });
    const all = JSON.stringify(Object.entries(sessionStorage));
    expect(all).not.to.contain('s3cret');
    expect(all).not.to.contain('p4ss');
    expect(all).not.to.contain('password');
    phone.stop();
  });

  it('a new core in the same tab reattaches with the kept session: no password, no Login request, calls back', async () => {
    const first = reattachable();
    const a = first.phone();
    await a.login(credentials());
    a.stop(); // a reload: the page goes, the server keeps the agent
    first.backend.serverCalls = [{ callId: 'C9', state: 'connected', direction: 'inbound', party: '13800138000' }];
    first.backend.commands.length = 0;
    const b = first.phone();
    expect(await b.reattach()).to.equal(true);
    expect(first.attached).to.deep.equal([
      {
        vendor: 'well',
        jobNumber: '5001',
        domain: 'test.cc',
        extension: '8001',
        sessionId: 'session-1',
        savedAt: (first.attached[0] as { savedAt?: number }).savedAt,
      },
    ]);
    expect(first.backend.commands.map((c) => c.type)).not.to.include('login');
    expect(first.backend.credentials).to.have.length(1);
    expect(b.getStatusCode()).to.equal(9);
    expect(b.calls.map((c) => c.callId)).to.deep.equal(['C9']);
    expect(b.identity?.agentId).to.equal('5001@test.cc');
    b.stop();
  });

  it('a second phone on the same page neither attaches to nor overwrites the session the first one holds', async () => {
    const fake = reattachable();
    const a = fake.phone();
    await a.login(credentials());
    const kept = stored();
    const b = fake.phone();
    expect(await b.reattach()).to.equal(false);
    expect(fake.attached).to.have.length(0);
    await b.login(credentials({ jobNumber: '5002', extension: '8002' }));
    expect(stored()).to.equal(kept);
    await b.logout();
    expect(stored()).to.equal(kept);
    b.stop();
    a.stop(); // the page goes: the next page may reattach to 5001
    const c = fake.phone();
    expect(await c.reattach()).to.equal(true);
    expect(c.identity?.agentId).to.equal('5001@test.cc');
    c.stop();
  });

  it('resolves false with nothing kept, when reattach is off, or when already logged in', async () => {
    const { phone } = reattachable();
    expect(await phone().reattach()).to.equal(false);
    const on = phone();
    await on.login(credentials());
    expect(await on.reattach()).to.equal(false);
    on.stop();
    expect(stored()).to.not.equal(null);
    expect(await phone({ reattach: false }).reattach()).to.equal(false);
  });

  it('reattach: false keeps nothing in sessionStorage', async () => {
    const { phone } = reattachable();
    const p = phone({ reattach: false });
    await p.login(credentials());
    expect(sessionStorage.length).to.equal(0);
    p.stop();
  });

  it('an expired session rejects SESSION_EXPIRED, reports loginFailed sessionExpired, and is forgotten', async () => {
    const h = reattachable();
    const a = h.phone();
    await a.login(credentials());
    a.stop();
    h.failAttach(
      new WellError(WellErrorCode.SESSION_EXPIRED, 'gone', {
        status: 426,
        detail: { reason: 'sessionExpired', status: 426 },
      }),
    );
    const b = h.phone();
    const failures: string[] = [];
    b.on('loginFailed', (f) => failures.push(f.reason));
    const error = await b.reattach().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).to.be.instanceOf(WellError);
    expect((error as WellError).code).to.equal(WellErrorCode.SESSION_EXPIRED);
    expect(failures).to.deep.equal(['sessionExpired']);
    expect(b.getStatusCode()).to.equal(-1);
    expect(stored()).to.equal(null);
    b.stop();
  });

  it('a login while a reattach is in flight replaces it: the reattach rejects ABORTED, no loginFailed', async () => {
    const h = reattachable();
    const a = h.phone();
    await a.login(credentials());
    a.stop();
    h.hangAttach();
    const b = h.phone();
    const failures: string[] = [];
    b.on('loginFailed', (f) => failures.push(f.reason));
    const reattaching = b.reattach().then(
      () => undefined,
      (err: unknown) => err as WellError,
    );
    await b.login(credentials({ jobNumber: '5002' }));
    expect((await reattaching)?.code).to.equal(WellErrorCode.ABORTED);
    expect(failures).to.deep.equal([]);
    expect(b.identity?.agentId).to.equal('5002@test.cc');
    expect(JSON.parse(stored() ?? '{}')).to.include({ jobNumber: '5002', sessionId: 'session-2' });
    b.stop();
  });

  it('an explicit logout forgets the kept session', async () => {
    const { phone } = reattachable();
    const p = phone();
    await p.login(credentials());
    expect(stored()).to.not.equal(null);
    await p.logout();
    await p.whenStatus(-1);
    expect(stored()).to.equal(null);
    p.stop();
  });

  it('a session that ends on the server (supervisor logout) forgets it too', async () => {
    const { phone, backend } = reattachable();
    const p = phone();
    await p.login(credentials());
    backend.emit({ type: 'agent.loggedOff' });
    await p.whenStatus(-1);
    expect(stored()).to.equal(null);
    p.stop();
  });

  it('damaged or foreign storage values are ignored and removed', async () => {
    sessionStorage.setItem(KEY, '{"vendor":"well","jobNumber":"5001"}');
    const { phone } = reattachable();
    expect(await phone().reattach()).to.equal(false);
    expect(stored()).to.equal(null);
    sessionStorage.setItem(KEY, 'not json');
    expect(await phone().reattach()).to.equal(false);
  });
});
