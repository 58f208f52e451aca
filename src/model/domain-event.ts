import type { AgentMode } from './agent.js';

/** Where a server fact came from: its serial, time and the backend's own name for it. */
export interface EventMeta {
  /** The backend's event name (`agentReady`, `delivered`…). */
  name: string;
  /** Server serial number, when the backend numbers its events. */
  serial?: number;
  /** Event time in ms since the epoch (server time when given, else receive time). */
  at: number;
  /** The device the event was addressed to (`srcDeviceId`). */
  srcDeviceId?: string;
  /** The raw decoded message, for hosts and for `well-status-change` context. */
  raw: unknown;
}

interface AgentFact<T extends string> {
  type: T;
  agentId?: string;
  deviceId?: string;
  meta: EventMeta;
}

export interface AgentLoggedOn extends AgentFact<'agent.loggedOn'> {
  mode: AgentMode;
}
export interface AgentLoggedOff extends AgentFact<'agent.loggedOff'> {
  /** The agent asked for this logout (in another tab sharing the session): not a session ended by the server. */
  askedByAgent?: boolean;
}
export type AgentWentReady = AgentFact<'agent.wentReady'>;
export interface AgentWentNotReady extends AgentFact<'agent.wentNotReady'> {
  /** Not-ready reason; `"2"` = manual outbound (status 4). */
  reason: string;
}
export type AgentStartedAfterCallWork = AgentFact<'agent.startedAfterCallWork'>;
export type AgentAllocated = AgentFact<'agent.allocated'>;

/** Party-level call facts, decoded from CSTA (`well`) or other vendors' call events. */
interface CallFact<T extends string> {
  type: T;
  callId: string;
  /** The device this event is about (`deviceId` on CSTA). */
  deviceId?: string;
  callingDevice?: string;
  calledDevice?: string;
  meta: EventMeta;
}

export type CallInitiated = CallFact<'call.initiated'>;
export type CallOriginated = CallFact<'call.originated'>;
export interface CallDelivered extends CallFact<'call.delivered'> {
  alertingDevice?: string;
  /** Inbound, Outbound, Internal, PreOccupied, PreDictive, AgentAutoCall, PreView, SMART_IVR… */
  callType?: string;
  /** Call-attached user data (`userData.data` on CSTA). */
  userData?: Record<string, unknown>;
}
export interface CallEstablished extends CallFact<'call.established'> {
  answeringDevice?: string;
}
export interface CallCleared extends CallFact<'call.cleared'> {
  releasingDevice?: string;
  cause?: string;
}
export interface CallHeld extends CallFact<'call.held'> {
  holdingDevice?: string;
}
export interface CallRetrieved extends CallFact<'call.retrieved'> {
  retrievingDevice?: string;
}
export interface CallTransferred extends CallFact<'call.transferred'> {
  primaryOldCall?: string;
  secondaryOldCall?: string;
  newCall?: string;
  transferringDevice?: string;
  transferredToDevice?: string;
  cause?: string;
}
export interface CallConferenced extends CallFact<'call.conferenced'> {
  primaryOldCall?: string;
  secondaryOldCall?: string;
  newCall?: string;
  conferencingDevice?: string;
  addedParty?: string;
}
export interface CallFailed extends CallFact<'call.failed'> {
  failedCode?: number;
  failedMsg?: string;
}
export interface RecordingChanged extends CallFact<'recording.started' | 'recording.stopped'> {
  recordId?: string;
  fileName?: string;
  success?: boolean;
}

/** The agent's microphone on a call was muted or unmuted (backends that report it, e.g. a channel's MUTED flag). */
export type MuteChanged = CallFact<'call.muted' | 'call.unmuted'>;

export type AgentFactEvent =
  AgentLoggedOn | AgentLoggedOff | AgentWentReady | AgentWentNotReady | AgentStartedAfterCallWork | AgentAllocated;

export type CallFactEvent =
  | CallInitiated
  | CallOriginated
  | CallDelivered
  | CallEstablished
  | CallCleared
  | CallHeld
  | CallRetrieved
  | CallTransferred
  | CallConferenced
  | CallFailed
  | RecordingChanged
  | MuteChanged;

/** A server fact in vendor-neutral form. Past tense: it already happened on the server. */
export type DomainEvent = AgentFactEvent | CallFactEvent;
export type DomainEventType = DomainEvent['type'];

/** A server message as received, decoded or not: what `well-event` carries. */
export interface RawMessage {
  vendor: string;
  /** The backend's event name when it has one. */
  name?: string;
  /** Parsed body (object) or the raw text when it could not be parsed. */
  body: unknown;
  /** True when this message became a DomainEvent. */
  decoded: boolean;
  /** True when it was dropped as a duplicate (same serial as the previous event). */
  duplicate?: boolean;
  /** Receive time, ms since the epoch. */
  receivedAt: number;
}
