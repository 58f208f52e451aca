import type { Command } from '../../model/command.js';
import { WellError, WellErrorCode, toWellError } from '../../model/well-error.js';
import type { KeptSession, VendorFactory, VendorLogEntry } from '../../vendors/vendor.js';
import type { LeaderRelay } from './leader-relay.js';
import { createSharedFactory } from './relay-vendor.js';
import { Emitter, type HubVendor, type TabHub, type TabRole } from './tab-hub.js';
import type * as TabInbox from './tab-inbox.js';
import type { LeaderState, RelayOp, TabBody } from './tab-protocol.js';
import type { FocusSource, TabSession, TabSessionOptions } from './tab-session.js';
import { TAB_PROTOCOL_VERSION, fromWire } from './tab-wire.js';

/** The code that only another tab's messages need: their validation and the leader's half of the relay. */
type Inbox = typeof TabInbox;
let inboxLoading: Promise<Inbox> | undefined;

/**
 * Loads the inbox once for every tab session of the page, with the first message from another tab: a tab on its own
 * never receives one, so it never loads it. A failed load is tried again with the next message.
 */
function loadInbox(): Promise<Inbox> {
  return (inboxLoading ??= import('./tab-inbox.js').catch((err: unknown) => {
    inboxLoading = undefined;
    throw err;
  }));
}

const DEFAULT_GRACE_MS = 10_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: WellError): void;
}

/** The tab session of a scope where Web Locks and BroadcastChannel work (docs/architecture-tabs.md). */
export class SharedTabSession implements TabSession, TabHub {
  readonly id: string = crypto.randomUUID();
  readonly #channel: BroadcastChannel;
  readonly #locks: LockManager;
  readonly #lockName: string;
  readonly #log: (entry: VendorLogEntry) => void;
  readonly #graceMs: number;
  /** The leader's half of the relay, made with the first request of a follower. */
  #relay: LeaderRelay | undefined;
  #inbox: Inbox | undefined;
  /** Messages that arrived while the inbox loads, handled in order once it has. */
  #queued: unknown[] | undefined;
  #role: TabRole = 'follower';
  #leaderId: string | undefined;
  #state: LeaderState | undefined;
  #vendor: HubVendor | undefined;
  #release: (() => void) | undefined;
  #waiting: AbortController | undefined;
  #disposed = false;
  #seq = 0;
  readonly #pending = new Map<string, Pending>();
  readonly #ready: Promise<TabRole>;
  #settleReady: ((role: TabRole) => void) | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  // ringing: every tab tracks the focus of all; the leader names the ringer
  readonly #focus = new Map<string, { focused: boolean; at: number }>();
  #ringer: string | undefined;
  readonly #unfocus: () => void;
  readonly #roleChanged = new Emitter<[TabRole, TabRole]>();
  readonly #sessionChanged = new Emitter<[KeptSession | undefined]>();
  readonly #ringChanged = new Emitter<[boolean]>();
  readonly #stateChanged = new Emitter<[LeaderState]>();
  /** A tab that goes away stops ringing at once (its lock goes with the page). */
  readonly #onPageHide = (): void => this.#setFocus(false);

