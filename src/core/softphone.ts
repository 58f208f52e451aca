import { createActor, fromPromise, type Actor, type Snapshot } from 'xstate';
import { EventLog } from '../log/event-log.js';
import {
  softphoneMachine,
  OPERATION_EVENT,
  type CommandEvent,
  type LoginRequest,
  type MachineSettings,
  type SoftphoneEmitted,
} from '../machine/softphone.machine.js';
import {
  agentStateOf,
  deriveStatusCode,
  isCapable,
  Operation,
  type SoftphoneSnapshot,
  type StatusCode,
} from '../machine/status.js';
import type { AgentIdentity, InitialMode, LoginCredentials, LoginMode } from '../model/agent.js';
import { OUTBOUND_ONLY_REASON } from '../model/agent.js';
import type { Capabilities } from '../model/capabilities.js';
import type { Command, CommandResult, DialOptions } from '../model/command.js';
import { activeCall, type CallNotice, type CallRecord } from '../machine/calls.js';
import type { DomainEvent, RawMessage } from '../model/domain-event.js';
import type { LoginFailure } from '../model/login-reason.js';
import { WellError, WellErrorCode, toWellError } from '../model/well-error.js';
import type { Vendor, VendorName, VendorSink } from '../vendors/vendor.js';
import { VENDOR_NAMES, VENDORS } from '../vendors/registry.js';
import {
  DEFAULT_CHANNEL_HEARTBEAT_MS,
  subscribeGraceOf,
  maxFrameBytesOf,
  DEFAULT_REQUEST_TIMEOUT_MS,
  deriveEndpoints,
  type SoftphoneConfig,
} from './config.js';
import {
  clearSession,
  heldByAnother,
  holdSession,
  loadSession,
  releaseSession,
  saveSession,
  sessionKey,
  type StoredSession,
} from './session-store.js';

/** Options every command takes. */
export interface CommandOptions {
  signal?: AbortSignal;
  /** ms; defaults to the configured request timeout (login: 3×). */
  timeout?: number;
}

/** The public connection states of the event channel. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** What `status` listeners (and `well-status-change`) receive. */
export interface StatusChange {
  code: StatusCode;
  lastCode: StatusCode;
  context: StatusContext;
}

/** The context of a status code (docs/protocols/status-codes.md). */
export interface StatusContext {
  vendor: VendorName;
  agentId?: string;
  deviceId?: string;
  jobNumber?: string;
  extension?: string;
  /** Agent state name (`ready`, `notReady`, `outboundOnly`, `afterCallWork`, `allocated`…). */
  agentState: string;
  /** Not-ready reason (`"2"` = outbound only). */
  reason: string;
  allocated: boolean;
  pendingMode: boolean;
  /** A command waiting for its confirming event. */
  pendingOperation?: string;
  connection: ConnectionState;
  /** Number of calls. */
  calls: number;
  /** The call the agent is acting on (ringing, dialing or talking; else the held one). */
  activeCall?: Readonly<CallRecord>;
  muted: boolean;
  recording: boolean;
  /** The raw server event that caused the change, if one did. */
  raw?: unknown;
  /** ms since the epoch when this code was entered. */
  since: number;
}

export interface ConnectionChange {
  state: ConnectionState;
  previous: ConnectionState;
  /** Current reconnect attempt (1-based) while reconnecting. */
  attempt: number;
  maxAttempts: number;
  error?: WellError;
}

/** What {@link Softphone.whenStatus} waits for: a code, any of several codes, or a predicate. */
export type StatusMatch = StatusCode | readonly StatusCode[] | ((code: StatusCode, context: StatusContext) => boolean);

/** Options of {@link Softphone.whenStatus}. */
export interface WhenStatusOptions {
  signal?: AbortSignal;
  /** ms; defaults to the configured request timeout; `Infinity` waits until the session ends. */
  timeoutMs?: number;
}

/** Events of the headless core. */
export interface SoftphoneEventMap {
  snapshot: SoftphoneSnapshot;
  status: StatusChange;
  connection: ConnectionChange;
  loginFailed: LoginFailure & { error: WellError };
  loginConflict: LoginFailure;
  loggedIn: AgentIdentity;
  error: WellError;
  raw: RawMessage;
  event: DomainEvent;
  /** Call facts for the host: offered, started, held, resumed, transferred, conferenced, ended. */
  call: CallNotice;
}

type Listener<T> = (detail: T) => void;

const CONNECTION_STATES: Record<string, ConnectionState> = {
  idle: 'disconnected',
  closing: 'disconnected',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  // after a freeze or a back-forward cache restore, until the server's view is read again: not live
  stale: 'reconnecting',
  verifying: 'reconnecting',
  failed: 'failed',
};

const MACHINE_SETTING_KEYS = [
  'reconnectAttempts',
  'reconnectDelayMs',
  'heartbeatMs',
  'loginConfirmMs',
  'logoutConfirmMs',
  'commandConfirmMs',
  'clearConfirmMs',
  'afterCallSeconds',
  'autoAnswerSeconds',
  'ringTimeoutSeconds',
] as const;

/** The statechart settings present in a config. */
function machineSettingsOf(config: SoftphoneConfig): Partial<MachineSettings> {
  const settings: Partial<MachineSettings> = {};
  for (const key of MACHINE_SETTING_KEYS) {
    const value = config[key];
    if (value === undefined) continue;
    if (
      Array.isArray(value)
        ? value.some((v) => !Number.isFinite(v) || v < 0)
        : !Number.isFinite(value) || (value as number) < 0
    ) {
      throw new WellError(WellErrorCode.CONFIG_INVALID, `${key} must be a number ≥ 0`);
    }
    (settings as Record<string, unknown>)[key] = value;
  }
  return settings;
}

function capabilitiesOf(vendor: VendorName): Capabilities {
  if (!VENDOR_NAMES.includes(vendor)) {
    throw new WellError(WellErrorCode.CONFIG_INVALID, `Unknown vendor "${String(vendor)}"`);
  }
  const descriptor = VENDORS[vendor];
  if (!descriptor) {
    throw new WellError(WellErrorCode.CONFIG_INVALID, `The "${vendor}" vendor is not available in this build yet`);
  }
  return descriptor.capabilities;
}

