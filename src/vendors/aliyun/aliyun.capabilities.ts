import { NO_CAPABILITIES, type Capabilities } from '../../model/capabilities.js';

/** What Aliyun CCC's agent APIs offer the toolbar (docs/protocols/aliyun.md fact 6). */
export const ALIYUN_CAPABILITIES: Capabilities = {
  ...NO_CAPABILITIES,
  canLogin: true,
  canSetReady: true,
  canSetNotReady: true,
  canOutboundOnly: true,
  canDial: true,
  canAnswer: true,
  canHold: true,
  canTransfer: true,
  canConsult: true,
  canTransferToSkillGroup: true,
  canDtmf: true,
  canMute: true,
  canSetWorkMode: true,
};
