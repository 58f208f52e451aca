import { WELL_CAPABILITIES } from './well.capabilities.js';
import type { VendorDescriptor } from '../descriptor.js';
import { createWellVendor } from './well.vendor.js';

/** The `well` vendor: part of the main bundle. */
export const WELL_DESCRIPTOR: VendorDescriptor = {
  capabilities: WELL_CAPABILITIES,
  paths: { login: '/loginTrusted', events: '/mvc/stomp/websocket' },
  load: () => Promise.resolve(createWellVendor),
};
