import { fromPromise, setup } from 'xstate';
import type { AgentIdentity, InitialMode, LoginMode } from '../model/agent.js';
import { OUTBOUND_ONLY_REASON } from '../model/agent.js';
import type { ServerSnapshot } from '../model/server-snapshot.js';
import { isCapable, isInRow, type Operation } from '../model/status.js';
import { WellError, WellErrorCode } from '../model/well-error.js';
import { batchMode, callFactIsQuiet, modeOf, planBatch } from './call-plan.js';
import type { SignedInState } from './call-steps.js';
import { deriveCallCode } from './calls.js';
import { isConflict } from './login-failure.js';
import type { LoginRequest, SoftphoneContext, SoftphoneEmitted, SoftphoneEvent, SoftphoneInput } from './types.js';

/** Placeholder actors: the core provides the real ones (`machine.provide`), tests provide fakes. */
const notProvided = <TOutput, TInput = void>(name: string) =>
  fromPromise<TOutput, TInput>(() =>
    Promise.reject(new WellError(WellErrorCode.CONFIG_INVALID, `No ${name} actor was provided`)),
  );

/** Types, actors, delays and guards; the actions join in setup.ts. */
export const baseSetup = setup({
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
    isOutboundReason: ({ event }) => modeOf(event, '')?.mode === 'outboundOnly',
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
    // the agent asked (here or in another tab sharing the session), or the vendor reports the end itself with more
    // detail (XSwitch's verto.punt: takenOver)
    logoutRequested: ({ context, event }) =>
      context.logoutRequested ||
      (event.type === 'agent.loggedOff' && (event.askedByAgent === true || event.meta.name === 'verto.punt')),
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
    freshMode: ({ context }) => context.freshMode,
    /** A call fact that only changes the calls (planned once: call-actions.ts). */
    callFactQuiet: ({ context, event }) => callFactIsQuiet(context, event),
    /** Facts of one batch that are all quiet (call-plan.ts) and end in `mode` (undefined: no mode fact among them). */
    factsQuiet: ({ context, event }, params: { mode: SignedInState | undefined }) => {
      if (event.type !== 'facts' || event.facts.length === 0) return false;
      const steps = planBatch(context, event.facts);
      return steps.length === event.facts.length && batchMode(steps) === params.mode;
    },
  },
});
