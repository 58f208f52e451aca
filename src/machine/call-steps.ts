import type { CallNotice } from '../model/call.js';
import type { CallFactEvent } from '../model/domain-event.js';
import type { SoftphoneContext } from './types.js';

/** One fact of a batch applied (call-plan.ts): the calls after it and what it tells the host. */
export interface CallStep {
  readonly fact: CallFactEvent;
  readonly calls: SoftphoneContext['calls'];
  readonly notices: readonly CallNotice[];
}

/**
 * The steps of the last batch applied, by the notices array it left in the context: the core's projection reads them
 * as soon as the transition is done. (Its own module: the view reads it on the first load, before the reducer.)
 */
let lastSteps: { notices: readonly CallNotice[]; steps: readonly CallStep[] } | undefined;

/** The notices of a batch (every step's, in order), registered with its steps. */
export function batchNotices(steps: readonly CallStep[]): readonly CallNotice[] {
  const notices = steps.flatMap((step) => step.notices);
  lastSteps = { notices, steps };
  return notices;
}

/** The steps behind a context's `callNotices` when a batch left them, else undefined (one fact, one transition). */
export function stepsOfNotices(notices: readonly CallNotice[]): readonly CallStep[] | undefined {
  return lastSteps?.notices === notices ? lastSteps.steps : undefined;
}
