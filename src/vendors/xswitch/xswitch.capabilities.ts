import { NO_CAPABILITIES, type Capabilities } from '../../model/capabilities.js';

/** What XSwitch's call-center API offers the toolbar (docs/protocols/xswitch.md, fact 10). */
export const XSWITCH_CAPABILITIES: Capabilities = {
  ...NO_CAPABILITIES,
  canLogin: true,
  canSetReady: true,
  canSetNotReady: true,
  canDial: true,
};
