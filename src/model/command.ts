import type { InitialMode } from './agent.js';

/** Options of an outbound call. */
export interface DialOptions {
  /** Trunk prefix put in front of the number (see `getPrefixes()`). */
  prefix?: string;
  /** Caller number shown to the far end. */
  originForDisplay?: string;
  /** Number shown on the agent's own phone. */
  destForDisplay?: string;
  /** Opaque data attached to the call (`contextId` on `well`; ends up in the call's user data). */
  callData?: string;
  /** Call-progress analysis: report busy / no answer / unreachable as `call.failed`. */
  callProgress?: boolean;
}

/**
 * What a transfer or consult target names: an agent, a skill group (queue) or a phone number. Absent, the vendor
 * infers it from the target (docs/protocols/aliyun.md).
 */
export type TransferTargetType = 'agent' | 'skillGroup' | 'number';

/** Commands a vendor executes. */
export type Command =
  | { type: 'login'; initialMode: InitialMode }
  /** Log out the session that holds this agent/extension, before logging in again (login mode `force`). */
  | { type: 'forceLogin'; initialMode: InitialMode }
  | { type: 'logout' }
  | { type: 'setMode'; mode: 'Ready' | 'NotReady'; reason?: string }
  | { type: 'heartbeat' }
  | { type: 'getPrefixes' }
  | { type: 'dial'; number: string; options: DialOptions }
  | { type: 'answer'; callId: string }
  | { type: 'hangUp'; callId: string }
  | { type: 'hold'; callId: string }
  | { type: 'retrieve'; callId: string }
  | { type: 'blindTransfer'; callId: string; number: string; targetType?: TransferTargetType }
  | { type: 'singleStepConference'; callId: string; number: string; participation: 'Active' | 'Silent' }
  | { type: 'consult'; heldCallId: string; number: string; targetType?: TransferTargetType }
  | { type: 'conference'; heldCallId: string; consultCallId: string }
  | { type: 'cancelConsult'; heldCallId: string; consultCallId: string }
  | { type: 'completeTransfer'; heldCallId: string; consultCallId: string }
  | { type: 'setCallData'; callId: string; entries: readonly { key: string; value: string }[] }
  | { type: 'getCallData'; callId: string }
  | { type: 'startRecording' }
  | { type: 'stopRecording' }
  /** Sends DTMF tones (`0-9`, `*`, `#`) on a call. */
  | { type: 'dtmf'; callId: string; digits: string }
  /** Mutes or unmutes the agent's own leg of a call. */
  | { type: 'mute'; callId: string }
  | { type: 'unmute'; callId: string }
  /** How the agent takes calls (Aliyun `ON_SITE` browser, `OFF_SITE` mobile, `OFFICE_PHONE` desk phone). */
  | { type: 'setWorkMode'; workMode: WorkMode; mobile?: string };

/** Where the agent's calls ring: in the browser, on a mobile, or on a desk phone. */
export type WorkMode = 'ON_SITE' | 'OFF_SITE' | 'OFFICE_PHONE';

export type CommandType = Command['type'];

/** What a vendor returns when the server accepted a command. */
export interface CommandResult {
  /** The requested mode applies later (e.g. after the current call). */
  pendingMode?: boolean;
  /** Command-specific data (e.g. prefixes, call data). */
  data?: unknown;
  /** The call a `dial` or `consult` created. */
  callId?: string;
}
