import type { CallNotice } from '../model/call.js';
import type { DomainEvent } from '../model/domain-event.js';
import type { AgentState } from './status.js';
import type { SoftphoneContext } from './types.js';

/** The signed-in agent states a mode fact leads to. */
export type SignedInState = Extract<AgentState, 'ready' | 'notReady' | 'outboundOnly' | 'afterCallWork' | 'allocated'>;

/** One fact of a batch applied (call-plan.ts): what things were after it, and what it tells the host. */
export interface FactStep {
  readonly fact: DomainEvent;
  readonly calls: SoftphoneContext['calls'];
  readonly notices: readonly CallNotice[];
  /** The agent state a mode fact led to (undefined for a call fact: the state before it stays). */
  readonly mode: SignedInState | undefined;
  /** The not-ready reason after the fact. */
  readonly reason: string;
}

/**
 * The steps of the last batch applied, by the notices array it left in the context: the core's projection reads them
 * as soon as the transition is done. (Its own module: the view reads it on the first load, before the reducer.)
 */
let lastSteps: { notices: readonly CallNotice[]; steps: readonly FactStep[] } | undefined;

/** The notices of a batch (every step's, in order, in a new array), registered with its steps. */
export function batchNotices(steps: readonly FactStep[]): readonly CallNotice[] {
  const notices = steps.flatMap((step) => step.notices);
  lastSteps = { notices, steps };
  return notices;
}

/** The steps behind a context's `callNotices` when a batch left them, else undefined (one fact, one transition). */
export function stepsOfNotices(notices: readonly CallNotice[]): readonly FactStep[] | undefined {
  return lastSteps?.notices === notices ? lastSteps.steps : undefined;
}
