import { EventLog } from '../log/event-log.js';
import { selectView, type SoftphoneSnapshot, type SoftphoneView } from '../machine/selectors.js';
import { softphoneMachine } from '../machine/softphone.machine.js';
import type { LoginRequest, SoftphoneEvent } from '../machine/types.js';
import type { AgentIdentity, LoginCredentials, LoginFields } from '../model/agent.js';
import type { CallRecord } from '../model/call.js';
import type { Capabilities } from '../model/capabilities.js';
import type { LoginFailure } from '../model/login-reason.js';
import type { Operation, StatusCode } from '../model/status.js';
import type { ConnectionState, StatusChange, StatusContext } from '../model/status-change.js';
import type { VendorName } from '../model/vendor-name.js';
import { WellError, WellErrorCode, toWellError } from '../model/well-error.js';
import { VENDORS } from '../vendors/registry.js';
import { ActorHost } from './actor-host.js';
import { CommandRunner } from './command-runner.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, subscribeGraceOf, type SoftphoneConfig } from './config.js';
import { EventBus } from './event-bus.js';
import type { Kernel } from './kernel.js';
import { Projection } from './projection.js';
import { reactTo } from './reactions.js';
import { specs } from './specs.js';
import type { CommandOptions, SoftphoneEventMap, StatusMatch, WhenStatusOptions } from './types.js';
import { capabilitiesOf, invalidNumber, machineSettingsOf, validateCredentials } from './validate.js';
import { endpointsOf, VendorBridge } from './vendor-bridge.js';
import { TabLink } from './tab-link.js';
import type { StoredSession } from './session-store.js';
import { whenStatus } from './when-status.js';

/** wellClient refused a second makeCall within 2 s. */
const DIAL_GUARD_MS = 2000;

/** What the call commands of {@link Softphone} (softphone.ts) use of the session; not reachable from outside. */
export interface SessionInternals {
  readonly runner: CommandRunner;
  /** Stamps the dial guard's clock; throws `INVALID_ARGUMENT` when the last dial was under 2 s ago. */
  dialGuard(target: string): () => void;
}

const internals = new WeakMap<SoftphoneSession, SessionInternals>();

/** The internals of a session, for softphone.ts. */
export const internalsOf = (session: SoftphoneSession): SessionInternals => internals.get(session)!;

/**
 * The agent session half of the headless softphone: configuration, lifecycle, state and events, login and agent
 * modes. {@link Softphone} adds the call commands. Inside (docs/architecture.md): every command goes through one
 * command runner, and state is read through one view of the statechart.
 */
export class SoftphoneSession {
  /** The event log (bounded, redacted). */
  readonly log: EventLog;
  #config: SoftphoneConfig;
  readonly #bus: EventBus<SoftphoneEventMap>;
  readonly #host: ActorHost;
  readonly #bridge: VendorBridge;
  readonly #runner: CommandRunner;
  readonly #projection: Projection;
  readonly #stopWaiters = new Set<() => void>();
  #prefixes: string[] = [];
  #lastDialAt = 0;
  /** The tab session when the tabs of the origin share one agent session (`sharedSession`). */
  #tabs: TabLink | undefined;
  readonly #kernel: Kernel;

  constructor(config: SoftphoneConfig) {
    this.#config = { ...config };
    this.log = new EventLog(config.logCapacity);
    this.#bus = new EventBus(this.log);
    const capabilities = capabilitiesOf(config.vendor);
    const descriptor = VENDORS[config.vendor]!;
    const settings = {
      reconnectAttempts: descriptor.reconnect.attempts,
      reconnectDelayMs: descriptor.reconnect.delayMs,
      resyncAfterLogin: descriptor.resyncAfterLogin,
      ...machineSettingsOf(config),
    };
    const kernel: Kernel = {
      log: this.log,
      bus: this.#bus,
      start: () => this.start(),
      send: (event: SoftphoneEvent) => this.#host.send(event),
      view: () => this.view,
      config: () => this.#config,
      vendorName: config.vendor,
      requestTimeout: () => this.#requestTimeout,
    };
    this.#kernel = kernel;
    this.#bridge = new VendorBridge(kernel);
    this.#runner = new CommandRunner(kernel, this.#bridge);
    this.#projection = new Projection(config.vendor, this.#bus, this.log, {
      loggedOut: () => this.#bridge.forgetSession(this),
      idle: () => {
        if (this.#bridge.hasVendor && !this.#runner.signingIn) this.#bridge.dispose();
      },
    });
    const machine = softphoneMachine.provide({ actors: this.#bridge.actors() });
    internals.set(this, {
      runner: this.#runner,
      dialGuard: (target) => {
        const now = Date.now();
        if (now - this.#lastDialAt < DIAL_GUARD_MS) {
          throw invalidNumber('dial', target, 'tooSoon', 'Wait 2 seconds between two dial attempts');
        }
        return () => (this.#lastDialAt = now);
      },
    });
    this.#host = new ActorHost(
      machine,
      { input: { capabilities, settings } },
      {
        snapshot: (snapshot) => this.#projection.update(snapshot),
        emitted: (emitted) =>
          reactTo(emitted, kernel, this.#runner, this.#bridge, {
            owner: this,
            fetchPrefixes: () => this.getPrefixes(),
          }),
        recovered: (error) => {
          this.#bus.emit('error', error);
          this.#host.send({ type: 'heartbeat.tick' });
          this.#host.send({ type: 'calls.resync' });
        },
      },
      this.log,
    );
  }

