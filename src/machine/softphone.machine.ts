import { and, assign, cancel, emit, enqueueActions, fromPromise, or, raise, setup, stateIn } from 'xstate';
import type { AgentIdentity, InitialMode, LoginMode } from '../model/agent.js';
import { OUTBOUND_ONLY_REASON } from '../model/agent.js';
import type { Capabilities } from '../model/capabilities.js';
import type { CallFactEvent, DomainEvent } from '../model/domain-event.js';
import type { DialOptions } from '../model/command.js';
import { applyCallEvent, callMap, deriveCallCode, type CallNotice, type CallRecord } from './calls.js';
import { LoginReason, type LoginFailure } from '../model/login-reason.js';
import type { ServerCall, ServerSnapshot } from '../model/server-snapshot.js';
import { SessionEndReason, WellError, WellErrorCode, toWellError } from '../model/well-error.js';
import { AGENT_STATE_CODE, isCapable, isInRow, Operation, REFUSED_WHILE_ALLOCATED, type StatusCode } from './status.js';

/** Timings and limits of the statechart. */
export interface MachineSettings {
  /** Reconnect attempts before giving up (wellClient today: 30; its docs: 5). */
  reconnectAttempts: number;
  /**
   * Delay before each reconnect attempt, ms (wellClient today: 3000; its docs: 1000), or a schedule whose last
   * entry repeats (Verto: ten times 1000, ten times 2000, then 3000).
   */
  reconnectDelayMs: number | readonly number[];
  /** Heartbeat period, ms (60 000 on `well`). */
  heartbeatMs: number;
  /** How long to wait for the logged-on event after the login request was accepted. */
  loginConfirmMs: number;
  /** How long to wait for the logged-off event after the logout request was accepted. */
  logoutConfirmMs: number;
  /** How long a command may stay unconfirmed by a server event before it is reported. */
  commandConfirmMs: number;
  /** How long a call whose other parties left may wait for its own clear before the server is asked. */
  clearConfirmMs: number;
  /** After-call work: seconds until the softphone goes ready by itself (Aliyun `afterCallRule`); undefined = manual. */
  afterCallSeconds: number | undefined;
  /** Answer calls that ring the agent after this many seconds (0 = at once); undefined = never. Never outbound. */
  autoAnswerSeconds: number | undefined;
  /** A call left ringing this long puts the agent not ready once it is gone (Aliyun's 30 s rule); undefined = off. */
  ringTimeoutSeconds: number | undefined;
  /** Ask the server for its view right after login (backends whose events are not authoritative, e.g. XSwitch). */
  resyncAfterLogin: boolean;
}

export const DEFAULT_MACHINE_SETTINGS: MachineSettings = {
  reconnectAttempts: 30,
  reconnectDelayMs: 3000,
  heartbeatMs: 60_000,
  loginConfirmMs: 10_000,
  logoutConfirmMs: 5_000,
  commandConfirmMs: 10_000,
  clearConfirmMs: 5_000,
  afterCallSeconds: undefined,
  autoAnswerSeconds: undefined,
  ringTimeoutSeconds: undefined,
  resyncAfterLogin: false,
};

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
  /** The calls the agent's device is in, by callId (plain records: see calls.ts). */
  calls: Readonly<Record<string, CallRecord>>;
  /** A call rang past the ring timeout: go not ready once the calls are gone. */
  ringTimedOut: boolean;
  /** The agent asked to log out: the logged-off event that follows is no surprise. */
  logoutRequested: boolean;
  /** Calls that had events while a resync was in flight: newer than the snapshot, which must not undo them. */
  freshCalls: readonly string[];
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
export type ChannelFactEvent = { type: 'channel.lost'; error: WellError };

/** Events the machine raises for itself to coordinate its regions. */
type InternalEvent =
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
  | { type: 'calls.resync' };

export type SoftphoneEvent = CommandEvent | CommandOutcomeEvent | ChannelFactEvent | DomainEvent | InternalEvent;

/** Facts the machine emits for the core to turn into promise outcomes and DOM events. */
export type SoftphoneEmitted =
  | { type: 'login.succeeded'; reattached?: boolean }
  | { type: 'login.failed'; error: WellError; failure: LoginFailure }
  | { type: 'login.conflict'; failure: LoginFailure }
  | { type: 'heartbeat' }
  | { type: 'call'; notice: CallNotice }
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

/** The agent-level commands that the allowed-operations table guards in this machine. */
const AGENT_COMMANDS = {
  [Operation.ready]: 'agent.ready',
  [Operation.notReady]: 'agent.notReady',
  [Operation.outboundOnly]: 'agent.outboundOnly',
  [Operation.logout]: 'agent.logout',
  [Operation.dial]: 'call.dial',
} as const satisfies Partial<Record<Operation, CommandEvent['type']>>;

/** Call operations, guarded by the code the calls derive (rows 6–30 of the table). */
const CALL_COMMANDS = {
  [Operation.answer]: 'call.answer',
  [Operation.hangUp]: 'call.hangUp',
  [Operation.hold]: 'call.hold',
  [Operation.retrieve]: 'call.retrieve',
  [Operation.blindTransfer]: 'call.blindTransfer',
  [Operation.singleStepConference]: 'call.singleStepConference',
  [Operation.consult]: 'call.consult',
  [Operation.conference]: 'call.conference',
  [Operation.cancelConsult]: 'call.cancelConsult',
  [Operation.completeTransfer]: 'call.completeTransfer',
  [Operation.setCallData]: 'call.setCallData',
} as const satisfies Partial<Record<Operation, CommandEvent['type']>>;

