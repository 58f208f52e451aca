import { EventLog } from '../log/event-log.js';
import { selectView, type SoftphoneSnapshot, type SoftphoneView } from '../machine/selectors.js';
import type { AgentIdentity, LoginCredentials, LoginFields } from '../model/agent.js';
import type { CallRecord } from '../model/call.js';
import type { Capabilities } from '../model/capabilities.js';
import type { CommandResult } from '../model/command.js';
import type { LoginFailure } from '../model/login-reason.js';
import type { Operation, StatusCode } from '../model/status.js';
import type { ConnectionState, StatusChange, StatusContext } from '../model/status-change.js';
import type { VendorName } from '../model/vendor-name.js';
import { WellError, WellErrorCode, toWellError } from '../model/well-error.js';
import { VENDORS } from '../vendors/registry.js';
import type { CommandSpec } from './command-runner.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, deriveEndpoints, subscribeGraceOf, type SoftphoneConfig } from './config.js';
import { EventBus } from './event-bus.js';
import { loggedOutSnapshot, machineInputOf, statusContextOf } from './logged-out.js';
import { refusalOf } from './refusal.js';
import type { SessionEngine } from './session-engine.js';
import { specs } from './specs.js';
import type { CommandOptions, SoftphoneEventMap, StatusMatch, WhenStatusOptions } from './types.js';
import { capabilitiesOf, invalidNumber, validateCredentials } from './validate.js';

/** wellClient refused a second makeCall within 2 s. */
const DIAL_GUARD_MS = 2000;

/** What the call commands of {@link Softphone} (softphone.ts) use of the session; not reachable from outside. */
export interface SessionInternals {
  readonly runner: {
    /** Loads the session engine if needed, then runs the command through its command runner. */
    run(spec: CommandSpec, options?: CommandOptions): Promise<CommandResult>;
    /** The typed refusal of a command in the current state, or undefined when it may go. */
    refusal(spec: Pick<CommandSpec, 'operation' | 'event' | 'capability'>): WellError | undefined;
  };
  /** Stamps the dial guard's clock; throws `INVALID_ARGUMENT` when the last dial was under 2 s ago. */
  dialGuard(target: string): () => void;
}

const internals = new WeakMap<SoftphoneSession, SessionInternals>();

/** The internals of a session, for softphone.ts. */
export const internalsOf = (session: SoftphoneSession): SessionInternals => internals.get(session)!;

/** Loads the session engine: a chunk of its own (docs/architecture.md, "What loads when"). Replaceable by tests. */
export const engineChunk = { load: () => import('./session-engine.js') };

/**
 * The agent session half of the headless softphone: configuration, lifecycle, state and events, login and agent
 * modes. {@link Softphone} adds the call commands. Inside (docs/architecture.md): every command goes through one
 * command runner, and state is read through one view of the statechart. The statechart and what runs it (the session
 * engine, core/session-engine.ts) load on the first command, `start()` or `reattach()`; until then the softphone reads
 * logged out, and events registered meanwhile fire once it runs.
 */
export class SoftphoneSession {
  /** The event log (bounded, redacted). */
  readonly log: EventLog;
  #config: SoftphoneConfig;
  readonly #bus: EventBus<SoftphoneEventMap>;
  readonly #since = Date.now();
  #engine: SessionEngine | undefined;
  #loading: Promise<SessionEngine> | undefined;
  /** `start()` was asked for (and no `stop()` since): the engine starts once loaded. */
  #wanted = false;
  /** The logged-out view until the engine is loaded. */
  #idleView: SoftphoneView;
  #idleSnapshot: SoftphoneSnapshot;
  #prefixes: string[] = [];
  #lastDialAt = 0;

  constructor(config: SoftphoneConfig) {
    this.#config = { ...config };
    this.log = new EventLog(config.logCapacity);
    this.#bus = new EventBus(this.log);
    this.#idleSnapshot = loggedOutSnapshot(machineInputOf(config));
    this.#idleView = selectView(this.#idleSnapshot);
    const runner: SessionInternals['runner'] = {
      run: (spec, options) => this.#with(spec.operation, (engine) => engine.runner.run(spec, options)),
      refusal: (spec) => this.#engine?.runner.refusal(spec) ?? refusalOf(this.view, this.#config.vendor, spec),
    };
    internals.set(this, {
      runner,
      dialGuard: (target) => {
        const now = Date.now();
        if (now - this.#lastDialAt < DIAL_GUARD_MS) {
          throw invalidNumber('dial', target, 'tooSoon', 'Wait 2 seconds between two dial attempts');
        }
        return () => (this.#lastDialAt = now);
      },
    });
  }

  /** Runs `use` with the engine: at once when it is loaded (so a command reaches the statechart synchronously). */
  #with<T>(operation: string, use: (engine: SessionEngine) => Promise<T>): Promise<T> {
    return this.#engine ? use(this.#engine) : this.#load(operation).then(use);
  }

