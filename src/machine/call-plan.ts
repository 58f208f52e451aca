import type { CallFactEvent } from '../model/domain-event.js';
import { applyCallEvent, type CallUpdate } from './calls.js';
import type { SoftphoneContext, SoftphoneEvent } from './types.js';

/** A call fact applied to the calls of a context, once (the guard and the action of one transition share it). */
interface Plan {
  update: CallUpdate | undefined;
  error: unknown;
  /** Something beyond the new calls and notices must happen (timers, resync, pending command, fresh calls…). */
  effects: boolean;
}

const plans = new WeakMap<SoftphoneEvent, { calls: SoftphoneContext['calls']; plan: Plan }>();

/** The plan of a call fact (memoised per event and calls: the reducer runs once per fact). */
export function planOf(context: SoftphoneContext, event: SoftphoneEvent): Plan | undefined {
  const device = context.identity?.deviceId;
  if (!device || !('callId' in event)) return undefined;
  const known = plans.get(event);
  if (known && known.calls === context.calls) return known.plan;
  const fact = event as CallFactEvent;
  let plan: Plan;
  try {
    const update = applyCallEvent(context.calls, fact, device);
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
  plans.set(event, { calls: context.calls, plan });
  return plan;
}

/** The fact changes only the calls and the notices: one assign does it (no timers, resync or pending command). */
export function callFactIsQuiet(context: SoftphoneContext, event: SoftphoneEvent): boolean {
  const plan = planOf(context, event);
  return plan !== undefined && !plan.effects;
}
