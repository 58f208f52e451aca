import { XSWITCH_CAPABILITIES } from './xswitch.capabilities.js';
import type { VendorDescriptor } from '../descriptor.js';

/** The `xswitch` vendor: its adapter is a separate chunk, loaded at the first login. */
export const XSWITCH_DESCRIPTOR: VendorDescriptor = {
  capabilities: XSWITCH_CAPABILITIES,
  paths: { login: '', events: '/ws' },
  load: () => import('./xswitch.vendor.js').then((m) => m.createXswitchVendor),
};
