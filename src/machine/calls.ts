import type { CallFactEvent } from '../model/domain-event.js';
import {
  activeCall,
  callMap,
  isInternalDevice,
  type CallDirection,
  type CallNotice,
  type CallRecord,
} from '../model/call.js';
import type { StatusCode } from '../model/status.js';

export interface CallUpdate {
  calls: Readonly<Record<string, CallRecord>>;
  notices: CallNotice[];
  /** The event could not be placed (unknown call, inconsistent order): the server's view should be fetched. */
  unsure: boolean;
}

const newCall = (callId: string, at: number, init: Partial<CallRecord>): CallRecord => ({
  callId,
  state: 'initiated',
  direction: 'outbound',
  isCaller: false,
  party: undefined,
  parties: [],
  callType: undefined,
  userData: undefined,
  createdAt: at,
  establishedAt: undefined,
  conferenced: false,
  membershipChanged: false,
  consultOf: undefined,
  recording: false,
  muted: false,
  ...init,
});

const withParty = (parties: readonly string[], device: string | undefined, own: string): string[] =>
  device && device !== own && !parties.includes(device) ? [...parties, device] : [...parties];

function directionOf(
  caller: string | undefined,
  callee: string | undefined,
  own: string,
  callType?: string,
): CallDirection {
  // a consultation reaches an agent from another agent: internal, whatever the numbers look like
  if (callType === 'Internal' || callType === 'Consult') return 'internal';
  const other = caller === own ? callee : caller;
  if (isInternalDevice(other) && isInternalDevice(own)) return 'internal';
  return caller === own ? 'outbound' : 'inbound';
}

/**
 * Applies one call fact to the calls the agent's device is in. Pure. Follows docs/protocols/well.md fact 13:
 * only the own device's clear ends a call (outbound calls produce two clears), a consult transfer renames
 * `secondaryOldCall` → `newCall` on the target, `conferenced` merges the consult call into the conference.
 * Duplicates and unknown call ids leave the calls as they are; `unsure` asks for a resync when the event
 * contradicts what is known.
 */
