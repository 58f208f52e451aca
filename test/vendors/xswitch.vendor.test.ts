import { expect } from '@open-wc/testing';
import type { DomainEvent } from '../../src/model/domain-event.js';
import type { WellError } from '../../src/model/well-error.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import type { VendorSink } from '../../src/vendors/vendor.js';
import type { RpcSocket } from '../../src/vendors/xswitch/verto.rpc.js';
import { createXswitchVendorWith } from '../../src/vendors/xswitch/xswitch.vendor.js';
import { rejection } from '../helpers/assert.js';

/** A Verto server in memory: opens at once, answers `login` and `jsapi` (ccc) with success, never sends events. */
class QuietServer implements RpcSocket {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly funcs: string[] = [];
  /** When false, `jsapi` requests are never answered. */
  answerJsapi = true;
  /** Replaces the success reply to `jsapi` (a ccc failure code, or a JSON-RPC error). */
  jsapiReply: ((func: string) => { result: unknown } | { error: unknown }) | undefined;

  constructor() {
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.(new Event('open'));
    });
  }
  send(data: string): void {
    const request = JSON.parse(data) as { id: number; method: string; params: { data?: { func?: string } } };
    if (request.method === 'jsapi') {
      this.funcs.push(String(request.params.data?.func));
      if (!this.answerJsapi) return;
    }
    const result = request.method === 'jsapi' ? { code: 200, message: 'success' } : { message: 'logged in' };
    const reply =
      request.method === 'jsapi' && this.jsapiReply ? this.jsapiReply(String(request.params.data?.func)) : { result };
    queueMicrotask(() => this.deliver({ jsonrpc: '2.0', id: request.id, ...reply }));
  }
  deliver(value: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(value) }));
  }
  close(): void {
    this.readyState = 3;
  }
}

/** An adapter over a {@link QuietServer}, with `agent_state` answered by `rows` (or an HTTP status). */
function setup(agentState: () => Response) {
  const events: DomainEvent[] = [];
  const errors: WellError[] = [];
  const logs: string[] = [];
  const servers: QuietServer[] = [];
  const sink: VendorSink = {
    event: (e) => events.push(e),
    raw: () => {},
    channelLost: () => {},
    error: (e) => errors.push(e),
    log: (entry) => logs.push(entry.message),
  };
  const vendor = createXswitchVendorWith(() => {
    const server = new QuietServer();
    servers.push(server);
    return server;
  })(
    {
      endpoints: { apiUrl: 'http://sim.test', loginUrl: '', eventUrl: 'ws://sim.test/ws' },
      requestTimeoutMs: 1000,
      heartbeatMs: 0,
      fetch: async () => agentState(),
      queue: '100000',
      group: 'default',
    },
    sink,
  );
  const login = () =>
    vendor.authenticate(
      { jobNumber: '1001', domain: 'xswitch.cn', extension: '1001', password: '1234' },
      new AbortController().signal,
    );
  return { vendor, events, errors, logs, servers, login };
}

const rows =
  (...data: Record<string, unknown>[]) =>
  () =>
    new Response(JSON.stringify({ code: 200, message: 'success', data }), { status: 200 });
const me = (fields: Record<string, unknown>) => ({ agent_id: '1001', extn: '1001', ...fields });

