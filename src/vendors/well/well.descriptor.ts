import { WELL_CAPABILITIES } from './well.capabilities.js';
import type { VendorDescriptor } from '../descriptor.js';
import { createWellVendor } from './well.vendor.js';

/** The `well` vendor: part of the main bundle. */
export const WELL_DESCRIPTOR: VendorDescriptor = {
  capabilities: WELL_CAPABILITIES,
  paths: { login: '/loginTrusted', events: '/mvc/stomp/websocket' },
  resyncAfterLogin: true,
  // wellClient 1.3.7: 30 attempts, 3 s apart (its docs say 5 × 1 s)
  reconnect: { attempts: 30, delayMs: 3000 },
  load: () => Promise.resolve(createWellVendor),
};
