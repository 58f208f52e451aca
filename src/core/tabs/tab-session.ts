import { toWellError } from '../../model/well-error.js';
import type { KeptSession, VendorFactory, VendorLogEntry } from '../../vendors/vendor.js';
import { SharedTabSession } from './shared-session.js';
import type { TabRole } from './tab-hub.js';

export type { TabRole } from './tab-hub.js';

/** Whether the tab has the focus, and its changes (the window's by default; tests inject their own). */
export interface FocusSource {
  focused(): boolean;
  subscribe(listener: (focused: boolean) => void): () => void;
}

export interface TabSessionOptions {
  /** One agent session per scope: the vendor and the REST base URL (e.g. `well http://cti.example.com`). */
  scope: string;
  /** The BroadcastChannel name (default `well-softphone:tabs:` + scope); the leader lock is named after it. */
  channelName?: string;
  /** Default `navigator.locks`. */
  locks?: LockManager;
  /** Default `new BroadcastChannel(name)`. */
  broadcast?: (name: string) => BroadcastChannel;
  /** Default: the window's focus. */
  focus?: FocusSource;
  /** Where the tab session logs (the phone's event log). */
  log?: (entry: VendorLogEntry) => void;
  /** How long a new leader waits for its phone to take over a session it did not follow, ms (default 10 000). */
  takeoverGraceMs?: number;
}

/** One agent session shared by the tabs of a scope (docs/architecture-tabs.md). */
export interface TabSession {
  readonly id: string;
  role(): TabRole;
  /** Resolves with the role once the first election is decided. */
  ready(): Promise<TabRole>;
  /** The factory the phone must use: the real vendor in the leader, a relay to it in followers. */
  wrapFactory(real: VendorFactory): VendorFactory;
  onRoleChange(listener: (role: TabRole, previous: TabRole) => void): () => void;
  /** The live session of the scope (no secret: identity and session id), for a phone to join; else undefined. */
  sharedSession(): KeptSession | undefined;
  /** Called whenever {@link sharedSession} changes (a leader logged in, took over, logged out). */
  onSharedSession(listener: (session: KeptSession | undefined) => void): () => void;
  /** This tab is the one that rings: the focused tab of the scope, else the leader. */
  shouldRing(): boolean;
  onRing(listener: (ring: boolean) => void): () => void;
  dispose(): void;
}

function windowFocus(): FocusSource | undefined {
  const w = globalThis as { document?: Document; addEventListener?: Window['addEventListener'] };
  if (!w.document || !w.addEventListener) return undefined;
  return {
    focused: () => w.document!.hasFocus(),
    subscribe(listener) {
      const on = (): void => listener(true);
      const off = (): void => listener(false);
      window.addEventListener('focus', on);
      window.addEventListener('blur', off);
      return () => {
        window.removeEventListener('focus', on);
        window.removeEventListener('blur', off);
      };
    },
  };
}

/** A tab on its own: today's behaviour. */
class SoloSession implements TabSession {
  readonly id = 'solo';
  role = (): TabRole => 'solo';
  ready = (): Promise<TabRole> => Promise.resolve('solo');
  wrapFactory = (real: VendorFactory): VendorFactory => real;
  onRoleChange = (): (() => void) => () => {};
  sharedSession = (): undefined => undefined;
  onSharedSession = (): (() => void) => () => {};
  shouldRing = (): boolean => true;
  onRing = (): (() => void) => () => {};
  dispose(): void {}
}

/**
 * The tab session of a scope: elects a leader tab with Web Locks and links the tabs with a BroadcastChannel. Where
 * either is missing, or in an opaque-origin frame, it is `solo` (each tab on its own, as without it) and says so in
 * the log.
 */
export function createTabSession(options: TabSessionOptions): TabSession {
  const log = options.log ?? (() => {});
  const solo = (why: string): TabSession => {
    log({ level: 'info', message: `tabs: not shared (${why}): this tab runs its own session` });
    return new SoloSession();
  };
  const g = globalThis as { origin?: string; navigator?: { locks?: LockManager } };
  if (g.origin === 'null') return solo('opaque origin');
  const locks = options.locks ?? g.navigator?.locks;
  if (!locks || typeof locks.request !== 'function') return solo('no Web Locks');
  const broadcast =
    options.broadcast ??
    (typeof BroadcastChannel === 'function' ? (name: string) => new BroadcastChannel(name) : undefined);
  if (!broadcast) return solo('no BroadcastChannel');
  let channel: BroadcastChannel;
  try {
    channel = broadcast(options.channelName ?? `well-softphone:tabs:${options.scope}`);
  } catch (err) {
    return solo(`BroadcastChannel refused: ${toWellError(err).message}`);
  }
  return new SharedTabSession(options, channel, locks, options.focus ?? windowFocus());
}