/** The event type a command operation is sent as. */
export const OPERATION_EVENT: Partial<Record<Operation, CommandEvent['type']>> = {
  ...AGENT_COMMANDS,
  ...CALL_COMMANDS,
  [Operation.dial]: 'call.dial',
  [Operation.login]: 'agent.login',
};

const loginFailureOf = (error: WellError): LoginFailure => {
  const detail = error.detail ?? {};
  const failure: LoginFailure = {
    status: error.status ?? (typeof detail['status'] === 'number' ? detail['status'] : 0),
    reason:
      typeof detail['reason'] === 'string'
        ? (detail['reason'] as LoginFailure['reason'])
        : error.code === WellErrorCode.TIMEOUT
          ? LoginReason.timeout
          : error.code === WellErrorCode.CHANNEL_ERROR
            ? LoginReason.channel
            : error.code === WellErrorCode.LOGIN_DECLINED
              ? LoginReason.declined
              : error.code === WellErrorCode.NETWORK_ERROR
                ? LoginReason.network
                : (error.status ?? 0) >= 500
                  ? LoginReason.serverError
                  : LoginReason.unknown,
  };
  if (typeof detail['deviceId'] === 'string') failure.deviceId = detail['deviceId'];
  if (typeof detail['agent'] === 'string') failure.agent = detail['agent'];
  return failure;
};

const isConflict = (error: unknown): boolean => error instanceof WellError && error.detail?.['conflict'] === true;

/** Placeholder actors: the core provides the real ones (`machine.provide`), tests provide fakes. */
const notProvided = <TOutput, TInput = void>(name: string) =>
  fromPromise<TOutput, TInput>(() =>
    Promise.reject(new WellError(WellErrorCode.CONFIG_INVALID, `No ${name} actor was provided`)),
  );

