import { and, assign, emit, raise } from 'xstate';
import { LoginReason } from '../../model/login-reason.js';
import { WellError, WellErrorCode, toWellError } from '../../model/well-error.js';
import { onFact } from '../commands.js';
import { machineSetup } from '../setup.js';

const LOGGED_OUT = '#softphone.agent.loggedOut';

/** Back to logged out, the login failing with the error the event carries (an actor's error or a channel's). */
const failOnError = {
  target: LOGGED_OUT,
  actions: {
    type: 'failLogin' as const,
    params: ({ event }: { event: { error?: unknown } }) => toWellError(event.error),
  },
};

/** Open the event channel, then go to `next`; a channel that cannot open fails the login. */
const openChannel = (next: string) => ({
  entry: 'openChannel' as const,
  on: { 'channel.opened': next, 'channel.openFailed': failOnError },
});

/**
 * Status 0, the login flow: authenticate (or reattach), open the channel and subscribe, then request the login and
 * await the confirmation.
 */
export const loginRegion = machineSetup.createStateConfig({
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
    'channel.lost': failOnError,
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
    /**
     * Reattach after a page reload: check the kept session with the server, open the channel and read the server
     * view (mode and calls). No Login request, no password.
     */
    attaching: {
      initial: 'verifying',
      on: {
        // an explicit login supersedes the reattach: start over from logged out with it
        'agent.login': {
          target: LOGGED_OUT,
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
            onError: failOnError,
          },
        },
        openingChannel: openChannel('resyncing'),
        /** Subscribed: the server view now cannot miss an event that follows it. */
        resyncing: {
          entry: 'startResync',
          exit: 'endResync',
          invoke: {
            src: 'resync',
            onDone: [
              {
                guard: 'resyncLoggedOut',
                target: LOGGED_OUT,
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
            onError: failOnError,
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
        onError: failOnError,
      },
    },
    /** Subscribe before the Login request so agentLoggedOn cannot be missed. */
    openingChannel: openChannel('requesting'),
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
          failOnError,
        ],
      },
    },
    /** Login mode "ask": the agent decides whether to take over the other session. */
    confirming: {
      on: {
        'agent.confirmForce': { target: 'forcing', actions: assign({ conflict: undefined }) },
        'agent.declineForce': {
          target: LOGGED_OUT,
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
    /** Log the stale session out, then log in again. */
    forcing: {
      invoke: {
        src: 'forceLogin',
        input: ({ context }) => ({ initialMode: context.login!.initialMode }),
        onDone: 'awaitingLoggedOn',
        onError: failOnError,
      },
    },
    /** The server accepted the login; the agent is logged in only on agentLoggedOn. */
    awaitingLoggedOn: {
      after: {
        loginConfirm: {
          target: LOGGED_OUT,
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
});
