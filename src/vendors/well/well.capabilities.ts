import { NO_CAPABILITIES, type Capabilities } from '../../model/capabilities.js';

/** What the `well` backend can do (no DTMF or mute on wellClient's REST API; supervision arrives later). */
export const WELL_CAPABILITIES: Capabilities = {
  ...NO_CAPABILITIES,
  canLogin: true,
  canSetReady: true,
  canSetNotReady: true,
  canOutboundOnly: true,
  canPrefixes: true,
  canDial: true,
  canAnswer: true,
  canHold: true,
  canTransfer: true,
  canConsult: true,
  canConference: true,
  canCallData: true,
  canRecord: true,
  needsHeartbeat: true,
};
