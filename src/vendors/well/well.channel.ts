import { Client, Versions, type IFrame, type IStompSocket, type StompSubscription } from '@stomp/stompjs';
import { LoginReason } from '../../model/login-reason.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import { eventSocketFactory, type WorkerSocket, type WorkerSocketOptions } from '../common/worker-socket.js';
import type { VendorLogEntry } from '../vendor.js';
import { DEFAULT_MAX_FRAME_BYTES, ScreenedSocket, type FrameRejection } from './well.frame-guard.js';

export interface WellChannelHandlers {
  /** A MESSAGE body on the agent topic. */
  message(body: string): void;
  /** The socket closed while nobody asked it to. */
  lost(error: WellError): void;
  /** A WebSocket message was kept from the STOMP parser (too large or corrupt); `preview` is its first 200 chars. */
  rejected(rejection: FrameRejection, preview: string): void;
  log(entry: VendorLogEntry): void;
}

/** Timings of one {@link WellChannel.open}. */
export interface WellChannelTimings {
  /** STOMP heart-beat offered in CONNECT, ms (0 = off). */
  heartbeatMs: number;
  /** How long connecting and subscribing may take, ms. */
  timeoutMs: number;
  /**
   * How long to wait after SUBSCRIBE when the server sends no RECEIPT, ms. Spring's simple broker never
   * answers a SUBSCRIBE's `receipt` header; wellClient waited 500 ms after subscribing (docs/protocols/well.md).
   */
  subscribeGraceMs: number;
  /** Largest WebSocket message handed to the STOMP parser (default 256 KB); larger ones are dropped unread. */
  maxFrameBytes?: number;
  /** CONNECT `login` / `passcode` for brokers that want them; CONNECT carries none without. */
  login?: string;
  passcode?: string;
}

/** Builds the WebSocket of the channel (tests inject a fake server behind this seam). */
export type StompSocketFactory = (url: string) => IStompSocket;

export interface WellChannelOptions {
  handlers: WellChannelHandlers;
  /**
   * Replaces the event socket (default: a WebSocket with the STOMP subprotocols, run in a Worker in browsers,
   * `src/vendors/common/worker-socket.ts`); an injected socket gets only the page's frame guard.
   */
  socketFactory?: StompSocketFactory;
  /** Run the default socket in a Worker (default: in browsers); false keeps it on the page. */
  socketInWorker?: boolean;
  /** Runs the handling of messages that arrived together (`VendorSink.batch`). */
  deliver?(run: () => void): void;
}

/** How a subscription was confirmed: by the server's RECEIPT or by the grace period running out. */
export type SubscribeConfirmation = 'receipt' | 'grace';

/**
 * The `well` event channel: STOMP over a native WebSocket through @stomp/stompjs, one subscription,
 * no automatic reconnect (the statechart owns reconnect policy), nothing sent but CONNECT,
 * SUBSCRIBE, DISCONNECT and heart-beats. Optional server features (RECEIPT, heart-beats) are used when
 * present and never waited for (docs/protocols/well.md, "Optional server features").
 */
export class WellChannel {
  #client: Client | undefined;
  #subscription: StompSubscription | undefined;
  readonly #handlers: WellChannelHandlers;
  readonly #socketFactory: StompSocketFactory | undefined;
  readonly #sockets: (url: string, limit: Pick<WorkerSocketOptions, 'maxBytes' | 'oversize'>) => WorkerSocket;
  #heartbeatWarned = false;
  /** The last STOMP ERROR's message on the current socket, to say why it closed. */
  #stompError: string | undefined;

