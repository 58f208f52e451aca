import { AgentMode, type AgentIdentity, type LoginCredentials } from '../../model/agent.js';
import type { Command, CommandResult } from '../../model/command.js';
import type { DomainEvent } from '../../model/domain-event.js';
import { WELL_CAPABILITIES } from './well.capabilities.js';
import type { ServerCall, ServerSnapshot } from '../../model/server-snapshot.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import type { KeptSession, Vendor, VendorFactory, VendorOptions, VendorSink } from '../vendor.js';
import { WellChannel } from './well.channel.js';
import { DEFAULT_MAX_FRAME_BYTES, type FrameRejection } from './well.frame-guard.js';
import {
  agentTopic,
  connectionId,
  decodeWellEvent,
  parseEventTime,
  parseWellFrame,
  qualify,
  SerialFilter,
  serialOf,
} from './well.codec.js';
import { loginError } from './well.errors.js';
import { wellFetch, type WellRequest, type WellResponse } from './well.rest.js';

const CSTA = '/api/csta';
const CONSULT_PATHS = {
  conference: '/conference',
  cancelConsult: '/cancelConsult',
  completeTransfer: '/transfer',
} as const;
const trimSlash = (url: string): string => url.replace(/\/+$/, '');
/** wellClient waited 500 ms after subscribing (docs/protocols/well.md). */
const DEFAULT_SUBSCRIBE_GRACE_MS = 500;

/** The `well` (wellClient CSTA) adapter: REST commands with a `sessionId` header, STOMP events. */
class WellVendor implements Vendor {
  readonly name = 'well' as const;
  readonly capabilities = WELL_CAPABILITIES;
  readonly #options: VendorOptions;
  readonly #sink: VendorSink;
  readonly #fetch: typeof fetch;
  readonly #channel: WellChannel;
  #credentials: LoginCredentials | undefined;
  #identity: AgentIdentity | undefined;
  /** Committed session id (fact 5: only after the Login request succeeded). */
  #sessionId: string | undefined;
  /** Session id from the TPI login, used for the Login request itself. */
  #pendingSessionId: string | undefined;
  readonly #serials = new SerialFilter();
  #relogin: Promise<void> | undefined;
  /** The agent mode the last agent event (or resync) reported, for a resync that learns nothing. */
  #mode: AgentMode = AgentMode.NotReady;
  #reason: string | undefined;

