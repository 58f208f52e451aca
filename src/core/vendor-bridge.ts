import { fromPromise } from 'xstate';
import { batchable } from '../machine/operations.js';
import type { LoginRequest } from '../machine/types.js';
import type { AgentIdentity, InitialMode, LoginCredentials } from '../model/agent.js';
import type { DomainEvent } from '../model/domain-event.js';
import type { ServerSnapshot } from '../model/server-snapshot.js';
import { WellError, WellErrorCode } from '../model/well-error.js';
import { VENDORS } from '../vendors/registry.js';
import type { Vendor, VendorFactory, VendorSink } from '../vendors/vendor.js';
import {
  DEFAULT_CHANNEL_HEARTBEAT_MS,
  deriveEndpoints,
  maxFrameBytesOf,
  subscribeGraceOf,
  type SoftphoneConfig,
} from './config.js';
import { channelOpenTimeout } from '../model/timeouts.js';
import type { Kernel } from './kernel.js';
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

/** Facts applied as one statechart step at most (VendorSink.batch). */
const MAX_BATCH = 64;

/** The secrets of the login in flight: handed to the vendor once, never kept. */
export type LoginSecret = Pick<LoginCredentials, 'password' | 'token' | 'eventLogin' | 'eventPasscode'>;

/** The endpoints of a config for its vendor; `CONFIG_INVALID` when they cannot be derived. */
export function endpointsOf(config: Readonly<SoftphoneConfig>) {
  return deriveEndpoints(config, VENDORS[config.vendor]!.paths);
}

/**
 * Wires one vendor adapter to the statechart: loads and creates it at login, turns what it reports (VendorSink) into
 * machine events and host events, provides the machine's I/O actors (authenticate, attach, channel, login, resync),
 * and keeps the session id for a reattach after a reload. Commands reach the vendor through `vendor()` from the
 * command runner only.
 */
export class VendorBridge {
  #vendor: Vendor | undefined;
  #secret: LoginSecret | undefined;
  #kept: StoredSession | undefined;
  /** Wraps the vendor factory when the tabs of the origin share one session (core/tabs/). */
  #wrap: ((factory: VendorFactory) => Promise<VendorFactory>) | undefined;
  readonly #kernel: Kernel;

  constructor(kernel: Kernel) {
    this.#kernel = kernel;
  }

  /** The machine's I/O actors, for `softphoneMachine.provide({ actors })`. */
  actors() {
    return {
      authenticate: fromPromise<AgentIdentity, LoginRequest>(({ input, signal }) => this.#authenticate(input, signal)),
      attach: fromPromise<AgentIdentity, LoginRequest>(({ signal }) => this.#attach(signal)),
      openChannel: fromPromise<void, void>(({ signal }) => this.vendor().openChannel(signal)),
      closeChannel: fromPromise<void, void>(async () => {
        await this.#vendor?.closeChannel();
      }),
      login: fromPromise<void, { initialMode: InitialMode }>(async ({ input, signal }) => {
        await this.vendor().execute({ type: 'login', initialMode: input.initialMode }, signal);
      }),
      forceLogin: fromPromise<void, { initialMode: InitialMode }>(async ({ input, signal }) => {
        await this.vendor().execute({ type: 'forceLogin', initialMode: input.initialMode }, signal);
      }),
      resync: fromPromise<ServerSnapshot, void>(({ signal }) => this.vendor().resync(signal)),
    };
  }

  /** The live adapter; `MISSING_CREDENTIALS` before a login created one. */
  vendor(): Vendor {
    if (!this.#vendor) {
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'Not logged in', { operation: 'execute' });
    }
    return this.#vendor;
  }

  get hasVendor(): boolean {
    return this.#vendor !== undefined;
  }

  /** The secrets the next authentication hands to the vendor (once). */
  setSecret(secret: LoginSecret): void {
    this.#secret = secret;
  }

  /** The kept session the next attach hands to the vendor (once). */
  setKept(kept: StoredSession): void {
    this.#kept = kept;
  }

  /** The tab session's factory wrapper (undefined: this tab runs its own session). */
  setFactoryWrapper(wrap: ((factory: VendorFactory) => Promise<VendorFactory>) | undefined): void {
    this.#wrap = wrap;
  }

  /** Forgets what a failed login left (secrets, kept session). */
  forgetPending(): void {
    this.#secret = undefined;
    this.#kept = undefined;
  }

  dispose(): void {
    this.#vendor?.dispose();
    this.#vendor = undefined;
    this.#secret = undefined;
  }

  /** Fetches the vendor's lazy adapter while the browser is idle, so the first login does not wait for it. */
  prefetch(): void {
    const idle = (globalThis as { requestIdleCallback?: (run: () => void) => unknown }).requestIdleCallback;
    const config = this.#kernel.config();
    const descriptor = VENDORS[config.vendor];
    if (!idle || config.vendorFactory || !descriptor) return;
    // a chunk that fails to load here is simply loaded (and its error reported) at login
    idle(() => void descriptor.load().catch(() => {}));
  }

  /** The `sessionStorage` key of this backend, or undefined when reattaching is off or the URLs are not valid. */
  sessionKey(): string | undefined {
    const config = this.#kernel.config();
    if (config.reattach === false) return undefined;
    try {
      return sessionKey(config.vendor, endpointsOf(config).apiUrl);
    } catch {
      return undefined;
    }
  }

  /** The session kept by this tab for a reattach, unless another phone of the page holds it. */
  loadKept(owner: object): StoredSession | undefined {
    const key = this.sessionKey();
    if (!key || heldByAnother(key, owner)) return undefined;
    const kept = loadSession(key);
    return kept && kept.vendor === this.#kernel.vendorName ? kept : undefined;
  }

  /** The scope tabs share a session in: the vendor and its REST base URL (undefined when the URLs are invalid). */
  tabScope(): string | undefined {
    const config = this.#kernel.config();
    try {
      return `${config.vendor} ${endpointsOf(config).apiUrl}`;
    } catch {
      return undefined;
    }
  }

  /** Keeps the vendor's session for a reattach after a reload (nothing when off or the vendor cannot). */
  keepSession(owner: object): void {
    const key = this.sessionKey();
    const session = this.#vendor?.keptSession?.();
    if (!key || !session) return;
    // another phone of this page keeps its own session under the same key: the first one keeps it
    if (heldByAnother(key, owner)) return;
    holdSession(key, owner);
    saveSession(key, this.#kernel.vendorName, session);
  }

  forgetSession(owner: object): void {
    const key = this.sessionKey();
    if (!key || heldByAnother(key, owner)) return;
    releaseSession(key, owner);
    clearSession(key);
  }

  release(owner: object): void {
    const key = this.sessionKey();
    if (key) releaseSession(key, owner);
  }

  async #authenticate(request: LoginRequest, signal: AbortSignal): Promise<AgentIdentity> {
    const secret = this.#secret;
    this.#secret = undefined;
    if (secret === undefined) {
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'No password', { operation: 'login' });
    }
    this.#vendor?.dispose();
    this.#vendor = await this.#create();
    return this.#vendor.authenticate({ ...request, ...secret }, signal);
  }