const machineSetup = setup({
  types: {
    context: {} as SoftphoneContext,
    events: {} as SoftphoneEvent,
    emitted: {} as SoftphoneEmitted,
    input: {} as SoftphoneInput,
  },
  actors: {
    authenticate: notProvided<AgentIdentity, LoginRequest>('authenticate'),
    attach: notProvided<AgentIdentity, LoginRequest>('attach'),
    openChannel: notProvided<void>('openChannel'),
    closeChannel: notProvided<void>('closeChannel'),
    login: notProvided<void, { initialMode: InitialMode }>('login'),
    forceLogin: notProvided<void, { initialMode: InitialMode }>('forceLogin'),
    resync: notProvided<ServerSnapshot>('resync'),
  },
  delays: {
    reconnectBackoff: ({ context }) => {
      const delay = context.settings.reconnectDelayMs;
      return typeof delay === 'number' ? delay : (delay[Math.min(context.reconnectAttempt, delay.length - 1)] ?? 3000);
    },
    heartbeat: ({ context }) => context.settings.heartbeatMs,
    loginConfirm: ({ context }) => context.settings.loginConfirmMs,
    logoutConfirm: ({ context }) => context.settings.logoutConfirmMs,
    commandConfirm: ({ context }) => context.settings.commandConfirmMs,
    clearConfirm: ({ context }) => context.settings.clearConfirmMs,
    afterCallWork: ({ context }) => (context.settings.afterCallSeconds ?? 0) * 1000,
    autoAnswer: ({ context }) => (context.settings.autoAnswerSeconds ?? 0) * 1000,
    ringTimeout: ({ context }) => (context.settings.ringTimeoutSeconds ?? 0) * 1000,
  },
  guards: {
    capable: ({ context }, params: { operation: Operation }) => isCapable(context.capabilities, params.operation),
    isOutboundReason: ({ event }) =>
      event.type === 'agent.wentNotReady' ? event.reason === OUTBOUND_ONLY_REASON : false,
    loginModeIs: ({ context }, params: { mode: LoginMode }) => context.login?.loginMode === params.mode,
    isConflict: ({ event }) => 'error' in event && isConflict(event.error),
    reconnectExhausted: ({ context }) => context.reconnectAttempt >= context.settings.reconnectAttempts,
    modeIs: ({ event }, params: { mode: string; reason?: 'outbound' | 'other' }) => {
      const mode =
        event.type === 'agent.loggedOn'
          ? event.mode
          : event.type === 'session.resynced'
            ? event.snapshot.agentMode
            : undefined;
      if (mode !== params.mode) return false;
      if (event.type === 'session.resynced' && !event.snapshot.loggedIn) return false;
      if (params.reason === undefined || event.type !== 'session.resynced') return true;
      const outbound = event.snapshot.reason === OUTBOUND_ONLY_REASON;
      return params.reason === 'outbound' ? outbound : !outbound;
    },
    // the agent asked, or the vendor reports the end itself with more detail (XSwitch's verto.punt: takenOver)
    logoutRequested: ({ context, event }) =>
      context.logoutRequested || (event.type === 'agent.loggedOff' && event.meta.name === 'verto.punt'),
    serverLoggedOut: ({ event }) => event.type === 'session.resynced' && !event.snapshot.loggedIn,
    /** The done event of a resync whose snapshot says the agent is logged out. */
    resyncLoggedOut: ({ event }) =>
      'output' in event && typeof event.output === 'object' && (event.output as ServerSnapshot).loggedIn === false,
    noCalls: ({ context }) => Object.keys(context.calls).length === 0,
    hasCalls: ({ context }) => Object.keys(context.calls).length > 0,
    callAllows: ({ context }, params: { operation: Operation }) => {
      const code = deriveCallCode(context.calls);
      return code !== undefined && isInRow(code, params.operation) && isCapable(context.capabilities, params.operation);
    },
    canRecord: ({ context }) => context.capabilities.canRecord && Object.keys(context.calls).length > 0,
    callStillOpen: ({ context, event }) => event.type === 'calls.verify' && event.callId in context.calls,
    stillRinging: ({ context, event }) =>
      'callId' in event && context.calls[event.callId as string]?.state === 'alerting',
    autoReady: ({ context }) => context.settings.afterCallSeconds !== undefined,
    freshMode: ({ context }) => context.freshMode,
  },
  actions: {
    recordFact: assign({
      lastFact: ({ event }) => ('meta' in event ? (event as DomainEvent) : undefined),
      reason: ({ context, event }) =>
        event.type === 'agent.wentNotReady'
          ? event.reason
          : event.type === 'agent.wentReady' || event.type === 'agent.loggedOn'
            ? ''
            : context.reason,
      pendingMode: false,
      pendingOperation: undefined,
      freshMode: ({ context }) => context.freshMode || context.resyncing,
    }),
    clearPending: assign({ pendingOperation: undefined }),
    /**
     * Applies a call fact (pure reducer), tells the host, and asks the server when the event does not fit. An event
     * the reducer cannot handle (it threw) is reported as MALFORMED_EVENT and followed by a resync.
     */
    applyCall: enqueueActions(({ context, event, enqueue }) => {
      const device = context.identity?.deviceId;
      if (
        !device ||
        !('callId' in event) ||
        (!event.type.startsWith('call.') && !event.type.startsWith('recording.'))
      ) {
        return;
      }
      const fact = event as CallFactEvent;
      let update: ReturnType<typeof applyCallEvent>;
      try {
        update = applyCallEvent(context.calls, fact, device);
      } catch (err) {
        enqueue.emit({ type: 'error', error: malformed(event.type, err) });
        enqueue.raise({ type: 'calls.resync' });
        return;
      }
      enqueue.assign({ calls: update.calls, lastFact: fact, pendingOperation: undefined });
      if (context.resyncing && !context.freshCalls.includes(fact.callId)) {
        enqueue.assign({ freshCalls: [...context.freshCalls, fact.callId] });
      }
      enqueue.cancel('commandConfirm');
      const { autoAnswerSeconds, ringTimeoutSeconds } = context.settings;
      for (const notice of update.notices) {
        enqueue.emit({ type: 'call', notice });
        if (notice.type === 'offered') {
          const callId = notice.call.callId;
          if (autoAnswerSeconds !== undefined) {
            enqueue.raise({ type: 'call.autoAnswerDue', callId }, { delay: 'autoAnswer', id: `answer-${callId}` });
          }
          if (ringTimeoutSeconds !== undefined) {
            enqueue.raise({ type: 'call.ringTimeoutDue', callId }, { delay: 'ringTimeout', id: `ring-${callId}` });
          }
        } else if (notice.type === 'started' || notice.type === 'ended') {
          const callId = notice.type === 'started' ? notice.call.callId : notice.end.call.callId;
          enqueue.cancel(`answer-${callId}`);
          enqueue.cancel(`ring-${callId}`);
        }
      }
      if (context.ringTimedOut && Object.keys(update.calls).length === 0) {
        enqueue.assign({ ringTimedOut: false });
        enqueue.emit({ type: 'ringTimeoutNotReady' });
      }
      if (update.unsure) enqueue.raise({ type: 'calls.resync' });
      // Another party left: our own clear should follow; if it never comes, ask the server (FAQ 8.9).
      if (fact.type === 'call.cleared' && fact.callId in update.calls) {
        enqueue.raise(
          { type: 'calls.verify', callId: fact.callId },
          { delay: 'clearConfirm', id: `verify-${fact.callId}` },
        );
      }
    }),
    /**
     * Reconciles the local calls with the server's view, call by call (docs/vendors.md, "Resync"): the calls the
     * snapshot names take the server's state; a local call it does not name ends, except a held call while the
     * snapshot names another one (a snapshot that describes only the active call cannot show the held call behind a
     * consultation), which is kept. A snapshot without calls leaves the calls untouched.
     */
    resyncCalls: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'session.resynced' || !event.snapshot.calls) return;
      let calls: Record<string, CallRecord>;
      const ended: CallRecord[] = [];
      try {
        const server = event.snapshot.calls;
        const fresh = context.freshCalls;
        calls = callMap();
        for (const call of server) {
          // events newer than the snapshot already told this call's fate (e.g. it ended meanwhile)
          if (fresh.includes(call.callId)) continue;
          calls[call.callId] = fromServerCall(call, context.calls[call.callId]);
        }
        const named = server.length > 0;
        for (const call of Object.values(context.calls)) {
          if (call.callId in calls && !fresh.includes(call.callId)) continue;
          if (fresh.includes(call.callId) || (named && call.state === 'held')) calls[call.callId] = call;
          else ended.push(call);
        }
      } catch (err) {
        enqueue.emit({ type: 'error', error: malformed(event.type, err) });
        return;
      }
      const now = Date.now();
      for (const call of ended) {
        enqueue.emit({
          type: 'call',
          notice: { type: 'ended', end: { call, endedAt: now, cause: 'RESYNC', releasingDevice: undefined } },
        });
      }
      enqueue.assign({ calls });
    }),
    startResync: assign({ freshCalls: [], resyncing: true, freshMode: false }),
    endResync: assign({ resyncing: false }),
    /** After a reconnect the server's view confirms (or overrides) whatever command went out meanwhile. */
    confirmedByResync: enqueueActions(({ enqueue }) => {
      enqueue.cancel('commandConfirm');
      enqueue.assign({ pendingOperation: undefined });
    }),
    /** The session ended without the agent asking: tell the host why. */
    reportSessionEnd: emit(({ context, event }) => ({
      type: 'sessionEnded' as const,
      reason: sessionEndReason(context, event),
    })),
    cancelConfirmTimers: cancel('commandConfirm'),
    markPending: assign(({ context }, params: { operation: Operation }) => ({
      pendingOperation: params.operation,
      logoutRequested: context.logoutRequested || params.operation === Operation.logout,
    })),
    startConfirmTimer: raise(
      (_, params: { operation: Operation }) => ({
        type: 'command.confirmTimeout' as const,
        operation: params.operation,
      }),
      {
        delay: 'commandConfirm',
        id: 'commandConfirm',
      },
    ),
    acceptCommand: assign({ pendingMode: ({ event }) => event.type === 'command.accepted' && !!event.pendingMode }),
    reportCommandFailure: emit(({ event }) => ({
      type: 'error' as const,
      error:
        event.type === 'command.failed'
          ? event.error
          : new WellError(WellErrorCode.TIMEOUT, 'No confirming event from the server'),
    })),
    reportConfirmTimeout: emit(({ event }) => ({
      type: 'error' as const,
      error: new WellError(
        WellErrorCode.TIMEOUT,
        `The server accepted "${event.type === 'command.confirmTimeout' ? event.operation : 'command'}" but sent no confirming event`,
        { operation: event.type === 'command.confirmTimeout' ? event.operation : undefined },
      ),
    })),
    storeLogin: assign({
      login: ({ event }) =>
        event.type === 'agent.login' || event.type === 'agent.reattach' ? event.request : undefined,
      identity: undefined,
      conflict: undefined,
      lastError: undefined,
      lastFact: undefined,
      reason: '',
      pendingMode: false,
      pendingOperation: undefined,
      logoutRequested: false,
    }),
    storeIdentity: assign((_, identity: AgentIdentity) => ({ identity })),
    storeConflict: assign({
      conflict: ({ event }) =>
        'error' in event && event.error instanceof WellError ? loginFailureOf(event.error) : undefined,
    }),
    announceConflict: emit(({ context }) => ({
      type: 'login.conflict' as const,
      failure: context.conflict ?? { status: 0, reason: LoginReason.unknown },
    })),
    failLogin: enqueueActions(({ enqueue }, error: WellError) => {
      enqueue.assign({ lastError: error, conflict: undefined });
      enqueue.emit({ type: 'login.failed', error, failure: loginFailureOf(error) });
      enqueue.raise({ type: 'channel.close' });
    }),
    announceLogin: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'login.succeeded' });
      if (context.settings.resyncAfterLogin) enqueue.raise({ type: 'calls.resync' });
    }),
    clearSession: assign({
      calls: callMap(),
      identity: undefined,
      login: undefined,
      conflict: undefined,
      pendingMode: false,
      pendingOperation: undefined,
      reason: '',
      reconnectAttempt: 0,
      logoutRequested: false,
    }),
    countAttempt: assign({ reconnectAttempt: ({ context }) => context.reconnectAttempt + 1 }),
    resetAttempts: assign({ reconnectAttempt: 0 }),
    storeChannelError: assign({ lastError: ({ event }) => ('error' in event ? toWellError(event.error) : undefined) }),
    reportReconnectFailure: emit(({ context }) => ({
      type: 'error' as const,
      error: new WellError(
        WellErrorCode.CHANNEL_ERROR,
        `The event channel could not be restored after ${context.reconnectAttempt} attempts`,
        { operation: 'reconnect', cause: context.lastError },
      ),
    })),
    /**
     * One heartbeat now (emitted: the core sends it, fire-and-forget) and the next one a period later, from
     * agentLoggedOn to agentLoggedOff. A scheduled self-event rather than a parallel region keeps every other
     * transition cheap.
     */
    beat: enqueueActions(({ context, enqueue }) => {
      if (!context.capabilities.needsHeartbeat || context.settings.heartbeatMs <= 0) return;
      enqueue.emit({ type: 'heartbeat' });
      enqueue.raise({ type: 'heartbeat.tick' }, { delay: 'heartbeat', id: 'heartbeat' });
    }),
    logLogoutUnconfirmed: emit({
      type: 'log',
      level: 'warn',
      message: 'Logout accepted but no agentLoggedOff event arrived: tearing the session down locally',
    }),
  },
});

