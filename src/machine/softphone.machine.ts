import { and, assign, emit, raise, stateIn } from 'xstate';
import { Operation } from '../model/status.js';
import { callCommand, callGate, channelUp } from './commands.js';
import { CALL_FACT_TYPES } from './operations.js';
import { agentRegion } from './regions/agent.js';
import { connectionRegion } from './regions/connection.js';
import { initialContext } from './settings.js';
import { machineSetup } from './setup.js';

/** Every call fact: one assign in the common case, the full action when timers, a resync or a command are involved. */
const applyCallFacts = Object.fromEntries(
  CALL_FACT_TYPES.map((type) => [
    type,
    [{ guard: 'callFactQuiet', actions: 'applyCallQuietly' }, { actions: 'applyCall' }],
  ]),
) as {
  [K in (typeof CALL_FACT_TYPES)[number]]: [
    { guard: 'callFactQuiet'; actions: 'applyCallQuietly' },
    { actions: 'applyCall' },
  ];
};

/**
 * The softphone statechart: the vendor-neutral contract. Two parallel regions, `connection` (the event channel,
 * regions/connection.ts) and `agent` (login flow and agent mode, regions/agent.ts). Calls are not a region: they are a
 * map in the context reduced by a pure function (calls.ts) from call facts, and the status code is derived from the
 * agent state and the calls (status.ts). Root transitions: call facts, call commands, command outcomes and timers.
 */
export const softphoneMachine = machineSetup.createMachine({
  id: 'softphone',
  type: 'parallel',
  context: ({ input }) => initialContext(input),
  on: {
    'config.update': {
      guard: stateIn({ agent: 'loggedOut' }),
      actions: assign(({ context, event }) => ({
        settings: { ...context.settings, ...event.settings },
        capabilities: event.capabilities ?? context.capabilities,
      })),
    },
    ...applyCallFacts,
    'call.answer': callCommand(Operation.answer),
    'call.hangUp': callCommand(Operation.hangUp),
    'call.hold': callCommand(Operation.hold),
    'call.retrieve': callCommand(Operation.retrieve),
    'call.blindTransfer': callCommand(Operation.blindTransfer),
    'call.singleStepConference': callCommand(Operation.singleStepConference),
    'call.consult': callCommand(Operation.consult),
    'call.conference': callCommand(Operation.conference),
    'call.cancelConsult': callCommand(Operation.cancelConsult),
    'call.completeTransfer': callCommand(Operation.completeTransfer),
    'call.setCallData': callCommand(Operation.setCallData),
    // snapshot.can() is true only for transitions that do something: these log the request.
    'call.dtmf': callGate(Operation.dtmf),
    'call.mute': callGate(Operation.mute),
    'call.unmute': callGate(Operation.unmute),
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
    connection: connectionRegion,
    agent: agentRegion,
  },
});

export type SoftphoneMachine = typeof softphoneMachine;
