import { AgentMode, type AgentIdentity, type LoginCredentials } from '../../model/agent.js';
import type { Capabilities } from '../../model/capabilities.js';
import type { Command, CommandResult } from '../../model/command.js';
import type { DomainEvent } from '../../model/domain-event.js';
import type { ServerSnapshot } from '../../model/server-snapshot.js';
import { WellError, WellErrorCode, toWellError } from '../../model/well-error.js';
import type {
  KeptSession,
  Vendor,
  VendorFactory,
  VendorName,
  VendorOptions,
  VendorSink,
} from '../../vendors/vendor.js';
import type { HubVendor, TabHub } from './tab-hub.js';
import type { LeaderState, LeaderStatus, TabMessage } from './tab-protocol.js';
import { cloneable, cloneableEvent, fromWire, toWire } from './tab-wire.js';

/** How long a tab that logs in waits for the leader to say whether it has a session, at most, ms. */
const STATE_ASK_MS = 2000;

/** The factory a phone uses with a shared session: one {@link SharedVendor} per login or reattach. */
export function createSharedFactory(hub: TabHub, real: VendorFactory): VendorFactory {
  return (options, sink) => new SharedVendor(hub, real, options, sink);
}

/**
 * The vendor of a phone whose session is shared by the tabs of its scope. In the leader tab it is the real vendor,
 * wrapped so that every server fact it reports is also broadcast to the other tabs; in a follower tab it relays
 * `attach`, `openChannel`, `execute` and `resync` to the leader and reports the facts the leader broadcasts. When a
 * follower becomes the leader it takes the session over itself (the real vendor's `attach` with the kept session,
 * then the event channel, then a resync), so its phone stays logged in throughout.
 */
class SharedVendor implements Vendor, HubVendor {
  readonly name: VendorName;
  readonly capabilities: Capabilities;
  readonly #hub: TabHub;
  readonly #factory: VendorFactory;
  readonly #options: VendorOptions;
  readonly #sink: VendorSink;
  #real: Vendor;
  #mode: 'real' | 'relay';
  #disposed = false;
  // leader side
  #status: LeaderStatus = 'idle';
  #channel = false;
  #identity: AgentIdentity | undefined;
  #promotion: Promise<void> | undefined;
  /** A takeover that failed for a reason other than an ended session: retried at the next `openChannel`. */
  #retry: KeptSession | undefined;
  /** The kept session of a takeover under way (what other tabs may join once it is live). */
  #takingOver: KeptSession | undefined;
  /** A takeover found the session ended: the next resync says logged out. */
  #ended = false;
  /** A logout ran through this leader since the last login: its logged-off event was asked for. */
  #logoutAsked = false;
  // follower side
  #joined = false;
  #open = false;

  constructor(hub: TabHub, factory: VendorFactory, options: VendorOptions, sink: VendorSink) {
    this.#hub = hub;
    this.#factory = factory;
    this.#options = options;
    this.#sink = sink;
    this.#real = this.#makeReal();
    this.name = this.#real.name;
    this.capabilities = this.#real.capabilities;
    this.#mode = hub.role() === 'follower' ? 'relay' : 'real';
    hub.adopt(this);
  }

  // ---- Vendor

  async authenticate(credentials: LoginCredentials, signal: AbortSignal): Promise<AgentIdentity> {
    await this.#lead('login', signal);
    return this.#starting(this.#real.authenticate(credentials, signal), false);
  }