const channelUp = stateIn({ connection: 'connected' });
/** Commands whose REST request is safe while the event channel reconnects; the resync after it confirms them. */
const channelUpOrReconnecting = or([
  channelUp,
  stateIn({ connection: 'reconnecting' }),
  stateIn({ connection: 'verifying' }),
]);
const SAFE_WHILE_RECONNECTING: readonly Operation[] = [
  Operation.answer,
  Operation.hangUp,
  Operation.hold,
  Operation.retrieve,
];

/** MALFORMED_EVENT for an event whose handling threw; the actor itself stays healthy. */
function malformed(type: string, err: unknown): WellError {
  return new WellError(WellErrorCode.MALFORMED_EVENT, `The "${type}" event could not be applied`, {
    operation: type,
    cause: err,
  });
}

/** Why the session ended: a resync naming another agent or device is "elsewhere". */
function sessionEndReason(context: SoftphoneContext, event: SoftphoneEvent): SessionEndReason {
  if (event.type === 'agent.loggedOff') return SessionEndReason.supervisor;
  if (event.type === 'session.resynced') {
    const { agentId, deviceId } = event.snapshot;
    const identity = context.identity;
    if (
      (agentId !== undefined && agentId !== identity?.agentId) ||
      (deviceId !== undefined && deviceId !== identity?.deviceId)
    ) {
      return SessionEndReason.elsewhere;
    }
    return event.origin === 'reconnect' ? SessionEndReason.serverRestart : SessionEndReason.expired;
  }
  return SessionEndReason.expired;
}

