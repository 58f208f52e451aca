import type { AgentIdentity, AgentMode, InitialMode, LoginCredentials } from '../../model/agent.js';
import type { Command, CommandResult } from '../../model/command.js';
import type { ServerSnapshot } from '../../model/server-snapshot.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import type { SipRegistration } from '../../model/audio.js';
import type { AliyunSettings, KeptSession, Vendor, VendorFactory, VendorOptions, VendorSink } from '../vendor.js';
import { ALIYUN_CAPABILITIES } from './aliyun.capabilities.js';
import { agentViewOf, field, listOf, snapshotOf, text, type AgentView } from './aliyun.codec.js';
import { apiCallOf } from './aliyun.commands.js';
import { AliyunPoller, type PollClock } from './aliyun.poller.js';
import { callApi } from './aliyun.rest.js';
import { diffView, LOGGED_OUT, type Reported } from './aliyun.sync.js';

const DEFAULT_POLL_CALL_MS = 1000;
const DEFAULT_POLL_IDLE_MS = 3000;
/** An answer as the facts it produces name it. */
type Meta = { name: string; at: number; raw: unknown };

/** The first page of a `List…` API, large enough for one agent's groups and numbers. */
const PAGE = { PageNumber: 1, PageSize: 100 };

/**
 * The Aliyun CCC adapter (docs/protocols/aliyun.md): every request goes through the customer's proxy; the state comes
 * from the contexts each command returns and from PollUserStatus on a cadence, turned into facts by diffing against
 * what was last reported (`aliyun.sync.ts`). The answer is the source of truth: a poll that contradicts local state
 * brings it to the server's view.
 */
class AliyunVendor implements Vendor {
  readonly name = 'aliyun' as const;
  readonly capabilities = ALIYUN_CAPABILITIES;
  readonly #options: VendorOptions;
  readonly #settings: AliyunSettings;
  readonly #sink: VendorSink;
  readonly #poller: AliyunPoller;
  #deviceId: string;
  /** The audio layer holds a registration (ON_SITE). */
  #registered = false;
  /** The agent once authenticated: `domain` is the instance, `agentId` the CCC user id every call names. */
  #identity: AgentIdentity | undefined;
  #reported: Reported = LOGGED_OUT;
  /** The mode before the current call, for a snapshot taken during a call. */
  #idle: { mode: AgentMode; reason: string } = { mode: 'Ready', reason: '' };
  #signedIn = false;
  /** Requests are numbered when they start; an answer older than one already applied is stale. */
  #seq = 0;
  #applied = 0;
  #callers: string[] | undefined;

  constructor(options: VendorOptions, sink: VendorSink, clock?: PollClock) {
    this.#options = options;
    this.#settings = options.aliyun ?? {};
    this.#sink = sink;
    this.#deviceId = this.#settings.deviceId ?? `CCC-well-softphone-${Math.random().toString(36).slice(2, 10)}`;
    this.#poller = new AliyunPoller({
      poll: (signal) => this.#pollOnce(signal),
      periodMs: () =>
        this.#reported.calls.length > 0
          ? (this.#settings.pollCallMs ?? DEFAULT_POLL_CALL_MS)
          : (this.#settings.pollIdleMs ?? DEFAULT_POLL_IDLE_MS),
      lost: (error, failures) => {
        sink.channelLost(
          new WellError(WellErrorCode.CHANNEL_ERROR, `poll failed ${failures}x`, {
            operation: 'poll',
            cause: error,
          }),
        );
      },
      clock,
    });
  }

