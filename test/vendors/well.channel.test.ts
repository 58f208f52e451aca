import { expect } from '@open-wc/testing';
import { Parser } from '@stomp/stompjs';
import { WellChannel, type WellChannelTimings } from '../../src/vendors/well/well.channel.js';
import type { FrameRejection } from '../../src/vendors/well/well.frame-guard.js';
import type { VendorLogEntry, VendorOptions, VendorSink } from '../../src/vendors/vendor.js';
import { createWellVendorWith } from '../../src/vendors/well/well.vendor.js';
import type { DomainEvent, RawMessage } from '../../src/model/domain-event.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import { rejection } from '../helpers/assert.js';
import { FakeStompSocket, type Script } from './fake-stomp-server.js';

/** The scripted server of these tests. */
const FakeSocket = FakeStompSocket;

const TIMINGS: WellChannelTimings = { heartbeatMs: 10_000, timeoutMs: 3000, subscribeGraceMs: 500 };
const TOPIC = '/topic/event.agent.*.5001@test_cc';

function channelWith(script: Script) {
  const logs: VendorLogEntry[] = [];
  const bodies: string[] = [];
  const lost: WellError[] = [];
  const rejected: FrameRejection[] = [];
  let arrived = (): void => {};
  const channel = new WellChannel({
    handlers: {
      message: (body) => {
        bodies.push(body);
        arrived();
      },
      lost: (error) => lost.push(error),
      rejected: (rejection) => rejected.push(rejection),
      log: (entry) => logs.push(entry),
    },
    socketFactory: () => new FakeSocket(script),
  });
  /** Resolves once `n` bodies arrived. */
  const received = async (n: number): Promise<void> => {
    while (bodies.length < n) await new Promise<void>((resolve) => (arrived = resolve));
  };
  return { channel, logs, bodies, lost, rejected, received };
}

const open = (channel: WellChannel, timings: Partial<WellChannelTimings> = {}) =>
  channel.open('ws://fake/mvc/stomp/websocket', TOPIC, { ...TIMINGS, ...timings }, new AbortController().signal);

const heartbeatWarnings = (logs: VendorLogEntry[]) =>
  logs.filter((l) => l.level === 'warn' && l.message.includes('does not negotiate heart-beats'));