/** A call record from the server's view, keeping what the client knew about the same call. */
function fromServerCall(call: ServerCall, known: CallRecord | undefined): CallRecord {
  return {
    callId: call.callId,
    state: call.state,
    direction: call.direction ?? known?.direction ?? 'inbound',
    isCaller: known?.isCaller ?? call.direction === 'outbound',
    party: call.party ?? known?.party,
    parties: known?.parties ?? (call.party ? [call.party] : []),
    callType: known?.callType,
    userData: known?.userData,
    createdAt: call.createdAt ?? known?.createdAt ?? Date.now(),
    establishedAt: call.establishedAt ?? known?.establishedAt,
    conferenced: known?.conferenced ?? false,
    membershipChanged: false,
    consultOf: known?.consultOf,
    recording: known?.recording ?? false,
  };
}

/** Root transitions for the call operations, each guarded by the row of the code the calls derive. */
function callCommands() {
  const entries = Object.entries(CALL_COMMANDS).map(([operation, type]) => {
    const op = operation as Operation;
    return [
      type,
      {
        guard: and([
          { type: 'callAllows', params: { operation: op } } as const,
          SAFE_WHILE_RECONNECTING.includes(op) ? channelUpOrReconnecting : channelUp,
        ]),
        actions: [
          { type: 'markPending', params: { operation: op } } as const,
          { type: 'startConfirmTimer', params: { operation: op } } as const,
        ],
      },
    ] as const;
  });
  return Object.fromEntries(entries);
}

const CALL_FACT_TYPES = [
  'call.initiated',
  'call.originated',
  'call.delivered',
  'call.established',
  'call.cleared',
  'call.held',
  'call.retrieved',
  'call.transferred',
  'call.conferenced',
  'call.failed',
  'recording.started',
  'recording.stopped',
] as const satisfies readonly CallFactEvent['type'][];

/**
 * Transitions for every agent command in the row of `code`, each guarded by the vendor's capability
 * and (except logout, which is plain REST) a live event channel. Generated from the one table.
 */
function commandsFor(code: StatusCode, except: readonly Operation[] = []) {
  const entries = Object.entries(AGENT_COMMANDS)
    .filter(([operation]) => isInRow(code, operation as Operation) && !except.includes(operation as Operation))
    .map(([operation, type]) => {
      const op = operation as Operation;
      const capable = { type: 'capable', params: { operation: op } } as const;
      // With a call, the call decides the code: agent commands (logout and dial included) wait for it to end.
      return [
        type,
        {
          guard: op === Operation.logout ? and([capable, 'noCalls']) : and([capable, 'noCalls', channelUp]),
          actions: [
            { type: 'markPending', params: { operation: op } } as const,
            ...(op === Operation.logout ? [] : [{ type: 'startConfirmTimer', params: { operation: op } } as const]),
          ],
        },
      ] as const;
    });
  return Object.fromEntries(entries);
}

/** Clear the pending command and its confirmation timer, and record the fact. */
const onFact = ['recordFact', 'cancelConfirmTimers'] as const;

/**
 * The softphone statechart: the vendor-neutral contract. Parallel regions `connection` (event
 * channel), `agent` (login flow and agent mode). Calls and supervision join in later issues.
 */
