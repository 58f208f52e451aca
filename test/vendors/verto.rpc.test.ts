import { expect } from '@open-wc/testing';
import { VertoRpc, type RpcSocket } from '../../src/vendors/xswitch/verto.rpc.js';
import { rpcError } from '../../src/vendors/xswitch/xswitch.errors.js';
import type { WellError } from '../../src/model/well-error.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import { rejection } from '../helpers/assert.js';

/** An in-memory WebSocket: records what the client sends, lets the test play the server. */
class FakeSocket implements RpcSocket {
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  deliver(value: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: typeof value === 'string' ? value : JSON.stringify(value) }));
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code }));
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const events: Record<string, unknown>[] = [];
  const lost: WellError[] = [];
  let punted = 0;
  const rpc = new VertoRpc({
    sessid: 'tab-1',
    socketFactory: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    handlers: {
      event: (p) => events.push(p),
      punt: () => punted++,
      lost: (e) => lost.push(e),
      log: () => {},
    },
  });
  return { rpc, sockets, events, lost, punts: () => punted };
}

async function connected() {
  const h = setup();
  const opening = h.rpc.connect('ws://x/ws', 1000, new AbortController().signal);
  h.sockets[0]!.open();
  await opening;
  return { ...h, socket: h.sockets[0]! };
}

