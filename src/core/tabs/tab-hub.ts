import type { Command } from '../../model/command.js';
import type { KeptSession, Vendor, VendorLogEntry } from '../../vendors/vendor.js';
import type { LeaderState, RelayOp, TabBody, TabMessage } from './tab-protocol.js';

/** The role of a tab in its session scope: runs the real vendor, follows the one that does, or is on its own. */
export type TabRole = 'leader' | 'follower' | 'solo';

/** What the shared vendor of a tab offers the hub (relay-vendor.ts). */
export interface HubVendor {
  /** The real vendor while this tab runs it (leader), else undefined. */
  inner(): Vendor | undefined;
  /** This tab just became the leader: take the session over if this vendor follows one. True when it does. */
  promote(): boolean;
  /** This tab lost the leadership (another tab claimed it). */
  demote(): void;
  /** A fact the leader broadcast (event, raw, lost, problem, resync). */
  fromLeader(message: TabMessage): void;
  /** The leader announced a new state of its session. */
  leaderChanged(state: LeaderState): void;
}

/** What the tab session offers the vendors and the leader relay of its tab (tab-session.ts). */
export interface TabHub {
  readonly id: string;
  role(): TabRole;
  /** Resolves once the first election is decided. */
  ready(): Promise<TabRole>;
  log(level: VendorLogEntry['level'], message: string, data?: unknown): void;
  post(body: TabBody): void;
  /** Asks the leader; resolves with its result, rejects with a WellError (TIMEOUT when no leader answers). */
  ask(
    op: RelayOp,
    extra: { command?: Command; session?: KeptSession },
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<unknown>;
  /** Becomes the leader now (steals the lock from a leader without a session). */
  claim(): Promise<void>;
  /** Gives the leadership up so that a follower takes the session over; this tab queues again. */
  yieldLead(): void;
  /** The leader's session as last known (this tab's own while it leads). */
  leaderState(): LeaderState | undefined;
  /** Leader: the session changed; tells every tab. */
  publish(state: LeaderState): void;
  /** Resolves with the leader state once `test` holds; rejects with TIMEOUT or ABORTED. */
  whenLeader(test: (state: LeaderState) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<LeaderState>;
  /** The vendor the phone of this tab uses now (the latest one created). */
  current(): HubVendor | undefined;
  adopt(vendor: HubVendor): void;
  drop(vendor: HubVendor): void;
}

/** A set of listeners; one that throws is logged, the others still run. */
export class Emitter<A extends unknown[]> {
  readonly #listeners = new Set<(...args: A) => void>();
  on(listener: (...args: A) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  emit(log: TabHub['log'], ...args: A): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(...args);
      } catch (err) {
        log('error', `tab session listener threw: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