export const softphoneMachine = machineSetup.createMachine({
  id: 'softphone',
  type: 'parallel',
  context: ({ input }) => ({
    settings: { ...DEFAULT_MACHINE_SETTINGS, ...input.settings },
    capabilities: input.capabilities,
    login: undefined,
    identity: undefined,
    reason: '',
    pendingMode: false,
    pendingOperation: undefined,
    conflict: undefined,
    reconnectAttempt: 0,
    lastFact: undefined,
    lastError: undefined,
    calls: callMap(),
    ringTimedOut: false,
    logoutRequested: false,
    freshCalls: [],
    resyncing: false,
    freshMode: false,
  }),
  on: {
    'config.update': {
      guard: stateIn({ agent: 'loggedOut' }),
      actions: assign(({ context, event }) => ({
        settings: { ...context.settings, ...event.settings },
        capabilities: event.capabilities ?? context.capabilities,
      })),
    },
    ...Object.fromEntries(CALL_FACT_TYPES.map((type) => [type, { actions: 'applyCall' as const }])),
    ...callCommands(),
    // snapshot.can() is true only for transitions that do something: these log the request.
    'recording.start': {
      guard: and(['canRecord', channelUp]),
      actions: emit({ type: 'log', level: 'info', message: 'recording start requested' }),
    },
    'recording.stop': {
      guard: and(['canRecord', channelUp]),
      actions: emit({ type: 'log', level: 'info', message: 'recording stop requested' }),
    },
    'calls.verify': { guard: 'callStillOpen', actions: raise({ type: 'calls.resync' }) },
    'call.autoAnswerDue': {
      guard: 'stillRinging',
      actions: emit(({ event }) => ({ type: 'autoAnswer' as const, callId: event.callId })),
    },
    'call.ringTimeoutDue': { guard: 'stillRinging', actions: assign({ ringTimedOut: true }) },
    'command.accepted': { actions: 'acceptCommand' },
    'command.failed': {
      actions: [
        'clearPending',
        'cancelConfirmTimers',
        assign({
          logoutRequested: ({ context, event }) => context.logoutRequested && event.operation !== Operation.logout,
        }),
        'reportCommandFailure',
      ],
    },
    'command.confirmTimeout': { actions: ['clearPending', 'reportConfirmTimeout'] },
  },
  states: {
    connection: {
      initial: 'idle',
      states: {
        idle: {
          description: 'No event channel.',
          on: {
            'channel.open': 'connecting',
            'channel.close': { actions: raise({ type: 'channel.closed' }) },
          },
        },
        connecting: {
          description: 'Opening the event channel during login.',
          invoke: {
            src: 'openChannel',
            onDone: { target: 'connected', actions: raise({ type: 'channel.opened' }) },
            onError: {
              target: 'idle',
              actions: raise(({ event }) => ({ type: 'channel.openFailed' as const, error: toWellError(event.error) })),
            },
          },
          on: { 'channel.close': 'closing' },
        },
        connected: {
          description: 'The event channel is live and server state is trusted.',
          initial: 'live',
          on: {
            'channel.lost': { target: 'reconnecting', actions: ['storeChannelError', 'resetAttempts'] },
            'channel.close': 'closing',
            'session.suspend': { guard: stateIn({ agent: 'signedIn' }), target: 'stale' },
            'session.check': { guard: stateIn({ agent: 'signedIn' }), target: 'verifying' },
          },
          states: {
            live: { on: { 'calls.resync': 'checking' } },
            checking: {
              description: 'An event did not fit (unknown call, missing clear): ask the server for its view.',
              entry: 'startResync',
              exit: 'endResync',
              invoke: {
                src: 'resync',
                onDone: {
                  target: 'live',
                  actions: raise(({ event }) => ({
                    type: 'session.resynced' as const,
                    snapshot: event.output,
                    origin: 'check' as const,
                  })),
                },
                onError: { target: 'live', actions: 'storeChannelError' },
              },
            },
          },
        },
        stale: {
          description:
            'The page was frozen: what it shows may be old. Shown as reconnecting until the server view is read again.',
          on: {
            'session.check': 'verifying',
            'channel.lost': { target: 'reconnecting', actions: ['storeChannelError', 'resetAttempts'] },
            'channel.close': 'closing',
          },
        },
        verifying: {
          description:
            'Back from a freeze or the back-forward cache: read the server view before trusting local state.',
          entry: 'startResync',
          exit: 'endResync',
          invoke: {
            src: 'resync',
            onDone: {
              target: 'connected',
              actions: [
                'confirmedByResync',
                raise(({ event }) => ({
                  type: 'session.resynced' as const,
                  snapshot: event.output,
                  origin: 'check' as const,
                })),
              ],
            },
            // the server could not be asked: treat the channel as lost (reopen, then resync)
            onError: { target: 'reconnecting', actions: ['storeChannelError', 'resetAttempts'] },
          },
          on: {
            'channel.lost': { target: 'reconnecting', actions: ['storeChannelError', 'resetAttempts'] },
            'channel.close': 'closing',
          },
        },
        reconnecting: {
          description: 'The channel dropped unexpectedly: retry with bounded backoff, then resync.',
          initial: 'waiting',
          on: { 'channel.close': 'closing' },
          states: {
            waiting: {
              after: { reconnectBackoff: 'attempting' },
            },
            attempting: {
              entry: 'countAttempt',
              invoke: {
                src: 'openChannel',
                onDone: 'resyncing',
                onError: [
                  { guard: 'reconnectExhausted', target: '#softphone.connection.failed', actions: 'storeChannelError' },
                  { target: 'waiting', actions: 'storeChannelError' },
                ],
              },
            },
            resyncing: {
              description: 'Channel back: fetch the server view before trusting local state again.',
              entry: 'startResync',
              exit: 'endResync',
              invoke: {
                src: 'resync',
                onDone: {
                  target: '#softphone.connection.connected',
                  actions: [
                    'resetAttempts',
                    'confirmedByResync',
                    raise(({ event }) => ({
                      type: 'session.resynced' as const,
                      snapshot: event.output,
                      origin: 'reconnect' as const,
                    })),
                  ],
                },
                onError: [
                  { guard: 'reconnectExhausted', target: '#softphone.connection.failed', actions: 'storeChannelError' },
                  { target: 'waiting', actions: 'storeChannelError' },
                ],
              },
              on: {
                'channel.lost': [
                  { guard: 'reconnectExhausted', target: '#softphone.connection.failed' },
                  { target: 'waiting' },
                ],
              },
            },
          },
        },
        failed: {
          description: 'Reconnect attempts ran out. The agent is not logged out; the host may retry.',
          entry: 'reportReconnectFailure',
          on: {
            'connection.retry': { target: 'reconnecting', actions: 'resetAttempts' },
            'channel.close': 'closing',
          },
        },
        closing: {
          description: 'Closing on purpose; a new login may already want the channel again.',
          on: { 'channel.open': 'connecting' },
          invoke: {
            src: 'closeChannel',
            onDone: { target: 'idle', actions: raise({ type: 'channel.closed' }) },
            onError: { target: 'idle', actions: raise({ type: 'channel.closed' }) },
          },
        },
      },
    },
    agent: {
      initial: 'loggedOut',
      states: {
        loggedOut: {
          description: 'Status -1: no session with the backend.',
          entry: 'clearSession',
          on: {
            'agent.login': {
              guard: { type: 'capable', params: { operation: Operation.login } },
              target: 'loggingIn',
              actions: 'storeLogin',
            },
            'agent.reattach': { target: 'loggingIn.attaching', actions: 'storeLogin' },
          },
        },
        loggingIn: {
          description: 'Status 0: authenticate, open the channel, subscribe, then request the login.',
          initial: 'authenticating',
          on: {
            'agent.cancelLogin': {
              target: 'loggedOut',
              actions: {
                type: 'failLogin',
                params: () => new WellError(WellErrorCode.ABORTED, 'Login cancelled', { operation: 'login' }),
              },
            },
            'agent.logout': {
              target: 'loggedOut',
              actions: {
                type: 'failLogin',
                params: () => new WellError(WellErrorCode.ABORTED, 'Login cancelled by logout', { operation: 'login' }),
              },
            },
            'channel.lost': {
              target: 'loggedOut',
              actions: { type: 'failLogin', params: ({ event }) => event.error },
            },
            // agentLoggedOn may overtake the HTTP answer of the Login request, so it is accepted in any substate.
            'agent.loggedOn': [
              {
                guard: { type: 'modeIs', params: { mode: 'Ready' } },
                target: 'signedIn.ready',
                actions: [...onFact, 'announceLogin'],
              },
              { target: 'signedIn.notReady', actions: [...onFact, 'announceLogin'] },
            ],
          },
          states: {
            attaching: {
              description:
                'Reattach after a page reload: check the kept session with the server, open the channel and read ' +
                'the server view (mode and calls). No Login request, no password.',
              initial: 'verifying',
              on: {
                // an explicit login supersedes the reattach: start over from logged out with it
                'agent.login': {
                  target: '#softphone.agent.loggedOut',
                  actions: [raise({ type: 'channel.close' }), raise(({ event }) => event)],
                },
              },
              states: {
                verifying: {
                  invoke: {
                    src: 'attach',
                    input: ({ context }) => context.login!,
                    onDone: {
                      target: 'openingChannel',
                      actions: { type: 'storeIdentity', params: ({ event }) => event.output },
                    },
                    onError: {
                      target: '#softphone.agent.loggedOut',
                      actions: { type: 'failLogin', params: ({ event }) => toWellError(event.error) },
                    },
                  },
                },
                openingChannel: {
                  entry: raise({ type: 'channel.open' }),
                  on: {
                    'channel.opened': 'resyncing',
                    'channel.openFailed': {
                      target: '#softphone.agent.loggedOut',
                      actions: { type: 'failLogin', params: ({ event }) => event.error },
                    },
                  },
                },
                resyncing: {
                  description: 'Subscribed: the server view now cannot miss an event that follows it.',
                  entry: 'startResync',
                  exit: 'endResync',
                  invoke: {
                    src: 'resync',
                    onDone: [
                      {
                        guard: 'resyncLoggedOut',
                        target: '#softphone.agent.loggedOut',
                        actions: {
                          type: 'failLogin',
                          params: () =>
                            new WellError(WellErrorCode.SESSION_EXPIRED, 'The agent was logged out meanwhile', {
                              operation: 'reattach',
                              detail: { reason: LoginReason.sessionExpired, status: 0 },
                            }),
                        },
                      },
                      {
                        target: '#softphone.agent.signedIn',
                        actions: [
                          emit({ type: 'login.succeeded', reattached: true }),
                          raise(({ event }) => ({
                            type: 'session.resynced' as const,
                            snapshot: event.output,
                            origin: 'check' as const,
                          })),
                        ],
                      },
                    ],
                    onError: {
                      target: '#softphone.agent.loggedOut',
                      actions: { type: 'failLogin', params: ({ event }) => toWellError(event.error) },
                    },
                  },
                },
              },
            },
            authenticating: {
              invoke: {
                src: 'authenticate',
                input: ({ context }) => context.login!,
                onDone: {
                  target: 'openingChannel',
                  actions: { type: 'storeIdentity', params: ({ event }) => event.output },
                },
                onError: {
                  target: '#softphone.agent.loggedOut',
                  actions: { type: 'failLogin', params: ({ event }) => toWellError(event.error) },
                },
              },
            },
            openingChannel: {
              description: 'Subscribe before the Login request so agentLoggedOn cannot be missed.',
              entry: raise({ type: 'channel.open' }),
              on: {
                'channel.opened': 'requesting',
                'channel.openFailed': {
                  target: '#softphone.agent.loggedOut',
                  actions: { type: 'failLogin', params: ({ event }) => event.error },
                },
              },
            },
            requesting: {
              invoke: {
                src: 'login',
                input: ({ context }) => ({ initialMode: context.login!.initialMode }),
                onDone: 'awaitingLoggedOn',
                onError: [
                  {
                    guard: and(['isConflict', { type: 'loginModeIs', params: { mode: 'force' as const } }]),
                    target: 'forcing',
                  },
                  {
                    guard: and(['isConflict', { type: 'loginModeIs', params: { mode: 'ask' as const } }]),
                    target: 'confirming',
                    actions: ['storeConflict', 'announceConflict'],
                  },
                  {
                    target: '#softphone.agent.loggedOut',
                    actions: { type: 'failLogin', params: ({ event }) => toWellError(event.error) },
                  },
                ],
              },
            },
            confirming: {
              description: 'Login mode "ask": the agent decides whether to take over the other session.',
              on: {
                'agent.confirmForce': { target: 'forcing', actions: assign({ conflict: undefined }) },
                'agent.declineForce': {
                  target: '#softphone.agent.loggedOut',
                  actions: {
                    type: 'failLogin',
                    params: ({ context }) =>
                      new WellError(WellErrorCode.LOGIN_DECLINED, 'The agent chose not to force the login', {
                        operation: 'login',
                        status: context.conflict?.status,
                        detail: { ...context.conflict, reason: LoginReason.declined },
                      }),
                  },
                },
              },
            },
            forcing: {
              description: 'Log the stale session out, then log in again.',
              invoke: {
                src: 'forceLogin',
                input: ({ context }) => ({ initialMode: context.login!.initialMode }),
                onDone: 'awaitingLoggedOn',
                onError: {
                  target: '#softphone.agent.loggedOut',
                  actions: { type: 'failLogin', params: ({ event }) => toWellError(event.error) },
                },
              },
            },
            awaitingLoggedOn: {
              description: 'The server accepted the login; the agent is logged in only on agentLoggedOn.',
              after: {
                loginConfirm: {
                  target: '#softphone.agent.loggedOut',
                  actions: {
                    type: 'failLogin',
                    params: () =>
                      new WellError(WellErrorCode.TIMEOUT, 'The login was accepted but no logged-on event arrived', {
                        operation: 'login',
                      }),
                  },
                },
              },
              on: {
                'agent.wentReady': {
                  target: '#softphone.agent.signedIn.ready',
                  actions: [...onFact, 'announceLogin'],
                },
                'agent.wentNotReady': [
                  {
                    guard: 'isOutboundReason',
                    target: '#softphone.agent.signedIn.outboundOnly',
                    actions: [...onFact, 'announceLogin'],
                  },
                  { target: '#softphone.agent.signedIn.notReady', actions: [...onFact, 'announceLogin'] },
                ],
              },
            },
          },
        },
        signedIn: {
          description: 'Logged in: the agent mode decides the status code (2, 3, 4, 5). Heartbeats run meanwhile.',
          initial: 'notReady',
          entry: 'beat',
          exit: cancel('heartbeat'),
          on: {
            'heartbeat.tick': { actions: 'beat' },
            'agent.wentReady': { target: '.ready', actions: onFact },
            'agent.wentNotReady': [
              { guard: 'isOutboundReason', target: '.outboundOnly', actions: onFact },
              { target: '.notReady', actions: onFact },
            ],
            'agent.startedAfterCallWork': { target: '.afterCallWork', actions: onFact },
            'agent.allocated': { target: '.allocated', actions: onFact },
            'agent.loggedOn': [
              { guard: { type: 'modeIs', params: { mode: 'Ready' } }, target: '.ready', actions: onFact },
              { target: '.notReady', actions: onFact },
            ],
            'agent.loggedOff': [
              { guard: 'logoutRequested', target: 'signedOut', actions: onFact },
              { target: 'signedOut', actions: ['reportSessionEnd', ...onFact] },
            ],
            'agent.logoutAccepted': [
              {
                guard: channelUp,
                actions: raise({ type: 'logout.confirmTimeout' }, { delay: 'logoutConfirm', id: 'logoutConfirm' }),
              },
              { target: 'signedOut' },
            ],
            'logout.confirmTimeout': { target: 'signedOut', actions: 'logLogoutUnconfirmed' },
            'session.resynced': [
              { guard: 'serverLoggedOut', target: 'signedOut', actions: ['reportSessionEnd', 'resyncCalls'] },
              // an agent event came while the request was in flight: it is newer than the snapshot's mode
              { guard: 'freshMode', actions: 'resyncCalls' },
              { guard: { type: 'modeIs', params: { mode: 'Ready' } }, target: '.ready', actions: 'resyncCalls' },
              {
                guard: { type: 'modeIs', params: { mode: 'NotReady', reason: 'outbound' } },
                target: '.outboundOnly',
                actions: [assign({ reason: OUTBOUND_ONLY_REASON }), 'resyncCalls'],
              },
              {
                guard: { type: 'modeIs', params: { mode: 'NotReady' } },
                target: '.notReady',
                actions: [
                  assign({
                    reason: ({ event }) => (event.type === 'session.resynced' ? (event.snapshot.reason ?? '') : ''),
                  }),
                  'resyncCalls',
                ],
              },
              {
                guard: { type: 'modeIs', params: { mode: 'WorkNotReady' } },
                target: '.afterCallWork',
                actions: 'resyncCalls',
              },
              {
                guard: { type: 'modeIs', params: { mode: 'Allocated' } },
                target: '.allocated',
                actions: 'resyncCalls',
              },
            ],
          },
          states: {
            notReady: {
              description: 'Status 2: on a break, not routable.',
              on: commandsFor(AGENT_STATE_CODE.notReady),
            },
            ready: {
              description: 'Status 3: idle and routable.',
              on: commandsFor(AGENT_STATE_CODE.ready),
            },
            allocated: {
              description: 'Status 3 with the allocated flag: pre-occupied for automatic outbound.',
              on: commandsFor(AGENT_STATE_CODE.allocated, REFUSED_WHILE_ALLOCATED),
            },
            outboundOnly: {
              description: 'Status 4: manual outbound only (not-ready reason "2").',
              on: commandsFor(AGENT_STATE_CODE.outboundOnly),
            },
            afterCallWork: {
              description:
                'Status 5: wrap-up after a call; with an after-call rule the softphone goes ready by itself.',
              on: commandsFor(AGENT_STATE_CODE.afterCallWork),
              after: { afterCallWork: { guard: and(['autoReady', 'noCalls']), actions: emit({ type: 'autoReady' }) } },
            },
          },
        },
        signedOut: {
          description: 'Status 1: the channel is still open but the agent is logged off; it closes next.',
          entry: [cancel('logoutConfirm'), raise({ type: 'channel.close' })],
          on: {
            'channel.closed': 'loggedOut',
            'agent.login': {
              guard: { type: 'capable', params: { operation: Operation.login } },
              target: 'loggingIn',
              actions: 'storeLogin',
            },
          },
        },
      },
    },
  },
});

export type SoftphoneMachine = typeof softphoneMachine;
