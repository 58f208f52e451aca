import type { Capabilities } from './capabilities.js';

/**
 * The unified agent status codes -1..30 (docs/protocols/status-codes.md).
 * 7, 13–15, 18, 22, 23 and 27–29 are unused.
 */
export const StatusCode = {
  Unregistered: -1,
  Registering: 0,
  Offline: 1,
  NotReady: 2,
  Ready: 3,
  OutboundOnly: 4,
  AfterCallWork: 5,
  Ringing: 6,
  Dialing: 8,
  TalkingInbound: 9,
  TalkingOutbound: 10,
  TalkingInternal: 11,
  Held: 12,
  ConsultInitiated: 16,
  Consulting: 17,
  Conference: 19,
  BeingConsulted: 20,
  Monitoring: 21,
  MonitorRequested: 24,
  BargedIn: 25,
  Whispering: 26,
  ConferenceChanged: 30,
} as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

/** Every operation of the product's core API that the table governs. */
export const Operation = {
  login: 'login',
  logout: 'logout',
  setWorkMode: 'setWorkMode',
  ready: 'ready',
  notReady: 'notReady',
  outboundOnly: 'outboundOnly',
  dial: 'dial',
  internalCall: 'internalCall',
  monitor: 'monitor',
  barge: 'barge',
  intercept: 'intercept',
  whisper: 'whisper',
  startConference: 'startConference',
  answer: 'answer',
  hangUp: 'hangUp',
  hold: 'hold',
  retrieve: 'retrieve',
  dtmf: 'dtmf',
  mute: 'mute',
  unmute: 'unmute',
  blindTransfer: 'blindTransfer',
  consult: 'consult',
  singleStepConference: 'singleStepConference',
  transferToIvr: 'transferToIvr',
  setCallData: 'setCallData',
  cancelConsult: 'cancelConsult',
  completeTransfer: 'completeTransfer',
  conference: 'conference',
} as const;
export type Operation = (typeof Operation)[keyof typeof Operation];

const O = Operation;
const READY_OPS = [
  O.logout,
  O.dial,
  O.internalCall,
  O.notReady,
  O.outboundOnly,
  O.monitor,
  O.barge,
  O.intercept,
  O.whisper,
  O.startConference,
] as const;
const TALKING_OPS = [
  O.hangUp,
  O.hold,
  O.retrieve,
  O.dtmf,
  O.mute,
  O.unmute,
  O.blindTransfer,
  O.consult,
  O.singleStepConference,
  O.transferToIvr,
  O.setCallData,
] as const;

/** The allowed-operations table: the single source for the statechart's guards and the UI. */
export const ALLOWED_OPERATIONS: Readonly<Record<StatusCode, readonly Operation[]>> = {
  [-1]: [O.login],
  0: [O.logout],
  1: [O.login, O.setWorkMode],
  // notReady again changes the reason without passing through ready (a SetState NotReady with the new reason)
  2: [O.ready, O.logout, O.notReady],
  3: READY_OPS,
  4: [...READY_OPS, O.ready],
  5: [O.logout, O.notReady, O.ready, O.dial, O.outboundOnly, O.setWorkMode],
  6: [O.answer, O.hangUp],
  8: [O.hangUp, O.dtmf],
  9: TALKING_OPS,
  10: TALKING_OPS,
  11: [O.hangUp, O.hold, O.retrieve, O.dtmf, O.mute, O.unmute],
  // a held call can be hung up without retrieving it first (the caller waits on hold otherwise)
  12: [O.retrieve, O.hangUp],
  16: [O.cancelConsult],
  17: [O.cancelConsult, O.completeTransfer, O.conference, O.dtmf],
  19: [O.hangUp, O.dtmf],
  20: [O.hangUp],
  21: [O.hangUp, O.barge, O.whisper, O.intercept],
  24: [O.hangUp],
  25: [O.hangUp],
  26: [O.hangUp],
  30: [O.hangUp, O.transferToIvr],
};

/** Operations refused while the agent is pre-allocated for automatic outbound (`allocated` flag). */
export const REFUSED_WHILE_ALLOCATED: readonly Operation[] = [O.dial, O.logout];

/** The capability an operation needs, if any. */
export const OPERATION_CAPABILITY: Partial<Record<Operation, keyof Capabilities>> = {
  login: 'canLogin',
  ready: 'canSetReady',
  notReady: 'canSetNotReady',
  outboundOnly: 'canOutboundOnly',
  dial: 'canDial',
  internalCall: 'canDial',
  answer: 'canAnswer',
  hold: 'canHold',
  retrieve: 'canHold',
  blindTransfer: 'canTransfer',
  consult: 'canConsult',
  cancelConsult: 'canConsult',
  completeTransfer: 'canConsult',
  conference: 'canConference',
  singleStepConference: 'canConference',
  startConference: 'canConference',
  monitor: 'canMonitor',
  barge: 'canBarge',
  whisper: 'canWhisper',
  intercept: 'canIntercept',
  dtmf: 'canDtmf',
  mute: 'canMute',
  unmute: 'canMute',
  setCallData: 'canCallData',
  setWorkMode: 'canSetWorkMode',
};

/** True when `operation` is in the row of `code` (ignoring capabilities and flags). */
export function isInRow(code: StatusCode, operation: Operation): boolean {
  return ALLOWED_OPERATIONS[code].includes(operation);
}

/** True when the vendor supports `operation`. */
export function isCapable(capabilities: Capabilities, operation: Operation): boolean {
  const capability = OPERATION_CAPABILITY[operation];
  return capability === undefined || capabilities[capability];
}

/** Every code the table knows. */
export const STATUS_CODES = Object.keys(ALLOWED_OPERATIONS)
  .map(Number)
  .sort((a, b) => a - b) as StatusCode[];
