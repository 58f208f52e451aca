import { Client, type IFrame, type StompSubscription } from '@stomp/stompjs';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import type { VendorLogEntry } from '../vendor.js';

export interface WellChannelHandlers {
  /** A MESSAGE body on the agent topic. */
  message(body: string): void;
  /** The socket closed while nobody asked it to. */
  lost(error: WellError): void;
  log(entry: VendorLogEntry): void;
}

/**
 * The `well` event channel: STOMP over a native WebSocket through @stomp/stompjs, one subscription,
 * no automatic reconnect (the statechart owns reconnect policy), nothing sent but CONNECT,
 * SUBSCRIBE, DISCONNECT and heart-beats (well-csta.md §4).
 */
export class WellChannel {
  #client: Client | undefined;
  #subscription: StompSubscription | undefined;
  readonly #handlers: WellChannelHandlers;

  constructor(handlers: WellChannelHandlers) {
    this.#handlers = handlers;
  }

  /** Connects and subscribes; resolves when the server acknowledged the SUBSCRIBE with a RECEIPT. */
  async open(
    url: string,
    destination: string,
    heartbeatMs: number,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<void> {
    await this.close();
    const client = new Client({
      brokerURL: url,
      reconnectDelay: 0,
      heartbeatIncoming: heartbeatMs,
      heartbeatOutgoing: heartbeatMs,
      connectionTimeout: timeoutMs,
      debug: () => {},
    });
    this.#client = client;
    let settled = false;
    await new Promise<void>((resolve, reject) => {
      const fail = (message: string, cause?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.#client === client) this.#client = undefined;
        void client.deactivate();
        reject(
          new WellError(signal.aborted ? WellErrorCode.ABORTED : WellErrorCode.CHANNEL_ERROR, message, {
            operation: 'openChannel',
            cause,
          }),
        );
      };
      const onAbort = (): void => fail('Opening the event channel was aborted');
      const timer = setTimeout(() => fail(`The event channel did not open within ${timeoutMs} ms`), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      client.onConnect = () => {
        const receipt = `sub-${Date.now().toString(36)}`;
        client.watchForReceipt(receipt, () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          this.#handlers.log({ level: 'info', message: `STOMP subscribed to ${destination}` });
          resolve();
        });
        this.#subscription = client.subscribe(destination, (message) => this.#handlers.message(message.body), {
          receipt,
        });
      };
      client.onStompError = (frame: IFrame) => {
        const message = `STOMP ERROR: ${frame.headers['message'] ?? 'unknown'}`;
        this.#handlers.log({ level: 'error', message });
        if (!settled) fail(message);
      };
      client.onWebSocketClose = (event: CloseEvent) => {
        if (this.#client !== client) return;
        if (!settled) {
          fail(`The event channel closed while opening (code ${event.code})`);
          return;
        }
        this.#client = undefined;
        this.#subscription = undefined;
        this.#handlers.log({ level: 'warn', message: `STOMP socket closed unexpectedly (code ${event.code})` });
        this.#handlers.lost(
          new WellError(WellErrorCode.CHANNEL_ERROR, `The event channel was lost (code ${event.code})`, {
            operation: 'channel',
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
}