  async attach(session: KeptSession, signal: AbortSignal): Promise<AgentIdentity> {
    await this.#hub.ready();
    if (this.#mode === 'relay') {
      try {
        const { identity } = (await this.#ask('attach', { session }, signal)) as { identity: AgentIdentity };
        this.#joined = true;
        this.#hub.log('info', 'tabs: following the session of the leading tab');
        return identity;
      } catch (err) {
        const error = toWellError(err);
        if (error.code !== WellErrorCode.SESSION_EXPIRED || error.detail?.['shared'] !== 'none') throw error;
        // no tab has a session: this one reattaches by itself and leads
        await this.#hub.claim();
      }
    }
    if (!this.#real.attach) throw new WellError(WellErrorCode.NOT_SUPPORTED, 'This backend cannot reattach');
    return this.#starting(this.#real.attach(session, signal), true);
  }

  async openChannel(signal: AbortSignal): Promise<void> {
    if (this.#mode === 'relay') {
      await this.#ask('openChannel', {}, signal);
      this.#open = true;
      return;
    }
    await this.#promotion;
    const retry = this.#retry;
    if (retry) {
      this.#retry = undefined;
      this.#promotion = this.#takeOver(retry, false);
      await this.#promotion;
      if (this.#retry) throw new WellError(WellErrorCode.CHANNEL_ERROR, 'The shared session could not be taken over');
    }
    await this.#real.openChannel(signal);
    this.#channel = true;
    this.#publish();
  }

  async closeChannel(): Promise<void> {
    this.#open = false;
    if (this.#mode === 'relay') return;
    this.#channel = false;
    this.#publish();
    await this.#real.closeChannel();
  }

  async execute(command: Command, signal: AbortSignal): Promise<CommandResult> {
    if (this.#mode === 'relay') {
      // the leader beats for the session; a follower never logs in by itself (it joins with attach)
      if (command.type === 'heartbeat') return {};
      if (command.type === 'login' || command.type === 'forceLogin') throw this.#shared(command.type);
      try {
        return (await this.#ask('execute', { command }, signal)) as CommandResult;
      } catch (err) {
        // the leader went away with the request, and this tab leads now: it runs the command itself
        if (!this.#tookTheLead(err)) throw err;
      }
    }
    await this.#promotion;
    const kept = this.#real.keptSession?.()?.sessionId;
    // the logged-off event may come before the logout's HTTP answer: it is asked for from the moment it is sent
    if (command.type === 'logout') this.#logoutAsked = true;
    let result: CommandResult;
    try {
      result = await this.#real.execute(command, signal);
    } catch (err) {
      if (command.type === 'login' || command.type === 'forceLogin') this.#setStatus('idle');
      if (command.type === 'logout') this.#logoutAsked = false;
      throw err;
    }
    if (command.type === 'login' || command.type === 'forceLogin') {
      this.#logoutAsked = false;
      this.#setStatus('live');
    } else if (command.type === 'logout') {
      this.#logoutAsked = true;
      this.#setStatus('idle');
    }
    // a renewed session id (HTTP 426 on `well`) is what followers must take over with
    else if (this.#real.keptSession?.()?.sessionId !== kept) this.#publish();
    return result;
  }

  async resync(signal: AbortSignal): Promise<ServerSnapshot> {
    if (this.#mode === 'relay') {
      try {
        return (await this.#ask('resync', {}, signal)) as ServerSnapshot;
      } catch (err) {
        if (!this.#tookTheLead(err)) throw err;
      }
    }
    await this.#promotion;
    if (this.#ended) return { loggedIn: false, agentMode: AgentMode.Logout, raw: null };
    const snapshot = await this.#real.resync(signal);
    // the server ended the session without an event: nothing left for another tab to follow or take over
    if (!snapshot.loggedIn && this.#status === 'live') this.#setStatus('idle');
    return snapshot;
  }

  keptSession(): KeptSession | undefined {
    if (this.#mode === 'real') return this.#real.keptSession?.();
    const kept = this.#joined ? this.#hub.leaderState()?.kept : undefined;
    return kept ? { ...kept } : undefined;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const leading = this.#mode === 'real' && this.#hub.role() === 'leader' && this.#hub.current() === this;
    if (leading && this.#status === 'live') {
      // stopped without a logout (tab closing, phone stopped): another tab takes the session over
      this.#channel = false;
      this.#publish();
      this.#hub.yieldLead();
    } else if (leading && this.#status !== 'idle') {
      this.#setStatus('idle');
    }
    this.#hub.drop(this);
    this.#real.dispose();
  }

  // ---- HubVendor

  inner(): Vendor | undefined {
    return this.#mode === 'real' && !this.#disposed ? this : undefined;
  }

  promote(): boolean {
    const following = this.#mode === 'relay' && this.#joined && !this.#disposed;
    this.#mode = 'real';
    const kept = this.#hub.leaderState()?.kept;
    if (!following || !kept) return false;
    this.#joined = false;
    this.#promotion = this.#takeOver(kept, this.#open);
    return true;
  }

  demote(): void {
    if (this.#mode === 'relay' || this.#disposed) return;
    const live = this.#status === 'live';
    this.#real.closeChannel().catch(() => {});
    this.#real.dispose();
    this.#real = this.#makeReal();
    this.#mode = 'relay';
    [this.#status, this.#channel, this.#joined, this.#open] = ['idle', false, false, false];
    if (live) {
      this.#sink.channelLost(new WellError(WellErrorCode.CHANNEL_ERROR, 'Another tab took the session over'));
    }
  }

  fromLeader(message: TabMessage): void {
    if (this.#mode !== 'relay' || !this.#joined || this.#disposed) return;
    switch (message.kind) {
      case 'event':
        if (this.#open) this.#sink.event(message.event);
        return;
      case 'raw':
        if (this.#open) this.#sink.raw(message.message);
        return;
      case 'lost':
        if (!this.#open) return;
        this.#open = false;
        this.#sink.channelLost(fromWire(message.error));
        return;
      case 'problem':
        this.#sink.error(fromWire(message.error));
        return;
      case 'resync':
        this.#sink.resync?.(message.reason);
        return;
      default:
        return;
    }
  }

  leaderChanged(state: LeaderState): void {
    // the shared session ended (a logout in some tab, or an ended takeover): read the server view, which says so
    if (this.#mode === 'relay' && this.#joined && this.#open && state.status === 'idle') {
      this.#sink.resync?.('the shared session ended');
    }
  }

  // ---- internals

  /** The real vendor, reporting to the phone and, while this tab leads, to every other tab too. */
  #makeReal(): Vendor {
    const sink = this.#sink;
    const broadcasting = (): boolean => this.#mode === 'real' && this.#hub.role() === 'leader' && !this.#disposed;
    return this.#factory(this.#options, {
      event: (event: DomainEvent) => {
        // a logout this leader ran (for itself or a follower) was asked for: no tab may report it as ended
        const fact = event.type === 'agent.loggedOff' && this.#logoutAsked ? { ...event, askedByAgent: true } : event;
        sink.event(fact);
        if (!broadcasting()) return;
        this.#hub.post({ kind: 'event', event: cloneableEvent(fact) });
        if (fact.type === 'agent.loggedOn' && this.#status === 'starting') this.#setStatus('live');
        if (fact.type === 'agent.loggedOff') this.#setStatus('idle');
      },
      raw: (message) => {
        sink.raw(message);
        if (broadcasting()) this.#hub.post({ kind: 'raw', message: { ...message, body: cloneable(message.body) } });
      },
      channelLost: (error) => {
        sink.channelLost(error);
        if (!broadcasting()) return;
        this.#channel = false;
        this.#publish();
        this.#hub.post({ kind: 'lost', error: toWire(error) });
      },
      error: (error) => {
        sink.error(error);
        if (broadcasting()) this.#hub.post({ kind: 'problem', error: toWire(error) });
      },
      resync: (reason) => {
        sink.resync?.(reason);
        if (broadcasting()) this.#hub.post({ kind: 'resync', reason });
      },
      log: (entry) => sink.log(entry),
    });
  }

  /**
   * Makes this tab the leader for a login: a follower claims the lead only when the leader has no session (else the
   * agent is already logged in through another tab, which this tab follows).
   */
  async #lead(operation: string, signal: AbortSignal): Promise<void> {
    await this.#hub.ready();
    if (this.#mode === 'real') return;
    let status: LeaderStatus = 'idle';
    try {
      const timeout = Math.min(STATE_ASK_MS, this.#options.requestTimeoutMs);
      status = ((await this.#hub.ask('state', {}, signal, timeout)) as LeaderState).status;
    } catch (err) {
      if (toWellError(err).code !== WellErrorCode.TIMEOUT) throw err;
      this.#hub.log('warn', 'tabs: the leading tab does not answer: this tab leads now');
    }
    if (status !== 'idle') throw this.#shared(operation);
    await this.#hub.claim();
  }

  /** Runs a login or reattach of the real vendor as the session being started, then reports its outcome. */
  async #starting(work: Promise<AgentIdentity>, live: boolean): Promise<AgentIdentity> {
    [this.#identity, this.#ended, this.#retry] = [undefined, false, undefined];
    this.#setStatus('starting');
    try {
      this.#identity = await work;
    } catch (err) {
      this.#setStatus('idle');
      throw err;
    }
    if (live) this.#setStatus('live');
    return this.#identity;
  }

  /** The follower → leader takeover: the real vendor reattaches with the kept session, reopens and resyncs. */
  async #takeOver(kept: KeptSession, reopen: boolean): Promise<void> {
    const signal = (): AbortSignal => AbortSignal.timeout(this.#options.requestTimeoutMs);
    this.#identity = undefined;
    this.#takingOver = kept;
    this.#setStatus('starting');
    try {
      if (!this.#real.attach) throw new WellError(WellErrorCode.SESSION_EXPIRED, 'This backend cannot reattach');
      this.#identity = await this.#real.attach(kept, signal());
      this.#setStatus('live');
      if (reopen) {
        await this.#real.openChannel(signal());
        this.#channel = true;
        this.#publish();
      }
      this.#hub.log('info', 'tabs: took the shared session over');
      // events may have been missed while no tab led: this tab and its followers re-read the server's view
      this.#sink.resync?.('this tab took the shared session over');
      this.#hub.post({ kind: 'resync', reason: 'another tab took the shared session over' });
    } catch (err) {
      const error = toWellError(err);
      this.#hub.log('warn', `tabs: the takeover failed: ${error.message}`);
      if (error.code === WellErrorCode.SESSION_EXPIRED) {
        this.#ended = true;
        this.#setStatus('idle');
        this.#sink.resync?.('the shared session ended');
      } else {
        // network or timeout: the phone reconnects, and its next openChannel tries again
        this.#retry = kept;
        this.#sink.channelLost(new WellError(WellErrorCode.CHANNEL_ERROR, error.message, { cause: error }));
      }
    } finally {
      this.#takingOver = undefined;
      this.#promotion = undefined;
    }
  }

  #setStatus(status: LeaderStatus): void {
    this.#status = status;
    if (status === 'idle') this.#channel = false;
    this.#publish();
  }

  #publish(): void {
    if (this.#mode !== 'real' || this.#disposed || this.#hub.current() !== this) return;
    // a login in progress has nothing to join yet (it may still fail or wait for the agent's force decision)
    const kept = this.#status === 'live' ? this.#real.keptSession?.() : this.#takingOver;
    const identity = this.#status === 'idle' ? undefined : this.#identity;
    this.#hub.publish({
      status: this.#status,
      channel: this.#channel,
      ...(kept ? { kept: { ...kept } } : {}),
      ...(identity ? { identity: { ...identity } } : {}),
    });
  }

  #ask(
    op: 'attach' | 'openChannel' | 'execute' | 'resync',
    extra: { command?: Command; session?: KeptSession },
    signal: AbortSignal,
  ): Promise<unknown> {
    return this.#hub.ask(op, extra, signal, this.#options.requestTimeoutMs);
  }

  /** A relayed request failed because its leader went away, and this tab's vendor is the real one now. */
  #tookTheLead(err: unknown): boolean {
    return (this.#mode as string) === 'real' && err instanceof WellError && err.detail?.['reason'] === 'leaderGone';
  }

  #shared(operation: string): WellError {
    return new WellError(
      WellErrorCode.NOT_ALLOWED_IN_STATE,
      'Another tab holds the agent session of this backend: this tab follows it',
      { operation, detail: { reason: 'sharedSession' } },
    );
  }
}
