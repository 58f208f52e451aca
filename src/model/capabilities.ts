/** What a vendor can do. The machine refuses and the UI hides whatever is `false`. */
export interface Capabilities {
  canLogin: boolean;
  canSetReady: boolean;
  canSetNotReady: boolean;
  /** Not-ready reason "2" (manual outbound / outbound only, status 4). */
  canOutboundOnly: boolean;
  canDial: boolean;
  canAnswer: boolean;
  canHold: boolean;
  canTransfer: boolean;
  canConsult: boolean;
  /** Transfer or consult to a skill group (`targetType: 'skillGroup'`). */
  canTransferToSkillGroup: boolean;
  canConference: boolean;
  canMonitor: boolean;
  canBarge: boolean;
  canWhisper: boolean;
  canIntercept: boolean;
  canForceState: boolean;
  canDtmf: boolean;
  canMute: boolean;
  canRecord: boolean;
  canCallData: boolean;
  canPrefixes: boolean;
  /** Change how the agent takes calls (browser, mobile, desk phone). */
  canSetWorkMode: boolean;
  /** The vendor needs periodic keep-alives (well: POST heartbeat every 60 s). */
  needsHeartbeat: boolean;
}

/** Every capability off: vendors spread this and switch on what they support. */
export const NO_CAPABILITIES: Capabilities = {
  canLogin: false,
  canSetReady: false,
  canSetNotReady: false,
  canOutboundOnly: false,
  canDial: false,
  canAnswer: false,
  canHold: false,
  canTransfer: false,
  canConsult: false,
  canTransferToSkillGroup: false,
  canConference: false,
  canMonitor: false,
  canBarge: false,
  canWhisper: false,
  canIntercept: false,
  canForceState: false,
  canDtmf: false,
  canMute: false,
  canRecord: false,
  canCallData: false,
  canPrefixes: false,
  canSetWorkMode: false,
  needsHeartbeat: false,
};