  constructor(
    options: TabSessionOptions,
    channel: BroadcastChannel,
    locks: LockManager,
    focus: FocusSource | undefined,
  ) {
    const name = options.channelName ?? `well-softphone:tabs:${options.scope}`;
    this.#channel = channel;
    this.#locks = locks;
    this.#lockName = `${name}:leader`;
    this.#log = options.log ?? (() => {});
    this.#graceMs = options.takeoverGraceMs ?? DEFAULT_GRACE_MS;
    this.#ready = new Promise((resolve) => (this.#settleReady = resolve));
    channel.onmessage = (event: MessageEvent) => this.#receive(event.data);
    channel.onmessageerror = () => this.log('warn', 'a tab message could not be deserialized: ignored');
    this.#focus.set(this.id, { focused: focus?.focused() ?? false, at: Date.now() });
    this.#unfocus = focus?.subscribe((focused) => this.#setFocus(focused)) ?? (() => {});
    globalThis.addEventListener?.('pagehide', this.#onPageHide);
    this.post({ kind: 'hello' });
    this.post({ kind: 'focus', ...this.#focus.get(this.id)! });
    void this.#lock('try');
  }

  // ---- public API

  role = (): TabRole => this.#role;
  ready = (): Promise<TabRole> => this.#ready;
  wrapFactory = (real: VendorFactory): VendorFactory => createSharedFactory(this, real);
  onRoleChange = (listener: (role: TabRole, previous: TabRole) => void): (() => void) => this.#roleChanged.on(listener);
  onSharedSession = (listener: (session: KeptSession | undefined) => void): (() => void) =>
    this.#sessionChanged.on(listener);
  onRing = (listener: (ring: boolean) => void): (() => void) => this.#ringChanged.on(listener);
  shouldRing = (): boolean => this.#ringer === this.id;

  sharedSession(): KeptSession | undefined {
    const state = this.#state;
    return state && state.status !== 'idle' && state.kept ? { ...state.kept } : undefined;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.post({ kind: 'bye' });
    this.#disposed = true;
    globalThis.removeEventListener?.('pagehide', this.#onPageHide);
    clearTimeout(this.#graceTimer);
    this.#unfocus();
    this.#waiting?.abort();
    this.#release?.();
    this.#release = undefined;
    this.#rejectPending('The tab session was disposed', WellErrorCode.ABORTED);
    this.#channel.onmessage = null;
    this.#channel.close();
  }

  // ---- TabHub

  log(level: VendorLogEntry['level'], message: string, data?: unknown): void {
    this.#log(data === undefined ? { level, message } : { level, message, data });
  }

  post(body: TabBody): void {
    if (this.#disposed) return;
    try {
      this.#channel.postMessage({ ...body, v: TAB_PROTOCOL_VERSION, from: this.id });
    } catch (err) {
      this.log('warn', `a "${body.kind}" tab message could not be sent: ${toWellError(err).message}`);
    }
  }

  ask(
    op: RelayOp,
    extra: { command?: Command; session?: KeptSession },
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<unknown> {
    const id = `${this.id}:${++this.#seq}`;
    return new Promise<unknown>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#pending.delete(id);
      };
      const onAbort = (): void => {
        done();
        this.post({ kind: 'cancel', id });
        reject(toWellError(signal.reason, WellErrorCode.ABORTED));
      };
      const timer = setTimeout(() => {
        done();
        this.post({ kind: 'cancel', id });
        reject(new WellError(WellErrorCode.TIMEOUT, `The leading tab did not answer "${op}" within ${timeoutMs} ms`));
      }, timeoutMs);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        resolve: (value) => (done(), resolve(value)),
        reject: (error) => (done(), reject(error)),
      });
      this.post({ kind: 'request', id, op, timeoutMs, ...extra });
    });
  }

  async claim(): Promise<void> {
    if (this.#role === 'leader') return;
    const granted = new Promise<void>((resolve) => {
      const off = this.#roleChanged.on((role) => role === 'leader' && (off(), resolve()));
    });
    this.log('info', 'tabs: claiming the leadership (the leader has no session)');
    this.#waiting?.abort();
    const failed = this.#lock('steal').then(() => {
      throw new WellError(WellErrorCode.CHANNEL_ERROR, 'The leadership could not be claimed');
    });
    await Promise.race([granted, failed]);
  }

  yieldLead(): void {
    if (this.#role !== 'leader' || this.#disposed) return;
    this.log('info', 'tabs: handing the session over to another tab');
    const release = this.#release;
    this.#release = undefined;
    this.#setRole('follower');
    release?.();
    void this.#lock('wait');
  }

  leaderState = (): LeaderState | undefined => this.#state;

  publish(state: LeaderState): void {
    if (this.#role !== 'leader') return;
    clearTimeout(this.#graceTimer);
    this.#setState(state);
    this.post({ kind: 'state', ...state });
  }

  whenLeader(test: (state: LeaderState) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<LeaderState> {
    if (this.#state && test(this.#state)) return Promise.resolve(this.#state);
    return new Promise((resolve, reject) => {
      const done = (): void => {
        off();
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => (done(), reject(toWellError(signal?.reason, WellErrorCode.ABORTED)));
      const off = this.#stateChanged.on((state) => test(state) && (done(), resolve(state)));
      const timer = setTimeout(
        () => (done(), reject(new WellError(WellErrorCode.TIMEOUT, 'The shared session did not get ready in time'))),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  current = (): HubVendor | undefined => this.#vendor;
  adopt(vendor: HubVendor): void {
    this.#vendor = vendor;
  }
  drop(vendor: HubVendor): void {
    if (this.#vendor === vendor) this.#vendor = undefined;
  }

  // ---- election

  /** Requests the leader lock: at once if free (`try`), in the queue (`wait`), or taken from its holder (`steal`). */
  #lock(mode: 'try' | 'wait' | 'steal'): Promise<void> {
    if (this.#disposed) return Promise.resolve();
    let granted = false;
    const abort = new AbortController();
    if (mode === 'wait') this.#waiting = abort;
    const options: LockOptions =
      mode === 'try' ? { ifAvailable: true } : mode === 'steal' ? { steal: true } : { signal: abort.signal };
    const held = (lock: Lock | null): Promise<void> | undefined => {
      if (this.#disposed) return undefined;
      if (!lock) {
        // someone leads: follow, and queue to take over when it goes
        this.#settleReady?.('follower');
        void this.#lock('wait');
        return undefined;
      }
      granted = true;
      return new Promise<void>((resolve) => {
        this.#release = resolve;
        this.#becomeLeader();
      });
    };
    return this.#locks.request(this.#lockName, options, held).then(
      () => undefined,
      (err: unknown) => this.#lockFailed(mode, granted, err),
    );
  }

  /** The lock request ended in an error: stolen from this leader, aborted by this tab, or refused. */
  #lockFailed(mode: 'try' | 'wait' | 'steal', granted: boolean, err: unknown): void {
    if (this.#disposed) return;
    if (!granted) {
      if (mode === 'wait' && err instanceof DOMException && err.name === 'AbortError') return; // claim() aborted it
      this.log('error', `tabs: the leader lock was refused: ${toWellError(err).message}`);
      this.#settleReady?.('follower');
      return;
    }
    // stolen by a tab that logs in: follow it, and queue again
    this.log('info', `tabs: the leadership went to another tab (${toWellError(err).message})`);
    this.#release = undefined;
    this.#setRole('follower');
    this.#vendor?.demote();
    void this.#lock('wait');
  }

  #becomeLeader(): void {
    if (this.#waiting) this.#waiting = undefined;
    const known = this.#state;
    this.#leaderId = this.id;
    this.#rejectPending('The leading tab went away', WellErrorCode.NETWORK_ERROR);
    this.#setRole('leader');
    this.#settleReady?.('leader');
    if (this.#vendor?.promote()) {
      this.log('info', 'tabs: this tab leads now and takes the session over');
    } else if (known && known.status !== 'idle' && known.kept) {
      // a live session whose phone here does not follow it: give the phone a moment to join (the core's hook)
      this.log('info', 'tabs: this tab leads now; waiting for its phone to take the session over');
      this.#setState({ ...known, status: 'starting', channel: false });
      this.post({ kind: 'state', ...this.#state! });
      this.#graceTimer = setTimeout(() => {
        if (this.#role === 'leader' && this.#state?.status === 'starting' && !this.#vendor?.inner()) {
          this.publish({ status: 'idle', channel: false });
        }
      }, this.#graceMs);
      this.#sessionChanged.emit(this.log.bind(this), this.sharedSession());
    } else {
      this.publish({ status: 'idle', channel: false });
    }
    this.#electRinger();
  }

  #setRole(role: TabRole): void {
    const previous = this.#role;
    if (previous === role) return;
    this.#role = role;
    if (role !== 'leader' && this.#leaderId === this.id) this.#leaderId = undefined;
    this.log('info', `tabs: ${previous} → ${role}`);
    this.#roleChanged.emit(this.log.bind(this), role, previous);
  }

  #setState(state: LeaderState): void {
    const before = this.sharedSession();
    this.#state = state;
    const after = this.sharedSession();
    this.#stateChanged.emit(this.log.bind(this), state);
    if (before?.sessionId !== after?.sessionId || before?.jobNumber !== after?.jobNumber) {
      this.#sessionChanged.emit(this.log.bind(this), after);
    }
  }

  #rejectPending(message: string, code: WellErrorCode): void {
    for (const pending of [...this.#pending.values()]) {
      pending.reject(new WellError(code, message, { detail: { reason: 'leaderGone' } }));
    }
  }

  // ---- messages

  /** A message from another tab: handled at once once the inbox is loaded, else queued until it is. */
  #receive(data: unknown): void {
    if (this.#disposed) return;
    if (this.#inbox) return this.#onMessage(this.#inbox, data);
    if (this.#queued) {
      this.#queued.push(data);
      return;
    }
    this.#queued = [data];
    loadInbox().then(
      (inbox) => {
        this.#inbox = inbox;
        const queued = this.#queued ?? [];
        this.#queued = undefined;
        for (const message of queued) this.#onMessage(inbox, message);
      },
      (err: unknown) => {
        const lost = this.#queued?.length ?? 0;
        this.#queued = undefined;
        if (!this.#disposed)
          this.log('warn', `tabs: ignored ${lost} message(s) from other tabs: ${toWellError(err).message}`);
      },
    );
  }

  #onMessage(inbox: Inbox, data: unknown): void {
    if (this.#disposed) return;
    const parsed = inbox.parseTabMessage(data);
    if (!parsed.ok) {
      this.log('warn', `tabs: ignored a message from another tab: ${parsed.reason}`);
      return;
    }
    const message = parsed.message;
    if (message.from === this.id) return;
    switch (message.kind) {
      case 'hello':
        this.#focus.set(message.from, { focused: false, at: 0 });
        if (this.#role === 'leader') {
          if (this.#state) this.post({ kind: 'state', ...this.#state });
          if (this.#ringer) this.post({ kind: 'ring', ringer: this.#ringer });
        }
        return;
      case 'bye':
        this.#focus.delete(message.from);
        this.#electRinger();
        return;
      case 'state': {
        if (this.#role === 'leader') return; // a message of the previous leader, still in flight
        this.#leaderId = message.from;
        const { status, channel, kept, identity } = message;
        this.#setState({ status, channel, ...(kept ? { kept } : {}), ...(identity ? { identity } : {}) });
        this.#vendor?.leaderChanged(this.#state!);
        return;
      }
      case 'request':
        if (this.#role === 'leader') (this.#relay ??= new inbox.LeaderRelay(this)).serve(message);
        return;
      case 'cancel':
        if (this.#role === 'leader') this.#relay?.cancel(message.id);
        return;
      case 'response': {
        if (message.to !== this.id) return;
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#leaderId = message.from;
        if (message.ok) pending.resolve(message.result);
        else pending.reject(fromWire(message.error));
        return;
      }
      case 'focus':
        this.#focus.set(message.from, { focused: message.focused, at: message.at });
        this.#electRinger();
        return;
      case 'ring':
        if (this.#role !== 'leader') this.#setRinger(message.ringer);
        return;
      default:
        // event, raw, lost, problem, resync: facts of the leader's session
        if (this.#role === 'follower' && message.from === this.#leaderId) this.#vendor?.fromLeader(message);
    }
  }

  // ---- ringing

  #setFocus(focused: boolean): void {
    const entry = { focused, at: Date.now() };
    this.#focus.set(this.id, entry);
    this.post({ kind: 'focus', ...entry });
    this.#electRinger();
  }

  /** Leader: the most recently focused tab among the focused ones rings, else the leader itself. */
  #electRinger(): void {
    if (this.#role !== 'leader') return;
    let ringer = this.id;
    let best = -Infinity;
    for (const [id, { focused, at }] of this.#focus) {
      if (focused && (at > best || (at === best && id < ringer))) [ringer, best] = [id, at];
    }
    if (ringer !== this.#ringer) this.post({ kind: 'ring', ringer });
    this.#setRinger(ringer);
  }

  #setRinger(ringer: string): void {
    const was = this.shouldRing();
    this.#ringer = ringer;
    if (was !== this.shouldRing()) this.#ringChanged.emit(this.log.bind(this), this.shouldRing());
  }
}
