import { assign, cancel, emit, enqueueActions, raise } from 'xstate';
import type { AgentIdentity } from '../model/agent.js';
import { callMap } from '../model/call.js';
import type { DomainEvent } from '../model/domain-event.js';
import { LoginReason } from '../model/login-reason.js';
import { Operation } from '../model/status.js';
import { WellError, WellErrorCode, toWellError } from '../model/well-error.js';
import { callSetup } from './call-actions.js';
import { modeOf } from './call-plan.js';
import { sessionEndReason } from './call-sync.js';
import { loginFailureOf } from './login-failure.js';

/** The full setup: base (types, actors, delays, guards) + call actions + the session and command actions below. */
export const machineSetup = callSetup.extend({
  actions: {
    recordFact: assign({
      lastFact: ({ event }) => ('meta' in event ? (event as DomainEvent) : undefined),
      reason: ({ context, event }) =>
        event.type === 'agent.loggedOn' ? '' : (modeOf(event, context.reason)?.reason ?? context.reason),
      pendingMode: false,
      pendingOperation: undefined,
      freshMode: ({ context }) => context.freshMode || context.resyncing,
    }),
    clearPending: assign({ pendingOperation: undefined }),
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
    openChannel: raise({ type: 'channel.open' as const }),
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
    /** With an after-call rule, go ready by itself once its time is up (cancelled when after-call work ends). */
    scheduleAfterCall: enqueueActions(({ context, enqueue }) => {
      if (context.settings.afterCallSeconds === undefined) return;
      enqueue.raise({ type: 'afterCall.due' }, { delay: 'afterCallWork', id: 'afterCall' });
    }),
    logRequest: emit((_, params: { operation: Operation }) => ({
      type: 'log' as const,
      level: 'info' as const,
      message: `${params.operation} requested`,
    })),
    logLogoutUnconfirmed: emit({
      type: 'log',
      level: 'warn',
      message: 'Logout accepted but no agentLoggedOff event arrived: tearing the session down locally',
    }),
  },
});
