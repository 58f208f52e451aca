import { AgentMode, type AgentIdentity, type LoginCredentials } from '../../model/agent.js';
import type { DomainEvent } from '../../model/domain-event.js';
import { XSWITCH_CAPABILITIES } from './xswitch.capabilities.js';
import type { Command, CommandResult } from '../../model/command.js';
import { LoginReason } from '../../model/login-reason.js';
import type { ServerSnapshot } from '../../model/server-snapshot.js';
import { SessionEndReason, WellError, WellErrorCode } from '../../model/well-error.js';
import type { Vendor, VendorFactory, VendorOptions, VendorSink } from '../vendor.js';
import { agentModeOf, agentStateOf, ccDialData, decodeVccEvent, dialCallIdOf, serverCallsOf } from './xswitch.codec.js';
import { newSessid, VertoErrorCode, VertoRpc, type RpcSocketFactory } from './verto.rpc.js';

const DEFAULT_GROUP = 'default';
const DEFAULT_QUEUE = '100000';
const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** The XSwitch adapter: Verto JSON-RPC on one WebSocket, call-center actions through `jsapi` + `lua` `ccc`. */
class XswitchVendor implements Vendor {
  readonly name = 'xswitch' as const;
  readonly capabilities = XSWITCH_CAPABILITIES;
  readonly #options: VendorOptions;
  readonly #sink: VendorSink;
  readonly #rpc: VertoRpc;
  #credentials: LoginCredentials | undefined;
  #identity: AgentIdentity | undefined;
  #punted = false;
  /** The agent mode the last agent event reported, for a resync that learns nothing. */
  #mode: AgentMode = AgentMode.NotReady;

