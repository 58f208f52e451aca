import type { Capabilities } from '../model/capabilities.js';
import type { VendorFactory } from './vendor.js';

import type { LoginFields } from '../model/agent.js';

export type { LoginFields };

/** What the core needs to know about a vendor before loading its adapter. */
export interface VendorDescriptor {
  capabilities: Capabilities;
  /** Paths appended to `server` when `login-url` / `event-url` are not given; `event` also says ws(s). */
  paths: { login: string; events: string };
  /** Whether the server's view must be read right after login because its events alone are not authoritative. */
  resyncAfterLogin: boolean;
  /** The vendor's own reconnect policy, unless the host configures one. */
  reconnect: { attempts: number; delayMs: number | readonly number[] };
  /** The login fields the backend needs besides the job number (default: all of them). */
  login?: LoginFields;
  /** Loads the adapter (dynamic import for all but the default vendor, so pages only download what they use). */
  load(): Promise<VendorFactory>;
}
