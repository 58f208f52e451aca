import type { AgentIdentity } from '../../../src/model/agent.js';
import type { Command, CommandResult } from '../../../src/model/command.js';
import type { DomainEvent, RawMessage } from '../../../src/model/domain-event.js';
import { WellError, WellErrorCode } from '../../../src/model/well-error.js';
import type { FocusSource, TabSessionOptions } from '../../../src/core/tabs/tab-session.js';
import type {
  KeptSession,
  Vendor,
  VendorFactory,
  VendorLogEntry,
  VendorOptions,
  VendorSink,
} from '../../../src/vendors/vendor.js';
import { WELL_CAPABILITIES } from '../../../src/vendors/well/well.capabilities.js';

let channels = 0;
/** Options of a tab session on a channel (and lock) of its own, so that tests never meet. */
export function scopeOptions(extra: Partial<TabSessionOptions> = {}): () => TabSessionOptions {
  const channelName = `tabs-test-${Date.now()}-${++channels}`;
  return () => ({ scope: 'well http://127.0.0.1:9', channelName, ...extra });
}

export const OPTIONS: VendorOptions = {
  endpoints: { apiUrl: 'http://127.0.0.1:9', loginUrl: 'http://127.0.0.1:9/login', eventUrl: 'ws://127.0.0.1:9/ws' },
  requestTimeoutMs: 2000,
  heartbeatMs: 0,
};

/**
 * One in-memory server shared by every tab of a test: a login gives a session id, `attach` accepts only the live
 * one, and events go to the vendors whose event channel is open (the leader's, in a shared session).
 */
export class FakeServer {
  /** What each vendor instance executed: `[vendor number, command]`. */
  readonly executed: [number, Command][] = [];
  readonly attached: KeptSession[] = [];
  session: string | undefined;
  #pending: string | undefined;
  #mode: 'Ready' | 'NotReady' = 'NotReady';
  #vendors = 0;
  #sessions = 0;
  #serial = 0;
  readonly #open = new Set<VendorSink>();

  readonly factory: VendorFactory = (_options, sink) => this.#vendor(++this.#vendors, sink);

  emit(event: Record<string, unknown>, raw: unknown = { serial: this.#serial + 1 }): void {
    const full = { ...event, meta: { name: String(event['type']), serial: ++this.#serial, at: Date.now(), raw } };
    if (event['type'] === 'agent.wentReady') this.#mode = 'Ready';
    for (const sink of this.#open) {
      sink.raw({ vendor: 'well', name: full.meta.name, body: raw, decoded: true, receivedAt: Date.now() });
      sink.event(full as unknown as DomainEvent);
    }
  }

  #vendor(n: number, sink: VendorSink): Vendor {
    const server = this;
    let identity: AgentIdentity | undefined;
    const idOf = (s: { jobNumber: string; domain: string; extension: string }): AgentIdentity => ({
      ...s,
      agentId: `${s.jobNumber}@${s.domain}`,
      deviceId: `${s.extension}@${s.domain}`,
    });
    return {
      name: 'well',
      capabilities: WELL_CAPABILITIES,
      async authenticate(c) {
        identity = idOf(c);
        server.#pending = `session-${++server.#sessions}`;
        return identity;
      },
      async attach(kept) {
        server.attached.push(kept);
        if (kept.sessionId !== server.session) {
          throw new WellError(WellErrorCode.SESSION_EXPIRED, 'no such session', {
            detail: { reason: 'sessionExpired' },
          });
        }
        identity = idOf(kept);
        return identity;
      },
      keptSession: () => (identity && server.session ? { ...identity, sessionId: server.session } : undefined),
      async openChannel() {
        server.#open.add(sink);
      },
      async closeChannel() {
        server.#open.delete(sink);
      },
      async execute(command): Promise<CommandResult> {
        server.executed.push([n, command]);
        const later = (event: Record<string, unknown>) => setTimeout(() => server.emit(event), 0);
        switch (command.type) {
          case 'login':
          case 'forceLogin':
            server.session = server.#pending;
            later({ type: 'agent.loggedOn', mode: 'NotReady' });
            return {};
          case 'setMode':
            later(command.mode === 'Ready' ? { type: 'agent.wentReady' } : { type: 'agent.wentNotReady', reason: '' });
            return { data: { by: n } };
          case 'logout':
            server.session = undefined;
            later({ type: 'agent.loggedOff' });
            return {};
          default:
            return { data: { by: n } };
        }
      },
      async resync() {
        return { loggedIn: server.session !== undefined, agentMode: server.#mode, raw: { by: n } };
      },
      dispose() {
        server.#open.delete(sink);
      },
    };
  }
}

/** A sink that records what a vendor reports, with a way to await a report. */
export class Recorder implements VendorSink {
  readonly events: DomainEvent[] = [];
  readonly raws: RawMessage[] = [];
  readonly lost: WellError[] = [];
  readonly errors: WellError[] = [];
  readonly resyncs: string[] = [];
  readonly logs: VendorLogEntry[] = [];
  readonly #waiters = new Set<() => void>();

  event = (e: DomainEvent) => this.#push(this.events, e);
  raw = (m: RawMessage) => this.#push(this.raws, m);
  channelLost = (e: WellError) => this.#push(this.lost, e);
  error = (e: WellError) => this.#push(this.errors, e);
  resync = (reason: string) => this.#push(this.resyncs, reason);
  log = (entry: VendorLogEntry) => this.#push(this.logs, entry);

  /** Resolves once `test` holds (at once if it already does). */
  until(test: (r: this) => boolean): Promise<void> {
    if (test(this)) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => test(this) && (this.#waiters.delete(check), resolve());
      this.#waiters.add(check);
    });
  }

  #push<T>(list: T[], item: T): void {
    list.push(item);
    for (const waiter of [...this.#waiters]) waiter();
  }
}

/** A focus source the test moves by hand. */
export function manualFocus(initial = false): FocusSource & { set(focused: boolean): void } {
  let focused = initial;
  const listeners = new Set<(f: boolean) => void>();
  return {
    focused: () => focused,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(value) {
      focused = value;
      for (const listener of listeners) listener(value);
    },
  };
}

/** Resolves with the value once `read()` gives one that `test` accepts, re-checked whenever `subscribe` calls back. */
export function whenTrue(subscribe: (cb: () => void) => () => void, test: () => boolean): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = subscribe(() => {
      if (test()) {
        off();
        resolve();
      }
    });
  });
}
