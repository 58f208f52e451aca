import { AgentMode, type AgentIdentity, type InitialMode, type LoginCredentials } from '../../model/agent.js';
import type { Command, CommandResult } from '../../model/command.js';
import type { ServerSnapshot } from '../../model/server-snapshot.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import type { AliyunSettings, Vendor, VendorFactory, VendorOptions, VendorSink } from '../vendor.js';
import { ALIYUN_CAPABILITIES } from './aliyun.capabilities.js';
import {
  agentViewOf,
  decodeContexts,
  field,
  listOf,
  snapshotOf,
  text,
  type AgentView,
  type Own,
} from './aliyun.codec.js';
import { apiCallOf, type Caller } from './aliyun.commands.js';
import { AliyunPoller, type PollClock } from './aliyun.poller.js';
import { callApi, type AliyunRestOptions, type ApiCall } from './aliyun.rest.js';
import { diffView, LOGGED_OUT, modeFact, type Reported } from './aliyun.sync.js';

const DEFAULT_POLL_CALL_MS = 1000;
const DEFAULT_POLL_IDLE_MS = 3000;

/** What GetLoginDetails tells the audio layer (docs/protocols/aliyun.md fact 13); never logged, never in the DOM. */
export interface AliyunAudioSeam {
  workMode: string | undefined;
  sipServerUrl: string | undefined;
}

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
  readonly #deviceId: string;
  #identity: AgentIdentity | undefined;
  #who: Caller | undefined;
  #reported: Reported = LOGGED_OUT;
  /** The mode before the current call, for a snapshot taken during a call. */
  #idle = { mode: AgentMode.Ready as AgentMode, reason: '' };
  #signedIn = false;
  /** Requests are numbered when they start; an answer older than one already applied is stale. */
  #seq = 0;
  #applied = 0;
  #callers: string[] | undefined;
  #audio: AliyunAudioSeam | undefined;

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
          new WellError(WellErrorCode.CHANNEL_ERROR, `PollUserStatus failed ${failures} times in a row`, {
            operation: 'poll',
            cause: error,
          }),
        );
      },
      ...(clock ? { clock } : {}),
    });
  }

  /** What the audio layer needs once logged in (the seam for in-browser audio). */
  get audio(): AliyunAudioSeam | undefined {
    return this.#audio;
  }

  get #rest(): AliyunRestOptions {
    return {
      settings: this.#settings,
      apiUrl: this.#options.endpoints.apiUrl,
      timeoutMs: this.#options.requestTimeoutMs,
      fetch: this.#options.fetch ?? globalThis.fetch.bind(globalThis),
      log: (entry) => this.#sink.log(entry),
    };
  }

  get #own(): Own {
    const identity = this.#requireIdentity();
    return { userId: identity.agentId, extension: identity.extension };
  }

  /** GetLoginDetails (fact 6): the agent's user id and extension. The proxy authenticates; no password is sent. */
  async authenticate(credentials: LoginCredentials, signal: AbortSignal): Promise<AgentIdentity> {
    const instanceId = this.#settings.instanceId ?? credentials.domain;
    const asked = `${credentials.jobNumber}@${instanceId}`;
    const data = await callApi(
      this.#rest,
      { api: 'GetLoginDetails', params: { InstanceId: instanceId, UserId: asked }, operation: 'login', login: true },
      signal,
    );
    const userId = text(data, 'UserId') ?? asked;
    const extension = text(data, 'Extension') ?? credentials.extension;
    this.#audio = { workMode: text(data, 'WorkMode'), sipServerUrl: text(data, 'SipServerUrl') };
    this.#who = { instanceId, userId };
    this.#identity = {
      jobNumber: credentials.jobNumber,
      domain: instanceId,
      extension,
      agentId: userId,
      deviceId: extension,
    };
    this.#reported = LOGGED_OUT;
    return { ...this.#identity };
  }

  /** There is no event socket: one PollUserStatus proves the proxy answers; polling resumes if signed in. */
  async openChannel(signal: AbortSignal): Promise<void> {
    await this.#call({ api: 'PollUserStatus', params: {}, operation: 'openChannel' }, signal);
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
    this.#requireWho();
    const call = apiCallOf(command, (id) => this.#reported.calls.find((c) => c.callId === id), caller);
    const seq = ++this.#seq;
    const data = await this.#call(call, signal);
    if (command.type === 'logout') {
      this.#signedIn = false;
      this.#poller.stop();
    }
    this.#apply(data, seq, call.api);
    if (command.type === 'dial') {
      const jobId = decodeContexts(data).call?.jobId ?? text(field(data, 'UserContext'), 'JobId');
      return jobId ? { callId: jobId } : {};
    }
    if (command.type === 'consult') {
      const consult = this.#reported.calls.find((c) => c.consultOf !== undefined);
      return consult ? { callId: consult.callId } : {};
    }
    return {};
  }

  /** PollUserStatus as the server's view (fact 10); it becomes the baseline later answers are diffed against. */
  async resync(signal: AbortSignal): Promise<ServerSnapshot> {
    const seq = ++this.#seq;
    const data = await this.#call({ api: 'PollUserStatus', params: {}, operation: 'resync' }, signal);
    const view = agentViewOf(data, this.#own);
    if (!view) {
      this.#sink.log({ level: 'warn', message: 'PollUserStatus has no user state: local state kept' });
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
    this.#who = undefined;
  }

  /**
   * SignInGroup with the agent's skill groups (configured, else every group of ListSkillLevelsOfUser), then
   * ReadyForService for the initial mode Ready; the state it lands in is reported as logged on (fact 6).
   */
  async #login(initialMode: InitialMode, signal: AbortSignal): Promise<void> {
    const groups = this.#settings.skillGroups ?? (await this.#skillGroups(signal));
    const seq = ++this.#seq;
    let data = await this.#call(
      {
        api: 'SignInGroup',
        params: { DeviceId: this.#deviceId, SignedSkillGroupIdList: JSON.stringify(groups) },
        operation: 'login',
        login: true,
      },
      signal,
    );
    let view = agentViewOf(data, this.#own);
    if (initialMode === 'Ready' && view?.state !== 'READY') {
      data = await this.#call(
        { api: 'ReadyForService', params: { OutboundScenario: false }, operation: 'login', login: true },
        signal,
      );
      view = agentViewOf(data, this.#own) ?? view;
    }
    if (signal.aborted) return;
    if (!view || view.state === 'OFFLINE') {
      throw new WellError(WellErrorCode.LOGIN_FAILED, 'SignInGroup left the agent offline', {
        operation: 'login',
        detail: { status: 0, reason: 'unknown' },
      });
    }
    const identity = this.#requireIdentity();
    const meta = { name: 'SignInGroup', at: Date.now(), raw: data };
    const mode = view.mode ?? AgentMode.Ready;
    this.#signedIn = true;
    this.#applied = Math.max(this.#applied, seq);
    this.#sink.event({
      type: 'agent.loggedOn',
      agentId: identity.agentId,
      deviceId: identity.deviceId,
      mode: mode === AgentMode.Ready ? AgentMode.Ready : AgentMode.NotReady,
      meta,
    });
    this.#reported = { loggedIn: true, mode, reason: mode === AgentMode.Ready ? '' : view.reason, calls: [] };
    // the break code, outbound only or after-call work is a second fact; a call the agent is already in follows
    if (mode !== AgentMode.Ready && (view.reason !== '' || mode !== AgentMode.NotReady)) {
      this.#sink.event(modeFact(mode, view.reason, identity.deviceId, meta));
    }
    this.#diff(view, meta);
    this.#poller.start();
  }

  async #skillGroups(signal: AbortSignal): Promise<string[]> {
    const data = await this.#call(
      { api: 'ListSkillLevelsOfUser', params: { PageNumber: 1, PageSize: 100 }, operation: 'login', login: true },
      signal,
    );
    return listOf(data, 'SkillGroupId');
  }

  /** The caller number for MakeCall and outside transfers: the first of ListOutboundNumbersOfUser, fetched once. */
  async #defaultCaller(signal: AbortSignal): Promise<string | undefined> {
    if (!this.#callers) {
      try {
        const data = await this.#call(
          { api: 'ListOutboundNumbersOfUser', params: { PageNumber: 1, PageSize: 100 }, operation: 'dial' },
          signal,
        );
        this.#callers = listOf(data, 'Number');
      } catch (err) {
        this.#sink.log({ level: 'warn', message: `No outbound numbers: ${(err as Error).message}` });
        return undefined;
      }
    }
    return this.#callers[0];
  }

  async #pollOnce(signal: AbortSignal): Promise<void> {
    const seq = ++this.#seq;
    const data = await this.#call({ api: 'PollUserStatus', params: {}, operation: 'poll' }, signal);
    if (!signal.aborted) this.#apply(data, seq, 'PollUserStatus');
  }

  #call(call: ApiCall, signal: AbortSignal): Promise<unknown> {
    const who = this.#requireWho();
    return callApi(
      this.#rest,
      { ...call, params: { InstanceId: who.instanceId, UserId: who.userId, ...call.params } },
      signal,
    );
  }

  /** Applies an answer's contexts unless a request that started later was applied already (a stale poll). */
  #apply(data: unknown, seq: number, name: string): void {
    if (seq < this.#applied) return;
    this.#applied = seq;
    const view = agentViewOf(data, this.#own);
    if (!view) {
      this.#sink.raw({ vendor: 'aliyun', name, body: data, decoded: false, receivedAt: Date.now() });
      return;
    }
    this.#diff(view, { name, at: Date.now(), raw: data });
  }

  #diff(view: AgentView, meta: { name: string; at: number; raw: unknown }): void {
    const { events, next, resync } = diffView(this.#reported, view, this.#requireIdentity().deviceId, meta);
    this.#reported = next;
    this.#track(view);
    if (events.length > 0) {
      this.#sink.raw({ vendor: 'aliyun', name: meta.name, body: meta.raw, decoded: true, receivedAt: meta.at });
    }
    for (const event of events) this.#sink.event(event);
    if (resync) this.#sink.resync?.(`${meta.name} contradicts the calls reported so far`);
    // signed out on the server without asking (a supervisor, another device): polling ends with the session
    if (!next.loggedIn && this.#signedIn) this.#stopSession();
  }

  #track(view: AgentView): void {
    if (view.mode !== undefined && view.mode !== AgentMode.Logout && view.mode !== AgentMode.WorkNotReady) {
      this.#idle = { mode: view.mode, reason: view.reason };
    }
  }

  #stopSession(): void {
    this.#signedIn = false;
    this.#poller.stop();
  }

  #requireIdentity(): AgentIdentity {
    if (!this.#identity) {
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'Not logged in', { operation: 'execute' });
    }
    return this.#identity;
  }

  #requireWho(): Caller {
    this.#requireIdentity();
    return this.#who!;
  }
}

/** Creates an Aliyun adapter (loaded on demand by the core when `vendor="aliyun"`). */
export const createAliyunVendor: VendorFactory = (options, sink) => new AliyunVendor(options, sink);

/** For tests: an adapter whose poller runs on an injected clock. */
export const createAliyunVendorWith =
  (clock: PollClock): VendorFactory =>
  (options, sink) =>
    new AliyunVendor(options, sink, clock);
