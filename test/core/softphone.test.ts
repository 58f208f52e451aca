import { expect } from '@open-wc/testing';
import { Softphone, type StatusChange } from '../../src/core/softphone.js';
import { deriveEndpoints } from '../../src/core/config.js';
import { WELL_DESCRIPTOR } from '../../src/vendors/well/well.descriptor.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import { credentials, FakeBackend, fakePhone, httpError } from '../helpers/fake-vendor.js';
import { rejection } from '../helpers/assert.js';
import { statusReached } from '../helpers/status.js';

/** Resolves once `predicate` holds after some snapshot of the core. */
const waitFor = (phone: Softphone, predicate: () => boolean) =>
  new Promise<void>((resolve) => {
    if (predicate()) return resolve();
    const off = phone.on('snapshot', () => {
      if (predicate()) {
        off();
        resolve();
      }
    });
  });

function setup(config: Record<string, unknown> = {}) {
  const { backend, phone } = fakePhone(config);
  const statuses: StatusChange[] = [];
  phone.on('status', (s) => statuses.push(s));
  return { backend, phone, statuses };
}

describe('Softphone (headless core)', () => {
  describe('login', () => {
    it('resolves on the logged-on event and reports -1 → 0 → 2 with context', async () => {
      const { phone, statuses, backend } = setup();
      expect(phone.getStatusCode()).to.equal(-1);
      await phone.login(credentials());
      expect(phone.getStatusCode()).to.equal(2);
      expect(statuses.map((s) => [s.lastCode, s.code])).to.deep.equal([
        [-1, 0],
        [0, 2],
      ]);
      const context = statuses[1]!.context;
      expect(context).to.include({
        vendor: 'well',
        agentId: '5001@test.cc',
        deviceId: '8001@test.cc',
        agentState: 'notReady',
        connection: 'connected',
        allocated: false,
        calls: 0,
      });
      expect(context.raw).to.deep.include({ eventName: 'agent.loggedOn' });
      expect(backend.commands[0]).to.deep.equal({ type: 'login', initialMode: 'NotReady' });
      expect(phone.identity?.agentId).to.equal('5001@test.cc');
    });

    it('a status change read later still describes its own moment (the context is built on first read)', async () => {
      const { phone, statuses } = setup();
      await phone.login(credentials());
      await phone.ready();
      await phone.whenStatus(3);
      const notReady = statuses.find((s) => s.code === 2)!;
      expect(notReady.context.agentState).to.equal('notReady');
      expect(statuses.at(-1)!.context.agentState).to.equal('ready');
      // spread, JSON and structured clone see the context like any field
      expect({ ...notReady }.context.agentState).to.equal('notReady');
      expect(JSON.parse(JSON.stringify(notReady)).context.agentState).to.equal('notReady');
      expect(structuredClone(notReady).context.agentState).to.equal('notReady');
    });

    it('lands in Ready with initialMode Ready', async () => {
      const { phone } = setup();
      await phone.login(credentials({ initialMode: 'Ready' }));
      expect(phone.getStatusCode()).to.equal(3);
    });

    it('refuses empty or invalid fields before any request, naming them', async () => {
      const { phone, backend } = setup();
      const error = await rejection(phone.login(credentials({ jobNumber: ' ', password: '', extension: '80 01' })));
      expect(error.code).to.equal(WellErrorCode.MISSING_CREDENTIALS);
      expect(error.detail?.['fields']).to.deep.equal(['jobNumber', 'password', 'extension']);
      expect(backend.credentials).to.have.length(0);
      expect(phone.getStatusCode()).to.equal(-1);
    });

    it('accepts a token instead of a password (token login) and hands it to the vendor only', async () => {
      const { phone, backend } = setup();
      await phone.login({ ...credentials(), password: undefined, token: 'token-5001' });
      expect(backend.credentials[0]).to.include({ token: 'token-5001' });
      expect(backend.credentials[0]).not.to.have.property('password');
      expect(JSON.stringify(phone.getSnapshot().context)).not.to.contain('token-5001');
    });

    it('refuses a second login while one is in flight', async () => {
      const { phone } = setup();
      const first = phone.login(credentials());
      const error = await rejection(phone.login(credentials()));
      expect(error.code).to.equal(WellErrorCode.LOGIN_IN_PROGRESS);
      await first;
    });

    it('rejects with the typed error and recovers when the server fails (5xx), then can retry', async () => {
      const { phone, backend } = setup();
      backend.failures.set('authenticate', httpError(503));
      const failed: unknown[] = [];
      phone.on('loginFailed', (f) => failed.push(f));
      const error = await rejection(phone.login(credentials()));
      expect(error.status).to.equal(503);
      expect(failed).to.have.length(1);
      expect(phone.getStatusCode()).to.equal(-1);
      await phone.login(credentials());
      expect(phone.getStatusCode()).to.equal(2);
    });

    it('rejects CONFIG_INVALID without a server', async () => {
      const backend = new FakeBackend();
      const phone = new Softphone({ vendor: 'well', vendorFactory: backend.factory });
      const error = await rejection(phone.login(credentials()));
      expect(error.code).to.equal(WellErrorCode.CONFIG_INVALID);
    });

    it('rejects ABORTED when the signal is already aborted, TIMEOUT when nothing confirms', async () => {
      const { phone, backend } = setup();
      const controller = new AbortController();
      controller.abort();
      expect((await rejection(phone.login(credentials(), { signal: controller.signal }))).code).to.equal(
        WellErrorCode.ABORTED,
      );
      backend.confirm = false;
      const error = await rejection(phone.login(credentials(), { timeout: 50 }));
      expect(error.code).to.equal(WellErrorCode.TIMEOUT);
      expect(phone.getStatusCode()).to.equal(-1);
    });

    it('never keeps the password: not in the snapshot, not in the log', async () => {
      const { phone } = setup();
      await phone.login(credentials({ password: 'S3cr3t-pw' }));
      expect(JSON.stringify(phone.getSnapshot().context)).not.to.contain('S3cr3t-pw');
      expect(phone.log.text()).not.to.contain('S3cr3t-pw');
    });
  });

  describe('agent commands', () => {
    it('setWorkMode is NOT_SUPPORTED where the backend has no work modes (well)', async () => {
      const { phone } = setup();
      await phone.login(credentials());
      expect((await rejection(phone.setWorkMode('OFF_SITE'))).code).to.equal(WellErrorCode.NOT_SUPPORTED);
    });

    it('changes the not-ready reason without passing through ready: a status event with the same code', async () => {
      const { phone, backend } = setup();
      await phone.login(credentials());
      await phone.notReady('1');
      await phone.whenStatus((code, context) => code === 2 && context.reason === '1');
      const changes: StatusChange[] = [];
      phone.on('status', (change) => changes.push(change));
      await phone.notReady('3');
      await phone.whenStatus((code, context) => code === 2 && context.reason === '3');
      expect(changes.map((c) => [c.code, c.lastCode, c.context.reason])).to.deep.equal([[2, 2, '3']]);
      expect(backend.commands.at(-1)).to.deep.equal({ type: 'setMode', mode: 'NotReady', reason: '3' });
    });

    it('ready, not ready with a reason, outbound only (reason "2"), logout', async () => {
      const { phone, backend } = setup();
      await phone.login(credentials());
      await Promise.all([phone.ready(), statusReached(phone, 3)]);
      await Promise.all([phone.notReady('1'), statusReached(phone, 2)]);
      expect(phone.statusContext().reason).to.equal('1');
      await Promise.all([phone.ready(), statusReached(phone, 3)]);
      await Promise.all([phone.notReady('2'), statusReached(phone, 4)]);
      await Promise.all([phone.logout(), statusReached(phone, -1)]);
      expect(backend.commands.filter((c) => c.type === 'heartbeat')).to.have.length(1);
      expect(backend.commands.map((c) => c.type).filter((t) => t !== 'heartbeat')).to.deep.equal([
        'login',
        'getPrefixes',
        'setMode',
        'setMode',
        'setMode',
        'setMode',
        'logout',
      ]);
      expect(backend.commands.find((c) => c.type === 'setMode' && c.mode === 'NotReady')).to.deep.equal({
        type: 'setMode',
        mode: 'NotReady',
        reason: '1',
      });
    });

    it('refuses an operation outside its row before any request, naming the operation and the code', async () => {
      const { phone, backend } = setup();
      const loggedOut = await rejection(phone.ready());
      expect(loggedOut.code).to.equal(WellErrorCode.NOT_ALLOWED_IN_STATE);
      expect(loggedOut.operation).to.equal('ready');
      expect(loggedOut.statusCode).to.equal(-1);
      expect(loggedOut.message).to.contain('"ready"').and.to.contain('-1');
      await phone.login(credentials());
      const before = backend.commands.length;
      // row 2: ready, logout, and not ready with another reason; outbound only is not in it
      const inTwo = await rejection(phone.notReady('2'));
      expect(inTwo).to.include({ code: WellErrorCode.NOT_ALLOWED_IN_STATE, operation: 'outboundOnly', statusCode: 2 });
      expect(backend.commands.length).to.equal(before);
      expect(phone.can('ready')).to.equal(true);
      expect(phone.can('notReady')).to.equal(true);
      expect(phone.can('outboundOnly')).to.equal(false);
    });

    it('rejects with HTTP_ERROR and the status on a 5xx, reports it, and stays usable', async () => {
      const { phone, backend } = setup();
      await phone.login(credentials());
      const errors: WellError[] = [];
      phone.on('error', (e) => errors.push(e));
      backend.failures.set('setMode', httpError(500));
      const error = await rejection(phone.ready());
      expect(error).to.include({ code: WellErrorCode.HTTP_ERROR, status: 500 });
      expect(errors.map((e) => e.status)).to.deep.equal([500]);
      expect(phone.getStatusCode()).to.equal(2);
      expect(phone.getSnapshot().context.pendingOperation).to.equal(undefined);
      await Promise.all([phone.ready(), statusReached(phone, 3)]);
    });

    it('validates the reason', async () => {
      const { phone } = setup();
      await phone.login(credentials({ initialMode: 'Ready' }));
      const error = await rejection(phone.notReady('x'.repeat(65)));
      expect(error.code).to.equal(WellErrorCode.INVALID_ARGUMENT);
    });

    it('fetches prefixes after login', async () => {
      const { phone } = setup();
      await phone.login(credentials());
      expect(await phone.getPrefixes()).to.deep.equal(['9', '6']);
    });
  });

  describe('robustness', () => {
    it('a throwing listener never breaks the softphone', async () => {
      const { phone } = setup();
      phone.on('status', () => {
        throw new Error('host bug');
      });
      await phone.login(credentials());
      expect(phone.getStatusCode()).to.equal(2);
      expect(phone.log.text()).to.contain('host bug');
    });

    it('surfaces channel loss as reconnecting, then connected after resync', async () => {
      const { phone, backend } = setup({ reconnectDelayMs: 10 });
      await phone.login(credentials());
      const states: string[] = [];
      phone.on('connection', (c) => states.push(c.state));
      const back = new Promise<void>((resolve) => phone.on('connection', (c) => c.state === 'connected' && resolve()));
      backend.resyncMode = 'Ready';
      backend.sink!.channelLost(new WellError(WellErrorCode.CHANNEL_ERROR, 'lost'));
      await back;
      expect(states).to.deep.equal(['reconnecting', 'connected']);
      // the resync said Ready
      expect(phone.getStatusCode()).to.equal(3);
    });

    it('an exception inside the statechart is contained: MALFORMED_EVENT, restart with the session kept, resync', async () => {
      const { phone, backend } = setup();
      await phone.login(credentials());
      const errors: WellError[] = [];
      phone.on('error', (e) => errors.push(e));
      backend.resyncMode = 'Ready';
      // the resync after login is over
      await waitFor(phone, () => phone.getSnapshot().matches({ connection: { connected: 'live' } }));
      // a guard reads `reason`: the transition itself throws, which stops a bare XState actor for good
      backend.sink!.event({
        type: 'agent.wentNotReady',
        meta: { name: 'agentNotReady', at: Date.now(), raw: {} },
        get reason(): string {
          throw new Error('hostile getter');
        },
      });
      expect(errors.map((e) => [e.code, e.operation])).to.deep.equal([
        [WellErrorCode.MALFORMED_EVENT, 'agent.wentNotReady'],
      ]);
      expect(phone.getSnapshot().status).to.equal('active');
      expect(phone.identity?.agentId).to.equal('5001@test.cc');
      // the resync that follows brings the server's view (Ready)
      await phone.whenStatus(3, { timeoutMs: 2000 });
      // and the statechart goes on: events and commands work
      backend.emit({ type: 'agent.wentNotReady', reason: '' });
      expect(phone.getStatusCode()).to.equal(2);
      await phone.ready();
      await phone.whenStatus(3, { timeoutMs: 2000 });
      expect(phone.connectionState).to.equal('connected');
    });

    it('reports SESSION_ENDED with a reason when the server ends the session, never after our own logout', async () => {
      const { phone, backend } = setup();
      await phone.login(credentials());
      const errors: WellError[] = [];
      phone.on('error', (e) => errors.push(e));
      await phone.logout();
      await phone.whenStatus(-1, { timeoutMs: 2000 });
      expect(errors).to.deep.equal([]);
      await phone.login(credentials());
      backend.emit({ type: 'agent.loggedOff' });
      await phone.whenStatus(-1, { timeoutMs: 2000 });
      expect(errors.map((e) => [e.code, e.detail?.['reason']])).to.deep.equal([
        [WellErrorCode.SESSION_ENDED, 'supervisor'],
      ]);
    });

    it('configure() applies only while logged out', async () => {
      const { phone } = setup();
      phone.configure({ server: 'http://127.0.0.1:10' });
      expect(phone.config.server).to.equal('http://127.0.0.1:10');
      await phone.login(credentials());
      expect(() => phone.configure({ server: 'http://127.0.0.1:11' })).to.throw(WellError);
    });
  });

  describe('endpoints', () => {
    it('resolves a relative api-url against the page; without server, the api-url names the origin', () => {
      const endpoints = deriveEndpoints({ apiUrl: '/data/api.json', vendor: 'aliyun' });
      expect(endpoints.apiUrl).to.equal(new URL('/data/api.json', location.href).href);
      expect(endpoints.loginUrl).to.equal(location.origin);
      const well = deriveEndpoints({ apiUrl: 'https://cti.example.com/base/' });
      expect(well).to.deep.equal({
        apiUrl: 'https://cti.example.com/base',
        loginUrl: 'https://cti.example.com/loginTrusted',
        eventUrl: 'wss://cti.example.com/mvc/stomp/websocket',
      });
      expect(() => deriveEndpoints({ apiUrl: 'ftp://x/y' })).to.throw('must use');
    });

    it('without paths, uses the defaults of the named vendor (well when none is named), as before', () => {
      const server = 'https://api.example.cc/sdk/';
      expect(deriveEndpoints({ server })).to.deep.equal(deriveEndpoints({ server }, WELL_DESCRIPTOR.paths));
      expect(deriveEndpoints({ server, vendor: 'xswitch' }).eventUrl).to.not.contain('/mvc/stomp');
      expect(() => deriveEndpoints({ server, vendor: 'nope' as never })).to.throw('Unknown vendor');
    });

    it('derives REST, login and event URLs from server, each overridable', () => {
      expect(deriveEndpoints({ server: 'https://api.example.cc/sdk/' }, WELL_DESCRIPTOR.paths)).to.deep.equal({
        apiUrl: 'https://api.example.cc/sdk',
        loginUrl: 'https://api.example.cc/sdk/loginTrusted',
        eventUrl: 'wss://api.example.cc/sdk/mvc/stomp/websocket',
      });
      expect(
        deriveEndpoints(
          {
            server: 'http://127.0.0.1:5180',
            eventUrl: 'ws://127.0.0.1:15674/ws',
            loginUrl: 'http://x.cc/login',
          },
          WELL_DESCRIPTOR.paths,
        ),
      ).to.deep.equal({
        apiUrl: 'http://127.0.0.1:5180',
        loginUrl: 'http://x.cc/login',
        eventUrl: 'ws://127.0.0.1:15674/ws',
      });
    });

    it('refuses bad URLs with CONFIG_INVALID', () => {
      for (const config of [
        { server: 'not a url' },
        { server: 'ftp://x.cc' },
        { apiUrl: 'api.json' },
        { loginUrl: 'http://x.cc' },
        {},
      ]) {
        expect(() => deriveEndpoints(config, WELL_DESCRIPTOR.paths))
          .to.throw(WellError)
          .with.property('code', WellErrorCode.CONFIG_INVALID);
      }
    });
  });
});
