import type { LoginCredentials } from '../../model/agent.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import { DEFAULT_MAX_MESSAGE_BYTES, eventSocketFactory } from '../common/worker-socket.js';
import { newSessid, VertoRpc, type RpcHandlers, type RpcSocketFactory } from './verto.rpc.js';
import type { CccRequest } from './xswitch.commands.js';
import { cccError, isAuthenticationRequired, loginError } from './xswitch.errors.js';

export interface XswitchChannelOptions {
  handlers: RpcHandlers;
  /** Replaces the event socket (default: a WebSocket run in a Worker in browsers, `common/worker-socket.ts`). */
  socketFactory?: RpcSocketFactory;
  /** Run the default socket in a Worker (default: in browsers); false keeps it on the page. */
  socketInWorker?: boolean;
  /** Largest message read, UTF-16 units (default 256 KB); a larger one is dropped unread and reported. */
  maxFrameBytes?: number;
  /** A message over `maxFrameBytes` was dropped unread; `preview` is its first 200 characters. */
  rejected?(size: number, preview: string): void;
  /** Runs the handling of messages that arrived together (`VendorSink.batch`). */
  deliver?(run: () => void): void;
}

/** Timing of one request: its own timeout and the caller's signal. */
export interface RequestTiming {
  timeoutMs: number;
  /** How long the socket may take to open (default `timeoutMs`). */
  openTimeoutMs?: number;
  signal: AbortSignal;
}

/**
 * The XSwitch event channel: one Verto socket (`verto.rpc.ts`) that carries the login, the subscription to the
 * agent's `vcc` channel, its events and the call-center functions. Each tab has its own `sessid`
 * (docs/protocols/xswitch.md fact 7).
 */
export class XswitchChannel {
  readonly #rpc: VertoRpc;

  constructor(options: XswitchChannelOptions) {
    const sockets = eventSocketFactory({
      ...(options.socketInWorker !== undefined ? { inWorker: options.socketInWorker } : {}),
      ...(options.deliver ? { deliver: options.deliver } : {}),
      log: (entry) => options.handlers.log(entry),
    });
    const limit = {
      maxBytes: options.maxFrameBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      oversize: (size: number, preview: string) => options.rejected?.(size, preview),
    };
    this.#rpc = new VertoRpc({
      sessid: newSessid(),
      handlers: options.handlers,
      socketFactory: options.socketFactory ?? ((url) => sockets(url, limit)),
    });
  }

  get open(): boolean {
    return this.#rpc.open;
  }

  /** Opens the socket and runs the login dance: `login {}` → -32000 → `login` with credentials (fact 1). */
  async connect(url: string, credentials: LoginCredentials, timing: RequestTiming): Promise<void> {
    const c = credentials;
    await this.#rpc.connect(url, timing.openTimeoutMs ?? timing.timeoutMs, timing.signal);
    try {
      await this.#rpc.call('login', {}, timing);
      return; // the server needs no authentication
    } catch (err) {
      if (!isAuthenticationRequired(err)) throw loginError(err);
    }
    try {
      await this.#rpc.call(
        'login',
        {
          login: `${c.jobNumber}@${c.domain}`,
          // with a token the password is not checked, but mod_verto refuses an empty one (fact 1)
          passwd: c.token ? (c.password ?? 'password') : c.password,
          loginParams: c.token ? { xui_sessid: c.token } : {},
          userVariables: {},
        },
        timing,
      );
    } catch (err) {
      this.#rpc.close();
      throw loginError(err);
    }
  }

  /** `verto.subscribe` to `channel` (fact 3); a refusal is `CHANNEL_ERROR`. */
  async subscribe(channel: string, timing: RequestTiming): Promise<void> {
    let result: Record<string, unknown>;
    try {
      result = await this.#rpc.call('verto.subscribe', { eventChannel: channel }, timing);
    } catch (err) {
      const detail = err instanceof WellError ? err.detail : undefined;
      // nothing newly subscribed: the reply carries its result object under `error` (fact 3)
      const already = detail?.['alreadySubscribedChannels'];
      if (Array.isArray(already) && already.includes(channel)) return;
      throw new WellError(WellErrorCode.CHANNEL_ERROR, `Not allowed to subscribe to ${channel}`, {
        operation: 'openChannel',
        cause: err,
        ...(detail ? { detail } : {}),
      });
    }
    const ok = [result['subscribedChannels'], result['alreadySubscribedChannels']].some(
      (list) => Array.isArray(list) && list.includes(channel),
    );
    if (!ok) {
      throw new WellError(WellErrorCode.CHANNEL_ERROR, `Not allowed to subscribe to ${channel}`, {
        operation: 'openChannel',
        detail: result,
      });
    }
  }

  /** A call-center function (fact 4): resolves with its result on `code: 200`, else rejects (see {@link cccError}). */
  async ccc(request: CccRequest, timing: RequestTiming): Promise<Record<string, unknown>> {
    const result = await this.#rpc.call(
      'jsapi',
      { command: 'lua', data: { method: 'ccc', func: request.func, data: request.data } },
      timing,
    );
    if (Number(result['code']) !== 200) throw cccError(request.func, request.operation, result);
    return result;
  }

  /** `verto.ping`, the keep-alive (fact 6). */
  async ping(timing: RequestTiming): Promise<void> {
    await this.#rpc.call('verto.ping', {}, timing);
  }

  /** Closes on purpose: pending requests fail, no `lost`. */
  close(): void {
    this.#rpc.close();
  }
}