export function applyCallEvent(
  calls: Readonly<Record<string, CallRecord>>,
  event: CallFactEvent,
  ownDevice: string,
): CallUpdate {
  const at = event.meta.at;
  const next = callMap(calls);
  const notices: CallNotice[] = [];
  let unsure = false;
  const current = next[event.callId];
  // Any event of a conference ends its "membership changed" moment.
  if (current?.membershipChanged) next[event.callId] = { ...current, membershipChanged: false };
  const known = next[event.callId];

  switch (event.type) {
    case 'call.initiated':
    case 'call.originated': {
      const caller = event.callingDevice ?? event.deviceId ?? ownDevice;
      if (caller !== ownDevice) break;
      const heldOther = Object.values(next).find((c) => c.callId !== event.callId && c.state === 'held');
      const base = known ?? newCall(event.callId, at, { isCaller: true, consultOf: heldOther?.callId });
      const party = event.calledDevice ?? base.party;
      next[event.callId] = {
        ...base,
        isCaller: true,
        party,
        parties: withParty(base.parties, party, ownDevice),
        direction: party ? directionOf(ownDevice, party, ownDevice) : base.direction,
      };
      break;
    }
    case 'call.delivered': {
      const caller = event.callingDevice;
      const alerting = event.alertingDevice ?? event.calledDevice;
      if (alerting === ownDevice && caller !== ownDevice) {
        if (known && known.state !== 'alerting') break; // a late or repeated delivered never rewinds a call
        const call = {
          ...(known ?? newCall(event.callId, at, {})),
          state: 'alerting' as const,
          isCaller: false,
          party: caller,
          parties: withParty(known?.parties ?? [], caller, ownDevice),
          direction: directionOf(caller, ownDevice, ownDevice, event.callType),
          callType: event.callType,
          userData: event.userData ?? known?.userData,
        };
        next[event.callId] = call;
        if (!known) notices.push({ type: 'offered', call });
      } else if (caller === ownDevice) {
        // the far end rings: the agent is still dialing (status 8)
        const heldOther = Object.values(next).find((c) => c.callId !== event.callId && c.state === 'held');
        const base = known ?? newCall(event.callId, at, { isCaller: true, consultOf: heldOther?.callId });
        const party = alerting ?? event.calledDevice ?? base.party;
        next[event.callId] = {
          ...base,
          party,
          parties: withParty(base.parties, party, ownDevice),
          direction: directionOf(ownDevice, party, ownDevice, event.callType),
          callType: event.callType ?? base.callType,
          userData: event.userData ?? base.userData,
        };
      } else if (known) {
        // a third party rings in a call we are in (single-step conference, transfer target)
        next[event.callId] = { ...known, parties: withParty(known.parties, alerting, ownDevice) };
      }
      break;
    }
    case 'call.established': {
      const base =
        known ??
        newCall(event.callId, at, {
          isCaller: event.callingDevice === ownDevice,
          party: event.callingDevice === ownDevice ? event.calledDevice : event.callingDevice,
          direction: directionOf(event.callingDevice, event.calledDevice, ownDevice),
        });
      if (!known) unsure = event.callingDevice !== ownDevice && event.calledDevice !== ownDevice;
      const wasConnected = base.state === 'connected' || base.state === 'held';
      const call: CallRecord = {
        ...base,
        state: base.state === 'held' ? 'held' : 'connected',
        establishedAt: base.establishedAt ?? at,
        parties: withParty(
          withParty(base.parties, event.callingDevice, ownDevice),
          event.answeringDevice ?? event.calledDevice,
          ownDevice,
        ),
      };
      next[event.callId] = call;
      if (!wasConnected) notices.push({ type: 'started', call });
      break;
    }
    case 'call.held': {
      if (!known) {
        unsure = true;
        break;
      }
      if ((event.holdingDevice ?? event.deviceId) === ownDevice && known.state !== 'held') {
        next[event.callId] = { ...known, state: 'held' };
        notices.push({ type: 'held', call: next[event.callId]! });
      }
      break;
    }
    case 'call.retrieved': {
      if (!known) {
        unsure = true;
        break;
      }
      if ((event.retrievingDevice ?? event.deviceId) === ownDevice && known.state === 'held') {
        next[event.callId] = { ...known, state: 'connected' };
        notices.push({ type: 'resumed', call: next[event.callId]! });
      }
      break;
    }
    case 'call.transferred': {
      const from = event.secondaryOldCall;
      const to = event.newCall;
      if (event.transferredToDevice === ownDevice && from && to && from !== to && next[from]) {
        // consult transfer: the target's call continues under the new id (docs/protocols/well.md, fact 13)
        const renamed = { ...next[from]!, callId: to, consultOf: undefined };
        delete next[from];
        next[to] = renamed;
        notices.push({ type: 'transferred', call: renamed, from });
      } else if (known && event.transferringDevice !== ownDevice) {
        notices.push({ type: 'transferred', call: known, from: event.callId });
      }
      break;
    }
    case 'call.conferenced': {
      const target = next[event.callId];
      const old =
        event.secondaryOldCall && event.secondaryOldCall !== event.callId ? next[event.secondaryOldCall] : undefined;
      if (!target && !old) {
        unsure = true;
        break;
      }
      const base = target ?? { ...old!, callId: event.callId };
      let parties = withParty(base.parties, event.addedParty, ownDevice);
      parties = withParty(parties, event.conferencingDevice, ownDevice);
      if (old) for (const p of old.parties) parties = withParty(parties, p, ownDevice);
      if (old) delete next[old.callId];
      const call: CallRecord = {
        ...base,
        state: 'connected',
        conferenced: true,
        consultOf: undefined,
        establishedAt: base.establishedAt ?? at,
        parties,
        party: parties.length > 1 ? undefined : base.party,
        // a party joining a conference already running changes its membership (30) until the next event
        membershipChanged: !!target?.conferenced && parties.length > base.parties.length,
      };
      next[event.callId] = call;
      notices.push({ type: 'conferenced', call });
      break;
    }
    case 'call.cleared': {
      if (!known) break; // a clear for a call we never knew, or a second clear: nothing to end
      const releasing = event.releasingDevice ?? event.deviceId;
      if (releasing === ownDevice || releasing === undefined) {
        delete next[event.callId];
        notices.push({
          type: 'ended',
          end: { call: known, endedAt: at, cause: event.cause, releasingDevice: releasing },
        });
        break;
      }
      const parties = known.parties.filter((p) => p !== releasing);
      next[event.callId] = {
        ...known,
        parties,
        party: known.conferenced ? (parties.length === 1 ? parties[0] : undefined) : known.party,
        conferenced: known.conferenced && parties.length > 1,
        // still "changing" while the rest of a former conference leaves, until the own clear or another event
        membershipChanged: known.conferenced || (current?.membershipChanged ?? false),
      };
      break;
    }
    case 'call.failed':
      // call-progress analysis result: the clear that follows ends the call
      break;
    case 'call.muted':
    case 'call.unmuted':
      if (known) next[known.callId] = { ...known, muted: event.type === 'call.muted' };
      break;
    case 'recording.started':
    case 'recording.stopped': {
      // without a callId (the real recordStopped sample) it is about the current call
      const target = known ?? (event.callId === '' ? activeCall(next) : undefined);
      if (target) next[target.callId] = { ...target, recording: event.type === 'recording.started' };
      break;
    }
  }
  return { calls: next, notices, unsure };
}

/** The status code the calls decide, or undefined when the agent has no call (the agent mode decides). */
export function deriveCallCode(calls: Readonly<Record<string, CallRecord>>): StatusCode | undefined {
  const list = Object.values(calls);
  if (list.length === 0) return undefined;
  if (list.length >= 2) {
    const held = list.find((c) => c.state === 'held');
    const other = list.find((c) => c !== held);
    if (held && other) {
      if (other.state === 'alerting' && !other.isCaller) return 6;
      return other.state === 'connected' ? 17 : 16;
    }
    const ringing = list.find((c) => c.state === 'alerting');
    if (ringing) return 6;
  }
  const call = list.find((c) => c.state !== 'held') ?? list[0]!;
  switch (call.state) {
    case 'alerting':
      return 6;
    case 'initiated':
      return 8;
    case 'held':
      return 12;
    case 'connected':
      if (call.membershipChanged) return 30;
      if (call.conferenced) return 19;
      if (call.direction === 'internal' && !call.isCaller && call.consultOf === undefined && isBeingConsulted(call)) {
        return 20;
      }
      return call.direction === 'inbound' ? 9 : call.direction === 'outbound' ? 10 : 11;
  }
}

/** Best effort (docs/protocols/status-codes.md): an internal inbound call delivered as a consultation by the caller's system. */
function isBeingConsulted(call: CallRecord): boolean {
  return call.callType === 'Consult' || call.userData?.['consult'] === true;
}