describe('Verto JSON-RPC client', () => {
  it('numbers requests, adds the sessid and resolves with the result', async () => {
    const { rpc, socket } = await connected();
    const a = rpc.call('echo', { x: 1 }, { timeoutMs: 1000 });
    const b = rpc.call('verto.ping', {}, { timeoutMs: 1000 });
    expect(socket.sent).to.deep.equal([
      { jsonrpc: '2.0', method: 'echo', params: { x: 1, sessid: 'tab-1' }, id: 1 },
      { jsonrpc: '2.0', method: 'verto.ping', params: { sessid: 'tab-1' }, id: 2 },
    ]);
    socket.deliver({ jsonrpc: '2.0', id: 2, result: { message: 'PONG' } });
    socket.deliver({ jsonrpc: '2.0', id: 1, result: { x: 1, sessid: 'tab-1' } });
    expect(await b).to.deep.equal({ message: 'PONG' });
    expect(await a).to.deep.equal({ x: 1, sessid: 'tab-1' });
  });

  it('answers a batch reply (a JSON array) request by request', async () => {
    const { rpc, socket } = await connected();
    const a = rpc.call('echo', {}, { timeoutMs: 1000 });
    const b = rpc.call('echo', {}, { timeoutMs: 1000 });
    socket.deliver([
      { jsonrpc: '2.0', id: 1, result: { n: 1 } },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Invalid Method' } },
    ]);
    expect(await a).to.deep.equal({ n: 1 });
    expect((await rejection(b)).code).to.equal(WellErrorCode.NOT_SUPPORTED);
  });

  it('times out and aborts with typed errors, and ignores the late reply', async () => {
    const { rpc, socket } = await connected();
    const timeout = await rejection(rpc.call('echo', {}, { timeoutMs: 20 }));
    expect(timeout.code).to.equal(WellErrorCode.TIMEOUT);
    socket.deliver({ jsonrpc: '2.0', id: 1, result: {} });
    const controller = new AbortController();
    const aborted = rpc.call('echo', {}, { timeoutMs: 1000, signal: controller.signal });
    controller.abort();
    expect((await rejection(aborted)).code).to.equal(WellErrorCode.ABORTED);
  });

  it('a command whose timeout signal fires is a TIMEOUT, not ABORTED (the core times commands by signal)', async () => {
    const { rpc } = await connected();
    // the core passes AbortSignal.timeout(requestTimeout) and the same timeout to the request: the signal wins
    const timedOut = await rejection(rpc.call('jsapi', {}, { timeoutMs: 1000, signal: AbortSignal.timeout(20) }));
    expect(timedOut.code).to.equal(WellErrorCode.TIMEOUT);
    const gone = AbortSignal.timeout(0);
    await new Promise((resolve) => gone.addEventListener('abort', resolve, { once: true }));
    expect((await rejection(rpc.call('jsapi', {}, { timeoutMs: 1000, signal: gone }))).code).to.equal(
      WellErrorCode.TIMEOUT,
    );
    const slowOpen = setup();
    const connecting = slowOpen.rpc.connect('ws://x/ws', 1000, AbortSignal.timeout(20));
    expect((await rejection(connecting)).code).to.equal(WellErrorCode.TIMEOUT);
  });

  it('maps every Verto error code to a typed error that keeps the code as text; refusals are REFUSED', () => {
    const cases: [number, string][] = [
      [-32000, WellErrorCode.LOGIN_FAILED],
      [-32001, WellErrorCode.LOGIN_FAILED],
      [-32002, WellErrorCode.REFUSED],
      [-32600, WellErrorCode.REFUSED],
      [-32601, WellErrorCode.NOT_SUPPORTED],
      [-32602, WellErrorCode.REFUSED],
      [-31999, WellErrorCode.REFUSED],
    ];
    for (const [code, expected] of cases) {
      const error = rpcError('login', { code, message: 'm' });
      expect(error.code, String(code)).to.equal(expected);
      expect(error.vendorCode).to.equal(String(code));
      expect(error.toJSON()['vendorCode']).to.equal(String(code));
    }
    // the subscribe failure shape: the result object under `error`, no code
    const shaped = rpcError('verto.subscribe', { unauthorizedChannels: ['vcc'] });
    expect(shaped.detail?.['unauthorizedChannels']).to.deep.equal(['vcc']);
  });

  it('answers server requests, forwards verto.event, reports verto.punt', async () => {
    const { socket, events, punts } = await connected();
    socket.deliver({ jsonrpc: '2.0', id: 7, method: 'verto.ping', params: { serno: 1 } });
    socket.deliver({ jsonrpc: '2.0', id: 8, method: 'verto.clientReady', params: { reattached_sessions: [] } });
    socket.deliver({
      jsonrpc: '2.0',
      method: 'verto.event',
      params: { eventChannel: 'vcc.default.1001', data: { state: 'READY' } },
    });
    socket.deliver({ jsonrpc: '2.0', id: 9, method: 'verto.punt', params: {} });
    expect(socket.sent).to.deep.equal([
      { jsonrpc: '2.0', id: 7, result: { method: 'verto.ping' } },
      { jsonrpc: '2.0', id: 8, result: { method: 'verto.clientReady' } },
      { jsonrpc: '2.0', id: 9, result: { method: 'verto.punt' } },
    ]);
    expect(events).to.deep.equal([{ eventChannel: 'vcc.default.1001', data: { state: 'READY' } }]);
    expect(punts()).to.equal(1);
  });

  it('skips non-JSON frames (#SP speed test) and replies to unknown ids', async () => {
    const { rpc, socket } = await connected();
    const pending = rpc.call('echo', {}, { timeoutMs: 1000 });
    socket.deliver('#SPU123');
    socket.deliver('{broken');
    socket.deliver({ jsonrpc: '2.0', id: 99, result: {} });
    socket.deliver({ jsonrpc: '2.0', id: 1, result: { ok: true } });
    expect(await pending).to.deep.equal({ ok: true });
  });

  it('reports an unexpected close, failing pending requests; an intentional close reports nothing', async () => {
    const { rpc, socket, lost } = await connected();
    const pending = rpc.call('echo', {}, { timeoutMs: 1000 });
    socket.drop(1006);
    expect((await rejection(pending)).code).to.equal(WellErrorCode.CHANNEL_ERROR);
    expect(lost).to.have.length(1);
    const again = await connected();
    again.rpc.close();
    expect(again.lost).to.have.length(0);
    expect(again.socket.closed).to.equal(true);
    expect((await rejection(again.rpc.call('echo', {}, { timeoutMs: 100 }))).code).to.equal(
      WellErrorCode.CHANNEL_ERROR,
    );
  });

  it('fails to connect with a typed error when the socket closes or never opens', async () => {
    const h = setup();
    const refused = h.rpc.connect('ws://x/ws', 1000, new AbortController().signal);
    h.sockets[0]!.drop(1006);
    expect((await rejection(refused)).code).to.equal(WellErrorCode.CHANNEL_ERROR);
    const never = await rejection(h.rpc.connect('ws://x/ws', 20, new AbortController().signal));
    expect(never.code).to.equal(WellErrorCode.TIMEOUT);
  });
});
