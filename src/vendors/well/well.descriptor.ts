import { WELL_CAPABILITIES } from './well.capabilities.js';
import type { VendorDescriptor } from '../descriptor.js';

/**
 * The `well` vendor: its adapter (with the STOMP client) is a separate chunk, loaded at the first login; the core fetches
 * it while the browser is idle after start, so a login rarely waits for it.
 */
export const WELL_DESCRIPTOR: VendorDescriptor = {
  capabilities: WELL_CAPABILITIES,
  paths: { login: '/loginTrusted', events: '/mvc/stomp/websocket' },
  resyncAfterLogin: true,
  // as wellClient reconnected: 30 attempts, 3 s apart
  reconnect: { attempts: 30, delayMs: 3000 },
  load: () => import('./well.vendor.js').then((m) => m.createWellVendor),
};
