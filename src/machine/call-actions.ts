import { assign, enqueueActions } from 'xstate';
import type { CallNotice } from '../model/call.js';
import type { CallFactEvent } from '../model/domain-event.js';
import { batchMode, planBatch, planOf } from './call-plan.js';
import { batchNotices } from './call-steps.js';
import { malformed, reconcileCalls } from './call-sync.js';
import { baseSetup } from './setup-base.js';

const NO_NOTICES: readonly CallNotice[] = [];

/** The call actions: facts through the pure reducer, and the reconciliation with the server's view. */
export const callSetup = baseSetup.extend({
  actions: {
    /** The common case: the fact only changes the calls and tells the host (one assign, no timers). */
    applyCallQuietly: assign(({ context, event }) => {
      const update = planOf(context, event)?.update;
      if (!update) return {};
      return {
        calls: update.calls,
        lastFact: event as CallFactEvent,
        callNotices: update.notices.length > 0 ? update.notices : NO_NOTICES,
      };
    }),
    /**
     * Facts that came together, every one quiet (guard `factsQuiet`): one assign for all of them (the transition's
     * target is the mode the last mode fact led to). The notices array it leaves carries the steps (call-steps.ts), so
     * the core still tells the host every notice and status code in order. Mode facts do what `recordFact` does.
     */
    applyFacts: assign(({ context, event }) => {
      if (event.type !== 'facts') return {};
      const steps = planBatch(context, event.facts);
      const last = steps[steps.length - 1];
      if (!last) return {};
      const update = { calls: last.calls, lastFact: last.fact, callNotices: batchNotices(steps) };
      return batchMode(steps) === undefined ? update : { ...update, reason: last.reason, pendingMode: false };
    }),
    /**
     * Applies a call fact (pure reducer), tells the host, and asks the server when the event does not fit. An event
     * the reducer cannot handle (it threw) is reported as MALFORMED_EVENT and followed by a resync.
     */
    applyCall: enqueueActions(({ context, event, enqueue }) => {
      const plan = planOf(context, event);
      if (!plan) return;
      const fact = event as CallFactEvent;
      const update = plan.update;
      if (!update) {
        enqueue.emit({ type: 'error', error: malformed(event.type, plan.error) });
        enqueue.raise({ type: 'calls.resync' });
        return;
      }
      enqueue.assign({
        calls: update.calls,
        lastFact: fact,
        pendingOperation: undefined,
        callNotices: update.notices.length > 0 ? update.notices : NO_NOTICES,
      });
      if (context.resyncing && !context.freshCalls.includes(fact.callId)) {
        enqueue.assign({ freshCalls: [...context.freshCalls, fact.callId] });
      }
      if (context.pendingOperation !== undefined) enqueue.cancel('commandConfirm');
      const { autoAnswerSeconds, ringTimeoutSeconds } = context.settings;
      for (const notice of update.notices) {
        if (notice.type === 'offered') {
          const callId = notice.call.callId;
          if (autoAnswerSeconds !== undefined) {
            enqueue.raise({ type: 'call.autoAnswerDue', callId }, { delay: 'autoAnswer', id: `answer-${callId}` });
          }
          if (ringTimeoutSeconds !== undefined) {
            enqueue.raise({ type: 'call.ringTimeoutDue', callId }, { delay: 'ringTimeout', id: `ring-${callId}` });
          }
        } else if (notice.type === 'started' || notice.type === 'ended') {
          const callId = notice.type === 'started' ? notice.call.callId : notice.end.call.callId;
          enqueue.cancel(`answer-${callId}`);
          enqueue.cancel(`ring-${callId}`);
        }
      }
      if (context.ringTimedOut && Object.keys(update.calls).length === 0) {
        enqueue.assign({ ringTimedOut: false });
        enqueue.emit({ type: 'ringTimeoutNotReady' });
      }
      if (update.unsure) enqueue.raise({ type: 'calls.resync' });
      // Another party left: our own clear should follow; if it never comes, ask the server (docs/protocols/well.md fact 13).
      if (fact.type === 'call.cleared' && fact.callId in update.calls) {
        enqueue.raise(
          { type: 'calls.verify', callId: fact.callId },
          { delay: 'clearConfirm', id: `verify-${fact.callId}` },
        );
      }
    }),
    /** Reconciles the local calls with the server's view (call-sync.ts); a view without calls leaves them as they are. */
    resyncCalls: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'session.resynced' || !event.snapshot.calls) return;
      let result: ReturnType<typeof reconcileCalls>;
      try {
        result = reconcileCalls(context.calls, event.snapshot.calls, context.freshCalls);
      } catch (err) {
        enqueue.emit({ type: 'error', error: malformed(event.type, err) });
        return;
      }
      const now = Date.now();
      const notices = result.ended.map((call): CallNotice => ({
        type: 'ended',
        end: { call, endedAt: now, cause: 'RESYNC', releasingDevice: undefined },
      }));
      enqueue.assign({ calls: result.calls, ...(notices.length > 0 ? { callNotices: notices } : {}) });
    }),
  },
});
