import { AgentMode, type AgentIdentity, type LoginCredentials } from '../../model/agent.js';
import type { Command, CommandResult } from '../../model/command.js';
import type { DomainEvent } from '../../model/domain-event.js';
import type { ServerSnapshot } from '../../model/server-snapshot.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import type { KeptSession, Vendor, VendorFactory, VendorOptions, VendorSink } from '../vendor.js';
import { WELL_CAPABILITIES } from './well.capabilities.js';
import { WellChannel, type StompSocketFactory } from './well.channel.js';
import {
  agentTopic,
  attachStateOf,
  decodeClientState,
  decodeWellEvent,
  EventTimeParser,
  parseWellFrame,
  qualify,
  SerialFilter,
  serialOf,
} from './well.codec.js';
import { CSTA, isSessionCommand, wellCommandRequest, type WellSessionCommand } from './well.commands.js';
import { DEFAULT_MAX_FRAME_BYTES, type FrameRejection } from './well.frame-guard.js';
import { WellRest } from './well.rest.js';

/** wellClient waited 500 ms after subscribing (docs/protocols/well.md fact 4). */
const DEFAULT_SUBSCRIBE_GRACE_MS = 500;

/** The `well` (wellClient CSTA) adapter: REST commands with a `sessionId` header, STOMP events. */
class WellVendor implements Vendor {
  readonly name = 'well' as const;
  readonly capabilities = WELL_CAPABILITIES;
  readonly #options: VendorOptions;
  readonly #sink: VendorSink;
  readonly #rest: WellRest;
  readonly #channel: WellChannel;
  #identity: AgentIdentity | undefined;
  readonly #serials = new SerialFilter();
  readonly #times = new EventTimeParser();
  /** The agent mode the last agent event (or resync) reported, for a resync that learns nothing. */
  #mode: AgentMode = AgentMode.NotReady;
  #reason: string | undefined;