describe('xswitch adapter', () => {
  describe('login of an agent the server already has logged in (ccLogin answers without an event)', () => {
    it('reads agent_state and reports the agent as logged on in the server state', async () => {
      const h = setup(rows(me({ state: 'READY', callstate: 'IDLE' })));
      await h.login();
      await h.vendor.execute({ type: 'login', initialMode: 'NotReady' }, new AbortController().signal);
      expect(h.servers[0]!.funcs).to.deep.equal(['ccLogin']);
      expect(h.events.map((e) => [e.type, 'mode' in e ? e.mode : undefined])).to.deep.equal([
        ['agent.loggedOn', 'Ready'],
      ]);
    });

    it('when agent_state cannot be read, the login still completes on break, with a warning', async () => {
      const h = setup(() => new Response('{}', { status: 404 }));
      await h.login();
      await h.vendor.execute({ type: 'login', initialMode: 'NotReady' }, new AbortController().signal);
      expect(h.events.map((e) => [e.type, 'mode' in e ? e.mode : undefined])).to.deep.equal([
        ['agent.loggedOn', 'NotReady'],
      ]);
      expect(h.logs.some((l) => /Login state not read/.test(l))).to.equal(true);
    });
  });

  describe('resync', () => {
    it('carries the agent call from agent_state, none when idle, and leaves calls out when it cannot tell', async () => {
      let row: Record<string, unknown> = me({ state: 'READY', callstate: 'IDLE' });
      const h = setup(() => rows(row)());
      await h.login();
      const signal = new AbortController().signal;
      expect((await h.vendor.resync(signal)).calls).to.deep.equal([]);
      row = me({ state: 'BUSY', callstate: 'TALKING', call_uuid: 'u1', direction: 'inbound', caller: '138' });
      const talking = await h.vendor.resync(signal);
      expect(talking.agentMode).to.equal('NotReady');
      expect(talking.calls).to.deep.equal([{ callId: 'u1', state: 'connected', direction: 'inbound', party: '138' }]);
      row = me({ state: 'BUSY', callstate: 'TALKING' });
      expect((await h.vendor.resync(signal)).calls).to.equal(undefined);
      expect(h.logs.some((l) => /local calls kept/.test(l))).to.equal(true);
    });
  });

  it('a ccc failure code is the server refusing: REFUSED with the code as vendorCode (login: LOGIN_FAILED)', async () => {
    const signal = new AbortController().signal;
    const h = setup(rows(me({ state: 'BUSY', callstate: 'IDLE' })));
    await h.login();
    h.servers[0]!.jsapiReply = () => ({ result: { code: 500, message: 'agent not found' } });
    const refused = await rejection(h.vendor.execute({ type: 'setMode', mode: 'Ready' }, signal));
    expect(refused).to.include({ code: WellErrorCode.REFUSED, vendorCode: '500', operation: 'ready' });
    expect(refused.message).to.contain('agent not found');
    expect(refused.toJSON()['vendorCode']).to.equal('500');
    const login = await rejection(h.vendor.execute({ type: 'login', initialMode: 'NotReady' }, signal));
    expect(login).to.include({ code: WellErrorCode.LOGIN_FAILED, vendorCode: '500' });
    expect(login.detail).to.include({ status: 500, reason: 'unknown' });
  });

  it('a Verto error on a command is REFUSED too, keeping the Verto code', async () => {
    const signal = new AbortController().signal;
    const h = setup(rows(me({ state: 'BUSY', callstate: 'IDLE' })));
    await h.login();
    h.servers[0]!.jsapiReply = () => ({ error: { code: -32002, message: 'session error' } });
    const error = await rejection(h.vendor.execute({ type: 'dial', number: '1002', options: {} }, signal));
    expect(error).to.include({ code: WellErrorCode.REFUSED, vendorCode: '-32002' });
  });

  it('a ccc command whose timeout signal fires is reported as TIMEOUT', async () => {
    const h = setup(rows(me({ state: 'BUSY', callstate: 'IDLE' })));
    await h.login();
    h.servers[0]!.answerJsapi = false;
    const error = await rejection(h.vendor.execute({ type: 'setMode', mode: 'Ready' }, AbortSignal.timeout(20)));
    expect(error.code).to.equal(WellErrorCode.TIMEOUT);
  });

  it('verto.punt: logged off locally, then SESSION_ENDED "takenOver" saying the server still has the agent', async () => {
    const h = setup(rows(me({ state: 'READY', callstate: 'IDLE' })));
    await h.login();
    h.servers[0]!.deliver({ jsonrpc: '2.0', id: 99, method: 'verto.punt', params: {} });
    expect(h.events.map((e) => e.type)).to.deep.equal(['agent.loggedOff']);
    expect(h.errors.map((e) => [e.code, e.detail?.['reason'], e.detail?.['serverLoggedIn']])).to.deep.equal([
      [WellErrorCode.SESSION_ENDED, 'takenOver', true],
    ]);
    expect(h.servers[0]!.readyState).to.equal(3);
  });
});
