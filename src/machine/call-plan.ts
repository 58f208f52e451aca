import { OUTBOUND_ONLY_REASON } from '../model/agent.js';
import type { CallNotice } from '../model/call.js';
import type { CallFactEvent, DomainEvent } from '../model/domain-event.js';
import type { FactStep, SignedInState } from './call-steps.js';
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

const NO_NOTICES: readonly CallNotice[] = [];

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

/** The last batch planned (the bridge's count, then the guards and the action of its transition). */
let lastBatch: { facts: readonly SoftphoneEvent[]; context: SoftphoneContext; steps: FactStep[] } | undefined;

/**
 * A mode fact as the signed-in agent region applies it: the state it leads to and the not-ready reason after it
 * (`reason` is the one before); undefined for any other event. The one-by-one transitions read it too (guard
 * `isOutboundReason`, action `recordFact`), so a batch and the same facts one by one cannot disagree.
 */
export function modeOf(fact: SoftphoneEvent, reason: string): { mode: SignedInState; reason: string } | undefined {
  switch (fact.type) {
    case 'agent.wentReady':
      return { mode: 'ready', reason: '' };
    case 'agent.wentNotReady':
      return { mode: fact.reason === OUTBOUND_ONLY_REASON ? 'outboundOnly' : 'notReady', reason: fact.reason };
    case 'agent.startedAfterCallWork':
      return { mode: 'afterCallWork', reason };
    case 'agent.allocated':
      return { mode: 'allocated', reason };
    default:
      return undefined;
  }
}

/**
 * The steps of the leading quiet facts of `facts`: call facts each planned on the calls the previous one left, and
 * agent mode facts while no command waits for its confirmation, no resync runs and no after-call rule would start a
 * timer. It stops at the first fact that needs its own transition (timers, resync, pending command, login or logout
 * facts…). Memoised per array and context: the bridge's count, the guards and the action share one run.
 */
export function planBatch(context: SoftphoneContext, facts: readonly SoftphoneEvent[]): readonly FactStep[] {
  if (lastBatch?.facts === facts && lastBatch.context === context) return lastBatch.steps;
  const steps: FactStep[] = [];
  let calls = context.calls;
  let reason = context.reason;
  const modesQuiet =
    context.pendingOperation === undefined && !context.resyncing && context.identity?.deviceId !== undefined;
  for (const fact of facts) {
    let mode: ReturnType<typeof modeOf>;
    try {
      mode = modeOf(fact, reason);
    } catch {
      break; // a fact that cannot even be read goes alone: the statechart reports it (MALFORMED_EVENT)
    }
    if (mode) {
      if (!modesQuiet || (mode.mode === 'afterCallWork' && context.settings.afterCallSeconds !== undefined)) break;
      reason = mode.reason;
      steps.push({ fact: fact as DomainEvent, calls, notices: NO_NOTICES, mode: mode.mode, reason });
      continue;
    }
    const plan = planOf(context, fact, calls);
    if (!plan?.update || plan.effects) break;
    calls = plan.update.calls;
    steps.push({ fact: fact as DomainEvent, calls, notices: plan.update.notices, mode: undefined, reason });
  }
  lastBatch = { facts, context, steps };
  return steps;
}

/** The agent state a batch ends in when it has a mode fact (undefined: the state stays). */
export function batchMode(steps: readonly FactStep[]): SignedInState | undefined {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i]!.mode) return steps[i]!.mode;
  return undefined;
}

/**
 * How many of `facts`, from the first, the statechart applies as one step now (`facts`, taken while signed in).
 */
export function quietRunOf(snapshot: { context: SoftphoneContext; value: unknown }, facts: readonly SoftphoneEvent[]) {
  const agent = (snapshot.value as { agent?: unknown }).agent;
  if (typeof agent !== 'object' || agent === null || !('signedIn' in agent)) return 0;
  return planBatch(snapshot.context, facts).length;
}
