import { XSWITCH_CAPABILITIES } from './xswitch.capabilities.js';
import type { VendorDescriptor } from '../descriptor.js';

/** The `xswitch` vendor: its adapter is a separate chunk, loaded at the first login. */
export const XSWITCH_DESCRIPTOR: VendorDescriptor = {
  capabilities: XSWITCH_CAPABILITIES,
  paths: { login: '', events: '/ws' },
  // the vcc payload is inferred (docs/protocols/xswitch.md facts 5, 11): agent_state is the source of truth after (re)login
  resyncAfterLogin: true,
  // as verto.js: every 1 s for 10 tries, 2 s for the next 10, then 3 s; bounded here at 60 attempts
  reconnect: { attempts: 60, delayMs: [...Array<number>(10).fill(1000), ...Array<number>(10).fill(2000), 3000] },
  load: () => import('./xswitch.vendor.js').then((m) => m.createXswitchVendor),
};
