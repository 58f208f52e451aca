import type { CallFactEvent, DomainEvent } from '../model/domain-event.js';
import { Operation } from '../model/status.js';
import type { CommandEvent } from './types.js';

/**
 * The one table of commands the statechart guards: the machine event each operation is sent as, and whether it is an
 * agent command (guarded by the agent state's row, waits for calls to end) or a call command (guarded by the row of
 * the code the calls derive).
 */
export const OPERATIONS = {
  [Operation.login]: { event: 'agent.login', scope: 'session' },
  [Operation.logout]: { event: 'agent.logout', scope: 'agent' },
  [Operation.ready]: { event: 'agent.ready', scope: 'agent' },
  [Operation.notReady]: { event: 'agent.notReady', scope: 'agent' },
  [Operation.outboundOnly]: { event: 'agent.outboundOnly', scope: 'agent' },
  [Operation.dial]: { event: 'call.dial', scope: 'agent' },
  [Operation.answer]: { event: 'call.answer', scope: 'call' },
  [Operation.hangUp]: { event: 'call.hangUp', scope: 'call' },
  [Operation.hold]: { event: 'call.hold', scope: 'call' },
  [Operation.retrieve]: { event: 'call.retrieve', scope: 'call' },
  [Operation.blindTransfer]: { event: 'call.blindTransfer', scope: 'call' },
  [Operation.singleStepConference]: { event: 'call.singleStepConference', scope: 'call' },
  [Operation.consult]: { event: 'call.consult', scope: 'call' },
  [Operation.conference]: { event: 'call.conference', scope: 'call' },
  [Operation.cancelConsult]: { event: 'call.cancelConsult', scope: 'call' },
  [Operation.completeTransfer]: { event: 'call.completeTransfer', scope: 'call' },
  [Operation.setCallData]: { event: 'call.setCallData', scope: 'call' },
} as const satisfies Partial<Record<Operation, { event: CommandEvent['type']; scope: 'session' | 'agent' | 'call' }>>;

/** The operations the statechart guards. */
export type GuardedOperation = keyof typeof OPERATIONS;

/** The machine event a guarded operation is sent as. */
export function commandEventOf(operation: Operation): CommandEvent['type'] | undefined {
  return (OPERATIONS as Partial<Record<Operation, { event: CommandEvent['type'] }>>)[operation]?.event;
}

/** Commands whose request is safe while the event channel reconnects; the resync after it confirms them. */
export const SAFE_WHILE_RECONNECTING: readonly Operation[] = [
  Operation.answer,
  Operation.hangUp,
  Operation.hold,
  Operation.retrieve,
];

/** Every call fact the call reducer handles. */
export const CALL_FACT_TYPES = [
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
  'call.muted',
  'call.unmuted',
] as const satisfies readonly CallFactEvent['type'][];

/** The facts that may go together in one `facts` step: call facts and agent mode facts (call-plan.ts). */
const BATCHABLE: ReadonlySet<string> = new Set([
  ...CALL_FACT_TYPES,
  'agent.wentReady',
  'agent.wentNotReady',
  'agent.startedAfterCallWork',
  'agent.allocated',
]);

/** Whether a server fact may go in a `facts` step with others (login and logout facts never do). */
export const batchable = (event: DomainEvent): boolean => BATCHABLE.has(event.type);
