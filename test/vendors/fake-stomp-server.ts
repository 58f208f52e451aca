import { FrameImpl, Parser, type IStompSocket, type StompHeaders } from '@stomp/stompjs';

/** How the fake server answers. */
export interface Script {
  /** CONNECTED's heart-beat header; undefined leaves it out. */
  heartBeat?: string | undefined;
  version?: string;
  /** What a SUBSCRIBE gets. */
  onSubscribe: 'receipt' | 'nothing' | 'error' | 'close';
  /** Frames pushed right after the SUBSCRIBE was handled; `raw` is sent as one WebSocket message, unchanged. */
  messages?: ({ headers: StompHeaders; body: string } | { raw: string })[];
}

/** One frame the client sent, or a heart-beat (`command` `''`). */
export interface SentFrame {
  command: string;
  headers: StompHeaders;
}

/** A scripted STOMP server behind the IStompSocket seam (frames built and parsed with stompjs itself). */
export class FakeStompSocket implements IStompSocket {
  url = 'ws://fake/mvc/stomp/websocket';
  readyState = 0;
  binaryType = 'arraybuffer';
  protocol = 'v12.stomp';
  onopen: ((ev?: unknown) => void) | null = null;
  onclose: ((ev?: unknown) => void) | null = null;
  onmessage: ((ev: { data: string | ArrayBuffer }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  /** Everything the client sent, in order; heart-beats are `{command: ''}`. */
  readonly sent: SentFrame[] = [];
  /** The subscription id of the client's SUBSCRIBE, once it came. */
  subscriptionId: string | undefined;
  readonly #parser: Parser;
  readonly #script: Script;
  #waiters: (() => void)[] = [];

  constructor(script: Script) {
    this.#script = script;
    this.#parser = new Parser(
      (raw) => this.#onFrame(FrameImpl.fromRawFrame(raw, false)),
      () => this.#record({ command: '', headers: {} }),
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
    this.closeWith(1000);
  }

  /** The server (or the network) closes the socket with `code`. */
  closeWith(code: number): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setTimeout(() => this.onclose?.({ code, reason: '', wasClean: code === 1000 }));
  }

  /** Resolves once the client sent a frame that `match` accepts (already sent ones count). */
  async sentFrame(match: (frame: SentFrame) => boolean): Promise<SentFrame> {
    for (;;) {
      const found = this.sent.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Sends a MESSAGE on the client's subscription. */
  message(body: string, headers: StompHeaders = {}): void {
    this.push('MESSAGE', { destination: '/topic/x', ...headers, subscription: this.subscriptionId ?? '' }, body);
  }

  push(command: string, headers: StompHeaders, body = ''): void {
    const data = FrameImpl.marshall({
      command,
      headers,
      body,
      escapeHeaderValues: true,
      skipContentLengthHeader: true,
    });
    this.pushRaw(data);
  }

  pushRaw(data: string | ArrayBuffer): void {
    if (this.readyState !== 1) return;
    setTimeout(() => this.onmessage?.({ data }));
  }

  #record(frame: SentFrame): void {
    this.sent.push(frame);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #onFrame(frame: FrameImpl): void {
    this.#record({ command: frame.command, headers: { ...frame.headers } });
    const s = this.#script;
    switch (frame.command) {
      case 'CONNECT': {
        const headers: StompHeaders = { version: s.version ?? '1.2', server: 'fake' };
        if (s.heartBeat !== undefined) headers['heart-beat'] = s.heartBeat;
        this.push('CONNECTED', headers);
        break;
      }
      case 'SUBSCRIBE':
        this.subscriptionId = frame.headers['id'];
        if (s.onSubscribe === 'receipt') this.push('RECEIPT', { 'receipt-id': frame.headers['receipt'] ?? '' });
        if (s.onSubscribe === 'error') {
          this.push('ERROR', { message: 'Access refused for destination' });
          setTimeout(() => this.closeWith(1002));
        }
        if (s.onSubscribe === 'close') this.closeWith(1006);
        for (const m of s.messages ?? []) {
          if ('raw' in m) this.pushRaw(m.raw);
          else this.push('MESSAGE', { ...m.headers, subscription: frame.headers['id'] ?? '' }, m.body);
        }
        break;
      case 'DISCONNECT':
        if (frame.headers['receipt']) this.push('RECEIPT', { 'receipt-id': frame.headers['receipt'] });
        setTimeout(() => this.closeWith(1000));
        break;
    }
  }
}