describe('well channel (optional server features)', () => {
  it('goes on at the RECEIPT when the server sends one, and says so', async () => {
    const { channel, logs } = channelWith({ heartBeat: '10000,10000', onSubscribe: 'receipt' });
    // a grace far longer than the test timeout: only the RECEIPT can settle this
    expect(await open(channel, { subscribeGraceMs: 60_000 })).to.equal('receipt');
    expect(logs.some((l) => l.message.includes('confirmed by RECEIPT'))).to.equal(true);
    expect(heartbeatWarnings(logs)).to.have.length(0);
    await channel.close();
  });

  it('goes on after the grace when the server never answers the receipt (Spring simple broker)', async () => {
    const { channel, logs } = channelWith({ heartBeat: '10000,10000', onSubscribe: 'nothing' });
    expect(await open(channel, { subscribeGraceMs: 20 })).to.equal('grace');
    const entry = logs.find((l) => l.message.includes('no RECEIPT within 20 ms'))!;
    expect(entry.level).to.equal('info');
    expect(entry.data).to.deep.equal({ subscribeConfirmation: 'grace' });
    await channel.close();
  });

  it('a grace longer than the connect timeout still ends in the grace path, not a timeout', async () => {
    const { channel } = channelWith({ heartBeat: '10000,10000', onSubscribe: 'nothing' });
    expect(await open(channel, { timeoutMs: 1000, subscribeGraceMs: 1500 })).to.equal('grace');
    await channel.close();
  });

  it('delivers MESSAGE bodies without content-length or message-id and with unknown headers', async () => {
    const { channel, bodies, received } = channelWith({
      heartBeat: '10000,10000',
      onSubscribe: 'receipt',
      messages: [
        { headers: { destination: TOPIC, 'x-odd': '1', priority: '4' }, body: '{"eventName":"agentReady"}' },
        { headers: { destination: TOPIC, 'message-id': 'm2' }, body: '{"eventName":"agentNotReady"}' },
      ],
    });
    await open(channel);
    await received(2);
    expect(bodies).to.deep.equal(['{"eventName":"agentReady"}', '{"eventName":"agentNotReady"}']);
    await channel.close();
  });

  it('a refused SUBSCRIBE (STOMP ERROR) is a typed CHANNEL_ERROR with reason subscriptionRefused', async () => {
    const { channel, logs } = channelWith({ heartBeat: '10000,10000', onSubscribe: 'error' });
    const error = await rejection(open(channel, { subscribeGraceMs: 60_000 }));
    expect(error).to.be.instanceOf(WellError);
    expect((error as WellError).code).to.equal(WellErrorCode.CHANNEL_ERROR);
    expect((error as WellError).detail?.['reason']).to.equal('subscriptionRefused');
    expect((error as WellError).message).to.contain('Access refused');
    expect(logs.some((l) => l.level === 'error' && l.message.includes('STOMP ERROR'))).to.equal(true);
  });

  it('a socket dropped right after SUBSCRIBE is a typed CHANNEL_ERROR with reason channelClosed', async () => {
    const { channel, lost } = channelWith({ heartBeat: '10000,10000', onSubscribe: 'close' });
    const error = (await rejection(open(channel, { subscribeGraceMs: 60_000 }))) as WellError;
    expect(error.code).to.equal(WellErrorCode.CHANNEL_ERROR);
    expect(error.detail?.['reason']).to.equal('channelClosed');
    expect(lost).to.have.length(0);
  });

  it('a socket that closes before CONNECTED is reason channel (could not be opened)', async () => {
    const logs: VendorLogEntry[] = [];
    const socket = new FakeSocket({ onSubscribe: 'receipt' });
    socket.send = () => socket.close();
    const channel = new WellChannel({
      handlers: { message() {}, lost() {}, rejected() {}, log: (e) => logs.push(e) },
      socketFactory: () => socket,
    });
    const error = await rejection(open(channel));
    expect(error.code).to.equal(WellErrorCode.CHANNEL_ERROR);
    expect(error.detail?.['reason']).to.equal('channel');
  });

  it('heart-beat:0,0 is not an error: one warning per channel, saying what is lost', async () => {
    const { channel, logs } = channelWith({ heartBeat: '0,0', onSubscribe: 'receipt' });
    await open(channel);
    await open(channel);
    const warnings = heartbeatWarnings(logs);
    expect(warnings).to.have.length(1);
    expect(warnings[0]!.message).to.contain('heart-beat:0,0');
    expect(warnings[0]!.message).to.contain('REST heartbeat');
    await channel.close();
  });

  it('no heart-beat header at all (or STOMP 1.0) gets the same single warning', async () => {
    const absent = channelWith({ heartBeat: undefined, onSubscribe: 'receipt' });
    await open(absent.channel);
    expect(heartbeatWarnings(absent.logs)[0]!.message).to.contain('no heart-beat header');
    await absent.channel.close();
    const v10 = channelWith({ heartBeat: undefined, version: '1.0', onSubscribe: 'receipt' });
    await open(v10.channel);
    expect(heartbeatWarnings(v10.logs)[0]!.message).to.contain('STOMP 1.0');
    await v10.channel.close();
  });

  it('no warning when the client itself has heart-beats off', async () => {
    const { channel, logs } = channelWith({ heartBeat: '0,0', onSubscribe: 'receipt' });
    await open(channel, { heartbeatMs: 0 });
    expect(heartbeatWarnings(logs)).to.have.length(0);
    await channel.close();
  });
});

const message = (body: string, headers: Record<string, string> = {}): { raw: string } => ({
  raw: `MESSAGE\ndestination:${TOPIC}\nsubscription:sub-0\n${Object.entries(headers)
    .map(([k, v]) => `${k}:${v}\n`)
    .join('')}\n${body}\u0000`,
});

