import type { CallFactEvent } from '../model/domain-event.js';
import type { CallStep } from './call-steps.js';
import { applyCallEvent, type CallUpdate } from './calls.js';
import type { SoftphoneContext, SoftphoneEvent } from './types.js';

/** A call fact applied to the calls of a context, once (the guard and the action of one transition share it). */
interface Plan {
  update: CallUpdate | undefined;
  error: unknown;
  /** Something beyond the new calls and notices must happen (timers, resync, pending command, fresh calls…). */
  effects: boolean;
}

/**
 * The last plan made. One entry is enough: a transition's guard and action ask for the same fact one after the other
 * (a WeakMap of every event grew its table with the events of a flood).
 */
let lastPlan: { event: SoftphoneEvent; calls: SoftphoneContext['calls']; plan: Plan } | undefined;

/** The plan of a call fact on `calls` (memoised per event and calls: the reducer runs once per fact). */
export function planOf(
  context: SoftphoneContext,
  event: SoftphoneEvent,
  calls: SoftphoneContext['calls'] = context.calls,
): Plan | undefined {
  const device = context.identity?.deviceId;
  if (!device || !('callId' in event)) return undefined;
  if (lastPlan?.event === event && lastPlan.calls === calls) return lastPlan.plan;
  const fact = event as CallFactEvent;
  let plan: Plan;
  try {
    const update = applyCallEvent(calls, fact, device);
    const { autoAnswerSeconds, ringTimeoutSeconds } = context.settings;
    const timers =
      (autoAnswerSeconds !== undefined || ringTimeoutSeconds !== undefined) &&
      update.notices.some((n) => n.type === 'offered' || n.type === 'started' || n.type === 'ended');
    const effects =
      timers ||
      update.unsure ||
      context.pendingOperation !== undefined ||
      context.resyncing ||
      context.ringTimedOut ||
      (fact.type === 'call.cleared' && fact.callId in update.calls);
    plan = { update, error: undefined, effects };
  } catch (err) {
    plan = { update: undefined, error: err, effects: true };
  }
  lastPlan = { event, calls, plan };
  return plan;
}

/** The fact changes only the calls and the notices: one assign does it (no timers, resync or pending command). */
export function callFactIsQuiet(context: SoftphoneContext, event: SoftphoneEvent): boolean {
  const plan = planOf(context, event);
  return plan !== undefined && !plan.effects;
}

/** The last batch planned (the bridge's count, then the guard and the action of its transition). */
let lastBatch: { facts: readonly SoftphoneEvent[]; calls: SoftphoneContext['calls']; steps: CallStep[] } | undefined;

/**
 * The steps of the leading quiet facts of `facts`, each planned on the calls the previous one left (memoised per array
 * and calls: the bridge's count, the guard and the action share one run of the reducer). It stops at the first fact
 * that is not a call fact or is not quiet (timers, resync, pending command…): that one needs its own transition.
 */
export function planCallBatch(context: SoftphoneContext, facts: readonly SoftphoneEvent[]): readonly CallStep[] {
  if (lastBatch?.facts === facts && lastBatch.calls === context.calls) return lastBatch.steps;
  const steps: CallStep[] = [];
  let calls = context.calls;
  for (const fact of facts) {
    const plan = planOf(context, fact, calls);
    if (!plan?.update || plan.effects) break;
    calls = plan.update.calls;
    steps.push({ fact: fact as CallFactEvent, calls, notices: plan.update.notices });
  }
  lastBatch = { facts, calls: context.calls, steps };
  return steps;
}

/** How many of `facts`, from the first, the statechart applies as one quiet step now (`call.facts`). */
export const quietRunOf = (snapshot: { context: SoftphoneContext }, facts: readonly SoftphoneEvent[]): number =>
  planCallBatch(snapshot.context, facts).length;
