import { WellError, WellErrorCode } from '../../model/well-error.js';
import { abortedError } from '../common/errors.js';
import type { VendorLogEntry } from '../vendor.js';
import { rpcError, type RpcErrorBody } from './xswitch.errors.js';

/** The part of a WebSocket the client uses (tests inject a fake). */
export interface RpcSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export type RpcSocketFactory = (url: string) => RpcSocket;

/** What the server pushes without being asked. */
export interface RpcHandlers {
  /** `verto.event`: the published event (with `eventChannel`, `eventSerno`, `subscribedChannel`). */
  event(params: Record<string, unknown>): void;
  /** `verto.punt`: another socket took this session over; do not reconnect. */
  punt(): void;
  /** The socket closed without `close()` being called. */
  lost(error: WellError): void;
  log(entry: VendorLogEntry): void;
}

interface Pending {
  method: string;
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: WellError) => void;
  cleanup: () => void;
}

/**
 * JSON-RPC 2.0 over one WebSocket, the way Verto speaks it (docs/protocols/xswitch.md, facts 1–3, 6–8): integer ids, `sessid` in
 * every request, batch replies, server-originated requests answered, non-JSON frames skipped. No reconnect
 * policy here: the statechart owns it.
 */
export class VertoRpc {
  readonly sessid: string;
  readonly #handlers: RpcHandlers;
  readonly #factory: RpcSocketFactory;
  #socket: RpcSocket | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  constructor(options: { sessid: string; handlers: RpcHandlers; socketFactory?: RpcSocketFactory }) {
    this.sessid = options.sessid;
    this.#handlers = options.handlers;
    this.#factory = options.socketFactory ?? ((url) => new WebSocket(url) as unknown as RpcSocket);
  }

  get open(): boolean {
    return this.#socket?.readyState === 1;
  }

  /** Opens the socket; resolves once it is open. */
  connect(url: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    this.close();
    return new Promise((resolve, reject) => {
      let settled = false;
      const socket = this.#factory(url);
      this.#socket = socket;
      const done = (error?: WellError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (error) {
          if (this.#socket === socket) this.#socket = undefined;
          socket.close();
          reject(error);
        } else resolve();
      };
      const onAbort = (): void => done(abortedError('connect', signal));
      const timer = setTimeout(
        () => done(new WellError(WellErrorCode.TIMEOUT, `The socket did not open within ${timeoutMs} ms`)),
        timeoutMs,
      );
      signal.addEventListener('abort', onAbort, { once: true });
      socket.onopen = () => done();
      socket.onerror = () => this.#handlers.log({ level: 'warn', message: 'Verto socket error' });
      socket.onmessage = (event) => this.#receive(String(event.data));
      socket.onclose = (event) => {
        const error = new WellError(WellErrorCode.CHANNEL_ERROR, `The Verto socket closed (code ${event.code})`, {
          operation: 'channel',
        });
        if (!settled) {
          done(error);
          return;
        }
        if (this.#socket !== socket) return;
        this.#socket = undefined;
        this.#failAll(error);
        this.#handlers.lost(error);
      };
    });
  }

  /** Sends a request and resolves with its `result`; rejects with a typed WellError. */
  call(
    method: string,
    params: Record<string, unknown>,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<Record<string, unknown>> {
    const socket = this.#socket;
    if (!socket || socket.readyState !== 1) {
      return Promise.reject(new WellError(WellErrorCode.CHANNEL_ERROR, `${method}: the socket is not open`));
    }
    if (options.signal?.aborted) return Promise.reject(abortedError(method, options.signal));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        cleanup();
        reject(
          new WellError(WellErrorCode.TIMEOUT, `${method}: no answer within ${options.timeoutMs} ms`, {
            operation: method,
          }),
        );
      }, options.timeoutMs);
      const onAbort = (): void => {
        this.#pending.delete(id);
        cleanup();
        reject(abortedError(method, options.signal));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, { method, resolve, reject, cleanup });
      socket.send(JSON.stringify({ jsonrpc: '2.0', method, params: { ...params, sessid: this.sessid }, id }));
    });
  }

  /** Closes on purpose: pending requests fail, no `lost`. */
  close(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, 'logout');
    }
    this.#failAll(new WellError(WellErrorCode.ABORTED, 'The socket was closed'));
  }

  #failAll(error: WellError): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.cleanup();
      pending.reject(error);
    }
  }

  #receive(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // #SP speed-test frames and anything else that is not JSON are not for us
      this.#handlers.log({ level: 'debug', message: `non-JSON frame skipped: ${text.slice(0, 40)}` });
      return;
    }
    for (const message of Array.isArray(value) ? value : [value]) this.#dispatch(message);
  }

  #dispatch(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const m = message as { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };
    if (typeof m.method === 'string') {
      this.#serverRequest(m.method, (m.params ?? {}) as Record<string, unknown>, m.id);
      return;
    }
    const pending = typeof m.id === 'number' ? this.#pending.get(m.id) : undefined;
    if (!pending) {
      this.#handlers.log({ level: 'warn', message: `reply to an unknown request id ${String(m.id)}` });
      return;
    }
    this.#pending.delete(m.id as number);
    pending.cleanup();
    if (m.error !== undefined) pending.reject(rpcError(pending.method, m.error as RpcErrorBody));
    else pending.resolve((m.result ?? {}) as Record<string, unknown>);
  }

  #serverRequest(method: string, params: Record<string, unknown>, id: unknown): void {
    switch (method) {
      case 'verto.event':
        this.#handlers.event(params);
        break;
      case 'verto.punt':
        this.#handlers.log({ level: 'warn', message: 'verto.punt: the session was taken over by another socket' });
        this.#handlers.punt();
        break;
      default:
        // verto.ping, verto.clientReady and call messages: acknowledged below, nothing else to do (docs/protocols/xswitch.md facts 2, 6)
        break;
    }
    if (id !== undefined && this.#socket?.readyState === 1) {
      this.#socket.send(JSON.stringify({ jsonrpc: '2.0', id, result: { method } }));
    }
  }
}

/** A per-tab session id (docs/protocols/xswitch.md fact 7: sharing one between tabs makes them punt each other). */
export function newSessid(): string {
  return crypto.randomUUID();
}