describe('well channel (hostile frames)', () => {
  it('a content-length past the end of its frame is dropped as corrupt and does not swallow what follows', async () => {
    const { channel, bodies, rejected, received } = channelWith({
      onSubscribe: 'receipt',
      messages: [
        message('{}', { 'content-length': '99999' }),
        ...[1, 2, 3].map((n) => message(`{"eventName":"agentReady","serial":${n}}`)),
      ],
    });
    await open(channel);
    await received(3);
    expect(bodies).to.deep.equal([1, 2, 3].map((n) => `{"eventName":"agentReady","serial":${n}}`));
    expect(rejected).to.have.length(1);
    expect(rejected[0]!.reason).to.equal('corrupt');
    await channel.close();
  });

  it('a too-short, non-numeric or missing end is corrupt too; a right content-length (UTF-8 bytes) passes', async () => {
    const good = '{"eventName":"agentReady","reason":"忙"}';
    const { channel, bodies, rejected, received } = channelWith({
      onSubscribe: 'receipt',
      messages: [
        message('{"eventName":"agentReady"}', { 'content-length': '3' }),
        message('{}', { 'content-length': 'x' }),
        { raw: `MESSAGE\ndestination:${TOPIC}\n\n{"eventName":"agentReady"}` },
        message(good, { 'content-length': String(new TextEncoder().encode(good).length) }),
        message('{"eventName":"last"}'),
      ],
    });
    await open(channel);
    await received(2);
    expect(bodies).to.deep.equal([good, '{"eventName":"last"}']);
    expect(rejected.map((r) => r.reason)).to.deep.equal(['corrupt', 'corrupt', 'corrupt']);
    await channel.close();
  });

  it('a message over maxFrameBytes is dropped before the STOMP parser or any encoding sees it', async () => {
    const huge = `{"eventName":"delivered","callingDevice":"${'9'.repeat(10 * 1024 * 1024)}"}`;
    const seen: number[] = [];
    const parse = Parser.prototype.parseChunk;
    const encode = TextEncoder.prototype.encode;
    Parser.prototype.parseChunk = function (this: Parser, chunk: string | ArrayBuffer, append?: boolean) {
      seen.push(typeof chunk === 'string' ? chunk.length : chunk.byteLength);
      return parse.call(this, chunk, append);
    };
    TextEncoder.prototype.encode = function (this: TextEncoder, input?: string) {
      seen.push(input?.length ?? 0);
      return encode.call(this, input);
    };
    try {
      const { channel, bodies, rejected, received } = channelWith({
        onSubscribe: 'receipt',
        messages: [message(huge), message('{"eventName":"agentReady"}')],
      });
      await open(channel, { maxFrameBytes: 256 * 1024 });
      await received(1);
      expect(bodies).to.deep.equal(['{"eventName":"agentReady"}']);
      expect(rejected).to.have.length(1);
      expect(rejected[0]!.reason).to.equal('tooLarge');
      expect(rejected[0]!.size).to.be.greaterThan(10 * 1024 * 1024);
      expect(Math.max(...seen)).to.be.lessThan(256 * 1024);
      await channel.close();
    } finally {
      Parser.prototype.parseChunk = parse;
      TextEncoder.prototype.encode = encode;
    }
  });
});