  /**
   * The session engine, loaded once (a lazy chunk). A chunk that cannot be loaded rejects with `NETWORK_ERROR` naming
   * `operation` (also reported as an `error` event), and the next command tries again.
   */
  #load(operation: string): Promise<SessionEngine> {
    if (this.#engine) return Promise.resolve(this.#engine);
    this.#loading ??= engineChunk.load().then(
      ({ SessionEngine }) => {
        const engine = new SessionEngine({
          owner: this,
          log: this.log,
          bus: this.#bus,
          config: () => this.#config,
          requestTimeout: () => this.#requestTimeout,
          since: this.#since,
          getPrefixes: () => this.getPrefixes(),
        });
        this.#engine = engine;
        if (this.#wanted) engine.start();
        return engine;
      },
      (err: unknown) => {
        this.#loading = undefined;
        const error = toWellError(err, WellErrorCode.NETWORK_ERROR);
        this.log.add('error', 'the session engine could not be loaded', { error: error.message });
        this.#bus.emit('error', error);
        throw error;
      },
    );
    return this.#loading.catch((err: unknown) => {
      throw new WellError(WellErrorCode.NETWORK_ERROR, 'The softphone could not load its session code', {
        operation,
        cause: err,
      });
    });
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
    if (this.#engine) this.#engine.configured(next, capabilities);
    else this.#idleView = selectView((this.#idleSnapshot = loggedOutSnapshot(machineInputOf(next))));
  }

  /** The current configuration (a copy). */
  get config(): Readonly<SoftphoneConfig> {
    return { ...this.#config };
  }

  /** Starts the statechart. Idempotent. Commands start it on demand. */
  start(): this {
    this.#wanted = true;
    if (this.#engine) this.#engine.start();
    else void this.#load('start').catch(() => {});
    return this;
  }

  /**
   * This tab is the one that plays the ringtone: always, unless tabs share a session, where it is the focused tab of
   * the origin (else the leader tab).
   */
  get ringsHere(): boolean {
    return this.#engine?.ringsHere ?? true;
  }

  /** Stops the statechart and closes the channel without logging out (the server keeps the agent). */
  stop(): void {
    this.#wanted = false;
    this.#engine?.stop();
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
    return this.#engine ? this.#engine.getSnapshot() : this.#idleSnapshot;
  }

  /** Everything a UI reads (status code, agent state, calls, connection, identity, allowed operations), per snapshot. */
  get view(): SoftphoneView {
    return this.#engine ? this.#engine.view : this.#idleView;
  }

  /** The status code -1..30 (docs/protocols/status-codes.md). */
  getStatusCode(): StatusCode {
    return this.view.code;
  }

  /** ms since the epoch when the current status code was entered (the time-in-state timer). */
  get statusSince(): number {
    return this.#engine ? this.#engine.statusSince : this.#since;
  }

  get connectionState(): ConnectionState {
    return this.#engine ? this.#engine.connection : 'disconnected';
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
    if (this.#engine) return this.#engine.statusContext(snapshot);
    return statusContextOf(this.vendor, selectView(snapshot), 'disconnected', this.#since);
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
    return this.#with('whenStatus', (engine) => engine.whenStatus(match, options));
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
      deriveEndpoints(this.#config, VENDORS[this.vendor]!.paths);
    } catch (err) {
      return Promise.reject(toWellError(err, WellErrorCode.CONFIG_INVALID));
    }
    const request = {
      jobNumber: credentials.jobNumber.trim(),
      domain: (credentials.domain ?? '').trim(),
      extension: (credentials.extension ?? '').trim(),
      loginMode: credentials.loginMode ?? 'force',
      initialMode: credentials.initialMode ?? 'NotReady',
    };
    const { password, token, eventLogin, eventPasscode } = credentials;
    const secret = {
      ...(password ? { password } : {}),
      ...(token ? { token } : {}),
      ...(eventLogin ? { eventLogin } : {}),
      ...(eventPasscode ? { eventPasscode } : {}),
    };
    return this.#with('login', (engine) => engine.login(request, secret, options));
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
    this.#wanted = true;
    return this.#with('reattach', (engine) => engine.reattach(options));
  }

  /**
   * The page is about to be frozen (Page Lifecycle `freeze`): until {@link resume}, the connection reads
   * `reconnecting` and what the softphone shows is not taken as live.
   */
  suspend(): void {
    this.#engine?.send({ type: 'session.suspend' });
  }

  /**
   * The page came back (Page Lifecycle `resume`, or `pageshow` from the back-forward cache): re-read the server's view
   * of the agent and its calls (the connection reads `reconnecting` until it answers), or reconnect when reconnecting
   * had given up. Nothing happens while logged out.
   */
  resume(): void {
    if (this.connectionState === 'failed') this.reconnect();
    else this.#engine?.send({ type: 'session.check' });
  }

  /** Login mode `ask`: take over the other session after a 454/455; the pending {@link login} goes on. */
  confirmForceLogin(): void {
    this.#engine?.send({ type: 'agent.confirmForce' });
  }

  /** Login mode `ask`: give up; the pending login rejects with `LOGIN_DECLINED`. */
  declineForceLogin(): void {
    this.#engine?.send({ type: 'agent.declineForce' });
  }

  /** After reconnect attempts ran out (connection `failed`): try again; progress comes as `connection` events. */
  reconnect(): void {
    this.#engine?.send({ type: 'connection.retry' });
  }

  /**
   * Logs out. Refused while allocated (and, with calls, while a call exists). During a login it cancels it.
   * Resolves when the server accepted; the session ends (status -1) on the logged-off event: `whenStatus(-1)`.
   */
  async logout(options: CommandOptions = {}): Promise<void> {
    await this.#with('logout', (engine) => engine.logout(options));
  }

  /** Goes ready (status 3). Resolves when the server accepted it; the status changes on its event: `whenStatus(3)`. */
  async ready(options: CommandOptions = {}): Promise<void> {
    await internalsOf(this).runner.run(specs.ready(), options);
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
    await internalsOf(this).runner.run(specs.notReady(reason), options);
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
    const result = await internalsOf(this).runner.run(specs.getPrefixes(), options);
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