  constructor(options: VendorOptions, sink: VendorSink) {
    this.#options = options;
    this.#sink = sink;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#channel = new WellChannel({
      message: (body) => this.#onMessage(body),
      lost: (error) => sink.channelLost(error),
      rejected: (rejection, preview) => this.#onRejected(rejection, preview),
      log: (entry) => sink.log(entry),
    });
  }

  async authenticate(credentials: LoginCredentials, signal: AbortSignal): Promise<AgentIdentity> {
    this.#credentials = { ...credentials };
    this.#identity = {
      jobNumber: credentials.jobNumber,
      domain: credentials.domain,
      extension: credentials.extension,
      agentId: qualify(credentials.jobNumber, credentials.domain),
      deviceId: qualify(credentials.extension, credentials.domain),
    };
    this.#sessionId = undefined;
    this.#noteMode(AgentMode.NotReady);
    this.#pendingSessionId = await this.#tpiLogin(signal);
    return { ...this.#identity };
  }

  /** The committed session, for a reattach after a page reload (no password: wellClient kept only the id). */
  keptSession(): KeptSession | undefined {
    // agentLoggedOn may overtake the Login answer: until the id is committed, the pending one is the session
    const sessionId = this.#sessionId ?? this.#pendingSessionId;
    const identity = this.#identity;
    if (!identity || !sessionId) return undefined;
    const { jobNumber, domain, extension } = identity;
    return { jobNumber, domain, extension, sessionId };
  }

  /**
   * Reattaches to a session id kept from before a page reload, the way wellClient's state recovery did
   * (docs/vendors.md, "Reattach after a reload"): GET client-state with that id; accepted only when the answer names the same
   * agent and extension and the agent is not logged out. No TPI login, no Login request, no password; a later HTTP
   * 426 cannot be renewed silently and ends the session.
   */
  async attach(session: KeptSession, signal: AbortSignal): Promise<AgentIdentity> {
    this.#credentials = undefined;
    this.#sessionId = undefined;
    this.#pendingSessionId = undefined;
    const identity: AgentIdentity = {
      jobNumber: session.jobNumber,
      domain: session.domain,
      extension: session.extension,
      agentId: qualify(session.jobNumber, session.domain),
      deviceId: qualify(session.extension, session.domain),
    };
    this.#identity = identity;
    const expired = (why: string, status = 0, cause?: unknown): WellError =>
      new WellError(WellErrorCode.SESSION_EXPIRED, `The kept session cannot be reattached: ${why}`, {
        operation: 'reattach',
        status,
        detail: { reason: 'sessionExpired', status },
        cause,
      });
    let response: WellResponse;
    try {
      response = await this.#request({
        method: 'GET',
        url: this.#api('/agent/client-state'),
        sessionId: session.sessionId,
        signal,
        operation: 'reattach',
      });
    } catch (err) {
      // 426: the server no longer knows the id; 401/403: not this agent's; 404: nothing to check it against
      if (err instanceof WellError && [401, 403, 404, 426].includes(err.status ?? 0)) {
        throw expired(`client-state answered HTTP ${err.status}`, err.status, err);
      }
      throw err;
    }
    const agent = (response.body as { agent?: unknown } | undefined)?.agent;
    if (typeof agent !== 'object' || agent === null) throw expired('client-state has no agent');
    const a = agent as Record<string, unknown>;
    if (a['agentId'] !== identity.agentId || a['extensionId'] !== identity.deviceId) {
      throw expired('client-state names another agent or extension');
    }
    const mode = a['agentMode'];
    if (
      typeof mode !== 'string' ||
      mode === AgentMode.Logout ||
      !(Object.values(AgentMode) as string[]).includes(mode)
    ) {
      throw expired(`the agent is not logged in (${JSON.stringify(mode)})`);
    }
    this.#sessionId = session.sessionId;
    this.#noteMode(mode as AgentMode, typeof a['reason'] === 'string' ? a['reason'] : undefined);
    return { ...identity };
  }

  async openChannel(signal: AbortSignal): Promise<void> {
    const identity = this.#requireIdentity();
    await this.#channel.open(
      this.#options.endpoints.eventUrl,
      agentTopic(identity.agentId),
      {
        heartbeatMs: this.#options.heartbeatMs,
        timeoutMs: this.#options.requestTimeoutMs,
        subscribeGraceMs: this.#options.subscribeGraceMs ?? DEFAULT_SUBSCRIBE_GRACE_MS,
        ...(this.#options.maxFrameBytes !== undefined ? { maxFrameBytes: this.#options.maxFrameBytes } : {}),
        ...(this.#credentials?.eventLogin
          ? { login: this.#credentials.eventLogin, passcode: this.#credentials.eventPasscode ?? '' }
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
    switch (command.type) {
      case 'login':
        await this.#login(identity, command.initialMode, signal);
        return {};
      case 'forceLogin':
        // wellClient's `force`: log the stale session out, then log in again (docs/protocols/well.md, fact 11).
        await this.#request({
          method: 'POST',
          url: this.#api('/agent/state'),
          json: { func: 'Logout', agentId: identity.agentId, sessionId: this.#pendingSessionId },
          sessionId: this.#pendingSessionId,
          signal,
          operation: 'forceLogout',
        });
        await this.#login(identity, command.initialMode, signal);
        return {};
      case 'logout':
        await this.#request({
          method: 'POST',
          url: this.#api('/agent/state'),
          json: { func: 'Logout', agentId: identity.agentId },
          signal,
          operation: 'logout',
        });
        return {};
      case 'setMode': {
        const response = await this.#request({
          method: 'POST',
          url: this.#api('/agent/state'),
          json: {
            func: 'SetState',
            device: identity.deviceId,
            agentMode: command.mode,
            namespace: identity.domain,
            reason: command.reason ?? '',
            agentId: identity.agentId,
          },
          signal,
          operation: command.mode === 'Ready' ? 'ready' : 'notReady',
        });
        const body = response.body as Record<string, unknown> | undefined;
        return body && typeof body === 'object' && body['pendingMode'] ? { pendingMode: true } : {};
      }
      case 'heartbeat':
        await this.#request({
          method: 'POST',
          url: this.#api(`/agent/heartbeat/${identity.agentId}`),
          signal,
          operation: 'heartbeat',
        });
        return {};
      case 'dial': {
        const o = command.options;
        const response = await this.#request({
          method: 'POST',
          url: this.#call(''),
          json: {
            from: identity.deviceId,
            to: `${o.prefix ?? ''}${command.number}`,
            ...(o.originForDisplay ? { originForDisplay: o.originForDisplay } : {}),
            // wellClient 1.3.7 always shows the agent's own extension; an explicit option wins here.
            destForDisplay: o.destForDisplay ?? identity.extension,
            ...(o.callProgress ? { cpa: '1' } : {}),
            ...(o.callData !== undefined ? { contextId: o.callData } : {}),
          },
          signal,
          operation: 'dial',
        });
        const callId = (response.body as { callId?: unknown } | undefined)?.callId;
        return typeof callId === 'string' && callId !== '' ? { callId } : {};
      }
      case 'answer':
        await this.#request({
          method: 'POST',
          url: this.#connection(command.callId, '/answer'),
          signal,
          operation: 'answer',
        });
        return {};
      case 'hangUp':
        await this.#request({
          method: 'DELETE',
          url: this.#connection(command.callId, ''),
          signal,
          operation: 'hangUp',
        });
        return {};
      case 'hold':
      case 'retrieve':
        await this.#request({
          method: 'POST',
          url: this.#connection(command.callId, `/${command.type}`),
          signal,
          operation: command.type,
        });
        return {};
      case 'blindTransfer':
        await this.#request({
          method: 'POST',
          url: this.#connection(command.callId, '/singleStepTransfer'),
          json: { transferTo: command.number },
          signal,
          operation: 'blindTransfer',
        });
        return {};
      case 'singleStepConference':
        await this.#request({
          method: 'POST',
          url: this.#connection(command.callId, '/singleStepConference'),
          json: { conferenceParticipant: command.number, participationType: command.participation },
          signal,
          operation: 'singleStepConference',
        });
        return {};
      case 'consult': {
        const response = await this.#request({
          method: 'POST',
          url: this.#connection(command.heldCallId, '/consult'),
          json: { consultationParticipant: command.number },
          signal,
          operation: 'consult',
        });
        const callId = (response.body as { callId?: unknown } | undefined)?.callId;
        return typeof callId === 'string' && callId !== '' ? { callId } : {};
      }
      case 'conference':
      case 'cancelConsult':
      case 'completeTransfer':
        // Consult-family operations address the held call and name the consult call in the body (fact 8).
        await this.#request({
          method: 'POST',
          url: this.#connection(command.heldCallId, CONSULT_PATHS[command.type]),
          json: { consultCallId: command.consultCallId },
          signal,
          operation: command.type,
        });
        return {};
      case 'setCallData':
        await this.#request({
          method: 'POST',
          url: this.#call(`/${command.callId}/user-data`),
          json: { entries: command.entries },
          signal,
          operation: 'setCallData',
        });
        return {};
      case 'getCallData': {
        const response = await this.#request({
          method: 'GET',
          url: this.#call(`/${command.callId}/user-data/`),
          signal,
          operation: 'getCallData',
        });
        return { data: response.body };
      }
      case 'startRecording':
      case 'stopRecording':
        await this.#request({
          method: 'POST',
          url: `${this.#api('/callControl/recording/')}${command.type === 'startRecording' ? 'Start' : 'Stop'}?extension=${identity.deviceId}`,
          signal,
          operation: command.type,
        });
        return {};
      case 'getPrefixes': {
        const response = await this.#request({
          method: 'GET',
          url: `${trimSlash(this.#options.endpoints.apiUrl)}/api/operation/operation/tenants/${identity.domain}/agents/${identity.agentId}`,
          signal,
          operation: 'getPrefixes',
        });
        const trunks = (response.body as { agentTrunks?: unknown } | undefined)?.agentTrunks;
        const prefixes = Array.isArray(trunks)
          ? trunks
              .map((t) => (t as { scanPrefix?: unknown }).scanPrefix)
              .filter((p): p is string => typeof p === 'string')
          : [];
        return { data: [...new Set(prefixes)] };
      }
    }
  }

  /**
   * GET client-state. The endpoint and its fields are optional for the client: an HTTP error answer (404,
   * 500…) or an answer without a usable `agent` keeps the local view (logged, never blocks a reconnect);
   * only a clear "someone else / logged out" answer logs the agent out (docs/protocols/well.md).
   */
  async resync(signal: AbortSignal): Promise<ServerSnapshot> {
    let response: WellResponse;
    try {
      response = await this.#request({
        method: 'GET',
        url: this.#api('/agent/client-state'),
        signal,
        operation: 'resync',
      });
    } catch (err) {
      if (err instanceof WellError && err.code === WellErrorCode.HTTP_ERROR) {
        return this.#keepLocalView(`client-state answered HTTP ${err.status ?? '?'}`, err.detail?.['body']);
      }
      throw err;
    }
    const raw = response.body;
    const agent = (raw as { agent?: unknown } | undefined)?.agent;
    if (typeof agent !== 'object' || agent === null || Array.isArray(agent)) {
      return this.#keepLocalView('client-state has no agent object', raw);
    }
    const a = agent as Record<string, unknown>;
    const identity = this.#identity;
    // Same rule as wellClient's state recovery (docs/protocols/well.md fact 9): another agent or extension means we are logged out;
    // an absent id does not contradict the session the request was made with.
    const other =
      (typeof a['agentId'] === 'string' && a['agentId'] !== identity?.agentId) ||
      (typeof a['extensionId'] === 'string' && a['extensionId'] !== identity?.deviceId);
    const modes = Object.values(AgentMode) as string[];
    const mode = typeof a['agentMode'] === 'string' && modes.includes(a['agentMode']) ? a['agentMode'] : undefined;
    if (!other && mode === undefined) {
      return this.#keepLocalView(`client-state has no usable agentMode (${JSON.stringify(a['agentMode'])})`, raw);
    }
    const snapshot: ServerSnapshot = {
      loggedIn: !other && mode !== AgentMode.Logout,
      agentMode: (mode ?? AgentMode.Logout) as AgentMode,
      raw,
    };
    const calls = serverCallsOf(a['activeCall']);
    if (calls) snapshot.calls = calls;
    else {
      this.#sink.log({
        level: 'warn',
        message: 'client-state: activeCall not understood; local calls kept',
        data: a['activeCall'],
      });
    }
    if (typeof a['reason'] === 'string') snapshot.reason = a['reason'];
    if (typeof a['agentId'] === 'string') snapshot.agentId = a['agentId'];
    if (typeof a['extensionId'] === 'string') snapshot.deviceId = a['extensionId'];
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
    this.#credentials = undefined;
    this.#sessionId = undefined;
    this.#pendingSessionId = undefined;
    this.#serials.reset();
    void this.#channel.close();
  }

  async #login(identity: AgentIdentity, initialMode: 'Ready' | 'NotReady', signal: AbortSignal): Promise<void> {
    const credentials = this.#credentials;
    if (!credentials) throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'Log in first', { operation: 'login' });
    try {
      await wellFetch(
        {
          method: 'POST',
          url: this.#api('/agent/state'),
          json: {
            loginId: identity.agentId,
            device: identity.deviceId,
            password: credentials.password,
            agentMode: initialMode,
            func: 'Login',
            sessionId: this.#pendingSessionId,
          },
          sessionId: this.#pendingSessionId,
          signal,
          timeoutMs: this.#options.requestTimeoutMs,
          operation: 'login',
        },
        this.#fetch,
        (entry) => this.#sink.log(entry),
      );
    } catch (err) {
      if (err instanceof WellError && err.code === WellErrorCode.HTTP_ERROR && err.status !== undefined) {
        throw loginError(err.status, err.detail?.['body'], err);
      }
      throw err;
    }
    this.#sessionId = this.#pendingSessionId;
  }

  /**
   * TPI login: form fields `username`, `password`, `namespace`, URL-encoded (wellClient sent them raw, so a password
   * with `&`, `+` or `%` failed or injected a field; docs/protocols/well.md).
   */
  async #tpiLogin(signal: AbortSignal): Promise<string> {
    const c = this.#credentials;
    if (!c?.password)
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'A password is needed', { operation: 'login' });
    let response: WellResponse;
    try {
      response = await wellFetch(
        {
          method: 'POST',
          url: this.#options.endpoints.loginUrl,
          form: new URLSearchParams({ username: c.jobNumber, password: c.password, namespace: c.domain }).toString(),
          signal,
          timeoutMs: this.#options.requestTimeoutMs,
          operation: 'login',
        },
        this.#fetch,
        (entry) => this.#sink.log(entry),
      );
    } catch (err) {
      if (err instanceof WellError && err.code === WellErrorCode.HTTP_ERROR && err.status !== undefined) {
        throw loginError(err.status, err.detail?.['body'], err);
      }
      throw err;
    }
    const sessionId = (response.body as { sessionId?: unknown } | undefined)?.sessionId;
    if (typeof sessionId !== 'string' || sessionId === '') {
      throw new WellError(WellErrorCode.LOGIN_FAILED, 'The login server answered without a sessionId', {
        status: response.status,
        operation: 'login',
        vendorCode: 'unknown',
        detail: { status: response.status, reason: 'unknown' },
      });
    }
    return sessionId;
  }

  /**
   * A REST call with the committed session id. HTTP 426 ("failed to obtain AccessToken") silently
   * re-runs the TPI login and retries once (fact 13); wellClient dropped the request instead.
   */
  async #request(
    request: Omit<WellRequest, 'timeoutMs' | 'sessionId'> & { sessionId?: string | undefined },
  ): Promise<WellResponse> {
    // agentLoggedOn can overtake the Login answer: until the id is committed, the pending one is the session.
    const used = request.sessionId ?? this.#sessionId ?? this.#pendingSessionId;
    const send = (sessionId: string | undefined): Promise<WellResponse> =>
      wellFetch({ ...request, sessionId, timeoutMs: this.#options.requestTimeoutMs }, this.#fetch, (entry) =>
        this.#sink.log(entry),
      );
    try {
      return await send(used);
    } catch (err) {
      if (!(err instanceof WellError) || err.status !== 426 || request.sessionId !== undefined) throw err;
      // Another request may have renewed the session meanwhile: then just retry with the new one.
      if ((this.#sessionId ?? this.#pendingSessionId) === used) await this.#renewSession(request.signal);
      return send(this.#sessionId);
    }
  }

  async #renewSession(signal: AbortSignal): Promise<void> {
    this.#relogin ??= (async () => {
      try {
        this.#sink.log({ level: 'info', message: 'HTTP 426: renewing the session (silent re-login)' });
        this.#sessionId = await this.#tpiLogin(signal);
      } catch (cause) {
        throw new WellError(WellErrorCode.SESSION_EXPIRED, 'The session expired and could not be renewed', { cause });
      } finally {
        this.#relogin = undefined;
      }
    })();
    return this.#relogin;
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
    const decoded = decodeWellEvent(event, receivedAt);
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

  /** `/api/csta/callControl/calls` + path. */
  #call(path: string): string {
    return this.#api(`/callControl/calls${path}`);
  }

  /** The agent's own connection of a call: `/calls/{callId}/connections/{device%7CcallId}` + suffix. */
  #connection(callId: string, suffix: string): string {
    return this.#call(`/${callId}/connections/${connectionId(this.#requireIdentity().deviceId, callId)}${suffix}`);
  }

  #api(path: string): string {
    return `${trimSlash(this.#options.endpoints.apiUrl)}${CSTA}${path}`;
  }

  #requireIdentity(): AgentIdentity {
    if (!this.#identity)
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'Not logged in', { operation: 'execute' });
    return this.#identity;
  }
}