describe('well vendor over its event channel (socket seam)', () => {
  const endpoints = {
    apiUrl: 'http://cti.test',
    loginUrl: 'http://cti.test/loginTrusted',
    eventUrl: 'ws://cti.test/mvc/stomp/websocket',
  };
  const creds = { jobNumber: '5001', password: 'p', domain: 'test.cc', extension: '8001' };
  const tpi = (async () => new Response(JSON.stringify({ sessionId: 'S1' }), { status: 200 })) as typeof fetch;

  /** A logged-in adapter whose channel runs over a scripted server; the sink's calls are collected. */
  async function vendorWith(script: Script, options: Partial<VendorOptions> = {}, credentials: object = {}) {
    const sockets: FakeStompSocket[] = [];
    const got = { events: [] as DomainEvent[], errors: [] as WellError[], lost: [] as WellError[] };
    const resyncs: string[] = [];
    const raws: RawMessage[] = [];
    const logs: VendorLogEntry[] = [];
    let wake = (): void => {};
    const note =
      <T>(list: T[]) =>
      (item: T) => {
        list.push(item);
        wake();
      };
    const sink: VendorSink = {
      event: note(got.events),
      raw: note(raws),
      channelLost: note(got.lost),
      error: note(got.errors),
      resync: note(resyncs),
      log: note(logs),
    };
    const vendor = createWellVendorWith((url) => {
      const socket = new FakeStompSocket(script);
      socket.url = url;
      sockets.push(socket);
      return socket;
    })({ endpoints, requestTimeoutMs: 3000, heartbeatMs: 0, fetch: tpi, subscribeGraceMs: 20, ...options }, sink);
    await vendor.authenticate({ ...creds, ...credentials }, new AbortController().signal);
    /** Resolves once `check` holds (re-checked after every sink call). */
    const until = async (check: () => boolean): Promise<void> => {
      while (!check()) await new Promise<void>((resolve) => (wake = resolve));
    };
    return { vendor, sockets, ...got, resyncs, raws, logs, until };
  }
  const signal = () => new AbortController().signal;

  it('connects to the event URL, offers heart-beats, subscribes to the agent topic with a receipt', async () => {
    const h = await vendorWith(
      { heartBeat: '0,0', onSubscribe: 'receipt' },
      { heartbeatMs: 7000, subscribeGraceMs: 60_000 },
    );
    await h.vendor.openChannel(signal());
    const socket = h.sockets[0]!;
    expect(socket.url).to.equal(endpoints.eventUrl);
    const connect = await socket.sentFrame((f) => f.command === 'CONNECT');
    expect(connect.headers['heart-beat']).to.equal('7000,7000');
    expect(connect.headers['accept-version']).to.contain('1.2');
    expect(connect.headers['login']).to.equal(undefined);
    const subscribe = await socket.sentFrame((f) => f.command === 'SUBSCRIBE');
    expect(subscribe.headers['destination']).to.equal(TOPIC);
    expect(subscribe.headers['receipt']).to.be.a('string');
    expect(h.logs.some((l) => l.message.includes('confirmed by RECEIPT'))).to.equal(true);
    await h.vendor.closeChannel();
  });

  it('sends the broker login and passcode in CONNECT when the credentials carry them', async () => {
    const h = await vendorWith({ onSubscribe: 'receipt' }, {}, { eventLogin: 'agent-5001', eventPasscode: 'pw' });
    await h.vendor.openChannel(signal());
    const connect = await h.sockets[0]!.sentFrame((f) => f.command === 'CONNECT');
    expect([connect.headers['login'], connect.headers['passcode']]).to.deep.equal(['agent-5001', 'pw']);
    await h.vendor.closeChannel();
  });

  it('goes on after the grace when no RECEIPT comes', async () => {
    const h = await vendorWith({ onSubscribe: 'nothing' }, { subscribeGraceMs: 20 });
    await h.vendor.openChannel(signal());
    expect(h.logs.some((l) => l.message.includes('no RECEIPT within 20 ms'))).to.equal(true);
    await h.vendor.closeChannel();
  });

  it('heart-beats as negotiated: pings the server, and a server gone silent is a lost channel', async () => {
    const h = await vendorWith({ heartBeat: '20,20', onSubscribe: 'receipt' }, { heartbeatMs: 20 });
    await h.vendor.openChannel(signal());
    await h.sockets[0]!.sentFrame((f) => f.command === ''); // a heart-beat EOL
    expect(h.logs.some((l) => l.message.includes('does not negotiate heart-beats'))).to.equal(false);
    await h.until(() => h.lost.length > 0); // the fake server never beats back
    expect(h.lost[0]!.code).to.equal(WellErrorCode.CHANNEL_ERROR);
  });

  it('a socket the server drops is reported once through channelLost (reason channelClosed)', async () => {
    const h = await vendorWith({ heartBeat: '0,0', onSubscribe: 'receipt' });
    await h.vendor.openChannel(signal());
    h.sockets[0]!.closeWith(1006);
    await h.until(() => h.lost.length > 0);
    expect(h.lost).to.have.length(1);
    expect(h.lost[0]!.detail?.['reason']).to.equal('channelClosed');
    expect(h.lost[0]!.message).to.contain('1006');
  });

  it('closeChannel() disconnects on purpose: DISCONNECT sent, no channelLost', async () => {
    const h = await vendorWith({ heartBeat: '0,0', onSubscribe: 'receipt' });
    await h.vendor.openChannel(signal());
    await h.vendor.closeChannel();
    await h.sockets[0]!.sentFrame((f) => f.command === 'DISCONNECT');
    expect(h.sockets[0]!.readyState).to.equal(3);
    expect(h.lost).to.have.length(0);
  });

  it('an oversized or corrupt frame is a MALFORMED_EVENT error and a resync; the next event still arrives', async () => {
    const h = await vendorWith({ heartBeat: '0,0', onSubscribe: 'receipt' }, { maxFrameBytes: 1024 });
    await h.vendor.openChannel(signal());
    const socket = h.sockets[0]!;
    socket.message(`{"eventName":"agentReady","pad":"${'x'.repeat(2000)}"}`);
    socket.pushRaw(message('{}', { 'content-length': '99999' }).raw);
    socket.message('{"eventName":"agentReady","agentId":"5001@test.cc","serial":1}');
    await h.until(() => h.events.length > 0);
    expect(h.errors.map((e) => [e.code, e.detail?.['reason']])).to.deep.equal([
      [WellErrorCode.MALFORMED_EVENT, 'frameTooLarge'],
      [WellErrorCode.MALFORMED_EVENT, 'frameCorrupt'],
    ]);
    expect(h.resyncs).to.have.length(2);
    expect(h.raws.filter((r) => !r.decoded)).to.have.length(2);
    expect(h.events.map((e) => e.type)).to.deep.equal(['agent.wentReady']);
    await h.vendor.closeChannel();
  });

  it('a body that is not a JSON event is a MALFORMED_EVENT without a resync; a repeated serial is dropped', async () => {
    const h = await vendorWith({ heartBeat: '0,0', onSubscribe: 'receipt' });
    await h.vendor.openChannel(signal());
    const socket = h.sockets[0]!;
    socket.message('not json');
    socket.message('{"eventName":"agentReady","serial":7}');
    socket.message('{"eventName":"agentReady","serial":7}');
    socket.message('{"eventName":"agentNotReady","serial":8}');
    await h.until(() => h.events.length === 2);
    expect(h.errors.map((e) => e.code)).to.deep.equal([WellErrorCode.MALFORMED_EVENT]);
    expect(h.resyncs).to.have.length(0);
    expect(h.events.map((e) => e.type)).to.deep.equal(['agent.wentReady', 'agent.wentNotReady']);
    expect(h.raws.filter((r) => r.duplicate)).to.have.length(1);
    await h.vendor.closeChannel();
  });
});
