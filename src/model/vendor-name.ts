/** The backends the element can talk to. */
export type VendorName = 'well' | 'xswitch' | 'aliyun';

/** Every vendor name the contract defines (a build may not include all of them). */
export const VENDOR_NAMES: readonly VendorName[] = ['well', 'xswitch', 'aliyun'];
