import { and, assign, cancel, emit, raise } from 'xstate';
import { OUTBOUND_ONLY_REASON } from '../../model/agent.js';
import { Operation } from '../../model/status.js';
import { agentCommand, channelUp, logoutCommand, onFact } from '../commands.js';
import { machineSetup } from '../setup.js';
import { loginRegion } from './login.js';

/**
 * The agent: logged out (-1), logging in (0), signed in with a mode (2 not ready, 3 ready or allocated, 4 outbound
 * only, 5 after-call work), signed out (1) until the channel closes. Each mode lists the agent commands its row of the
 * allowed-operations table permits (model/status.ts); a test checks the two agree.
 */
export const agentRegion = machineSetup.createStateConfig({
  initial: 'loggedOut',
  states: {
    /** Status -1: no session with the backend. */
    loggedOut: {
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
    loggingIn: loginRegion,
    /** Logged in: the agent mode decides the status code (2, 3, 4, 5). Heartbeats run meanwhile. */
    signedIn: {
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
        // facts of one batch the bridge found quiet (VendorSink.batch), into the mode the last mode fact led to
        facts: [
          ...(['ready', 'notReady', 'outboundOnly', 'afterCallWork', 'allocated'] as const).map((mode) => ({
            guard: { type: 'factsQuiet' as const, params: { mode } },
            target: `.${mode}`,
            actions: 'applyFacts' as const,
          })),
          { guard: { type: 'factsQuiet', params: { mode: undefined } }, actions: 'applyFacts' },
        ],
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
          // logged out on the server: asked for (the logged-off event may come after the view), or ended there
          { guard: and(['serverLoggedOut', 'logoutRequested']), target: 'signedOut', actions: 'resyncCalls' },
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
        /** Status 2: on a break, not routable. */
        notReady: {
          on: {
            'agent.ready': agentCommand(Operation.ready),
            'agent.logout': logoutCommand,
            // another reason without passing through ready (docs/protocols/status-codes.md)
            'agent.notReady': agentCommand(Operation.notReady),
          },
        },
        /** Status 3: idle and routable. */
        ready: {
          on: {
            'agent.logout': logoutCommand,
            'call.dial': agentCommand(Operation.dial),
            'agent.notReady': agentCommand(Operation.notReady),
            'agent.outboundOnly': agentCommand(Operation.outboundOnly),
          },
        },
        /** Status 3 with the allocated flag: pre-occupied for automatic outbound. */
        allocated: {
          // dial and logout are refused while allocated (REFUSED_WHILE_ALLOCATED)
          on: {
            'agent.notReady': agentCommand(Operation.notReady),
            'agent.outboundOnly': agentCommand(Operation.outboundOnly),
          },
        },
        /** Status 4: manual outbound only (not-ready reason "2"). */
        outboundOnly: {
          on: {
            'agent.logout': logoutCommand,
            'call.dial': agentCommand(Operation.dial),
            'agent.notReady': agentCommand(Operation.notReady),
            'agent.outboundOnly': agentCommand(Operation.outboundOnly),
            'agent.ready': agentCommand(Operation.ready),
          },
        },
        /** Status 5: wrap-up after a call; with an after-call rule the softphone goes ready by itself. */
        afterCallWork: {
          on: {
            'agent.logout': logoutCommand,
            'agent.notReady': agentCommand(Operation.notReady),
            'agent.ready': agentCommand(Operation.ready),
            'call.dial': agentCommand(Operation.dial),
            'agent.outboundOnly': agentCommand(Operation.outboundOnly),
            'afterCall.due': { guard: 'noCalls', actions: emit({ type: 'autoReady' }) },
          },
          // the after-call rule's timer exists only with a rule (no timer per call otherwise)
          entry: 'scheduleAfterCall',
          exit: cancel('afterCall'),
        },
      },
    },
    /** Status 1: the channel is still open but the agent is logged off; it closes next. */
    signedOut: {
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
});
