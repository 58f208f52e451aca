import { AgentMode, type AgentIdentity, type LoginCredentials } from '../../model/agent.js';
import type { Command, CommandResult } from '../../model/command.js';
import type { DomainEvent } from '../../model/domain-event.js';
import type { ServerSnapshot } from '../../model/server-snapshot.js';
import { SessionEndReason, WellError, WellErrorCode } from '../../model/well-error.js';
import type { Vendor, VendorFactory, VendorOptions, VendorSink } from '../vendor.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../common/worker-socket.js';
import type { RpcSocketFactory } from './verto.rpc.js';
import { XSWITCH_CAPABILITIES } from './xswitch.capabilities.js';
import { XswitchChannel, type RequestTiming } from './xswitch.channel.js';
import { agentModeOf, agentStateOf, agentStateSnapshot, decodeVccEvent, dialCallIdOf } from './xswitch.codec.js';
import { cccRequests } from './xswitch.commands.js';
import { readAgentState } from './xswitch.rest.js';
import type { AgentStateRead } from './xswitch.codec.js';

const DEFAULT_GROUP = 'default';
const DEFAULT_QUEUE = '100000';

/** The XSwitch adapter: Verto JSON-RPC on one WebSocket, call-center actions through `jsapi` + `lua` `ccc`. */
class XswitchVendor implements Vendor {
  readonly name = 'xswitch' as const;
  readonly capabilities = XSWITCH_CAPABILITIES;
  readonly #options: VendorOptions;
  readonly #sink: VendorSink;
  readonly #channel: XswitchChannel;
  #credentials: LoginCredentials | undefined;
  #identity: AgentIdentity | undefined;
  #punted = false;
  /** The agent mode the last agent event reported, for a resync that learns nothing. */
  #mode: AgentMode = AgentMode.NotReady;