  /**
   * Changes the configuration (server URLs, timings, even the vendor). Applies only while logged out
   * (status -1); otherwise throws `NOT_ALLOWED_IN_STATE`. Invalid values throw `CONFIG_INVALID`.
   */
  configure(changes: Partial<SoftphoneConfig>): void {
    const code = this.getStatusCode();
    if (code !== -1) {
      throw new WellError(WellErrorCode.NOT_ALLOWED_IN_STATE, 'The configuration can only change while logged out', {
        operation: 'configure',
        statusCode: code,
      });
    }
    const next = { ...this.#config, ...changes };
    subscribeGraceOf(next);
    const capabilities = changes.vendor ? capabilitiesOf(next.vendor) : undefined;
    this.#config = next;
    this.#host.send({
      type: 'config.update',
      settings: machineSettingsOf(next),
      ...(capabilities ? { capabilities } : {}),
    });
  }

  /** The current configuration (a copy). */
  get config(): Readonly<SoftphoneConfig> {
    return { ...this.#config };
  }

  /** Starts the statechart. Idempotent. Commands start it on demand. */
  start(): this {
    if (!this.#host.started) {
      this.#host.start();
      this.#bridge.prefetch();
      if (this.#config.sharedSession) this.#shareTabs();
    }
    return this;
  }

  /** Shares one agent session with the other tabs of the origin (docs/architecture-tabs.md). */
  #shareTabs(): void {
    const scope = this.#bridge.tabScope();
    if (!scope) return;
    this.#tabs = new TabLink(this.#kernel, this.#bridge, scope, {
      idle: () => this.getStatusCode() === -1 && !this.#runner.signingIn,
      join: (kept) => this.#reattachWith(kept),
    });
  }

  /**
   * This tab is the one that plays the ringtone: always, unless tabs share a session, where it is the focused tab of
   * the origin (else the leader tab).
   */
  get ringsHere(): boolean {
    return this.#tabs?.ringsHere ?? true;
  }

  /** Stops the statechart and closes the channel without logging out (the server keeps the agent). */
  stop(): void {
    if (!this.#host.started) return;
    this.#bridge.release(this);
    this.#host.stop();
    this.#bridge.dispose();
    this.#tabs?.dispose();
    this.#tabs = undefined;
    this.#bridge.setFactoryWrapper(undefined);
    for (const waiter of this.#stopWaiters) waiter();
  }

  /** Subscribes to a core event; returns the unsubscribe function. */
  on<K extends keyof SoftphoneEventMap>(type: K, listener: (detail: SoftphoneEventMap[K]) => void): () => void {
    return this.#bus.on(type, listener);
  }

  /** The vendor in use. */
  get vendor(): VendorName {
    return this.#config.vendor;
  }

  /** What the vendor can do; the UI hides what is off. */
  get capabilities(): Capabilities {
    return this.view.capabilities;
  }

  getSnapshot(): SoftphoneSnapshot {
    return this.#host.snapshot();
  }

  /** Everything a UI reads (status code, agent state, calls, connection, identity, allowed operations), per snapshot. */
  get view(): SoftphoneView {
    return selectView(this.#host.snapshot());
  }

  /** The status code -1..30 (docs/protocols/status-codes.md). */
  getStatusCode(): StatusCode {
    return this.view.code;
  }

  /** ms since the epoch when the current status code was entered (the time-in-state timer). */
  get statusSince(): number {
    return this.#projection.since;
  }

  get connectionState(): ConnectionState {
    return this.#projection.connection;
  }

  /** The login fields this backend needs besides the job number (a password, the domain, the extension). */
  get loginFields(): LoginFields {
    return VENDORS[this.vendor]?.login ?? { secret: true, domain: true, extension: true };
  }

  /** The logged-in agent, if any. */
  get identity(): AgentIdentity | undefined {
    return this.view.identity;
  }

  /** The pending 454/455 answer while login mode `ask` waits for {@link confirmForceLogin}. */
  get loginConflict(): LoginFailure | undefined {
    return this.view.conflict;
  }

  /** True when `operation` is allowed now (status-code table + capabilities + channel). */
  can(operation: Operation): boolean {
    return this.view.allowed(operation);
  }

  /** The agent's calls. */
  get calls(): readonly CallRecord[] {
    return this.view.calls;
  }

  /** The status context for a snapshot (the current one by default). */
  statusContext(snapshot: SoftphoneSnapshot = this.getSnapshot()): StatusContext {
    return this.#projection.context(selectView(snapshot));
  }

  /**
   * Waits until the derived status code matches: a code, a list of codes, or a predicate on the code and its
   * context. Commands resolve when the server accepted them; this resolves once the server's event confirmed the
   * state (at once when it already matches). Rejects with `TIMEOUT` (`timeoutMs`, default the request timeout;
   * `Infinity` waits for ever), `ABORTED` (the signal), `SESSION_EXPIRED` when the agent is logged out first,
   * `CHANNEL_ERROR` when reconnecting gave up first, and `INVALID_ARGUMENT` for a bad argument.
   *
   * ```ts
   * await phone.ready();
   * await phone.whenStatus(3); // the server confirmed: status 3, ready
   * ```
   */
  whenStatus(match: StatusMatch, options: WhenStatusOptions = {}): Promise<StatusChange> {
    const source = {
      bus: this.#bus,
      current: (): StatusChange => ({
        code: this.#projection.code,
        lastCode: this.#projection.lastCode,
        context: this.statusContext(),
      }),
      onStop: (callback: () => void) => {
        this.#stopWaiters.add(callback);
        return () => this.#stopWaiters.delete(callback);
      },
    };
    return whenStatus(source, match, options.timeoutMs ?? this.#requestTimeout, options.signal);
  }

  /**
   * Logs the agent in: session, event channel (subscribed before the request), Login request. Resolves on the
   * server's logged-on event (confirmed, not just accepted): the status is then 2 or 3, the mode that event reports;
   * a backend that confirms initial mode `Ready` in a later event needs `await whenStatus(3)`. 454/455 follow
   * `loginMode` (`force` default, `ask`, `stop`); with `ask` register `on('loginConflict')` before calling this,
   * since the promise stays pending until {@link confirmForceLogin} or {@link declineForceLogin}.
   */
  login(credentials: LoginCredentials, options: CommandOptions = {}): Promise<void> {
    const invalid = validateCredentials(credentials ?? {}, VENDORS[this.vendor]?.login);
    if (invalid.length > 0) {
      return Promise.reject(
        new WellError(WellErrorCode.MISSING_CREDENTIALS, `Missing or invalid: ${invalid.join(', ')}`, {
          operation: 'login',
          detail: { fields: invalid },
        }),
      );
    }
    try {
      endpointsOf(this.#config);
    } catch (err) {
      return Promise.reject(toWellError(err, WellErrorCode.CONFIG_INVALID));
    }
    const request: LoginRequest = {
      jobNumber: credentials.jobNumber.trim(),
      domain: (credentials.domain ?? '').trim(),
      extension: (credentials.extension ?? '').trim(),
      loginMode: credentials.loginMode ?? 'force',
      initialMode: credentials.initialMode ?? 'NotReady',
    };
    const { password, token, eventLogin, eventPasscode } = credentials;
    return this.#runner.signIn('login', { type: 'agent.login', request }, options, () =>
      this.#bridge.setSecret({
        ...(password ? { password } : {}),
        ...(token ? { token } : {}),
        ...(eventLogin ? { eventLogin } : {}),
        ...(eventPasscode ? { eventPasscode } : {}),
      }),
    );
  }

  /**
   * Reattaches to the session this tab kept after its last login (a page reload or a page change of a non-SPA host),
   * without a password: the server must still name the same agent and extension, logged in; then the event channel
   * opens and the server's view (mode, calls) is shown. Resolves `true` once reattached (status 2 or more), `false`
   * when there is nothing to reattach (no kept session, `reattach: false`, already logged in, or a vendor that cannot:
   * XSwitch). Rejects like {@link login}: `SESSION_EXPIRED` (`loginFailed` reason `sessionExpired`) when the session
   * ended meanwhile, which forgets it.
   */
  reattach(options: CommandOptions = {}): Promise<boolean> {
    this.start();
    if (this.getStatusCode() !== -1 || this.#runner.signingIn) return Promise.resolve(false);
    const kept = this.#bridge.loadKept(this);
    if (!kept) return Promise.resolve(false);
    return this.#reattachWith(kept, options);
  }

  #reattachWith(kept: StoredSession, options: CommandOptions = {}): Promise<boolean> {
    const request: LoginRequest = {
      jobNumber: kept.jobNumber,
      domain: kept.domain,
      extension: kept.extension,
      loginMode: 'force',
      initialMode: 'NotReady',
    };
    return this.#runner
      .signIn('reattach', { type: 'agent.reattach', request }, options, () => this.#bridge.setKept(kept))
      .then(() => true);
  }

  /**
   * The page is about to be frozen (Page Lifecycle `freeze`): until {@link resume}, the connection reads
   * `reconnecting` and what the softphone shows is not taken as live.
   */
  suspend(): void {
    this.#host.send({ type: 'session.suspend' });
  }

  /**
   * The page came back (Page Lifecycle `resume`, or `pageshow` from the back-forward cache): re-read the server's view
   * of the agent and its calls (the connection reads `reconnecting` until it answers), or reconnect when reconnecting
   * had given up. Nothing happens while logged out.
   */
  resume(): void {
    if (this.connectionState === 'failed') this.reconnect();
    else this.#host.send({ type: 'session.check' });
  }

  /** Login mode `ask`: take over the other session after a 454/455; the pending {@link login} goes on. */
  confirmForceLogin(): void {
    this.#host.send({ type: 'agent.confirmForce' });
  }

  /** Login mode `ask`: give up; the pending login rejects with `LOGIN_DECLINED`. */
  declineForceLogin(): void {
    this.#host.send({ type: 'agent.declineForce' });
  }

  /** After reconnect attempts ran out (connection `failed`): try again; progress comes as `connection` events. */
  reconnect(): void {
    this.#host.send({ type: 'connection.retry' });
  }

  /**
   * Logs out. Refused while allocated (and, with calls, while a call exists). During a login it cancels it.
   * Resolves when the server accepted; the session ends (status -1) on the logged-off event: `whenStatus(-1)`.
   */
  async logout(options: CommandOptions = {}): Promise<void> {
    this.start();
    if (this.getStatusCode() === 0) {
      const wasRequested = this.#runner.signingIn && this.view.identity !== undefined;
      this.#host.send({ type: 'agent.cancelLogin' });
      // The Login request may already have reached the server: log out there too, best effort.
      if (wasRequested)
        await this.#runner.run({ operation: 'logout', command: { type: 'logout' } }, options).catch(() => {});
      return;
    }
    await this.#runner.run(specs.logout(), options);
    this.#host.send({ type: 'agent.logoutAccepted' });
  }

  /** Goes ready (status 3). Resolves when the server accepted it; the status changes on its event: `whenStatus(3)`. */
  async ready(options: CommandOptions = {}): Promise<void> {
    await this.#runner.run(specs.ready(), options);
  }

  /**
   * Goes not ready with an optional reason (status 2); reason `"2"` means manual outbound only (status 4).
   * Resolves when the server accepted it; the status changes on the server's confirming event: `whenStatus(2)` (or 4).
   */
  async notReady(reason = '', options: CommandOptions = {}): Promise<void> {
    if (typeof reason !== 'string' || reason.length > 64) {
      throw new WellError(
        WellErrorCode.INVALID_ARGUMENT,
        'The not-ready reason must be a string of at most 64 characters',
        {
          operation: 'notReady',
        },
      );
    }
    await this.#runner.run(specs.notReady(reason), options);
  }

  /** Outbound trunk prefixes the agent may dial with (fetched after login); resolves with the server's answer. */
  async getPrefixes(options: CommandOptions = {}): Promise<string[]> {
    if (!this.capabilities.canPrefixes) return [];
    if (this.getStatusCode() < 2) {
      throw new WellError(WellErrorCode.NOT_ALLOWED_IN_STATE, 'Prefixes are available once logged in', {
        operation: 'getPrefixes',
        statusCode: this.getStatusCode(),
      });
    }
    const result = await this.#runner.run(specs.getPrefixes(), options);
    this.#prefixes = Array.isArray(result.data) ? result.data.filter((p): p is string => typeof p === 'string') : [];
    return [...this.#prefixes];
  }

  /** The prefixes fetched last. */
  get prefixes(): readonly string[] {
    return this.#prefixes;
  }

  get #requestTimeout(): number {
    return this.#config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }
}