  async #attach(signal: AbortSignal): Promise<AgentIdentity> {
    const kept = this.#kept;
    this.#kept = undefined;
    if (kept === undefined) {
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'No kept session', { operation: 'reattach' });
    }
    this.#vendor?.dispose();
    this.#vendor = await this.#create();
    if (!this.#vendor.attach) {
      throw new WellError(WellErrorCode.NOT_SUPPORTED, `The ${this.#kernel.vendorName} backend cannot reattach`, {
        operation: 'reattach',
      });
    }
    return this.#vendor.attach(kept, signal);
  }

  /**
   * Sends facts that arrived together: the longest quiet run from the first as one `facts` step, a fact that needs
   * more (timers, a pending command, a resync, login or logout…) on its own, and so on. A step the statechart did not
   * take (its guard saw something the count did not) is sent again one fact at a time: nothing is lost.
   */
  #applyFacts(facts: readonly DomainEvent[]): void {
    let rest = facts;
    while (rest.length > 0) {
      const quiet = rest.length > 1 ? this.#kernel.quietRun(rest) : 0;
      if (quiet >= 2) {
        const step = quiet === rest.length ? rest : rest.slice(0, quiet);
        this.#kernel.send({ type: 'facts', facts: step });
        if (this.#kernel.view().lastFact !== step[step.length - 1]) for (const fact of step) this.#kernel.send(fact);
        rest = rest.slice(quiet);
      } else {
        this.#kernel.send(rest[0]!);
        rest = rest.slice(1);
      }
    }
  }

  async #create(): Promise<Vendor> {
    const { log, bus } = this.#kernel;
    const send = (event: Parameters<Kernel['send']>[0]) => {
      flush();
      this.#kernel.send(event);
    };
    /** The call and mode facts of the batch being reported (VendorSink.batch), undefined outside one. */
    let batched: DomainEvent[] | undefined;
    const flush = (): void => {
      if (!batched?.length) return;
      const facts = batched;
      batched = [];
      this.#applyFacts(facts);
    };
    const sink: VendorSink = {
      event: (event) => {
        const serial = event.meta.serial === undefined ? '' : ` #${event.meta.serial}`;
        log.add('info', `event ${event.meta.name}${serial}`);
        bus.emit('event', event);
        if (batched && batchable(event)) {
          batched.push(event);
          // a bounded step: the facts, their plans and the views of one step stay small in a flood
          if (batched.length >= MAX_BATCH) flush();
        } else send(event);
      },
      raw: (message) => bus.emit('raw', message),
      channelLost: (error) => {
        log.add('warn', error.message);
        send({ type: 'channel.lost', error });
      },
      error: (error) => {
        flush();
        log.add('error', error.message, error.toJSON());
        bus.emit('error', error);
      },
      resync: (reason) => {
        log.add('warn', `Resync requested: ${reason}`);
        send({ type: 'calls.resync' });
      },
      log: (entry) => log.add(entry.level, entry.message, entry.data),
      batch: (run) => {
        if (batched) return run();
        batched = [];
        try {
          run();
        } finally {
          const facts = batched;
          batched = undefined;
          if (facts.length > 0) this.#applyFacts(facts);
        }
      },
    };
    const config = this.#kernel.config();
    const base = config.vendorFactory ?? (await VENDORS[config.vendor]!.load());
    const factory = this.#wrap ? await this.#wrap(base) : base;
    return factory(
      {
        endpoints: endpointsOf(config),
        requestTimeoutMs: this.#kernel.requestTimeout(),
        channelOpenTimeoutMs: channelOpenTimeout(this.#kernel.requestTimeout()),
        heartbeatMs: config.channelHeartbeatMs ?? DEFAULT_CHANNEL_HEARTBEAT_MS,
        subscribeGraceMs: subscribeGraceOf(config),
        ...(config.maxFrameBytes !== undefined ? { maxFrameBytes: maxFrameBytesOf(config) } : {}),
        ...(config.socketInWorker !== undefined ? { socketInWorker: config.socketInWorker !== false } : {}),
        ...(config.fetch ? { fetch: config.fetch } : {}),
        ...(config.queue ? { queue: config.queue } : {}),
        ...(config.group ? { group: config.group } : {}),
        ...(config.aliyun ? { aliyun: config.aliyun } : {}),
        ...(config.audio ? { audio: config.audio } : {}),
      },
      sink,
    );
  }
}
