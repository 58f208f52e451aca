// Calls as the host and every layer see them: plain data, keyed by the server's call id.

/** The own party's state in a call. */
export type CallState = 'initiated' | 'alerting' | 'connected' | 'held';

/** Who called whom, from the agent's point of view. */
export type CallDirection = 'inbound' | 'outbound' | 'internal';

/** One call the agent's device is in. Plain data: snapshots stay serialisable and cheap to copy. */
export interface CallRecord {
  callId: string;
  state: CallState;
  direction: CallDirection;
  /** The agent's device placed the call. */
  isCaller: boolean;
  /** The other party of a two-party call (`callingDevice` or `calledDevice`). */
  party: string | undefined;
  /** Every other device known to be in the call. */
  parties: string[];
  callType: string | undefined;
  userData: Record<string, unknown> | undefined;
  /** ms since the epoch (event time). */
  createdAt: number;
  establishedAt: number | undefined;
  conferenced: boolean;
  /** A party just left the conference (status 30 until the next event of this call). */
  membershipChanged: boolean;
  /** The held call this consult call belongs to, when the agent consults. */
  consultOf: string | undefined;
  recording: boolean;
  /** The agent's microphone is muted on this call (as the server reports it). */
  muted: boolean;
}

/** What a call looked like when it ended (the `well-call-end` payload before formatting). */
export interface CallEnd {
  call: CallRecord;
  endedAt: number;
  cause: string | undefined;
  /** The device that released last (the own device when the agent hung up). */
  releasingDevice: string | undefined;
}

/** Facts about calls for the host (turned into `well-call-*` DOM events). */
export type CallNotice =
  | { type: 'offered'; call: CallRecord }
  | { type: 'started'; call: CallRecord }
  | { type: 'held'; call: CallRecord }
  | { type: 'resumed'; call: CallRecord }
  | { type: 'transferred'; call: CallRecord; from: string }
  | { type: 'conferenced'; call: CallRecord }
  | { type: 'ended'; end: CallEnd };

/**
 * Internal (agent-to-agent) numbers: the part before `@` starts with 8 and has at least four digits
 * (wellClient's `^8\d{3,5}` rule, docs/protocols/well.md fact 14). Vendors may supply their own rule.
 */
export const isInternalDevice = (device: string | undefined): boolean =>
  device !== undefined && /^8\d{3,5}(@|$)/.test(device);

/** Call maps are keyed by server strings: no prototype, so `constructor` or `__proto__` are ordinary call ids. */
export type CallMap = Readonly<Record<string, CallRecord>>;

/** A call map without a prototype (optionally a copy of `from`). */
export function callMap(from?: CallMap): Record<string, CallRecord> {
  const map = Object.create(null) as Record<string, CallRecord>;
  if (from) for (const id of Object.keys(from)) map[id] = from[id]!;
  return map;
}

/** The call the agent is acting on: the ringing, dialing or connected one, else the held one. */
export function activeCall(calls: Readonly<Record<string, CallRecord>>): CallRecord | undefined {
  const list = Object.values(calls);
  return list.find((c) => c.state !== 'held') ?? list[0];
}
