import { ALIYUN_DESCRIPTOR } from './aliyun/aliyun.descriptor.js';
import type { VendorDescriptor } from './descriptor.js';
import type { VendorName } from './vendor.js';
import { WELL_DESCRIPTOR } from './well/well.descriptor.js';
import { XSWITCH_DESCRIPTOR } from './xswitch/xswitch.descriptor.js';

/** The vendors this build knows: capabilities and endpoint defaults up front, adapters loaded on demand. */
export const VENDORS: Partial<Record<VendorName, VendorDescriptor>> = {
  well: WELL_DESCRIPTOR,
  xswitch: XSWITCH_DESCRIPTOR,
  aliyun: ALIYUN_DESCRIPTOR,
};

export { VENDOR_NAMES } from '../model/vendor-name.js';