const ACTIVE_CALL_STATES: Record<string, ServerCall['state']> = {
  Alerting: 'alerting',
  Connect: 'connected',
  Hold: 'held',
  Initiate: 'initiated',
};

/** client-state `activeCall` states that mean "no call". */
const NO_CALL_STATES = new Set(['None', 'Fail', 'Idle', 'Idle2']);

/**
 * client-state's `activeCall` (`{callId, ani, dnis, state, direction, ringTime, answerTime, otherSide}`):
 * absent, null or an idle state → no calls (wellClient wipes its call model then); a shape we do not
 * understand → `undefined` (unknown: the local calls stay).
 */
function serverCallsOf(activeCall: unknown): ServerCall[] | undefined {
  if (activeCall === undefined || activeCall === null) return [];
  if (typeof activeCall !== 'object' || Array.isArray(activeCall)) return undefined;
  const c = activeCall as Record<string, unknown>;
  if (Object.keys(c).length === 0) return [];
  if (typeof c['state'] === 'string' && NO_CALL_STATES.has(c['state'])) return [];
  const state = typeof c['state'] === 'string' ? ACTIVE_CALL_STATES[c['state']] : undefined;
  if (typeof c['callId'] !== 'string' || c['callId'] === '' || !state) return undefined;
  const call: ServerCall = { callId: c['callId'], state };
  const direction = typeof c['direction'] === 'string' ? c['direction'].toLowerCase() : '';
  if (direction === 'in' || direction === 'inbound') call.direction = 'inbound';
  else if (direction === 'out' || direction === 'outbound') call.direction = 'outbound';
  else if (direction === 'internal') call.direction = 'internal';
  if (typeof c['otherSide'] === 'string') call.party = c['otherSide'];
  const ring = parseEventTime(c['ringTime']) ?? (typeof c['ringTime'] === 'number' ? c['ringTime'] : undefined);
  const answer = parseEventTime(c['answerTime']) ?? (typeof c['answerTime'] === 'number' ? c['answerTime'] : undefined);
  if (ring !== undefined) call.createdAt = ring;
  if (answer !== undefined) call.establishedAt = answer;
  return [call];
}

/** Creates a `well` adapter. */
export const createWellVendor: VendorFactory = (options, sink) => new WellVendor(options, sink);