  constructor(options: VendorOptions, sink: VendorSink, socketFactory?: RpcSocketFactory) {
    this.#options = options;
    this.#sink = sink;
    this.#rpc = new VertoRpc({
      sessid: newSessid(),
      ...(socketFactory ? { socketFactory } : {}),
      handlers: {
        event: (params) => this.#onEvent(params),
        punt: () => this.#onPunt(),
        lost: (error) => {
          if (!this.#punted) sink.channelLost(error);
        },
        log: (entry) => sink.log(entry),
      },
    });
  }

  get #group(): string {
    return this.#options.group || DEFAULT_GROUP;
  }

  get #queue(): string {
    return this.#options.queue || DEFAULT_QUEUE;
  }

  async authenticate(credentials: LoginCredentials, signal: AbortSignal): Promise<AgentIdentity> {
    this.#credentials = { ...credentials };
    this.#punted = false;
    this.#identity = {
      jobNumber: credentials.jobNumber,
      domain: credentials.domain,
      extension: credentials.extension,
      agentId: `${credentials.jobNumber}@${credentials.domain}`,
      deviceId: credentials.extension,
    };
    await this.#connectAndLogin(signal);
    return { ...this.#identity };
  }

  async openChannel(signal: AbortSignal): Promise<void> {
    // after a drop the socket is gone: open it and log in again before subscribing (docs/protocols/xswitch.md fact 6)
    if (!this.#rpc.open) await this.#connectAndLogin(signal);
    const channel = this.#channel();
    let result: Record<string, unknown>;
    try {
      result = await this.#rpc.call('verto.subscribe', { eventChannel: channel }, this.#call(signal));
    } catch (err) {
      const detail = err instanceof WellError ? err.detail : undefined;
      // nothing newly subscribed: the reply carries its result object under `error` (docs/protocols/xswitch.md fact 3)
      if (
        Array.isArray(detail?.['alreadySubscribedChannels']) &&
        detail['alreadySubscribedChannels'].includes(channel)
      ) {
        return;
      }
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

  async closeChannel(): Promise<void> {
    this.#rpc.close();
  }

  async execute(command: Command, signal: AbortSignal): Promise<CommandResult> {
    const identity = this.#requireIdentity();
    const agent = identity.jobNumber;
    switch (command.type) {
      case 'login':
      case 'forceLogin':
        if (command.type === 'forceLogin') {
          await this.#ccc('ccLogout', { agent, queue: this.#queue }, signal, 'forceLogout').catch(() => undefined);
        }
        await this.#ccc('ccLogin', { queue: this.#queue, agent, extn: identity.extension }, signal, 'login');
        // ccLogin always lands on break: the initial mode Ready is a second step
        if (command.initialMode === 'Ready')
          await this.#ccc('ccGoReady', { agent, queue: this.#queue }, signal, 'ready');
        await this.#confirmLogin(signal);
        return {};
      case 'logout':
        await this.#ccc('ccLogout', { agent, queue: this.#queue }, signal, 'logout');
        return {};
      case 'setMode':
        if (command.mode === 'Ready') await this.#ccc('ccGoReady', { agent, queue: this.#queue }, signal, 'ready');
        else {
          await this.#ccc('ccGoBreak', { queue: this.#queue, agent, reason: command.reason ?? '' }, signal, 'notReady');
        }
        return {};
      case 'dial': {
        // callback dialing: the agent's extension rings first, then the destination (docs/protocols/xswitch.md, fact 10)
        const result = await this.#ccc(
          'ccDial',
          ccDialData(
            agent,
            identity.extension,
            command.options.originForDisplay ?? '',
            `${command.options.prefix ?? ''}${command.number}`,
          ),
          signal,
          'dial',
        );
        const callId = dialCallIdOf(result);
        return callId ? { callId } : {};
      }
      case 'heartbeat':
        await this.#rpc.call('verto.ping', {}, this.#call(signal));
        return {};
      case 'getPrefixes':
        return { data: [] };
      default:
        throw new WellError(WellErrorCode.NOT_SUPPORTED, `XSwitch does not support "${command.type}"`, {
          operation: command.type,
        });
    }
  }

  /** The server's view of the agent: the REST twin `GET /api/cc/agent_state` (docs/protocols/xswitch.md facts 4–5), the source of truth after login. */
  async resync(signal: AbortSignal): Promise<ServerSnapshot> {
    const read = await this.#readAgentState(signal, 'resync');
    if ('skipped' in read) return this.#keepLocalView(read.skipped);
    const { row, body } = read;
    const mode = agentModeOf(row ? agentStateOf(row) : undefined);
    // a row that cannot describe the call (no call id) leaves `calls` out: the machine keeps its own calls then
    const calls = row ? serverCallsOf(row) : undefined;
    if (row && calls === undefined) {
      this.#sink.log({ level: 'warn', message: 'agent_state does not describe the call: local calls kept' });
    }
    return {
      loggedIn: mode !== 'Logout',
      agentMode: mode,
      raw: body,
      ...(row ? { agentId: this.#requireIdentity().agentId } : {}),
      ...(calls ? { calls } : {}),
    };
  }

  /**
   * Reads the agent's row of `agent_state`: `{row, body}` (`row` undefined when the list does not name the agent),
   * or `{skipped: why}` when the answer is unusable (the REST twin is optional for the agent to work: 404 where it
   * is not deployed, 401 when the token is not accepted there, a body that is not JSON).
   */
  async #readAgentState(
    signal: AbortSignal,
    operation: string,
  ): Promise<{ row: Record<string, unknown> | undefined; body: unknown } | { skipped: string }> {
    const identity = this.#requireIdentity();
    const fetchImpl = this.#options.fetch ?? globalThis.fetch.bind(globalThis);
    const url = `${trimSlash(this.#options.endpoints.apiUrl)}/api/cc/agent_state?queue=${encodeURIComponent(this.#queue)}&type=callcenter`;
    const headers: Record<string, string> = this.#credentials?.token
      ? { 'X-XTRA-AUTH-ID': this.#credentials.token }
      : {};
    let response: Response;
    try {
      response = await fetchImpl(url, {
        headers,
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.#options.requestTimeoutMs)]),
      });
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
      throw new WellError(
        timedOut ? WellErrorCode.TIMEOUT : WellErrorCode.NETWORK_ERROR,
        timedOut ? 'agent_state did not answer in time' : 'agent_state could not be read',
        { operation, cause: err },
      );
    }
    if (!response.ok) return { skipped: `agent_state answered HTTP ${response.status}` };
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return { skipped: `agent_state answered something that is not JSON (${text.slice(0, 40)})` };
    }
    const list = Array.isArray(body) ? body : (body as { data?: unknown } | null | undefined)?.data;
    if (!Array.isArray(list)) return { skipped: 'agent_state has no agent list' };
    const row = list.find((a: unknown) => {
      const id = (a as { agent_id?: unknown } | null)?.agent_id;
      return id === identity.jobNumber || id === `${this.#group}.${identity.jobNumber}`;
    }) as Record<string, unknown> | undefined;
    return { row: typeof row === 'object' && row !== null ? row : undefined, body };
  }

  /**
   * After `ccLogin` succeeded: the agent's state as a fact. `ccLogin` on an agent the server already has logged in
   * (a reload, a second tab, a re-login after `verto.punt`) succeeds without any event, so the state is read
   * instead of awaited. When it cannot be read the login still completes, on break (where `ccLogin` lands).
   */
  async #confirmLogin(signal: AbortSignal): Promise<void> {
    const read = await this.#readAgentState(signal, 'login').catch((err: unknown) => ({
      skipped: err instanceof Error ? err.message : String(err),
    }));
    if (signal.aborted) return; // the login was cancelled meanwhile: no fact to report
    let mode: AgentMode = AgentMode.NotReady;
    let raw: unknown = {};
    if ('skipped' in read) {
      this.#sink.log({ level: 'warn', message: `Login state not read, assuming on break: ${read.skipped}` });
    } else {
      const state = read.row ? agentStateOf(read.row) : undefined;
      // a row that says logged out contradicts the ccLogin answer: leave it to the events (or the login timeout)
      if (state === 'loggedOff') return;
      if (state !== undefined) mode = agentModeOf(state);
      raw = read.row ?? {};
    }
    const identity = this.#requireIdentity();
    const event: DomainEvent = {
      type: 'agent.loggedOn',
      agentId: identity.agentId,
      deviceId: identity.deviceId,
      mode,
      meta: { name: 'agent_state', at: Date.now(), raw },
    };
    this.#trackMode(event);
    this.#sink.event(event);
  }

  /** A resync that learnt nothing: the agent stays as the last events left it. */
  #keepLocalView(why: string): ServerSnapshot {
    this.#sink.log({ level: 'warn', message: `Resync skipped, local state kept: ${why}` });
    return { loggedIn: true, agentMode: this.#mode, raw: undefined };
  }

  dispose(): void {
    this.#credentials = undefined;
    this.#rpc.close();
  }

  #channel(): string {
    return `vcc.${this.#group}.${this.#requireIdentity().jobNumber}`;
  }

  #call(signal: AbortSignal) {
    return { timeoutMs: this.#options.requestTimeoutMs, signal };
  }

  /** Opens the socket and runs the login dance: `login {}` → -32000 → `login` with credentials (docs/protocols/xswitch.md fact 1). */
  async #connectAndLogin(signal: AbortSignal): Promise<void> {
    const c = this.#credentials;
    if (!c || (!c.password && !c.token)) {
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'A password or a token is needed', { operation: 'login' });
    }
    await this.#rpc.connect(this.#options.endpoints.eventUrl, this.#options.requestTimeoutMs, signal);
    try {
      await this.#rpc.call('login', {}, this.#call(signal));
      return; // the server needs no authentication
    } catch (err) {
      if (!(err instanceof WellError) || err.vendorCode !== VertoErrorCode.authenticationRequired)
        throw this.#loginError(err);
    }
    try {
      await this.#rpc.call(
        'login',
        {
          login: `${c.jobNumber}@${c.domain}`,
          // with a token the password is not checked, but mod_verto refuses an empty one (docs/protocols/xswitch.md fact 1)
          passwd: c.token ? (c.password ?? 'password') : c.password,
          loginParams: c.token ? { xui_sessid: c.token } : {},
          userVariables: {},
        },
        this.#call(signal),
      );
    } catch (err) {
      this.#rpc.close();
      throw this.#loginError(err);
    }
  }

  #loginError(err: unknown): WellError {
    if (!(err instanceof WellError) || err.code !== WellErrorCode.LOGIN_FAILED) return err as WellError;
    const message = String(err.detail?.['message'] ?? err.message);
    const reason = /session in use/i.test(message)
      ? LoginReason.loggedInElsewhere
      : /missing/i.test(message)
        ? LoginReason.unknown
        : LoginReason.passwordMismatch;
    return new WellError(WellErrorCode.LOGIN_FAILED, `Verto login refused: ${message}`, {
      operation: 'login',
      ...(err.vendorCode === undefined ? {} : { vendorCode: err.vendorCode, status: Number(err.vendorCode) }),
      detail: { status: err.vendorCode, reason, conflict: false },
      cause: err,
    });
  }

  /** A call-center action: `jsapi` `lua` `ccc` (docs/protocols/xswitch.md facts 4–5); `code: 200` is success, anything else a typed error. */
  async #ccc(func: string, data: Record<string, unknown>, signal: AbortSignal, operation: string) {
    const result = await this.#rpc.call(
      'jsapi',
      { command: 'lua', data: { method: 'ccc', func, data } },
      this.#call(signal),
    );
    const code = Number(result['code']);
    if (code !== 200) {
      const message = typeof result['message'] === 'string' ? result['message'] : 'refused';
      throw new WellError(
        operation === 'login' ? WellErrorCode.LOGIN_FAILED : WellErrorCode.HTTP_ERROR,
        `${func}: ${message} (${String(result['code'])})`,
        {
          operation,
          vendorCode: Number.isFinite(code) ? code : String(result['code']),
          detail: { ...result, ...(operation === 'login' ? { status: code, reason: LoginReason.unknown } : {}) },
        },
      );
    }
    return result;
  }

  #onEvent(params: Record<string, unknown>): void {
    const receivedAt = Date.now();
    const identity = this.#identity;
    const events = identity ? decodeVccEvent(params, identity.extension, receivedAt) : [];
    this.#sink.raw({
      vendor: 'xswitch',
      name: typeof params['eventChannel'] === 'string' ? params['eventChannel'] : 'verto.event',
      body: params,
      decoded: events.length > 0,
      receivedAt,
    });
    for (const event of events) {
      this.#trackMode(event);
      this.#sink.event(event);
    }
  }

  #trackMode(event: DomainEvent): void {
    if (event.type === 'agent.loggedOn') this.#mode = event.mode;
    else if (event.type === 'agent.wentReady') this.#mode = AgentMode.Ready;
    else if (event.type === 'agent.wentNotReady') this.#mode = AgentMode.NotReady;
    else if (event.type === 'agent.startedAfterCallWork') this.#mode = AgentMode.WorkNotReady;
  }

  /**
   * Another socket took the session over: stop, no reconnect (docs/protocols/xswitch.md fact 7). The call-center agent is not logged out by
   * a punt: the server keeps it in its state (READY stays routable), so the agent is told so after the local
   * session ends, and logging in again (which adopts that state, see `#confirmLogin`) then out ends it there.
   */
  #onPunt(): void {
    this.#punted = true;
    this.#rpc.close();
    this.#sink.event({ type: 'agent.loggedOff', meta: { name: 'verto.punt', at: Date.now(), raw: {} } });
    this.#sink.error(
      new WellError(
        WellErrorCode.SESSION_ENDED,
        'Another window or device took this XSwitch connection over; the server still has the agent logged in',
        { operation: 'channel', detail: { reason: SessionEndReason.takenOver, serverLoggedIn: true } },
      ),
    );
  }

  #requireIdentity(): AgentIdentity {
    if (!this.#identity)
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'Not logged in', { operation: 'execute' });
    return this.#identity;
  }
}

/** Creates an XSwitch adapter (loaded on demand by the core when `vendor="xswitch"`). */
export const createXswitchVendor: VendorFactory = (options, sink) => new XswitchVendor(options, sink);

/** For tests: an adapter over an injected socket. */
export const createXswitchVendorWith =
  (socketFactory: RpcSocketFactory): VendorFactory =>
  (options, sink) =>
    new XswitchVendor(options, sink, socketFactory);
