import type { SnapshotFrom } from 'xstate';
import type { AgentIdentity } from '../model/agent.js';
import { activeCall, type CallMap, type CallNotice, type CallRecord } from '../model/call.js';
import type { Capabilities } from '../model/capabilities.js';
import type { DomainEvent } from '../model/domain-event.js';
import type { LoginFailure } from '../model/login-reason.js';
import { Operation, type StatusCode } from '../model/status.js';
import type { ConnectionState } from '../model/status-change.js';
import type { WellError } from '../model/well-error.js';
import { stepsOfNotices, type FactStep } from './call-steps.js';
import { commandEventOf } from './operations.js';
import type { MachineSettings } from './settings.js';
import type { SoftphoneMachine } from './softphone.machine.js';
import { agentStateOfValue, statusCodeOf, type AgentState } from './status.js';
import type { CommandEvent, LoginRequest } from './types.js';

export type SoftphoneSnapshot = SnapshotFrom<SoftphoneMachine>;

/**
 * Everything the core and the element read from the statechart, derived once per snapshot (memoised): nothing outside
 * machine/ names a machine state or reads the context directly.
 */
export interface SoftphoneView {
  /** The status code -1..30 (docs/protocols/status-codes.md). */
  readonly code: StatusCode;
  /** The agent-region state (`loggedOut`, `loggingIn`, `signedOut`, `notReady`, `ready`, `allocated`…). */
  readonly agentState: AgentState;
  readonly connection: ConnectionState;
  readonly identity: AgentIdentity | undefined;
  /** The not-ready reason (`"2"` = outbound only). */
  readonly reason: string;
  /** The server said the last mode change applies later. */
  readonly pendingMode: boolean;
  /** A command accepted whose confirming event has not come yet. */
  readonly pendingOperation: Operation | undefined;
  /** The 454/455 answer while login mode `ask` waits for the agent's decision (else undefined). */
  readonly conflict: LoginFailure | undefined;
  readonly calls: readonly CallRecord[];
  readonly callMap: CallMap;
  /** The call the agent is acting on: the ringing, dialing or connected one, else the held one. */
  readonly activeCall: CallRecord | undefined;
  /** A call of the agent is being recorded. */
  readonly recording: boolean;
  readonly reconnectAttempt: number;
  readonly maxReconnectAttempts: number;
  readonly lastError: WellError | undefined;
  /** The server fact that caused the latest change. */
  readonly lastFact: DomainEvent | undefined;
  readonly capabilities: Capabilities;
  readonly settings: Readonly<MachineSettings>;
  /** The call notices of the latest call fact or resync (the same array until the next one). */
  readonly callNotices: readonly CallNotice[];
  /** True when `operation` is allowed now (status-code table + capabilities + channel). */
  allowed(operation: Operation): boolean;
  /** Whether the statechart takes this command event now (what `allowed` asks, with the actual payload). */
  accepts(event: CommandEvent): boolean;
  /**
   * When the latest change applied several facts at once: one view per fact, as things stood after it (its agent
   * state, calls, code, reason, notices and fact), the last one equal to this view. `before` is the agent state before
   * them (a call fact keeps it). Undefined otherwise.
   */
  steps(before: AgentState): readonly SoftphoneView[] | undefined;
}

/** Connection-region states → the public connection state. */
const CONNECTION_STATES: Record<string, ConnectionState> = {
  idle: 'disconnected',
  closing: 'disconnected',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  // after a freeze or a back-forward cache restore, until the server's view is read again: not live
  stale: 'reconnecting',
  verifying: 'reconnecting',
  failed: 'failed',
};

function connectionOf(value: unknown): ConnectionState {
  const connection = (value as { connection: string | Record<string, unknown> }).connection;
  const region = typeof connection === 'string' ? connection : Object.keys(connection)[0];
  return (region !== undefined && CONNECTION_STATES[region]) || 'disconnected';
}

/** The machine event that asks for `operation`, as `snapshot.can()` needs it. */
function probeOf(operation: Operation): CommandEvent | undefined {
  const type = commandEventOf(operation);
  if (type === undefined) return undefined;
  if (operation === Operation.login) return { type: 'agent.login', request: {} as LoginRequest };
  if (operation === Operation.notReady) return { type: 'agent.notReady', reason: '' };
  return { type } as CommandEvent;
}

/**
 * The view of one snapshot. Fields are computed on first read and kept: the core reads the code and the connection on
 * every event, the element the rest once per rendered frame.
 */
