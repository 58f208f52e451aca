import { callMap, type CallMap, type CallRecord } from '../model/call.js';
import type { ServerCall } from '../model/server-snapshot.js';
import { SessionEndReason, WellError, WellErrorCode } from '../model/well-error.js';
import type { SoftphoneContext, SoftphoneEvent } from './types.js';

/** A call record from the server's view, keeping what the client knew about the same call. */
export function fromServerCall(call: ServerCall, known: CallRecord | undefined): CallRecord {
  return {
    callId: call.callId,
    state: call.state,
    direction: call.direction ?? known?.direction ?? 'inbound',
    isCaller: known?.isCaller ?? call.direction === 'outbound',
    party: call.party ?? known?.party,
    parties: known?.parties ?? (call.party ? [call.party] : []),
    callType: known?.callType,
    userData: known?.userData,
    createdAt: call.createdAt ?? known?.createdAt ?? Date.now(),
    establishedAt: call.establishedAt ?? known?.establishedAt,
    conferenced: known?.conferenced ?? false,
    membershipChanged: false,
    consultOf: known?.consultOf,
    recording: known?.recording ?? false,
    muted: known?.muted ?? false,
  };
}

/**
 * Reconciles the local calls with the server's view, call by call (docs/vendors.md, "Resync"): the calls the server
 * names take its state; a local call it does not name ends, except a held call while it names another one (a view
 * that describes only the active call cannot show the held call behind a consultation), which is kept. Calls that had
 * events while the request was in flight (`fresh`) are newer than the view and keep their local state. Pure.
 */
export function reconcileCalls(
  local: CallMap,
  server: readonly ServerCall[],
  fresh: readonly string[],
): { calls: CallMap; ended: CallRecord[] } {
  const calls = callMap();
  const ended: CallRecord[] = [];
  for (const call of server) {
    if (fresh.includes(call.callId)) continue;
    calls[call.callId] = fromServerCall(call, local[call.callId]);
  }
  const named = server.length > 0;
  for (const call of Object.values(local)) {
    if (call.callId in calls && !fresh.includes(call.callId)) continue;
    if (fresh.includes(call.callId) || (named && call.state === 'held')) calls[call.callId] = call;
    else ended.push(call);
  }
  return { calls, ended };
}

/** MALFORMED_EVENT for an event whose handling threw; the actor itself stays healthy. */
export function malformed(type: string, err: unknown): WellError {
  return new WellError(WellErrorCode.MALFORMED_EVENT, `The "${type}" event could not be applied`, {
    operation: type,
    cause: err,
  });
}

/** Why the session ended: a resync naming another agent or device is "elsewhere". */
export function sessionEndReason(context: SoftphoneContext, event: SoftphoneEvent): SessionEndReason {
  if (event.type === 'agent.loggedOff') return SessionEndReason.supervisor;
  if (event.type === 'session.resynced') {
    const { agentId, deviceId } = event.snapshot;
    const identity = context.identity;
    if (
      (agentId !== undefined && agentId !== identity?.agentId) ||
      (deviceId !== undefined && deviceId !== identity?.deviceId)
    ) {
      return SessionEndReason.elsewhere;
    }
    return event.origin === 'reconnect' ? SessionEndReason.serverRestart : SessionEndReason.expired;
  }
  return SessionEndReason.expired;
}
