import { AgentMode } from '../../model/agent.js';
import type { DomainEvent, EventMeta } from '../../model/domain-event.js';
import type { AgentView, ReportedCall } from './aliyun.codec.js';

/** What the adapter last reported: the agent's mode and its calls. */
export interface Reported {
  loggedIn: boolean;
  mode: AgentMode;
  reason: string;
  calls: ReportedCall[];
}

export const LOGGED_OUT: Reported = { loggedIn: false, mode: AgentMode.Logout, reason: '', calls: [] };

export interface Diff {
  events: DomainEvent[];
  next: Reported;
  /** The answer contradicts local state in a way no fact can express (a call going back to ringing): resync. */
  resync: boolean;
}

/**
 * The facts that bring what was reported to what the server now says (docs/protocols/aliyun.md fact 10: a command's
 * or a poll's answer is the source of truth). The agent's mode first, then the calls (gone calls clear, new calls
 * are offered or dialled, then answered or held): a call that ends into after-call work (WORKING) or a break
 * (RingingTimeout) goes from talking or ringing straight to 5 or 2, never through ready (3). Pure.
 */
export function diffView(prev: Reported, view: AgentView, own: string, meta: EventMeta): Diff {
  const events: DomainEvent[] = [];
  let resync = false;
  let calls = prev.calls;
  const loggedIn = view.state !== 'OFFLINE';
  let { mode, reason } = prev;
  if (!loggedIn) {
    if (prev.loggedIn) events.push({ type: 'agent.loggedOff', deviceId: own, meta });
    mode = AgentMode.Logout;
    reason = '';
  } else if (view.mode !== undefined && (view.mode !== prev.mode || view.reason !== prev.reason || !prev.loggedIn)) {
    mode = view.mode;
    reason = view.reason;
    events.push(modeFact(mode, reason, own, meta));
  }
  if (view.calls) {
    const nextIds = new Set(view.calls.map((c) => c.callId));
    for (const gone of [...prev.calls].reverse()) {
      if (nextIds.has(gone.callId)) continue;
      events.push({
        type: 'call.cleared',
        callId: gone.callId,
        deviceId: own,
        releasingDevice: own,
        ...(gone.cause ? { cause: gone.cause } : {}),
        meta,
      });
    }
    for (const call of view.calls) {
      const before = prev.calls.find((c) => c.callId === call.callId);
      const step = callFacts(before, call, own, meta);
      events.push(...step.events);
      resync ||= step.resync;
    }
    calls = view.calls;
  }
  return { events, next: { loggedIn, mode, reason, calls }, resync };
}

/** The fact of an agent mode. */
export function modeFact(mode: AgentMode, reason: string, own: string, meta: EventMeta): DomainEvent {
  switch (mode) {
    case AgentMode.Ready:
      return { type: 'agent.wentReady', deviceId: own, meta };
    case AgentMode.WorkNotReady:
      return { type: 'agent.startedAfterCallWork', deviceId: own, meta };
    case AgentMode.Logout:
      return { type: 'agent.loggedOff', deviceId: own, meta };
    default:
      return { type: 'agent.wentNotReady', deviceId: own, reason, meta };
  }
}

function callFacts(
  before: ReportedCall | undefined,
  call: ReportedCall,
  own: string,
  meta: EventMeta,
): { events: DomainEvent[]; resync: boolean } {
  const events: DomainEvent[] = [];
  const base = { callId: call.callId, deviceId: own, meta };
  const calling = call.isCaller ? own : call.party;
  const called = call.isCaller ? call.party : own;
  const up = call.state === 'connected' || call.state === 'held';
  if (!before) {
    // offered to the agent, or dialled by it: the far end rings, the agent is still dialing (status 8)
    events.push({
      type: 'call.delivered',
      ...base,
      ...(calling === undefined ? {} : { callingDevice: calling }),
      ...(called === undefined ? {} : { calledDevice: called }),
      ...(call.isCaller ? (call.party === undefined ? {} : { alertingDevice: call.party }) : { alertingDevice: own }),
      callType: call.callType,
      ...(call.userData ? { userData: call.userData } : {}),
    });
  } else if ((before.state === 'connected' || before.state === 'held') && !up) {
    return { events, resync: true };
  }
  const wasUp = before?.state === 'connected' || before?.state === 'held';
  if (up && !wasUp) {
    events.push({
      type: 'call.established',
      ...base,
      ...(calling === undefined ? {} : { callingDevice: calling }),
      ...(called === undefined ? {} : { calledDevice: called }),
      answeringDevice: call.isCaller ? (call.party ?? own) : own,
    });
  }
  if ((call.muted ?? false) !== (before?.muted ?? false)) {
    events.push({ type: call.muted ? 'call.muted' : 'call.unmuted', ...base });
  }
  if (call.state === 'held' && before?.state !== 'held') {
    events.push({ type: 'call.held', ...base, holdingDevice: own });
  } else if (call.state === 'connected' && before?.state === 'held') {
    events.push({ type: 'call.retrieved', ...base, retrievingDevice: own });
  }
  return { events, resync: false };
}
