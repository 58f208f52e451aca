import type { AgentIdentity, InitialMode, LoginMode } from '../model/agent.js';
import type { CallMap, CallNotice } from '../model/call.js';
import type { Capabilities } from '../model/capabilities.js';
import type { DialOptions } from '../model/command.js';
import type { DomainEvent } from '../model/domain-event.js';
import type { LoginFailure } from '../model/login-reason.js';
import type { ServerSnapshot } from '../model/server-snapshot.js';
import type { Operation } from '../model/status.js';
import type { SessionEndReason, WellError } from '../model/well-error.js';
import type { MachineSettings } from './settings.js';

// The statechart's context, input, events and emitted facts.

/** What `agent.login` carries: everything but the password, which never enters the statechart. */
export interface LoginRequest {
  jobNumber: string;
  domain: string;
  extension: string;
  loginMode: LoginMode;
  initialMode: InitialMode;
}

export interface SoftphoneContext {
  settings: MachineSettings;
  capabilities: Capabilities;
  login: LoginRequest | undefined;
  identity: AgentIdentity | undefined;
  /** Current not-ready reason (`"2"` = outbound only). */
  reason: string;
  /** The server said the last mode change applies later. */
  pendingMode: boolean;
  /** A command accepted locally whose confirming server event has not come yet. */
  pendingOperation: Operation | undefined;
  /** The 454/455 answer awaiting the agent's decision (login mode `ask`). */
  conflict: LoginFailure | undefined;
  reconnectAttempt: number;
  /** The server fact that caused the latest change. */
  lastFact: DomainEvent | undefined;
  lastError: WellError | undefined;
  /** The calls the agent's device is in, by callId (a prototype-free map of plain records: model/call.ts). */
  calls: CallMap;
  /** A call rang past the ring timeout: go not ready once the calls are gone. */
  ringTimedOut: boolean;
  /** The agent asked to log out: the logged-off event that follows is no surprise. */
  logoutRequested: boolean;
  /** Calls that had events while a resync was in flight: newer than the snapshot, which must not undo them. */
  freshCalls: readonly string[];
  /**
   * The call notices of the latest call fact or resync (a new array each time): the core tells hosts from the
   * snapshot instead of an emitted event per notice, which keeps the per-event path cheap.
   */
  callNotices: readonly CallNotice[];
  /** A resync request is in flight. */
  resyncing: boolean;
  /** An agent event came while the resync was in flight: newer than the snapshot's agent mode. */
  freshMode: boolean;
}

export interface SoftphoneInput {
  capabilities: Capabilities;
  settings?: Partial<MachineSettings>;
}

/** Commands (imperative) the host sends through the core. */
export type CommandEvent =
  | { type: 'agent.login'; request: LoginRequest }
  /** Reattach to a session kept from before a page reload: no Login request, no password (`request` names the agent). */
  | { type: 'agent.reattach'; request: LoginRequest }
  /** The page is about to be frozen (Page Lifecycle): server state is not trusted until checked again. */
  | { type: 'session.suspend' }
  /** The page resumed or came back from the back-forward cache: re-read the server's view. */
  | { type: 'session.check' }
  | { type: 'agent.cancelLogin' }
  | { type: 'agent.confirmForce' }
  | { type: 'agent.declineForce' }
  | { type: 'agent.logout' }
  | { type: 'agent.ready' }
  | { type: 'agent.notReady'; reason: string }
  | { type: 'agent.outboundOnly' }
  | { type: 'connection.retry' }
  | { type: 'call.dial'; number: string; options?: DialOptions }
  | { type: 'call.answer'; callId: string }
  | { type: 'call.hangUp'; callId: string }
  | { type: 'call.hold'; callId: string }
  | { type: 'call.retrieve'; callId: string }
  | { type: 'call.blindTransfer'; callId: string }
  | { type: 'call.singleStepConference'; callId: string }
  | { type: 'call.consult'; callId: string }
  | { type: 'call.conference'; callId: string }
  | { type: 'call.cancelConsult'; callId: string }
  | { type: 'call.completeTransfer'; callId: string }
  | { type: 'call.setCallData'; callId: string }
  /** DTMF, mute and unmute: gated by the table, not pending (no server event confirms them). */
  | { type: 'call.dtmf'; callId: string }
  | { type: 'call.mute'; callId: string }
  | { type: 'call.unmute'; callId: string }
  | { type: 'recording.start' }
  | { type: 'recording.stop' }
  /** New settings or capabilities (another vendor); applied only while logged out. */
  | { type: 'config.update'; settings: Partial<MachineSettings>; capabilities?: Capabilities };

/** Outcomes of commands the core executed itself. */
export type CommandOutcomeEvent =
  | { type: 'command.accepted'; operation: Operation; pendingMode?: boolean }
  | { type: 'command.failed'; operation: Operation; error: WellError }
  | { type: 'agent.logoutAccepted' };

/** Facts from the vendor besides DomainEvents. */
export type ChannelFactEvent =
  | { type: 'channel.lost'; error: WellError }
  /**
   * Facts that arrived together (one task), in order: applied as one step while signed in when each is quiet (call
   * facts that only change the calls, agent mode facts with no command pending) (call-plan.ts).
   */
  | { type: 'facts'; facts: readonly DomainEvent[] };

/** Events the machine raises for itself to coordinate its regions. */
export type InternalEvent =
  | { type: 'channel.open' }
  | { type: 'channel.opened' }
  | { type: 'channel.openFailed'; error: WellError }
  | { type: 'channel.close' }
  | { type: 'channel.closed' }
  /** The server's view; `origin` says whether it followed a reconnect or a local doubt. */
  | { type: 'session.resynced'; snapshot: ServerSnapshot; origin: 'reconnect' | 'check' }
  | { type: 'command.confirmTimeout'; operation: Operation }
  | { type: 'logout.confirmTimeout' }
  | { type: 'heartbeat.tick' }
  | { type: 'calls.verify'; callId: string }
  | { type: 'call.autoAnswerDue'; callId: string }
  | { type: 'call.ringTimeoutDue'; callId: string }
  | { type: 'calls.resync' }
  /** The after-call rule's time is up. */
  | { type: 'afterCall.due' };

export type SoftphoneEvent = CommandEvent | CommandOutcomeEvent | ChannelFactEvent | DomainEvent | InternalEvent;

/** Facts the machine emits for the core to turn into promise outcomes and DOM events. */
export type SoftphoneEmitted =
  | { type: 'login.succeeded'; reattached?: boolean }
  | { type: 'login.failed'; error: WellError; failure: LoginFailure }
  | { type: 'login.conflict'; failure: LoginFailure }
  | { type: 'heartbeat' }
  /** The core should answer this call (auto-answer). */
  | { type: 'autoAnswer'; callId: string }
  /** After-call work is over: the core should go ready. */
  | { type: 'autoReady' }
  /** A call rang unanswered past the ring timeout: the core should go not ready. */
  | { type: 'ringTimeoutNotReady' }
  | { type: 'error'; error: WellError }
  /** The session ended without the agent asking (server-side logout, another login, server restart, expiry). */
  | { type: 'sessionEnded'; reason: SessionEndReason }
  | { type: 'log'; level: 'info' | 'warn'; message: string };
