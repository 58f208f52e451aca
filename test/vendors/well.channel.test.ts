import { expect } from '@open-wc/testing';
import { FrameImpl, Parser, type IStompSocket, type StompHeaders } from '@stomp/stompjs';
import { WellChannel, type WellChannelTimings } from '../../src/vendors/well/well.channel.js';
import type { FrameRejection } from '../../src/vendors/well/well.frame-guard.js';
import type { VendorLogEntry } from '../../src/vendors/vendor.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import { rejection } from '../helpers/assert.js';

/** How the fake server answers. */
interface Script {
  /** CONNECTED's heart-beat header; undefined leaves it out. */
  heartBeat?: string | undefined;
  version?: string;
  /** What a SUBSCRIBE gets. */
  onSubscribe: 'receipt' | 'nothing' | 'error' | 'close';
  /** Frames pushed right after the SUBSCRIBE was handled; `raw` is sent as one WebSocket message, unchanged. */
  messages?: ({ headers: StompHeaders; body: string } | { raw: string })[];
}

/** A scripted STOMP server behind the IStompSocket seam (frames built and parsed with stompjs itself). */
class FakeSocket implements IStompSocket {
  url = 'ws://fake/mvc/stomp/websocket';
  readyState = 0;
  binaryType = 'arraybuffer';
  protocol = 'v12.stomp';
  onopen: ((ev?: unknown) => void) | null = null;
  onclose: ((ev?: unknown) => void) | null = null;
  onmessage: ((ev: { data: string | ArrayBuffer }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly #parser: Parser;
  readonly #script: Script;

  constructor(script: Script) {
    this.#script = script;
    this.#parser = new Parser(
      (raw) => this.#onFrame(FrameImpl.fromRawFrame(raw, false)),
      () => {},
    );
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }

  send(data: string | ArrayBuffer): void {
    this.#parser.parseChunk(data);
  }

  close(): void {
    this.#closeWith(1000);
  }

  #closeWith(code: number): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setTimeout(() => this.onclose?.({ code, reason: '', wasClean: code === 1000 }));
  }

  #push(command: string, headers: StompHeaders, body = ''): void {
    if (this.readyState !== 1) return;
    const data = FrameImpl.marshall({
      command,
      headers,
      body,
      escapeHeaderValues: true,
      skipContentLengthHeader: true,
    });
    this.#pushRaw(data);
  }

  #pushRaw(data: string | ArrayBuffer): void {
    if (this.readyState !== 1) return;
    setTimeout(() => this.onmessage?.({ data }));
  }

  #onFrame(frame: FrameImpl): void {
    const s = this.#script;
    switch (frame.command) {
      case 'CONNECT': {
        const headers: StompHeaders = { version: s.version ?? '1.2', server: 'fake' };
        if (s.heartBeat !== undefined) headers['heart-beat'] = s.heartBeat;
        this.#push('CONNECTED', headers);
        break;
      }
      case 'SUBSCRIBE':
        if (s.onSubscribe === 'receipt') this.#push('RECEIPT', { 'receipt-id': frame.headers['receipt'] ?? '' });
        if (s.onSubscribe === 'error') {
          this.#push('ERROR', { message: 'Access refused for destination' });
          setTimeout(() => this.#closeWith(1002));
        }
        if (s.onSubscribe === 'close') this.#closeWith(1006);
        for (const m of s.messages ?? []) {
          if ('raw' in m) this.#pushRaw(m.raw);
          else this.#push('MESSAGE', { ...m.headers, subscription: frame.headers['id'] ?? '' }, m.body);
        }
        break;
      case 'DISCONNECT':
        if (frame.headers['receipt']) this.#push('RECEIPT', { 'receipt-id': frame.headers['receipt'] });
        setTimeout(() => this.#closeWith(1000));
        break;
    }
  }
}

const TIMINGS: WellChannelTimings = { heartbeatMs: 10_000, timeoutMs: 3000, subscribeGraceMs: 500 };
const TOPIC = '/topic/event.agent.*.5001@test_cc';

function channelWith(script: Script) {
  const logs: VendorLogEntry[] = [];
  const bodies: string[] = [];
  const lost: WellError[] = [];
  const rejected: FrameRejection[] = [];
  let arrived = (): void => {};
  const channel = new WellChannel(
    {
      message: (body) => {
        bodies.push(body);
        arrived();
      },
      lost: (error) => lost.push(error),
      rejected: (rejection) => rejected.push(rejection),
      log: (entry) => logs.push(entry),
    },
    () => new FakeSocket(script),
  );
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
    const channel = new WellChannel({ message() {}, lost() {}, rejected() {}, log: (e) => logs.push(e) }, () => socket);
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