  constructor(options: VendorOptions, sink: VendorSink, socketFactory?: StompSocketFactory) {
    this.#options = options;
    this.#sink = sink;
    this.#rest = new WellRest({
      endpoints: options.endpoints,
      timeoutMs: options.requestTimeoutMs,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      log: (entry) => sink.log(entry),
    });
    this.#channel = new WellChannel({
      handlers: {
        message: (body) => this.#onMessage(body),
        lost: (error) => sink.channelLost(error),
        rejected: (rejection, preview) => this.#onRejected(rejection, preview),
        log: (entry) => sink.log(entry),
      },
      ...(socketFactory ? { socketFactory } : {}),
      ...(options.socketInWorker !== undefined ? { socketInWorker: options.socketInWorker } : {}),
      ...(sink.batch ? { deliver: (run: () => void) => sink.batch!(run) } : {}),
    });
  }

  async authenticate(credentials: LoginCredentials, signal: AbortSignal): Promise<AgentIdentity> {
    this.#rest.credentials = { ...credentials };
    this.#identity = identityOf(credentials);
    this.#rest.reset();
    this.#noteMode(AgentMode.NotReady);
    this.#rest.pendingSessionId = await this.#rest.tpiLogin(signal);
    return { ...this.#identity };
  }

  /** The session to keep for a reattach after a page reload (no password: wellClient kept only the id). */
  keptSession(): KeptSession | undefined {
    // agentLoggedOn may overtake the Login answer: until the id is committed, the pending one is the session
    const sessionId = this.#rest.currentSessionId;
    const identity = this.#identity;
    if (!identity || !sessionId) return undefined;
    const { jobNumber, domain, extension } = identity;
    return { jobNumber, domain, extension, sessionId };
  }

  /**
   * Reattaches to a session id kept from before a page reload: GET client-state (docs/protocols/well.md fact 9)
   * with that id; accepted only when the answer names the same agent and extension and the agent is
   * not logged out. No TPI login, no Login request, no password; a later HTTP 426 cannot be renewed silently and
   * ends the session.
   */
  async attach(session: KeptSession, signal: AbortSignal): Promise<AgentIdentity> {
    this.#rest.credentials = undefined;
    this.#rest.reset();
    const identity = identityOf(session);
    this.#identity = identity;
    const expired = (why: string, status = 0, cause?: unknown): WellError =>
      new WellError(WellErrorCode.SESSION_EXPIRED, `The kept session cannot be reattached: ${why}`, {
        operation: 'reattach',
        status,
        detail: { reason: 'sessionExpired', status },
        cause,
      });
    let body: unknown;
    try {
      const request = { method: 'GET', path: `${CSTA}/agent/client-state`, signal, operation: 'reattach' } as const;
      body = (await this.#rest.request({ ...request, sessionId: session.sessionId })).body;
    } catch (err) {
      // 426: the server no longer knows the id; 401/403: not this agent's; 404: nothing to check it against
      if (err instanceof WellError && [401, 403, 404, 426].includes(err.status ?? 0)) {
        throw expired(`client-state answered HTTP ${err.status}`, err.status, err);
      }
      throw err;
    }
    const state = attachStateOf(body, identity);
    if (!state.ok) throw expired(state.why);
    this.#rest.sessionId = session.sessionId;
    this.#noteMode(state.mode, state.reason);
    return { ...identity };
  }

  async openChannel(signal: AbortSignal): Promise<void> {
    const identity = this.#requireIdentity();
    const o = this.#options;
    const credentials = this.#rest.credentials;
    await this.#channel.open(
      o.endpoints.eventUrl,
      agentTopic(identity.agentId),
      {
        heartbeatMs: o.heartbeatMs,
        timeoutMs: o.channelOpenTimeoutMs ?? o.requestTimeoutMs,
        subscribeGraceMs: o.subscribeGraceMs ?? DEFAULT_SUBSCRIBE_GRACE_MS,
        ...(o.maxFrameBytes !== undefined ? { maxFrameBytes: o.maxFrameBytes } : {}),
        ...(credentials?.eventLogin
          ? { login: credentials.eventLogin, passcode: credentials.eventPasscode ?? '' }
          : {}),
      },
      signal,
    );
  }

  closeChannel(): Promise<void> {
    return this.#channel.close();
  }

  async execute(command: Command, signal: AbortSignal): Promise<CommandResult> {
    const identity = this.#requireIdentity();
    if (isSessionCommand(command)) {
      await this.#login(command, identity, signal);
      return {};
    }
    const { result, ...request } = wellCommandRequest(command, identity);
    const response = await this.#rest.request({ ...request, signal });
    return result ? result(response.body) : {};
  }

  /** Login, or wellClient's `force`: log the stale session out, then log in again (docs/protocols/well.md fact 11). */
  async #login(command: WellSessionCommand, identity: AgentIdentity, signal: AbortSignal): Promise<void> {
    if (command.type === 'forceLogin') {
      const pending = this.#rest.pendingSessionId;
      await this.#rest.request({
        method: 'POST',
        path: `${CSTA}/agent/state`,
        json: { func: 'Logout', agentId: identity.agentId, sessionId: pending },
        sessionId: pending,
        signal,
        operation: 'forceLogout',
      });
    }
    await this.#rest.login(identity, command.initialMode, signal);
  }

  /**
   * GET client-state. The endpoint and its fields are optional for the client: an HTTP error or refusal (404,
   * 500…) or an answer without a usable `agent` keeps the local view (logged, never blocks a reconnect); only a
   * clear "someone else / logged out" answer logs the agent out (docs/protocols/well.md fact 9).
   */
  async resync(signal: AbortSignal): Promise<ServerSnapshot> {
    let raw: unknown;
    try {
      raw = (
        await this.#rest.request({ method: 'GET', path: `${CSTA}/agent/client-state`, signal, operation: 'resync' })
      ).body;
    } catch (err) {
      if (err instanceof WellError && (err.code === WellErrorCode.HTTP_ERROR || err.code === WellErrorCode.REFUSED)) {
        return this.#keepLocalView(`client-state answered HTTP ${err.status ?? '?'}`, err.detail?.['body']);
      }
      throw err;
    }
    const decoded = decodeClientState(raw, this.#identity);
    if (!decoded.ok) return this.#keepLocalView(decoded.why, raw);
    const { snapshot } = decoded;
    if (!decoded.callsKnown) {
      const activeCall = (raw as { agent: Record<string, unknown> }).agent['activeCall'];
      this.#sink.log({
        level: 'warn',
        message: 'client-state: activeCall not understood; local calls kept',
        data: activeCall,
      });
    }
    if (snapshot.loggedIn) this.#noteMode(snapshot.agentMode, snapshot.reason);
    return snapshot;
  }

  /** A resync that learnt nothing: the agent stays as the last events left it, calls untouched. */
  #keepLocalView(why: string, raw: unknown): ServerSnapshot {
    this.#sink.log({ level: 'warn', message: `Resync skipped, local state kept: ${why}`, data: raw });
    const snapshot: ServerSnapshot = { loggedIn: true, agentMode: this.#mode, raw };
    if (this.#reason !== undefined) snapshot.reason = this.#reason;
    return snapshot;
  }

  #noteMode(mode: AgentMode, reason?: string): void {
    this.#mode = mode;
    this.#reason = reason;
  }

  dispose(): void {
    this.#rest.credentials = undefined;
    this.#rest.reset();
    this.#serials.reset();
    void this.#channel.close();
  }

  /** A frame kept from the parser: reported as MALFORMED_EVENT, and since it may have carried an event, a resync. */
  #onRejected(rejection: FrameRejection, preview: string): void {
    const message =
      rejection.reason === 'tooLarge'
        ? `Event frame of ${rejection.size} bytes dropped unread (limit ${this.#options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES})`
        : `Corrupt event frame dropped: ${rejection.detail}`;
    this.#sink.raw({ vendor: 'well', body: preview, decoded: false, receivedAt: Date.now() });
    this.#sink.log({ level: 'warn', message, data: preview });
    this.#sink.error(
      new WellError(WellErrorCode.MALFORMED_EVENT, message, {
        operation: 'channel',
        detail: { reason: rejection.reason === 'tooLarge' ? 'frameTooLarge' : 'frameCorrupt', size: rejection.size },
      }),
    );
    this.#sink.resync?.(message);
  }

  #onMessage(body: string): void {
    const receivedAt = Date.now();
    const frame = parseWellFrame(body);
    if (!frame.ok) {
      this.#sink.raw({ vendor: 'well', body, decoded: false, receivedAt });
      this.#sink.log({
        level: 'warn',
        message: `Malformed event dropped: ${frame.error.message}`,
        data: body.slice(0, 200),
      });
      this.#sink.error(frame.error);
      return;
    }
    const event = frame.event;
    const serial = serialOf(event);
    if (this.#serials.isDuplicate(serial)) {
      this.#sink.raw({
        vendor: 'well',
        name: event.eventName,
        body: event,
        decoded: false,
        duplicate: true,
        receivedAt,
      });
      this.#sink.log({ level: 'info', message: `Duplicate event dropped: ${event.eventName} #${serial}` });
      return;
    }
    const decoded = decodeWellEvent(event, receivedAt, this.#times);
    this.#sink.raw({ vendor: 'well', name: event.eventName, body: event, decoded: decoded !== undefined, receivedAt });
    if (decoded) {
      this.#trackMode(decoded);
      this.#sink.event(decoded);
    }
  }

  #trackMode(event: DomainEvent): void {
    switch (event.type) {
      case 'agent.loggedOn':
        return this.#noteMode(event.mode);
      case 'agent.wentReady':
        return this.#noteMode(AgentMode.Ready);
      case 'agent.wentNotReady':
        return this.#noteMode(AgentMode.NotReady, event.reason);
      case 'agent.startedAfterCallWork':
        return this.#noteMode(AgentMode.WorkNotReady);
      case 'agent.allocated':
        return this.#noteMode(AgentMode.Allocated);
      default:
        return;
    }
  }

  #requireIdentity(): AgentIdentity {
    if (!this.#identity) {
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'Not logged in', { operation: 'execute' });
    }
    return this.#identity;
  }
}

/** The agent's identity on `well`: agent and device ids are `<job or extension>@<domain>`. */
const identityOf = ({ jobNumber, domain, extension }: Pick<KeptSession, 'jobNumber' | 'domain' | 'extension'>) => ({
  jobNumber,
  domain,
  extension,
  agentId: qualify(jobNumber, domain),
  deviceId: qualify(extension, domain),
});

/** Creates a `well` adapter. */
export const createWellVendor: VendorFactory = (options, sink) => new WellVendor(options, sink);

/** For tests: an adapter whose event channel runs over an injected socket. */
export const createWellVendorWith =
  (socketFactory: StompSocketFactory): VendorFactory =>
  (options, sink) =>
    new WellVendor(options, sink, socketFactory);