  /**
   * GetLoginDetails (fact 6): the agent's user id and extension, and the SIP registration an `ON_SITE` agent's
   * browser audio needs (fact 13). The proxy authenticates; no password is sent.
   */
  async authenticate(credentials: LoginCredentials, signal: AbortSignal): Promise<AgentIdentity> {
    const domain = this.#settings.instanceId ?? credentials.domain;
    const asked = `${credentials.jobNumber}@${domain}`;
    const data = await this.#call(signal, 'GetLoginDetails', 'login', {}, { domain, agentId: asked });
    const extension = text(data, 'Extension') ?? credentials.extension;
    const identity = this.#identify(credentials.jobNumber, domain, extension, text(data, 'UserId') ?? asked);
    await this.#register(data);
    return { ...identity };
  }

  /** The agent and the device id to keep for a reattach after a page reload: no secret (the proxy authenticates). */
  keptSession(): KeptSession | undefined {
    const identity = this.#identity;
    if (!identity || !this.#signedIn) return undefined;
    const { jobNumber, domain, extension } = identity;
    return { jobNumber, domain, extension, sessionId: this.#deviceId };
  }

  /**
   * Reattaches after a page reload: the server keeps the agent signed in, so one PollUserStatus decides (fact 10):
   * signed in → attached (the resync that follows brings the mode and calls back); `OFFLINE` → `SESSION_EXPIRED`.
   * An `ON_SITE` agent's audio layer is registered again (GetLoginDetails).
   */
  async attach(session: KeptSession, signal: AbortSignal): Promise<AgentIdentity> {
    const identity = this.#identify(session.jobNumber, session.domain, session.extension);
    this.#deviceId = session.sessionId;
    const data = await this.#call(signal, 'PollUserStatus', 'reattach');
    if ((agentViewOf(data, identity)?.state ?? 'OFFLINE') === 'OFFLINE') {
      throw new WellError(WellErrorCode.SESSION_EXPIRED, 'The agent was signed out', {
        operation: 'reattach',
        detail: { reason: 'sessionExpired', status: 0 },
      });
    }
    this.#signedIn = true;
    if (this.#options.audio && text(field(data, 'UserContext'), 'WorkMode') === 'ON_SITE') {
      await this.#register(await this.#call(signal, 'GetLoginDetails', 'reattach'));
    }
    return { ...identity };
  }

  /** There is no event socket: one PollUserStatus proves the proxy answers; polling resumes if signed in. */
  async openChannel(signal: AbortSignal): Promise<void> {
    await this.#call(signal, 'PollUserStatus', 'openChannel');
    if (this.#signedIn) this.#poller.start();
  }

  async closeChannel(): Promise<void> {
    this.#poller.stop();
  }

  async execute(command: Command, signal: AbortSignal): Promise<CommandResult> {
    if (command.type === 'login' || command.type === 'forceLogin') {
      await this.#login(command.initialMode, signal);
      return {};
    }
    if (command.type === 'heartbeat') {
      await this.#pollOnce(signal);
      return {};
    }
    if (command.type === 'getPrefixes') return { data: [] };
    const needsCaller =
      command.type === 'dial'
        ? !command.options.originForDisplay
        : command.type === 'blindTransfer' || command.type === 'consult';
    const caller = needsCaller ? await this.#defaultCaller(signal) : undefined;
    this.#requireIdentity();
    const call = apiCallOf(command, (id) => this.#reported.calls.find((c) => c.callId === id), caller);
    const seq = ++this.#seq;
    const data = await this.#call(signal, call.api, call.operation, call.params);
    if (command.type === 'logout') this.#stopSession();
    this.#apply(data, seq, call.api);
    // a dial names its job, a consultation its consulted leg
    const callId =
      command.type === 'dial'
        ? (text(field(data, 'CallContext'), 'JobId') ?? text(field(data, 'UserContext'), 'JobId'))
        : command.type === 'consult'
          ? this.#reported.calls.find((c) => c.consultOf !== undefined)?.callId
          : undefined;
    return callId ? { callId } : {};
  }

  /** PollUserStatus as the server's view (fact 10); it becomes the baseline later answers are diffed against. */
  async resync(signal: AbortSignal): Promise<ServerSnapshot> {
    const seq = ++this.#seq;
    const data = await this.#call(signal, 'PollUserStatus', 'resync');
    const view = agentViewOf(data, this.#requireIdentity());
    if (!view) {
      this.#warn('resync: no UserState');
      return { loggedIn: this.#reported.loggedIn, agentMode: this.#reported.mode, raw: data };
    }
    this.#applied = Math.max(this.#applied, seq);
    const snapshot = snapshotOf(view, this.#requireIdentity().agentId, this.#idle, data);
    this.#reported = {
      loggedIn: snapshot.loggedIn,
      mode: snapshot.agentMode,
      reason: snapshot.reason ?? '',
      calls: view.calls ?? this.#reported.calls,
    };
    this.#track(view);
    if (!snapshot.loggedIn) this.#stopSession();
    return snapshot;
  }

  dispose(): void {
    this.#stopSession();
    this.#identity = undefined;
  }

  #identify(jobNumber: string, domain: string, extension: string, agentId = `${jobNumber}@${domain}`): AgentIdentity {
    this.#reported = LOGGED_OUT;
    return (this.#identity = { jobNumber, domain, extension, agentId, deviceId: extension });
  }

  /**
   * Hands an `ON_SITE` agent's SIP registration (GetLoginDetails, fact 13) to the host's audio layer; without one, one
   * warning. Never fails the login, and no log line carries the signature or the user key.
   */
  async #register(details: unknown): Promise<void> {
    if (text(details, 'WorkMode') !== 'ON_SITE') return;
    const audio = this.#options.audio;
    if (!audio) return this.#warn('audio: ON_SITE but no audio layer: calls ring nowhere in this page');
    const registration: SipRegistration = {
      server: text(details, 'SipServerUrl') ?? '',
      extension: this.#identity!.extension,
      secrets: { Signature2: text(details, 'Signature2') ?? '', UserKey2: text(details, 'UserKey2') ?? '' },
    };
    try {
      await audio.register(registration);
      this.#registered = true;
    } catch {
      // the layer's error is not logged: it may quote the secrets
      this.#warn('audio: registration failed');
    }
  }

  #warn(message: string): void {
    this.#sink.log({ level: 'warn', message });
  }

  /**
   * SignInGroup with the agent's skill groups (configured, else every group of ListSkillLevelsOfUser), then
   * ReadyForService for the initial mode Ready; the state it lands in is reported as logged on (fact 6).
   */
  async #login(initialMode: InitialMode, signal: AbortSignal): Promise<void> {
    const groups = this.#settings.skillGroups ?? (await this.#skillGroups(signal));
    const seq = ++this.#seq;
    let data = await this.#call(signal, 'SignInGroup', 'login', {
      DeviceId: this.#deviceId,
      SignedSkillGroupIdList: JSON.stringify(groups),
    });
    let view = agentViewOf(data, this.#requireIdentity());
    if (initialMode === 'Ready' && view?.state !== 'READY') {
      data = await this.#call(signal, 'ReadyForService', 'login', { OutboundScenario: false });
      view = agentViewOf(data, this.#requireIdentity()) ?? view;
    }
    if (signal.aborted) return;
    if (!view || view.state === 'OFFLINE') {
      throw new WellError(WellErrorCode.LOGIN_FAILED, 'SignInGroup: OFFLINE', {
        operation: 'login',
        detail: { status: 0, reason: 'unknown' },
      });
    }
    const { agentId, deviceId } = this.#requireIdentity();
    const meta = { name: 'SignInGroup', at: Date.now(), raw: data };
    // logged on ready (also when already in a call) or not ready; a break code, outbound only or after-call work is a
    // second fact, the diff's, as is a call the agent is already in
    const mode = view.mode === undefined || view.mode === 'Ready' ? 'Ready' : 'NotReady';
    this.#signedIn = true;
    this.#applied = Math.max(this.#applied, seq);
    this.#sink.event({ type: 'agent.loggedOn', agentId, deviceId, mode, meta });
    this.#reported = { loggedIn: true, mode, reason: '', calls: [] };
    this.#diff(view, meta);
    this.#poller.start();
  }

  async #skillGroups(signal: AbortSignal): Promise<string[]> {
    return listOf(await this.#call(signal, 'ListSkillLevelsOfUser', 'login', PAGE), 'SkillGroupId');
  }

  /** The caller number for MakeCall and outside transfers: the first of ListOutboundNumbersOfUser, fetched once. */
  async #defaultCaller(signal: AbortSignal): Promise<string | undefined> {
    if (!this.#callers) {
      try {
        this.#callers = listOf(await this.#call(signal, 'ListOutboundNumbersOfUser', 'dial', PAGE), 'Number');
      } catch (err) {
        this.#warn(`ListOutboundNumbersOfUser: ${(err as Error).message}`);
        return undefined;
      }
    }
    return this.#callers[0];
  }

  async #pollOnce(signal: AbortSignal): Promise<void> {
    const seq = ++this.#seq;
    const data = await this.#call(signal, 'PollUserStatus', 'poll');
    if (!signal.aborted) this.#apply(data, seq, 'PollUserStatus');
  }

  /** One API call naming the instance and the agent (docs/protocols/aliyun.md fact 2): the logged-in one by default. */
  #call(
    signal: AbortSignal,
    api: string,
    operation: string,
    params: Record<string, unknown> = {},
    { domain, agentId }: Pick<AgentIdentity, 'domain' | 'agentId'> = this.#requireIdentity(),
  ): Promise<unknown> {
    const call = { api, operation, params: { InstanceId: domain, UserId: agentId, ...params } };
    return callApi(this.#options, (entry) => this.#sink.log(entry), call, signal);
  }

  /** Applies an answer's contexts unless a request that started later was applied already (a stale poll). */
  #apply(data: unknown, seq: number, name: string): void {
    if (seq < this.#applied) return;
    this.#applied = seq;
    const view = agentViewOf(data, this.#requireIdentity());
    const meta = { name, at: Date.now(), raw: data };
    if (view) this.#diff(view, meta);
    else this.#raw(meta, false);
  }

  #diff(view: AgentView, meta: Meta): void {
    const { events, next, resync } = diffView(this.#reported, view, this.#requireIdentity().deviceId, meta);
    this.#reported = next;
    this.#track(view);
    if (events.length > 0) this.#raw(meta, true);
    for (const event of events) this.#sink.event(event);
    if (resync) this.#sink.resync?.(`${meta.name}: calls changed`);
    // signed out on the server without asking (a supervisor, another device): polling ends with the session
    if (!next.loggedIn && this.#signedIn) this.#stopSession();
  }

  #raw({ name, at, raw }: Meta, decoded: boolean): void {
    this.#sink.raw({ vendor: 'aliyun', name, body: raw, decoded, receivedAt: at });
  }

  #track(view: AgentView): void {
    if (view.mode === 'Ready' || view.mode === 'NotReady') {
      this.#idle = { mode: view.mode, reason: view.reason };
    }
  }

  #stopSession(): void {
    this.#signedIn = false;
    this.#poller.stop();
    if (this.#registered) this.#options.audio?.unregister();
    this.#registered = false;
  }

  #requireIdentity(): AgentIdentity {
    if (!this.#identity) {
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'Not logged in', { operation: 'execute' });
    }
    return this.#identity;
  }
}

/** Creates an Aliyun adapter (loaded on demand by the core when `vendor="aliyun"`). */
export const createAliyunVendor: VendorFactory = (options, sink) => new AliyunVendor(options, sink);

/** For tests: an adapter whose poller runs on an injected clock. */
export const createAliyunVendorWith =
  (clock: PollClock): VendorFactory =>
  (options, sink) =>
    new AliyunVendor(options, sink, clock);
