import type { AgentMode } from '../../model/agent.js';
import type { DomainEvent, EventMeta } from '../../model/domain-event.js';
import type { AgentView, ReportedCall } from './aliyun.codec.js';

/** What the adapter last reported: the agent's mode and its calls. */
export interface Reported {
  loggedIn: boolean;
  mode: AgentMode;
  reason: string;
  calls: ReportedCall[];
}

export const LOGGED_OUT: Reported = { loggedIn: false, mode: 'Logout', reason: '', calls: [] };

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
  // a call keeps the mode it started in (the view has none); a signed-out agent's view is `Logout`
  if (view.mode !== undefined && (view.mode !== mode || view.reason !== reason || loggedIn !== prev.loggedIn)) {
    mode = view.mode;
    reason = view.reason;
    events.push(modeFact(mode, reason, own, meta));
  }
  if (view.calls) {
    const nextIds = new Set(view.calls.map((c) => c.callId));
    // a consulted leg merged into a conference did not end: `call.conferenced` names it
    const merged = (c: ReportedCall): boolean => view.calls!.some((n) => n.conferenced && n.jobId === c.consultOf);
    for (const gone of [...prev.calls].reverse()) {
      if (!nextIds.has(gone.callId) && !merged(gone)) {
        events.push({ type: 'call.cleared', callId: gone.callId, deviceId: own, releasingDevice: own, meta });
      }
    }
    calls = view.calls.map((call) => {
      const before = prev.calls.find((c) => c.callId === call.callId);
      const consult = prev.calls.find((c) => c.consultOf === call.jobId && !nextIds.has(c.callId) && merged(c));
      const step = callFacts(before, call, own, meta, consult?.callId);
      events.push(...step.events);
      resync ||= step.resync;
      return step.changing ? { ...call, changing: true } : call;
    });
  }
  return { events, next: { loggedIn, mode, reason, calls }, resync };
}

/** The fact of each agent mode but not ready (`agent.wentNotReady`, with its reason). */
const MODE_FACTS: Partial<Record<AgentMode, 'agent.wentReady' | 'agent.startedAfterCallWork' | 'agent.loggedOff'>> = {
  Ready: 'agent.wentReady',
  WorkNotReady: 'agent.startedAfterCallWork',
  Logout: 'agent.loggedOff',
};

/** The fact of an agent mode. */
export function modeFact(mode: AgentMode, reason: string, own: string, meta: EventMeta): DomainEvent {
  const type = MODE_FACTS[mode];
  return type ? { type, deviceId: own, meta } : { type: 'agent.wentNotReady', reason, deviceId: own, meta };
}

const isUp = (state: string | undefined): boolean => state === 'connected' || state === 'held';

function callFacts(
  before: ReportedCall | undefined,
  call: ReportedCall,
  own: string,
  meta: EventMeta,
  merged?: string,
): { events: DomainEvent[]; resync: boolean; changing?: boolean } {
  const events: DomainEvent[] = [];
  const base = { callId: call.callId, deviceId: own, meta };
  const { isCaller, party } = call;
  const calling = isCaller ? own : party;
  const called = isCaller ? party : own;
  const ends = {
    ...(calling === undefined ? {} : { callingDevice: calling }),
    ...(called === undefined ? {} : { calledDevice: called }),
  };
  const up = isUp(call.state);
  const wasUp = isUp(before?.state);
  if (!before) {
    // offered to the agent, or dialled by it: the far end rings, the agent is still dialing (status 8)
    events.push({
      type: 'call.delivered',
      ...base,
      ...ends,
      ...(called === undefined ? {} : { alertingDevice: called }),
      callType: call.callType,
      ...(call.userData ? { userData: call.userData } : {}),
    });
  } else if (wasUp && !up) {
    return { events, resync: true };
  }
  if (up && !wasUp) {
    events.push({ type: 'call.established', ...base, ...ends, answeringDevice: called ?? own });
  }
  // a conference (status 19): the parties that joined, the consulted leg merged; a party joining or leaving (its clear) is 30
  const known = before?.parties ?? [];
  const now = call.parties ?? [];
  const wasConference = !!before?.conferenced;
  let changing = false;
  for (const left of wasConference ? known.filter((p) => !now.includes(p)) : []) {
    events.push({ type: 'call.cleared', ...base, releasingDevice: left });
    changing = true;
  }
  if (call.conferenced) {
    // the parties the statechart already has: the conference's, or the plain call's one other party
    const had = wasConference ? known : [before?.party ?? call.party];
    const added: (string | undefined)[] = now.filter((p) => !had.includes(p));
    for (const addedParty of added.length > 0 || wasConference ? added : [undefined]) {
      events.push({ type: 'call.conferenced', ...base, conferencingDevice: own, addedParty, secondaryOldCall: merged });
    }
    // a party joining a running conference changes its membership too (30, until the next answer)
    changing ||= wasConference && added.length > 0;
  }
  if (!call.muted !== !before?.muted) {
    events.push({ type: call.muted ? 'call.muted' : 'call.unmuted', ...base });
  }
  if (call.state === 'held' && before?.state !== 'held') {
    events.push({ type: 'call.held', ...base, holdingDevice: own });
  } else if (call.state === 'connected' && before?.state === 'held' && !call.conferenced) {
    events.push({ type: 'call.retrieved', ...base, retrievingDevice: own });
  }
  // the answer after a party joined or left ends the "conference changed" moment (30) with a fact about the call
  if (before?.changing && events.length === 0 && up) {
    events.push({ type: 'call.established', ...base, answeringDevice: own });
  }
  return { events, resync: false, changing };
}