  constructor(options: VendorOptions, sink: VendorSink, socketFactory?: RpcSocketFactory) {
    this.#options = options;
    this.#sink = sink;
    this.#channel = new XswitchChannel({
      ...(socketFactory ? { socketFactory } : {}),
      ...(options.socketInWorker !== undefined ? { socketInWorker: options.socketInWorker } : {}),
      ...(options.maxFrameBytes !== undefined ? { maxFrameBytes: options.maxFrameBytes } : {}),
      rejected: (size, preview) => this.#onRejected(size, preview),
      ...(sink.batch ? { deliver: (run: () => void) => sink.batch!(run) } : {}),
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
    await this.#connect(signal);
    return { ...this.#identity };
  }

  async openChannel(signal: AbortSignal): Promise<void> {
    // after a drop the socket is gone: open it and log in again before subscribing (docs/protocols/xswitch.md fact 6)
    if (!this.#channel.open) await this.#connect(signal);
    await this.#channel.subscribe(`vcc.${this.#group}.${this.#requireIdentity().jobNumber}`, this.#timing(signal));
  }

  async closeChannel(): Promise<void> {
    this.#channel.close();
  }

  async execute(command: Command, signal: AbortSignal): Promise<CommandResult> {
    const identity = this.#requireIdentity();
    if (command.type === 'heartbeat') {
      await this.#channel.ping(this.#timing(signal));
      return {};
    }
    if (command.type === 'getPrefixes') return { data: [] };
    const requests = cccRequests(command, identity, { queue: this.#queue });
    if (!requests) {
      throw new WellError(WellErrorCode.NOT_SUPPORTED, `XSwitch does not support "${command.type}"`, {
        operation: command.type,
      });
    }
    let result: Record<string, unknown> = {};
    for (const request of requests) {
      const run = this.#channel.ccc(request, this.#timing(signal));
      result = request.optional ? await run.catch(() => ({})) : await run;
    }
    if (command.type === 'login' || command.type === 'forceLogin') await this.#confirmLogin(signal);
    if (command.type === 'dial') {
      const callId = dialCallIdOf(result);
      return callId ? { callId } : {};
    }
    return {};
  }

  /** The server's view of the agent: REST `agent_state` (docs/protocols/xswitch.md facts 4–5), the source of truth after login. */
  async resync(signal: AbortSignal): Promise<ServerSnapshot> {
    const read = await this.#readAgentState(signal, 'resync');
    if (!read.ok) return this.#keepLocalView(read.why);
    const { snapshot, callsKnown } = agentStateSnapshot(read, this.#requireIdentity().agentId);
    // a row that cannot describe the call (no call id) leaves `calls` out: the machine keeps its own calls then
    if (!callsKnown)
      this.#sink.log({ level: 'warn', message: 'agent_state does not describe the call: local calls kept' });
    return snapshot;
  }

  #readAgentState(signal: AbortSignal, operation: string): Promise<AgentStateRead> {
    const identity = this.#requireIdentity();
    return readAgentState(
      {
        apiUrl: this.#options.endpoints.apiUrl,
        timeoutMs: this.#options.requestTimeoutMs,
        fetch: this.#options.fetch ?? globalThis.fetch.bind(globalThis),
        log: (entry) => this.#sink.log(entry),
      },
      { jobNumber: identity.jobNumber, group: this.#group, queue: this.#queue, token: this.#credentials?.token },
      signal,
      operation,
    );
  }

  /**
   * After `ccLogin` succeeded: the agent's state as a fact. `ccLogin` on an agent the server already has logged in
   * (a reload, a second tab, a re-login after `verto.punt`) succeeds without any event, so the state is read
   * instead of awaited (fact 4). When it cannot be read the login still completes, on break (where `ccLogin` lands).
   */
  async #confirmLogin(signal: AbortSignal): Promise<void> {
    const read = await this.#readAgentState(signal, 'login').catch((err: unknown): AgentStateRead => ({
      ok: false,
      why: err instanceof Error ? err.message : String(err),
    }));
    if (signal.aborted) return; // the login was cancelled meanwhile: no fact to report
    let mode: AgentMode = AgentMode.NotReady;
    let raw: unknown = {};
    if (!read.ok) {
      this.#sink.log({ level: 'warn', message: `Login state not read, assuming on break: ${read.why}` });
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
    this.#channel.close();
  }

  #timing(signal: AbortSignal): RequestTiming {
    return { timeoutMs: this.#options.requestTimeoutMs, signal };
  }

  async #connect(signal: AbortSignal): Promise<void> {
    const c = this.#credentials;
    if (!c || (!c.password && !c.token)) {
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'A password or a token is needed', { operation: 'login' });
    }
    const opening = this.#options.channelOpenTimeoutMs;
    await this.#channel.connect(this.#options.endpoints.eventUrl, c, {
      ...this.#timing(signal),
      ...(opening === undefined ? {} : { openTimeoutMs: opening }),
    });
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
   * Another socket took the session over: stop, no reconnect (docs/protocols/xswitch.md fact 7). A punt does not
   * log the call-center agent out: the server keeps it in its state (READY stays routable), so the agent is told so
   * after the local session ends, and logging in again (which adopts that state, see `#confirmLogin`) then out ends
   * it there.
   */
  #onPunt(): void {
    this.#punted = true;
    this.#channel.close();
    this.#sink.event({ type: 'agent.loggedOff', meta: { name: 'verto.punt', at: Date.now(), raw: {} } });
    this.#sink.error(
      new WellError(
        WellErrorCode.SESSION_ENDED,
        'Another window or device took this XSwitch connection over; the server still has the agent logged in',
        { operation: 'channel', detail: { reason: SessionEndReason.takenOver, serverLoggedIn: true } },
      ),
    );
  }

  /** A message dropped unread for its size: MALFORMED_EVENT, then a resync (it may have carried an event). */
  #onRejected(size: number, preview: string): void {
    const limit = this.#options.maxFrameBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const message = `Event message of ${size} characters dropped unread (limit ${limit})`;
    this.#sink.raw({ vendor: 'xswitch', body: preview, decoded: false, receivedAt: Date.now() });
    this.#sink.log({ level: 'warn', message, data: preview });
    this.#sink.error(
      new WellError(WellErrorCode.MALFORMED_EVENT, message, {
        operation: 'channel',
        detail: { reason: 'frameTooLarge', size },
      }),
    );
    this.#sink.resync?.(message);
  }

  #requireIdentity(): AgentIdentity {
    if (!this.#identity) {
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'Not logged in', { operation: 'execute' });
    }
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
