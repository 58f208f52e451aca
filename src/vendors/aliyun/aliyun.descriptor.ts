import type { VendorDescriptor } from '../descriptor.js';
import { ALIYUN_CAPABILITIES } from './aliyun.capabilities.js';

/** The `aliyun` vendor: its adapter is a separate chunk, loaded at the first login. */
export const ALIYUN_DESCRIPTOR: VendorDescriptor = {
  capabilities: ALIYUN_CAPABILITIES,
  // one proxy URL carries everything (docs/protocols/aliyun.md fact 1); there is no event socket
  paths: { login: '', events: '' },
  // every command answer and every poll carries the full state (fact 6): nothing to read again after login
  resyncAfterLogin: false,
  // the customer's proxy authenticates the agent; the instance may come from configuration instead of the domain
  login: { secret: false, domain: false, extension: false },
  // the "channel" is PollUserStatus: try again after 1 s, 2 s, then every 5 s
  reconnect: { attempts: 30, delayMs: [1000, 2000, 5000] },
  load: () => import('./aliyun.vendor.js').then((m) => m.createAliyunVendor),
};