/** Digits, `*`, `#`, or `main-[W|w]…extension` (FAQ 8.7). */
const DIALLABLE = /^(?:[0-9*#]{1,32}|[0-9*#]{1,32}-[Ww]*[0-9*#]{1,16})$/;
/** wellClient refused a second makeCall within 2 s. */
const DIAL_GUARD_MS = 2000;

const JOB_NUMBER = /^[A-Za-z0-9_.-]{1,32}$/;
const EXTENSION = /^[0-9A-Za-z_*#.-]{1,32}$/;
const DOMAIN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Checks login fields before any request; returns the field names that are missing or invalid. */
export function validateCredentials(credentials: Partial<LoginCredentials>): (keyof LoginCredentials)[] {
  const invalid: (keyof LoginCredentials)[] = [];
  const value = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
  if (!JOB_NUMBER.test(value(credentials.jobNumber))) invalid.push('jobNumber');
  const hasPassword = typeof credentials.password === 'string' && credentials.password !== '';
  const hasToken = typeof credentials.token === 'string' && credentials.token !== '';
  if (!hasPassword && !hasToken) invalid.push('password');
  if (!DOMAIN.test(value(credentials.domain))) invalid.push('domain');
  if (!EXTENSION.test(value(credentials.extension))) invalid.push('extension');
  if (credentials.loginMode !== undefined && !['force', 'ask', 'stop'].includes(credentials.loginMode)) {
    invalid.push('loginMode');
  }
  if (credentials.initialMode !== undefined && !['Ready', 'NotReady'].includes(credentials.initialMode)) {
    invalid.push('initialMode');
  }
  return invalid;
}

/**
 * The headless softphone: one agent session on one backend. Every command returns a Promise, takes
 * `{ signal, timeout }` and rejects with a {@link WellError}. State comes from server events only.
 *
 * ```ts
 * const phone = new Softphone({ vendor: 'well', server: 'https://cti.example.com' });
 * phone.on('status', ({ code }) => console.log('status', code));
 * await phone.login({ jobNumber: '5001', password, domain: 'test.cc', extension: '8001' });
 * await phone.ready();
 * ```
 */
export class Softphone {
  /** The event log (bounded, redacted). */
  readonly log: EventLog;
  #config: SoftphoneConfig;
  #actor: Actor<typeof softphoneMachine>;
  readonly #machine: typeof softphoneMachine;
  readonly #input: { capabilities: Capabilities; settings: Partial<MachineSettings> };
  /** The event being sent to the statechart, to name it if its handling throws. */
  #sending: string | undefined;
  /** A restart is starting the restored statechart (a second failure then starts clean). */
  #recovering = false;
  readonly #listeners = new Map<keyof SoftphoneEventMap, Set<Listener<never>>>();
  #vendor: Vendor | undefined;
  /** The password or token (and event-channel login) of the login in flight; handed to the vendor once, never kept. */
  #secret: Pick<LoginCredentials, 'password' | 'token' | 'eventLogin' | 'eventPasscode'> | undefined;
  /** The kept session a reattach in flight hands to the vendor once. */
  #kept: StoredSession | undefined;
  /** Ends the promise of a reattach in flight that an explicit login supersedes. */
  #supersedeReattach: (() => void) | undefined;
  #code: StatusCode = -1;
  #lastCode: StatusCode = -1;
  readonly #stopWaiters = new Set<() => void>();
  #since = Date.now();
  #connection: ConnectionState = 'disconnected';
  #prefixes: string[] = [];
  #started = false;
  #loginPromise: Promise<void> | undefined;
  #canSnapshot: SoftphoneSnapshot | undefined;
  #lastDialAt = 0;
  readonly #canCache = new Map<Operation, boolean>();

  constructor(config: SoftphoneConfig) {
    this.#config = { ...config };
    this.log = new EventLog(config.logCapacity);
    const capabilities = capabilitiesOf(config.vendor);
    const descriptor = VENDORS[config.vendor];
    const settings = {
      ...(descriptor
        ? {
            reconnectAttempts: descriptor.reconnect.attempts,
            reconnectDelayMs: descriptor.reconnect.delayMs,
            resyncAfterLogin: descriptor.resyncAfterLogin,
          }
        : {}),
      ...machineSettingsOf(config),
    };
    const machine = softphoneMachine.provide({
      actors: {
        authenticate: fromPromise<AgentIdentity, LoginRequest>(({ input, signal }) =>
          this.#authenticate(input, signal),
        ),
        attach: fromPromise<AgentIdentity, LoginRequest>(({ signal }) => this.#attach(signal)),
        openChannel: fromPromise<void, void>(({ signal }) => this.#requireVendor().openChannel(signal)),
        closeChannel: fromPromise<void, void>(async () => {
          await this.#vendor?.closeChannel();
        }),
        login: fromPromise<void, { initialMode: InitialMode }>(async ({ input, signal }) => {
          await this.#requireVendor().execute({ type: 'login', initialMode: input.initialMode }, signal);
        }),
        forceLogin: fromPromise<void, { initialMode: InitialMode }>(async ({ input, signal }) => {
          await this.#requireVendor().execute({ type: 'forceLogin', initialMode: input.initialMode }, signal);
        }),
        resync: fromPromise(({ signal }) => this.#requireVendor().resync(signal)),
      },
    });
    this.#machine = machine;
    this.#input = { capabilities, settings };
    this.#actor = this.#createActor();
  }

  /** A statechart actor (from a snapshot when it restarts), wired to this core. */
  #createActor(snapshot?: Snapshot<unknown>): Actor<typeof softphoneMachine> {
    const actor = createActor(this.#machine, { input: this.#input, ...(snapshot ? { snapshot } : {}) });
    actor.subscribe({
      next: (next) => this.#onSnapshot(next),
      error: (err) => this.#recover(err),
    });
    actor.on('*', (emitted) => this.#onEmitted(emitted as SoftphoneEmitted));
    return actor;
  }

  #send(event: Parameters<Actor<typeof softphoneMachine>['send']>[0]): void {
    const outer = this.#sending;
    this.#sending = event.type;
    try {
      this.#actor.send(event);
    } finally {
      this.#sending = outer;
    }
  }

  /**
   * An exception inside the statechart (a guard or action that threw on a hostile event) stops an XState actor for
   * good. Contain it: report MALFORMED_EVENT, restart from the state before that event (identity and session kept,
   * so the agent stays logged in), restart the heartbeat and ask the server for its view.
   */
  #recover(err: unknown): void {
    const type = this.#sending ?? 'event';
    const error = new WellError(WellErrorCode.MALFORMED_EVENT, `The "${type}" event could not be applied`, {
      operation: type,
      cause: err,
    });
    this.log.add('error', `statechart stopped on "${type}": restarting`, {
      error: err instanceof Error ? err.message : String(err),
    });
    let restored: Snapshot<unknown> | undefined;
    if (!this.#recovering) {
      try {
        const persisted = this.#actor.getPersistedSnapshot() as Snapshot<unknown> & Record<string, unknown>;
        restored = { ...persisted, status: 'active', error: undefined } as Snapshot<unknown>;
      } catch {
        restored = undefined;
      }
    }
    // The state before the event could not be restored (or failed again at once): start clean, logged out.
    this.#actor = this.#createActor(restored);
    if (!this.#started) return;
    this.#recovering = true;
    try {
      this.#actor.start();
    } finally {
      this.#recovering = false;
    }
    this.#emit('error', error);
    this.#send({ type: 'heartbeat.tick' });
    this.#send({ type: 'calls.resync' });
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
    this.#send({
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
    if (!this.#started) {
      this.#started = true;
      this.#actor.start();
      this.#prefetchVendor();
    }
    return this;
  }

  /** Fetches the vendor's lazy adapter while the browser is idle, so the first login does not wait for it. */
  #prefetchVendor(): void {
    const idle = (globalThis as { requestIdleCallback?: (run: () => void) => unknown }).requestIdleCallback;
    const descriptor = VENDORS[this.vendor];
    if (!idle || this.#config.vendorFactory || !descriptor) return;
    // a chunk that fails to load here is simply loaded (and its error reported) at login
    idle(() => void descriptor.load().catch(() => {}));
  }

  /** Stops the statechart and closes the channel without logging out (the server keeps the agent). */
  stop(): void {
    if (!this.#started) return;
    this.#started = false;
    const key = this.#sessionKey();
    if (key) releaseSession(key, this);
    this.#actor.stop();
    this.#vendor?.dispose();
    this.#vendor = undefined;
    this.#secret = undefined;
    for (const waiter of this.#stopWaiters) waiter();
  }

  /** Subscribes to a core event; returns the unsubscribe function. */
  on<K extends keyof SoftphoneEventMap>(type: K, listener: Listener<SoftphoneEventMap[K]>): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** The vendor in use. */
  get vendor(): VendorName {
    return this.#config.vendor;
  }

  /** What the vendor can do; the UI hides what is off. */
  get capabilities(): Capabilities {
    return this.getSnapshot().context.capabilities;
  }

  getSnapshot(): SoftphoneSnapshot {
    return this.#actor.getSnapshot();
  }

  /** The status code -1..30 (docs/protocols/status-codes.md). */
  getStatusCode(): StatusCode {
    return deriveStatusCode(this.getSnapshot());
  }

  /** ms since the epoch when the current status code was entered (the time-in-state timer). */
  get statusSince(): number {
    return this.#since;
  }

  get connectionState(): ConnectionState {
    return this.#connection;
  }

  /** The logged-in agent, if any. */
  get identity(): AgentIdentity | undefined {
    return this.getSnapshot().context.identity;
  }

  /** The pending 454/455 answer while login mode `ask` waits for {@link confirmForceLogin}. */
  get loginConflict(): LoginFailure | undefined {
    return this.getSnapshot().context.conflict;
  }

  /** True when `operation` is allowed now (status-code table + capabilities + channel). */
  can(operation: Operation): boolean {
    const snapshot = this.getSnapshot();
    // Memoised per snapshot: the UI asks for several operations on every render.
    if (this.#canSnapshot !== snapshot) {
      this.#canSnapshot = snapshot;
      this.#canCache.clear();
    }
    let allowed = this.#canCache.get(operation);
    if (allowed === undefined) {
      const type = OPERATION_EVENT[operation];
      allowed =
        type === undefined
          ? false
          : operation === Operation.login
            ? snapshot.can({ type: 'agent.login', request: {} as LoginRequest })
            : operation === Operation.notReady
              ? snapshot.can({ type: 'agent.notReady', reason: '' })
              : snapshot.can({ type } as CommandEvent);
      this.#canCache.set(operation, allowed);
    }
    return allowed;
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
    const timeoutMs = options.timeoutMs ?? this.#requestTimeout;
    const test =
      typeof match === 'function'
        ? match
        : (code: StatusCode) => (typeof match === 'number' ? match === code : match.includes(code));
    const fail = (code: WellErrorCode, message: string): WellError =>
      new WellError(code, message, { operation: 'whenStatus', statusCode: this.getStatusCode() });
    if (!(timeoutMs >= 0) || (typeof match !== 'function' && typeof match !== 'number' && !Array.isArray(match))) {
      return Promise.reject(fail(WellErrorCode.INVALID_ARGUMENT, 'whenStatus needs a code, codes or a predicate'));
    }
    return new Promise<StatusChange>((resolve, reject) => {
      const done = (result: StatusChange | WellError): void => {
        clearTimeout(timer);
        offStatus();
        offConnection();
        this.#stopWaiters.delete(onStop);
        options.signal?.removeEventListener('abort', onAbort);
        if (result instanceof WellError) reject(result);
        else resolve(result);
      };
      const check = (change: StatusChange, initial = false): void => {
        let matched: boolean;
        try {
          matched = test(change.code, change.context);
        } catch (err) {
          return done(toWellError(err, WellErrorCode.INVALID_ARGUMENT));
        }
        if (matched) done(change);
        else if (!initial && change.code === -1) {
          done(fail(WellErrorCode.SESSION_EXPIRED, 'The agent was logged out before the status was reached'));
        }
      };
      const onAbort = (): void => done(fail(WellErrorCode.ABORTED, '"whenStatus" was aborted'));
      const onStop = (): void => done(fail(WellErrorCode.ABORTED, 'The softphone was stopped'));
      const offStatus = this.on('status', (change) => check(change));
      const offConnection = this.on('connection', ({ state }) => {
        if (state === 'failed') done(fail(WellErrorCode.CHANNEL_ERROR, 'The event channel failed'));
      });
      this.#stopWaiters.add(onStop);
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(
            () => done(fail(WellErrorCode.TIMEOUT, `The status was not reached within ${timeoutMs} ms`)),
            timeoutMs,
          )
        : undefined;
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) onAbort();
      else check({ code: this.#code, lastCode: this.#lastCode, context: this.statusContext() }, true);
    });
  }

  /**
   * Logs the agent in: session, event channel (subscribed before the request), Login request. Resolves on the
   * server's logged-on event (confirmed, not just accepted): the status is then 2 or 3, the mode that event reports;
   * a backend that confirms initial mode `Ready` in a later event needs `await whenStatus(3)`. 454/455 follow
   * `loginMode` (`force` default, `ask`, `stop`); with `ask` register `on('loginConflict')` before calling this,
   * since the promise stays pending until {@link confirmForceLogin} or {@link declineForceLogin}.
   */
  login(credentials: LoginCredentials, options: CommandOptions = {}): Promise<void> {
    this.start();
    if (this.#loginPromise && !this.#supersedeReattach) {
      return Promise.reject(
        new WellError(WellErrorCode.LOGIN_IN_PROGRESS, 'A login is already in progress', { operation: 'login' }),
      );
    }
    const invalid = validateCredentials(credentials ?? {});
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
    const request: LoginRequest = {
      jobNumber: credentials.jobNumber.trim(),
      domain: credentials.domain.trim(),
      extension: credentials.extension.trim(),
      loginMode: credentials.loginMode ?? 'force',
      initialMode: credentials.initialMode ?? 'NotReady',
    };
    const refusal = this.#refusal(Operation.login, { type: 'agent.login', request });
    if (refusal) return Promise.reject(refusal);
    if (options.signal?.aborted) return Promise.reject(this.#aborted('login'));
    // an agent who logs in while the page reattaches by itself means this login
    this.#supersedeReattach?.();
    this.#secret = {
      ...(credentials.password ? { password: credentials.password } : {}),
      ...(credentials.token ? { token: credentials.token } : {}),
      ...(credentials.eventLogin ? { eventLogin: credentials.eventLogin } : {}),
      ...(credentials.eventPasscode ? { eventPasscode: credentials.eventPasscode } : {}),
    };
    const promise = this.#signIn('login', options);
    this.#loginPromise = promise;
    this.#send({ type: 'agent.login', request });
    return promise;
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
    const key = this.#sessionKey();
    if (!key || this.getStatusCode() !== -1 || this.#loginPromise || heldByAnother(key, this)) {
      return Promise.resolve(false);
    }
    const kept = loadSession(key);
    if (!kept || kept.vendor !== this.vendor) return Promise.resolve(false);
    if (options.signal?.aborted) return Promise.reject(this.#aborted('reattach'));
    this.#kept = kept;
    const request: LoginRequest = {
      jobNumber: kept.jobNumber,
      domain: kept.domain,
      extension: kept.extension,
      loginMode: 'force',
      initialMode: 'NotReady',
    };
    const promise = this.#signIn('reattach', options, (supersede) => (this.#supersedeReattach = supersede));
    this.#loginPromise = promise;
    this.#send({ type: 'agent.reattach', request });
    return promise.then(() => true);
  }

  /**
   * The promise of a login or reattach: resolves on `loggedIn`, rejects on `loginFailed`, on the caller's abort and
   * on its timeout (then the statechart cancels the attempt). `superseded` receives the function that rejects it with
   * `ABORTED` when an explicit login replaces a reattach.
   */
  #signIn(
    operation: 'login' | 'reattach',
    options: CommandOptions,
    superseded?: (supersede: (() => void) | undefined) => void,
  ): Promise<void> {
    const timeoutMs = options.timeout ?? this.#requestTimeout * 3;
    return new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        offOk();
        offFail();
        this.#loginPromise = undefined;
        superseded?.(undefined);
      };
      const offOk = this.on('loggedIn', () => {
        cleanup();
        resolve();
      });
      const offFail = this.on('loginFailed', ({ error }) => {
        cleanup();
        reject(error);
      });
      const cancel = (error: WellError): void => {
        cleanup();
        this.#send({ type: 'agent.cancelLogin' });
        reject(error);
      };
      // the statechart drops a reattach itself when it receives the login
      superseded?.(() => {
        cleanup();
        reject(new WellError(WellErrorCode.ABORTED, 'A login superseded the reattach', { operation }));
      });
      const onAbort = (): void => cancel(this.#aborted(operation));
      const what = operation === 'login' ? 'Login' : 'Reattach';
      const timer = setTimeout(
        () =>
          cancel(
            new WellError(WellErrorCode.TIMEOUT, `${what} did not complete within ${timeoutMs} ms`, { operation }),
          ),
        timeoutMs,
      );
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * The page is about to be frozen (Page Lifecycle `freeze`): until {@link resume}, the connection reads
   * `reconnecting` and what the softphone shows is not taken as live.
   */
  suspend(): void {
    this.#send({ type: 'session.suspend' });
  }

  /**
   * The page came back (Page Lifecycle `resume`, or `pageshow` from the back-forward cache): re-read the server's view
   * of the agent and its calls (the connection reads `reconnecting` until it answers), or reconnect when reconnecting
   * had given up. Nothing happens while logged out.
   */
  resume(): void {
    if (this.#connection === 'failed') this.reconnect();
    else this.#send({ type: 'session.check' });
  }

  /** Login mode `ask`: take over the other session after a 454/455; the pending {@link login} goes on. */
  confirmForceLogin(): void {
    this.#send({ type: 'agent.confirmForce' });
  }

  /** Login mode `ask`: give up; the pending login rejects with `LOGIN_DECLINED`. */
  declineForceLogin(): void {
    this.#send({ type: 'agent.declineForce' });
  }

  /**
   * Logs out. Refused while allocated (and, with calls, while a call exists). During a login it cancels it.
   * Resolves when the server accepted; the session ends (status -1) on the logged-off event: `whenStatus(-1)`.
   */
  async logout(options: CommandOptions = {}): Promise<void> {
    this.start();
    if (this.getStatusCode() === 0) {
      const wasRequested = this.#loginPromise !== undefined && this.getSnapshot().context.identity !== undefined;
      this.#send({ type: 'agent.cancelLogin' });
      // The Login request may already have reached the server: log out there too, best effort.
      if (wasRequested) await this.#vendor?.execute({ type: 'logout' }, this.#signal(options)).catch(() => {});
      return;
    }
    await this.#command(Operation.logout, { type: 'agent.logout' }, { type: 'logout' }, options);
    this.#send({ type: 'agent.logoutAccepted' });
  }

  /**
   * Goes ready (status 3). Resolves when the server accepted it; the status changes on the server's confirming event:
   * `whenStatus(3)`.
   */
  async ready(options: CommandOptions = {}): Promise<void> {
    await this.#command(Operation.ready, { type: 'agent.ready' }, { type: 'setMode', mode: 'Ready' }, options);
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
    const outbound = reason === OUTBOUND_ONLY_REASON;
    await this.#command(
      outbound ? Operation.outboundOnly : Operation.notReady,
      outbound ? { type: 'agent.outboundOnly' } : { type: 'agent.notReady', reason },
      { type: 'setMode', mode: 'NotReady', reason },
      options,
    );
  }

  /**
   * Dials `number` (digits, `*`, `#`, or `main-[W|w]…ext`: `938834600-WW8001` waits 2 s before dialling the
   * extension). Resolves with the new callId once the server accepted the call; the call's progress comes as events
   * (status 8 dialing, then 10 talking when the far end answers).
   * Refuses an empty number, the own extension, and a second dial within 2 s.
   */
  async dial(number: string, options: DialOptions = {}, commandOptions: CommandOptions = {}): Promise<string> {
    const target = typeof number === 'string' ? number.trim() : '';
    const invalid = (reason: string, message: string) =>
      new WellError(WellErrorCode.INVALID_ARGUMENT, message, { operation: 'dial', detail: { reason, number: target } });
    if (target === '') throw invalid('empty', 'Enter a number to dial');
    if (!DIALLABLE.test(target)) {
      throw invalid('format', 'Numbers may contain digits, * and #, or take the form main-[W|w]extension');
    }
    if (options.prefix !== undefined && !/^[0-9*#]{0,8}$/.test(options.prefix)) {
      throw invalid('prefix', 'The prefix may contain only digits, * and #');
    }
    if (target === this.identity?.extension) throw invalid('ownExtension', 'You cannot dial your own extension');
    const now = Date.now();
    if (now - this.#lastDialAt < DIAL_GUARD_MS) throw invalid('tooSoon', 'Wait 2 seconds between two dial attempts');
    const refusal = this.#refusal(Operation.dial, { type: 'call.dial', number: target });
    if (refusal) throw refusal;
    this.#lastDialAt = now;
    const result = await this.#command(
      Operation.dial,
      { type: 'call.dial', number: target },
      { type: 'dial', number: target, options },
      commandOptions,
    );
    if (!result.callId) {
      throw new WellError(WellErrorCode.HTTP_ERROR, 'The server accepted the call but returned no callId', {
        operation: 'dial',
      });
    }
    return result.callId;
  }

  /**
   * Answers the ringing call (or `callId`). Resolves when the server accepted it; talking (9–11) comes with the
   * server's event.
   */
  async answer(callId?: string, options: CommandOptions = {}): Promise<void> {
    const id = this.#callIdFor(callId, (c) => c.state === 'alerting' && !c.isCaller, 'answer');
    await this.#command(Operation.answer, { type: 'call.answer', callId: id }, { type: 'answer', callId: id }, options);
  }

  /**
   * Hangs up (or rejects, while ringing) the active call, or `callId`. Resolves when the server accepted it; the call
   * ends on its clear event.
   */
  async hangUp(callId?: string, options: CommandOptions = {}): Promise<void> {
    const id = this.#callIdFor(callId, (c) => c.state !== 'held', 'hangUp');
    await this.#command(Operation.hangUp, { type: 'call.hangUp', callId: id }, { type: 'hangUp', callId: id }, options);
  }

  /**
   * Puts the active call (or `callId`) on hold. Resolves when the server accepted it; status 12 comes with the held
   * event.
   */
  async hold(callId?: string, options: CommandOptions = {}): Promise<void> {
    const id = this.#callIdFor(callId, (c) => c.state === 'connected', 'hold');
    await this.#command(Operation.hold, { type: 'call.hold', callId: id }, { type: 'hold', callId: id }, options);
  }

  /**
   * Retrieves the held call (or `callId`). Resolves when the server accepted it; talking again comes with the
   * retrieved event.
   */
  async retrieve(callId?: string, options: CommandOptions = {}): Promise<void> {
    const id = this.#callIdFor(callId, (c) => c.state === 'held', 'retrieve');
    await this.#command(
      Operation.retrieve,
      { type: 'call.retrieve', callId: id },
      { type: 'retrieve', callId: id },
      options,
    );
  }

  /**
   * Transfers `callId` to `number` in one step (single-step transfer). Resolves when the server accepted it; the call
   * ends on its events.
   */
  async blindTransfer(callId: string, number: string, options: CommandOptions = {}): Promise<void> {
    const target = this.#checkedNumber(number, 'blindTransfer');
    await this.#command(
      Operation.blindTransfer,
      { type: 'call.blindTransfer', callId },
      { type: 'blindTransfer', callId, number: target },
      options,
    );
  }

  /**
   * Adds `number` to `callId` in one step; `Silent` lets a supervisor listen (whisper/coach).
   * Resolves when the server accepted it; the conference (status 19) comes with the server's event.
   */
  async singleStepConference(
    callId: string,
    number: string,
    participation: 'Active' | 'Silent' = 'Active',
    options: CommandOptions = {},
  ): Promise<void> {
    const target = this.#checkedNumber(number, 'singleStepConference');
    if (participation !== 'Active' && participation !== 'Silent') {
      throw new WellError(WellErrorCode.INVALID_ARGUMENT, 'participation must be "Active" or "Silent"', {
        operation: 'singleStepConference',
      });
    }
    await this.#command(
      Operation.singleStepConference,
      { type: 'call.singleStepConference', callId },
      { type: 'singleStepConference', callId, number: target, participation },
      options,
    );
  }

  /**
   * Holds `heldCallId` and consults `number`. Resolves when the server accepted it, with the consult call's id when
   * the server gives one; consult ringing (16) and consulting (17) come with the server's events.
   */
  async consult(heldCallId: string, number: string, options: CommandOptions = {}): Promise<string | undefined> {
    const target = this.#checkedNumber(number, 'consult');
    const result = await this.#command(
      Operation.consult,
      { type: 'call.consult', callId: heldCallId },
      { type: 'consult', heldCallId, number: target },
      options,
    );
    return result.callId;
  }

  /**
   * Joins the held call and the consult call into a conference. Resolves when the server accepted it; status 19 comes
   * with the event.
   */
  async conference(heldCallId: string, consultCallId: string, options: CommandOptions = {}): Promise<void> {
    await this.#consultFamily(Operation.conference, 'conference', heldCallId, consultCallId, options);
  }

  /**
   * Ends the consult call and returns to the held call. Resolves when the server accepted it; the calls change on the
   * events.
   */
  async cancelConsult(heldCallId: string, consultCallId: string, options: CommandOptions = {}): Promise<void> {
    await this.#consultFamily(Operation.cancelConsult, 'cancelConsult', heldCallId, consultCallId, options);
  }

  /**
   * Connects the held call's party with the consulted party and leaves (consult transfer).
   * Resolves when the server accepted it; the agent's calls end on the server's events.
   */
  async completeTransfer(heldCallId: string, consultCallId: string, options: CommandOptions = {}): Promise<void> {
    await this.#consultFamily(Operation.completeTransfer, 'completeTransfer', heldCallId, consultCallId, options);
  }

  /** Attaches data to a call (`entries` of key/value strings). Resolves when the server accepted it. */
  async setCallData(
    callId: string,
    entries: readonly { key: string; value: string }[],
    options: CommandOptions = {},
  ): Promise<void> {
    if (!Array.isArray(entries) || entries.some((e) => typeof e?.key !== 'string' || typeof e.value !== 'string')) {
      throw new WellError(WellErrorCode.INVALID_ARGUMENT, 'entries must be an array of {key, value} strings', {
        operation: 'setCallData',
      });
    }
    await this.#command(
      Operation.setCallData,
      { type: 'call.setCallData', callId },
      { type: 'setCallData', callId, entries },
      options,
    );
  }

  /** Reads the data attached to a call; resolves with the server's answer. */
  async getCallData(callId: string, options: CommandOptions = {}): Promise<unknown> {
    if (!this.capabilities.canCallData) throw this.#unsupported('getCallData');
    if (!(callId in this.getSnapshot().context.calls)) {
      throw new WellError(WellErrorCode.INVALID_ARGUMENT, `No call ${callId}`, { operation: 'getCallData' });
    }
    return (await this.#requireVendor().execute({ type: 'getCallData', callId }, this.#signal(options))).data;
  }

  /**
   * Starts recording the current call. Resolves when the server accepted it; `context.recording` follows the recording
   * event.
   */
  async startRecording(options: CommandOptions = {}): Promise<void> {
    await this.#recording('startRecording', options);
  }

  /**
   * Stops recording the current call. Resolves when the server accepted it; `context.recording` follows the recording
   * event.
   */
  async stopRecording(options: CommandOptions = {}): Promise<void> {
    await this.#recording('stopRecording', options);
  }

  /** The agent's calls. */
  get calls(): readonly CallRecord[] {
    return Object.values(this.getSnapshot().context.calls);
  }

  async #recording(type: 'startRecording' | 'stopRecording', options: CommandOptions): Promise<void> {
    const event = { type: type === 'startRecording' ? 'recording.start' : 'recording.stop' } as const;
    if (!this.getSnapshot().can(event)) {
      throw this.capabilities.canRecord
        ? new WellError(WellErrorCode.NOT_ALLOWED_IN_STATE, 'Recording needs a call', {
            operation: type,
            statusCode: this.getStatusCode(),
          })
        : this.#unsupported(type);
    }
    this.#send(event);
    await this.#requireVendor().execute({ type }, this.#signal(options));
  }

  async #consultFamily(
    operation: Operation,
    type: 'conference' | 'cancelConsult' | 'completeTransfer',
    heldCallId: string,
    consultCallId: string,
    options: CommandOptions,
  ): Promise<void> {
    const calls = this.getSnapshot().context.calls;
    if (!(heldCallId in calls) || !(consultCallId in calls) || heldCallId === consultCallId) {
      throw new WellError(WellErrorCode.INVALID_ARGUMENT, 'Name the held call and the consult call', {
        operation,
        detail: { heldCallId, consultCallId },
      });
    }
    await this.#command(
      operation,
      { type: `call.${type}`, callId: heldCallId },
      { type, heldCallId, consultCallId },
      options,
    );
  }

  #checkedNumber(number: string, operation: string): string {
    const target = typeof number === 'string' ? number.trim() : '';
    if (!DIALLABLE.test(target)) {
      throw new WellError(WellErrorCode.INVALID_ARGUMENT, `"${target}" is not a number that can be dialled`, {
        operation,
        detail: { reason: target === '' ? 'empty' : 'format', number: target },
      });
    }
    return target;
  }

  /** The given callId (which must be a known call) or the call matching `pick`. */
  #callIdFor(callId: string | undefined, pick: (call: CallRecord) => boolean, operation: string): string {
    const calls = this.getSnapshot().context.calls;
    if (callId !== undefined) {
      if (!(callId in calls)) {
        throw new WellError(WellErrorCode.INVALID_ARGUMENT, `No call ${callId}`, { operation, detail: { callId } });
      }
      return callId;
    }
    const call = Object.values(calls).find(pick);
    if (!call) {
      throw new WellError(WellErrorCode.NOT_ALLOWED_IN_STATE, `No call to ${operation}`, {
        operation,
        statusCode: this.getStatusCode(),
      });
    }
    return call.callId;
  }

  #unsupported(operation: string): WellError {
    return new WellError(WellErrorCode.NOT_SUPPORTED, `The ${this.vendor} backend does not support "${operation}"`, {
      operation,
    });
  }

  /** After reconnect attempts ran out (connection `failed`): try again; progress comes as `connection` events. */
  reconnect(): void {
    this.#send({ type: 'connection.retry' });
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
    const result = await this.#requireVendor().execute({ type: 'getPrefixes' }, this.#signal(options));
    this.#prefixes = Array.isArray(result.data) ? (result.data as string[]) : [];
    return [...this.#prefixes];
  }

  /** The prefixes fetched last. */
  get prefixes(): readonly string[] {
    return this.#prefixes;
  }

  get #requestTimeout(): number {
    return this.#config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  async #command(
    operation: Operation,
    event: CommandEvent,
    command: Command,
    options: CommandOptions,
  ): Promise<CommandResult> {
    this.start();
    const refusal = this.#refusal(operation, event);
    if (refusal) throw refusal;
    if (options.signal?.aborted) throw this.#aborted(operation);
    this.#send(event);
    try {
      const result = await this.#requireVendor().execute(command, this.#signal(options));
      this.#send({ type: 'command.accepted', operation, pendingMode: result.pendingMode === true });
      return result;
    } catch (err) {
      const error = toWellError(err);
      this.#send({ type: 'command.failed', operation, error });
      throw error;
    }
  }

  /** The typed refusal for an operation outside the current row, or undefined when it is allowed. */
  #refusal(operation: Operation, event: CommandEvent): WellError | undefined {
    const snapshot = this.getSnapshot();
    if (snapshot.can(event)) return undefined;
    const code = deriveStatusCode(snapshot);
    if (!isCapable(snapshot.context.capabilities, operation)) {
      return new WellError(WellErrorCode.NOT_SUPPORTED, `The ${this.vendor} backend does not support "${operation}"`, {
        operation,
        statusCode: code,
      });
    }
    if (operation === Operation.login && code === 0) {
      return new WellError(WellErrorCode.LOGIN_IN_PROGRESS, 'A login is already in progress', { operation });
    }
    const channel = this.#connection === 'connected' ? '' : ` while the event channel is ${this.#connection}`;
    return new WellError(
      WellErrorCode.NOT_ALLOWED_IN_STATE,
      `"${operation}" is not allowed in status ${code}${channel}`,
      { operation, statusCode: code },
    );
  }

  #signal(options: CommandOptions): AbortSignal {
    const timeout = AbortSignal.timeout(options.timeout ?? this.#requestTimeout);
    return options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  }

  #aborted(operation: string): WellError {
    return new WellError(WellErrorCode.ABORTED, `"${operation}" was aborted`, { operation });
  }

  async #authenticate(request: LoginRequest, signal: AbortSignal): Promise<AgentIdentity> {
    const secret = this.#secret;
    this.#secret = undefined;
    if (secret === undefined)
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'No password', { operation: 'login' });
    this.#vendor?.dispose();
    this.#vendor = await this.#createVendor();
    return this.#vendor.authenticate({ ...request, ...secret }, signal);
  }

  async #attach(signal: AbortSignal): Promise<AgentIdentity> {
    const kept = this.#kept;
    this.#kept = undefined;
    if (kept === undefined) {
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'No kept session', { operation: 'reattach' });
    }
    this.#vendor?.dispose();
    this.#vendor = await this.#createVendor();
    if (!this.#vendor.attach) {
      throw new WellError(WellErrorCode.NOT_SUPPORTED, `The ${this.vendor} backend cannot reattach`, {
        operation: 'reattach',
      });
    }
    return this.#vendor.attach(kept, signal);
  }

  /** The `sessionStorage` key of this backend, or undefined when reattaching is off or the URLs are not valid. */
  #sessionKey(): string | undefined {
    if (this.#config.reattach === false) return undefined;
    try {
      return sessionKey(this.vendor, deriveEndpoints(this.#config, VENDORS[this.vendor]!.paths).apiUrl);
    } catch {
      return undefined;
    }
  }

  /** Keeps the vendor's session for a reattach after a reload (nothing when off or the vendor cannot). */
  #keepSession(): void {
    const key = this.#sessionKey();
    const session = this.#vendor?.keptSession?.();
    if (!key || !session) return;
    // another phone of this page keeps its own session under the same key: the first one keeps it
    if (heldByAnother(key, this)) return;
    holdSession(key, this);
    saveSession(key, this.vendor, session);
  }

  #forgetSession(): void {
    const key = this.#sessionKey();
    if (!key || heldByAnother(key, this)) return;
    releaseSession(key, this);
    clearSession(key);
  }

  async #createVendor(): Promise<Vendor> {
    const sink: VendorSink = {
      event: (event) => {
        this.log.add(
          'info',
          `event ${event.meta.name}${event.meta.serial === undefined ? '' : ` #${event.meta.serial}`}`,
        );
        this.#emit('event', event);
        this.#send(event);
      },
      raw: (message) => this.#emit('raw', message),
      channelLost: (error) => {
        this.log.add('warn', error.message);
        this.#send({ type: 'channel.lost', error });
      },
      error: (error) => {
        this.log.add('error', error.message, error.toJSON());
        this.#emit('error', error);
      },
      resync: (reason) => {
        this.log.add('warn', `Resync requested: ${reason}`);
        this.#send({ type: 'calls.resync' });
      },
      log: (entry) => this.log.add(entry.level, entry.message, entry.data),
    };
    const factory = this.#config.vendorFactory ?? (await VENDORS[this.vendor]!.load());
    return factory(
      {
        endpoints: deriveEndpoints(this.#config, VENDORS[this.vendor]!.paths),
        requestTimeoutMs: this.#requestTimeout,
        heartbeatMs: this.#config.channelHeartbeatMs ?? DEFAULT_CHANNEL_HEARTBEAT_MS,
        subscribeGraceMs: subscribeGraceOf(this.#config),
        ...(this.#config.maxFrameBytes !== undefined ? { maxFrameBytes: maxFrameBytesOf(this.#config) } : {}),
        ...(this.#config.fetch ? { fetch: this.#config.fetch } : {}),
        ...(this.#config.queue ? { queue: this.#config.queue } : {}),
        ...(this.#config.group ? { group: this.#config.group } : {}),
      },
      sink,
    );
  }

  #requireVendor(): Vendor {
    if (!this.#vendor)
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'Not logged in', { operation: 'execute' });
    return this.#vendor;
  }

  #onSnapshot(snapshot: SoftphoneSnapshot): void {
    const value = snapshot.value as { connection: string | Record<string, unknown> };
    const region = typeof value.connection === 'string' ? value.connection : Object.keys(value.connection)[0]!;
    const connection = CONNECTION_STATES[region] ?? 'disconnected';
    if (connection !== this.#connection) {
      const previous = this.#connection;
      this.#connection = connection;
      const change: ConnectionChange = {
        state: connection,
        previous,
        attempt: snapshot.context.reconnectAttempt,
        maxAttempts: snapshot.context.settings.reconnectAttempts,
      };
      if ((connection === 'reconnecting' || connection === 'failed') && snapshot.context.lastError) {
        change.error = snapshot.context.lastError;
      }
      this.log.add(connection === 'failed' ? 'error' : 'info', `channel ${previous} → ${connection}`);
      this.#emit('connection', change);
    }
    const code = deriveStatusCode(snapshot);
    if (code !== this.#code) {
      const lastCode = (this.#lastCode = this.#code);
      this.#code = code;
      this.#since = Date.now();
      this.log.add('info', `status ${lastCode} → ${code}`);
      // logged out (asked or not): the kept session is no longer worth a reattach
      if (code === -1 && lastCode >= 1) this.#forgetSession();
      this.#emit('status', { code, lastCode, context: this.statusContext(snapshot) });
    }
    if (code === -1 && snapshot.context.identity === undefined && this.#vendor && !this.#loginPromise) {
      this.#vendor.dispose();
      this.#vendor = undefined;
    }
    this.#emit('snapshot', snapshot);
  }

  /** The status context for a snapshot (the current one by default). */
  statusContext(snapshot: SoftphoneSnapshot = this.getSnapshot()): StatusContext {
    const { context } = snapshot;
    const agentState = agentStateOf(snapshot);
    const result: StatusContext = {
      vendor: this.vendor,
      agentState,
      reason: context.reason,
      allocated: agentState === 'allocated',
      pendingMode: context.pendingMode,
      connection: this.#connection,
      calls: Object.keys(context.calls).length,
      muted: false,
      recording: Object.values(context.calls).some((c) => c.recording),
      since: this.#since,
    };
    const call = activeCall(context.calls);
    if (call) result.activeCall = { ...call };
    if (context.identity) {
      result.agentId = context.identity.agentId;
      result.deviceId = context.identity.deviceId;
      result.jobNumber = context.identity.jobNumber;
      result.extension = context.identity.extension;
    }
    if (context.pendingOperation) result.pendingOperation = context.pendingOperation;
    if (context.lastFact) result.raw = context.lastFact.meta.raw;
    return result;
  }

  #onEmitted(emitted: SoftphoneEmitted): void {
    switch (emitted.type) {
      case 'login.succeeded': {
        const identity = this.identity;
        if (identity) {
          this.log.add(
            'info',
            `${emitted.reattached ? 'reattached' : 'logged in'} as ${identity.agentId} on ${identity.deviceId}`,
          );
          this.#keepSession();
          this.#emit('loggedIn', identity);
        }
        // Prefixes are fetched after each login, like wellClient; a failure only logs.
        this.getPrefixes().catch((err: unknown) => this.log.add('warn', `prefixes: ${toWellError(err).message}`));
        break;
      }
      case 'login.failed':
        this.log.add('warn', `login failed: ${emitted.error.message}`, emitted.failure);
        this.#secret = undefined;
        this.#kept = undefined;
        if (emitted.error.code === WellErrorCode.SESSION_EXPIRED) this.#forgetSession();
        this.#emit('loginFailed', { ...emitted.failure, error: emitted.error });
        break;
      case 'login.conflict':
        this.log.add('info', `login conflict ${emitted.failure.status}: waiting for the agent's decision`);
        this.#emit('loginConflict', emitted.failure);
        break;
      case 'error':
        this.log.add('error', emitted.error.message, emitted.error.toJSON());
        this.#emit('error', emitted.error);
        break;
      case 'log':
        this.log.add(emitted.level, emitted.message);
        break;
      case 'sessionEnded': {
        const error = new WellError(
          WellErrorCode.SESSION_ENDED,
          `The session ended on the server (${emitted.reason})`,
          {
            operation: 'session',
            detail: { reason: emitted.reason },
          },
        );
        this.log.add('warn', error.message, error.toJSON());
        this.#emit('error', error);
        break;
      }
      case 'call':
        this.log.add('info', `call ${emitted.notice.type}`);
        this.#emit('call', emitted.notice);
        break;
      case 'autoAnswer':
        this.log.add('info', `auto-answer ${emitted.callId}`);
        this.answer(emitted.callId).catch((err: unknown) =>
          this.log.add('warn', `auto-answer: ${toWellError(err).message}`),
        );
        break;
      case 'autoReady':
        this.log.add('info', 'after-call work over: going ready');
        this.ready().catch((err: unknown) => this.log.add('warn', `auto-ready: ${toWellError(err).message}`));
        break;
      case 'ringTimeoutNotReady':
        this.log.add('info', 'a call rang unanswered: going not ready');
        this.notReady('').catch((err: unknown) => this.log.add('warn', `ring timeout: ${toWellError(err).message}`));
        break;
      case 'heartbeat':
        // the vendor may have renewed its session id (HTTP 426): keep the current one
        this.#keepSession();
        // Fire-and-forget; the vendor renews the session on 426 by itself.
        this.#vendor
          ?.execute({ type: 'heartbeat' }, AbortSignal.timeout(this.#requestTimeout))
          .catch((err: unknown) => this.log.add('warn', `heartbeat failed: ${toWellError(err).message}`));
        break;
    }
  }

  #emit<K extends keyof SoftphoneEventMap>(type: K, detail: SoftphoneEventMap[K]): void {
    const set = this.#listeners.get(type);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as Listener<SoftphoneEventMap[K]>)(detail);
      } catch (err) {
        // A host listener must never break the softphone.
        this.log.add('error', `listener for "${type}" threw: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

export type { LoginMode };