class View implements SoftphoneView {
  readonly #snapshot: SoftphoneSnapshot;
  /** One fact of a batch: the view shows the calls, notices, reason and fact of that step. */
  readonly #step: FactStep | undefined;
  readonly #callMap: CallMap;
  #agentState: AgentState | undefined;
  #code: StatusCode | undefined;
  #connection: ConnectionState | undefined;
  #calls: readonly CallRecord[] | undefined;
  #allowed: Map<Operation, boolean> | undefined;

  constructor(snapshot: SoftphoneSnapshot, step?: FactStep, agentState?: AgentState) {
    this.#snapshot = snapshot;
    this.#step = step;
    this.#callMap = step ? step.calls : snapshot.context.calls;
    this.#agentState = agentState;
  }

  get agentState(): AgentState {
    return (this.#agentState ??= agentStateOfValue(this.#snapshot.value));
  }
  get code(): StatusCode {
    return (this.#code ??= statusCodeOf(this.agentState, this.#callMap));
  }
  get connection(): ConnectionState {
    return (this.#connection ??= connectionOf(this.#snapshot.value));
  }
  get identity(): AgentIdentity | undefined {
    return this.#snapshot.context.identity;
  }
  get reason(): string {
    return this.#step ? this.#step.reason : this.#snapshot.context.reason;
  }
  get pendingMode(): boolean {
    return this.#snapshot.context.pendingMode;
  }
  get pendingOperation(): Operation | undefined {
    return this.#snapshot.context.pendingOperation;
  }
  get conflict(): LoginFailure | undefined {
    return this.#snapshot.matches({ agent: { loggingIn: 'confirming' } }) ? this.#snapshot.context.conflict : undefined;
  }
  get calls(): readonly CallRecord[] {
    return (this.#calls ??= Object.values(this.#callMap));
  }
  get callNotices(): readonly CallNotice[] {
    return this.#step ? this.#step.notices : this.#snapshot.context.callNotices;
  }
  get callMap(): CallMap {
    return this.#callMap;
  }
  get activeCall(): CallRecord | undefined {
    return activeCall(this.#callMap);
  }
  get recording(): boolean {
    return this.calls.some((c) => c.recording);
  }
  get reconnectAttempt(): number {
    return this.#snapshot.context.reconnectAttempt;
  }
  get maxReconnectAttempts(): number {
    return this.#snapshot.context.settings.reconnectAttempts;
  }
  get lastError(): WellError | undefined {
    return this.#snapshot.context.lastError;
  }
  get lastFact(): DomainEvent | undefined {
    return this.#step ? this.#step.fact : this.#snapshot.context.lastFact;
  }
  get capabilities(): Capabilities {
    return this.#snapshot.context.capabilities;
  }
  get settings(): Readonly<MachineSettings> {
    return this.#snapshot.context.settings;
  }
  allowed(operation: Operation): boolean {
    const cache = (this.#allowed ??= new Map());
    let result = cache.get(operation);
    if (result === undefined) {
      const probe = probeOf(operation);
      result = probe !== undefined && this.#snapshot.can(probe);
      cache.set(operation, result);
    }
    return result;
  }
  accepts(event: CommandEvent): boolean {
    return this.#snapshot.can(event);
  }
  steps(before: AgentState): readonly SoftphoneView[] | undefined {
    if (this.#step) return undefined;
    const steps = stepsOfNotices(this.#snapshot.context.callNotices);
    if (!steps) return undefined;
    let state = before;
    return steps.map((step) => new View(this.#snapshot, step, (state = step.mode ?? state)));
  }
}

/**
 * The last snapshot's view. One entry is enough: the core and the element read the current snapshot, once per event
 * or per frame. (A WeakMap of every snapshot grew its table in a flood and never gave the memory back in Chromium:
 * 1 MB after 100 000 events, bench `heap-core`.)
 */
let last: { snapshot: SoftphoneSnapshot; view: SoftphoneView } | undefined;

/** The view of a snapshot (the same object for the same snapshot while it is the latest one asked for). */
export function selectView(snapshot: SoftphoneSnapshot): SoftphoneView {
  if (last?.snapshot !== snapshot) last = { snapshot, view: new View(snapshot) };
  return last.view;
}

/** The status code -1..30 of a snapshot. */
export function deriveStatusCode(snapshot: SoftphoneSnapshot): StatusCode {
  return selectView(snapshot).code;
}
