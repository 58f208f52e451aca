import type { StoredSession } from './session-store.js';
import type { Kernel } from './kernel.js';
import type { TabSession } from './tabs/tab-session.js';
import type { VendorBridge } from './vendor-bridge.js';
import { toWellError } from '../model/well-error.js';

/** What the link needs of the session besides the kernel. */
export interface TabLinkHooks {
  /** The status is -1 and no login or reattach is in flight: the tab may join. */
  idle(): boolean;
  /** Reattaches with a session kept by another tab (no secret in it). */
  join(kept: StoredSession): Promise<unknown>;
}

/**
 * Links one phone to the tab session of its origin (`sharedSession`, docs/architecture-tabs.md): loads the tab code as
 * its own chunk, wraps the vendor factory (the real vendor in the leader tab, a relay elsewhere), joins the leader's
 * live session without a login, and says whether this tab rings.
 */
export class TabLink {
  #tabs: TabSession | undefined;
  #stopped = false;

  constructor(kernel: Kernel, bridge: VendorBridge, scope: string, hooks: TabLinkHooks) {
    const { log } = kernel;
    // a chunk of its own: pages that do not share sessions never load it
    const loading = import('./tabs/tab-session.js').then(
      ({ createTabSession }) => {
        if (this.#stopped) return undefined;
        const tabs = createTabSession({ scope, log: (entry) => log.add(entry.level, entry.message, entry.data) });
        this.#tabs = tabs;
        const join = (): void => {
          const kept = tabs.sharedSession();
          if (!kept || this.#tabs !== tabs || !hooks.idle()) return;
          log.add('info', 'tabs: joining the session of the leader tab');
          hooks
            .join({ ...kept, vendor: kernel.vendorName, savedAt: Date.now() })
            .catch((err: unknown) => log.add('warn', `tabs: could not join: ${toWellError(err).message}`));
        };
        tabs.onSharedSession(join);
        tabs.onRing((ring) => kernel.bus.emit('ring', ring));
        tabs.ready().then(join, () => {});
        return tabs;
      },
      (err: unknown) => {
        log.add('warn', `tabs: not shared (${toWellError(err).message})`);
        return undefined;
      },
    );
    bridge.setFactoryWrapper(async (factory) => (await loading)?.wrapFactory(factory) ?? factory);
  }

  /** This tab plays the ringtone: the focused tab of the origin, else the leader tab (true until the tabs are known). */
  get ringsHere(): boolean {
    return this.#tabs?.shouldRing() ?? true;
  }

  dispose(): void {
    this.#stopped = true;
    this.#tabs?.dispose();
    this.#tabs = undefined;
  }
}