  constructor(options: WellChannelOptions) {
    this.#handlers = options.handlers;
    this.#socketFactory = options.socketFactory;
    this.#sockets = eventSocketFactory({
      protocols: Versions.default.protocolVersions(),
      ...(options.socketInWorker !== undefined ? { inWorker: options.socketInWorker } : {}),
      ...(options.deliver ? { deliver: options.deliver } : {}),
      log: (entry) => this.#handlers.log(entry),
    });
  }

  /**
   * Connects and subscribes; resolves on the server's RECEIPT for the SUBSCRIBE or once `subscribeGraceMs`
   * passed without the socket failing, whichever comes first. Rejects with `CHANNEL_ERROR` (detail `reason`
   * `subscriptionRefused` when the server answered with a STOMP ERROR, `channelClosed` when the socket closed),
   * `ABORTED` when `signal` aborts.
   */
  async open(
    url: string,
    destination: string,
    timings: WellChannelTimings,
    signal: AbortSignal,
  ): Promise<SubscribeConfirmation> {
    await this.close();
    const {
      heartbeatMs,
      timeoutMs,
      subscribeGraceMs,
      maxFrameBytes = DEFAULT_MAX_FRAME_BYTES,
      login,
      passcode,
    } = timings;
    const client = new Client({
      brokerURL: url,
      // Every message is screened before the STOMP parser: size first (in the socket's Worker when it has one), then
      // frame structure (docs/protocols/well.md).
      webSocketFactory: () =>
        new ScreenedSocket(
          this.#socketFactory?.(url) ??
            this.#sockets(url, {
              maxBytes: maxFrameBytes,
              oversize: (size, preview) => {
                if (this.#client === client) this.#handlers.rejected({ reason: 'tooLarge', size }, preview);
              },
            }),
          maxFrameBytes,
          (rejection, preview) => this.#handlers.rejected(rejection, preview),
          // a plain MESSAGE for our subscription goes straight to the handler (the stompjs parser is per byte)
          (subscription, body) => {
            if (this.#client !== client || !this.#subscription || subscription !== this.#subscription.id) return false;
            this.#handlers.message(body);
            return true;
          },
        ),
      ...(login ? { connectHeaders: { login, passcode: passcode ?? '' } } : {}),
      reconnectDelay: 0,
      heartbeatIncoming: heartbeatMs,
      heartbeatOutgoing: heartbeatMs,
      connectionTimeout: timeoutMs,
      debug: () => {},
    });
    this.#client = client;
    this.#stompError = undefined;
    let settled = false;
    /** CONNECTED arrived on this socket. */
    let stompConnected = false;
    let grace: ReturnType<typeof setTimeout> | undefined;
    return new Promise<SubscribeConfirmation>((resolve, reject) => {
      const finish = (): void => {
        settled = true;
        clearTimeout(timer);
        clearTimeout(grace);
        signal.removeEventListener('abort', onAbort);
      };
      const fail = (message: string, reason: LoginReason, cause?: unknown): void => {
        if (settled) return;
        finish();
        if (this.#client === client) this.#client = undefined;
        this.#subscription = undefined;
        void client.deactivate();
        reject(
          new WellError(signal.aborted ? WellErrorCode.ABORTED : WellErrorCode.CHANNEL_ERROR, message, {
            operation: 'openChannel',
            cause,
            detail: { status: 0, reason },
          }),
        );
      };
      const confirm = (how: SubscribeConfirmation): void => {
        if (settled) return;
        finish();
        this.#handlers.log({
          level: 'info',
          message:
            how === 'receipt'
              ? `STOMP subscribed to ${destination} (confirmed by RECEIPT)`
              : `STOMP subscribed to ${destination} (no RECEIPT within ${subscribeGraceMs} ms: continuing after the grace period)`,
          data: { subscribeConfirmation: how },
        });
        resolve(how);
      };
      const onAbort = (): void => fail('Opening the event channel was aborted', LoginReason.channel);
      const timer = setTimeout(
        () => fail(`The event channel did not open within ${timeoutMs} ms`, LoginReason.channel),
        timeoutMs,
      );
      signal.addEventListener('abort', onAbort, { once: true });
      client.onConnect = (frame: IFrame) => {
        // Connected: from here the RECEIPT or the grace settles it (a grace longer than the timeout must not fail).
        clearTimeout(timer);
        stompConnected = true;
        this.#checkHeartbeat(frame, heartbeatMs);
        const receipt = `sub-${Date.now().toString(36)}`;
        client.watchForReceipt(receipt, () => confirm('receipt'));
        this.#subscription = client.subscribe(destination, (message) => this.#handlers.message(message.body), {
          receipt,
        });
        grace = setTimeout(() => confirm('grace'), subscribeGraceMs);
      };
      client.onStompError = (frame: IFrame) => {
        const text = frame.headers['message'] ?? 'unknown';
        this.#stompError = text;
        const message = `STOMP ERROR: ${text}`;
        this.#handlers.log({ level: 'error', message });
        // An ERROR before CONNECTED is a refused connection; after it, the refused SUBSCRIBE (the only frame sent).
        fail(
          stompConnected ? `The server refused the subscription to ${destination}: ${text}` : message,
          stompConnected ? LoginReason.subscriptionRefused : LoginReason.channel,
        );
      };
      client.onWebSocketClose = (event: CloseEvent) => {
        if (this.#client !== client) return;
        if (!settled) {
          // (a STOMP ERROR already failed the open above; this is a close without one)
          fail(
            stompConnected
              ? `The server closed the event channel right after SUBSCRIBE (code ${event.code})`
              : `The event channel closed while opening (code ${event.code})`,
            stompConnected ? LoginReason.channelClosed : LoginReason.channel,
          );
          return;
        }
        this.#client = undefined;
        this.#subscription = undefined;
        const why = this.#stompError ? ` after STOMP ERROR "${this.#stompError}"` : '';
        this.#handlers.log({ level: 'warn', message: `STOMP socket closed unexpectedly (code ${event.code})${why}` });
        this.#handlers.lost(
          new WellError(WellErrorCode.CHANNEL_ERROR, `The event channel was lost (code ${event.code})${why}`, {
            operation: 'channel',
            detail: { status: 0, reason: LoginReason.channelClosed },
          }),
        );
      };
      client.activate();
    });
  }

  /** Disconnects on purpose; never reports `lost`. */
  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    try {
      this.#subscription?.unsubscribe();
    } catch {
      // already disconnected: nothing to unsubscribe from
    }
    this.#subscription = undefined;
    await client.deactivate({ force: !client.connected });
  }

  get connected(): boolean {
    return this.#client?.connected ?? false;
  }

  /**
   * Heart-beats are optional in STOMP: a server may answer `heart-beat:0,0`, omit the header, or speak
   * STOMP 1.0. Not an error; said once per channel so the log shows what is lost.
   */
  #checkHeartbeat(frame: IFrame, heartbeatMs: number): void {
    if (heartbeatMs <= 0 || this.#heartbeatWarned) return;
    const version = frame.headers['version'] ?? '1.0';
    const [sx = 0, sy = 0] = (frame.headers['heart-beat'] ?? '0,0').split(',').map((v) => Number.parseInt(v, 10) || 0);
    if (version !== '1.0' && (sx > 0 || sy > 0)) return;
    this.#heartbeatWarned = true;
    const offered = frame.headers['heart-beat'] === undefined ? 'no heart-beat header' : `heart-beat:${sx},${sy}`;
    this.#handlers.log({
      level: 'warn',
      message:
        `The STOMP server does not negotiate heart-beats (${version === '1.0' ? 'STOMP 1.0' : offered}): ` +
        'a silently dead socket is not detected by the channel; the REST heartbeat and reconnect on close cover it',
      data: { heartbeat: 'off' },
    });
  }
}
