import { AgentMode } from '../../model/agent.js';
import type { DomainEvent, EventMeta } from '../../model/domain-event.js';
import type { ServerCall, ServerSnapshot } from '../../model/server-snapshot.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';

/** A CSTA event object as the `well` server sends it, after the transport fields are removed. */
export type WellWireEvent = Record<string, unknown> & { eventName: string };

/** The result of decoding one STOMP body. */
export type WellFrameResult = { ok: true; event: WellWireEvent } | { ok: false; error: WellError; body: string };

/** Transport-only fields, not part of the event (wellClient deleted them before use too). */
const TRANSPORT_FIELDS = ['params', '_type', 'topics'] as const;

/** Parses one STOMP MESSAGE body into a wire event, or a typed MALFORMED_EVENT error. Never throws. */
export function parseWellFrame(body: string): WellFrameResult {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    return {
      ok: false,
      body,
      error: new WellError(WellErrorCode.MALFORMED_EVENT, 'Event body is not JSON', { cause }),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, body, error: new WellError(WellErrorCode.MALFORMED_EVENT, 'Event body is not a JSON object') };
  }
  const event = value as Record<string, unknown>;
  if (typeof event['eventName'] !== 'string' || event['eventName'] === '') {
    return { ok: false, body, error: new WellError(WellErrorCode.MALFORMED_EVENT, 'Event has no eventName') };
  }
  // `delete` turns the object into a slow dictionary: only when a transport field is there at all
  for (const field of TRANSPORT_FIELDS) if (field in event) delete event[field];
  return { ok: true, event: event as WellWireEvent };
}

/**
 * Parses `eventTime` (`YYYY.MM.DD HH:mm:ss`, server local time, read as the browser's local time
 * like wellClient does) into ms since the epoch; undefined when absent or malformed.
 */
export function parseEventTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})\.(\d{1,2})\.(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, s);
  return Number.isNaN(date.getTime()) ? undefined : date.getTime();
}

/**
 * {@link parseEventTime} with a memory of the last text: events come in bursts within the same second, so each
 * distinct text is parsed once. One per adapter (the codec itself keeps no state).
 */
export class EventTimeParser {
  #text = '';
  #value: number | undefined;

  parse(value: unknown): number | undefined {
    if (typeof value !== 'string') return undefined;
    if (value !== this.#text) {
      this.#text = value;
      this.#value = parseEventTime(value);
    }
    return this.#value;
  }
}

/** The event's serial when it is a finite integer. */
export function serialOf(event: WellWireEvent): number | undefined {
  const serial = event['serial'];
  if (typeof serial === 'number' && Number.isInteger(serial)) return serial;
  if (typeof serial === 'string' && /^\d+$/.test(serial)) return Number(serial);
  return undefined;
}

/** Longest text a decoded event field or user-data value carries; longer is cut (docs/protocols/well.md). */
export const MAX_FIELD_CHARS = 256;
/** Most user-data entries a decoded event carries. */
export const MAX_USER_DATA_ENTRIES = 64;

const cut = (v: string): string => (v.length > MAX_FIELD_CHARS ? v.slice(0, MAX_FIELD_CHARS) : v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? cut(v) : undefined);

/** User data with at most {@link MAX_USER_DATA_ENTRIES} entries and every text value cut (own properties only). */
function boundedUserData(data: Record<string, unknown>): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(data)) {
    if (entries.length === MAX_USER_DATA_ENTRIES) break;
    const value = data[key];
    entries.push([cut(key), typeof value === 'string' ? cut(value) : value]);
  }
  // fromEntries defines own properties, so a `__proto__` key stays a plain key
  return Object.fromEntries(entries);
}

const num = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

const AGENT_MODES = new Set<string>(Object.values(AgentMode));
const agentModeOf = (v: unknown, fallback: AgentMode): AgentMode =>
  typeof v === 'string' && AGENT_MODES.has(v) ? (v as AgentMode) : fallback;

/**
 * Copies the defined values of `fields` onto `target` and returns it: decoded events have no undefined fields, so they
 * stay small and compare cleanly, and are built directly, without a spread and a filtered copy per event (no `delete`
 * either: it slows objects).
 */
function withDefined<T extends object>(target: T, fields: Record<string, unknown>): T {
  for (const key in fields) if (fields[key] !== undefined) (target as Record<string, unknown>)[key] = fields[key];
  return target;
}

/** An agent fact: `type`, `meta`, then `agentId` and `deviceId` when the event has them. */
function agentFact(type: string, event: WellWireEvent, meta: EventMeta): Record<string, unknown> {
  const fact: Record<string, unknown> = { type, meta };
  const agentId = str(event['agentId']);
  if (agentId !== undefined) fact['agentId'] = agentId;
  const deviceId = str(event['deviceId']);
  if (deviceId !== undefined) fact['deviceId'] = deviceId;
  return fact;
}

/** A call fact: `type`, `callId`, `meta`, then `deviceId`, `callingDevice`, `calledDevice` when present. */
function callFact(type: string, event: WellWireEvent, meta: EventMeta, callId: string, deviceId: unknown) {
  const fact: Record<string, unknown> = { type, callId, meta };
  const device = str(deviceId);
  if (device !== undefined) fact['deviceId'] = device;
  const calling = str(event['callingDevice']);
  if (calling !== undefined) fact['callingDevice'] = calling;
  const called = str(event['calledDevice']);
  if (called !== undefined) fact['calledDevice'] = called;
  return fact;
}

/**
 * Turns a wire event into a DomainEvent; `undefined` for names the product does not model
 * (they still reach the host raw). Pure: `receivedAt` is the fallback time; `times` (optional) caches the time parse.
 */
export function decodeWellEvent(
  event: WellWireEvent,
  receivedAt: number,
  times?: EventTimeParser,
): DomainEvent | undefined {
  const eventTime = event['eventTime'];
  const meta: EventMeta = {
    name: event.eventName,
    at: (times ? times.parse(eventTime) : parseEventTime(eventTime)) ?? receivedAt,
    raw: event,
  };
  const serial = serialOf(event);
  if (serial !== undefined) meta.serial = serial;
  const srcDeviceId = str(event['srcDeviceId']);
  if (srcDeviceId !== undefined) meta.srcDeviceId = srcDeviceId;
  return decodeFact(event, meta) as DomainEvent | undefined;
}

function decodeFact(event: WellWireEvent, meta: EventMeta): Record<string, unknown> | undefined {
  switch (event.eventName) {
    case 'agentLoggedOn': {
      const fact = agentFact('agent.loggedOn', event, meta);
      fact['mode'] = agentModeOf(event['agentMode'], AgentMode.NotReady);
      return fact;
    }
    case 'agentLoggedOff':
      return agentFact('agent.loggedOff', event, meta);
    case 'agentReady':
      return agentFact('agent.wentReady', event, meta);
    case 'agentNotReady': {
      const fact = agentFact('agent.wentNotReady', event, meta);
      fact['reason'] = str(event['reason']) ?? '';
      return fact;
    }
    case 'agentWorkingAfterCall':
      return agentFact('agent.startedAfterCallWork', event, meta);
    case 'agentAllocated':
      return agentFact('agent.allocated', event, meta);
  }
  const callId = str(event['callId']) ?? '';
  // recordStopped carries no callId in the real sample: it applies to the agent's current call.
  if (callId === '' && event.eventName !== 'recordStarted' && event.eventName !== 'recordStopped') return undefined;
  const deviceId = event['deviceId'];
  switch (event.eventName) {
    case 'serviceInitiated':
      return callFact('call.initiated', event, meta, callId, str(event['initiatedDevice']) ?? deviceId);
    case 'originated':
      return callFact('call.originated', event, meta, callId, deviceId);
    case 'delivered': {
      const userData = event['userData'];
      const data =
        typeof userData === 'object' && userData !== null ? (userData as Record<string, unknown>)['data'] : undefined;
      return withDefined(callFact('call.delivered', event, meta, callId, deviceId), {
        alertingDevice: str(event['alertingDevice']),
        callType: str(event['callType']),
        userData:
          typeof data === 'object' && data !== null && !Array.isArray(data)
            ? boundedUserData(data as Record<string, unknown>)
            : undefined,
      });
    }
    case 'established':
      return withDefined(callFact('call.established', event, meta, callId, deviceId), {
        answeringDevice: str(event['answeringDevice']),
      });
    case 'connectionCleared':
      return withDefined(callFact('call.cleared', event, meta, callId, deviceId), {
        releasingDevice: str(event['releasingDevice']),
        cause: str(event['cause']) ?? str(event['callCause']),
      });
    case 'held':
      return withDefined(callFact('call.held', event, meta, callId, deviceId), {
        holdingDevice: str(event['holdingDevice']),
      });
    case 'retrieved':
      return withDefined(callFact('call.retrieved', event, meta, callId, deviceId), {
        retrievingDevice: str(event['retrievingDevice']),
      });
    case 'transferred':
      return withDefined(callFact('call.transferred', event, meta, callId, deviceId), {
        primaryOldCall: str(event['primaryOldCall']),
        secondaryOldCall: str(event['secondaryOldCall']),
        newCall: str(event['newCall']),
        transferringDevice: str(event['transferringDevice']),
        transferredToDevice: str(event['transferredToDevice']),
        cause: str(event['cause']),
      });
    case 'conferenced':
      return withDefined(callFact('call.conferenced', event, meta, callId, deviceId), {
        primaryOldCall: str(event['primaryOldCall']),
        secondaryOldCall: str(event['secondaryOldCall']),
        newCall: str(event['newCall']),
        conferencingDevice: str(event['conferencingDevice']),
        addedParty: str(event['addedParty']),
      });
    case 'failed':
      return withDefined(callFact('call.failed', event, meta, callId, deviceId), {
        failedCode: num(event['failedCode']),
        failedMsg: str(event['failedMsg']),
      });
    case 'recordStarted':
    case 'recordStopped':
      return withDefined(
        callFact(
          event.eventName === 'recordStarted' ? 'recording.started' : 'recording.stopped',
          event,
          meta,
          callId,
          deviceId,
        ),
        {
          recordId: str(event['recordId']),
          fileName: str(event['fileName']),
          success: typeof event['isSuccess'] === 'boolean' ? event['isSuccess'] : undefined,
        },
      );
    default:
      return undefined;
  }
}

/** `5001@test.cc` from a job number or extension and a domain. */
export const qualify = (id: string, domain: string): string => `${id}@${domain}`;

/** The STOMP destination of an agent's events: `/topic/event.agent.*.` + agentId with `.` → `_` (docs/protocols/well.md fact 3). */
export const agentTopic = (agentId: string): string => `/topic/event.agent.*.${agentId.replaceAll('.', '_')}`;

/** A connection id in a URL path: `deviceId%7CcallId`, the pipe pre-encoded (docs/protocols/well.md fact 12). */
export const connectionId = (deviceId: string, callId: string): string => `${deviceId}%7C${callId}`;

/**
 * wellClient's duplicate filter: an event whose serial equals the previous event's serial is a
 * repeat. Only consecutive repeats are caught; the last serial survives reconnects.
 */
export class SerialFilter {
  #last: number | undefined;

  /** True when the event should be dropped as a duplicate; otherwise remembers its serial. */
  isDuplicate(serial: number | undefined): boolean {
    if (serial === undefined) return false;
    if (serial === this.#last) return true;
    this.#last = serial;
    return false;
  }

  reset(): void {
    this.#last = undefined;
  }
}

/** The agent and extension a client-state answer is checked against. */
export interface WellAgentIds {
  agentId: string;
  deviceId: string;
}

/** A decoded client-state answer, or why it says nothing usable (then the local view is kept). */
export type ClientStateResult =
  | {
      ok: true;
      snapshot: ServerSnapshot;
      /** false: `activeCall` was not understood, `calls` left out */ callsKnown: boolean;
    }
  | { ok: false; why: string };

const agentObjectOf = (raw: unknown): Record<string, unknown> | undefined => {
  const agent = (raw as { agent?: unknown } | null | undefined)?.agent;
  return typeof agent === 'object' && agent !== null && !Array.isArray(agent)
    ? (agent as Record<string, unknown>)
    : undefined;
};

/**
 * Decodes `GET /api/csta/agent/client-state` (docs/protocols/well.md fact 9) for a resync. Another agent or extension
 * means logged out; an absent id does not contradict the session the request was made with. No agent object or no
 * usable `agentMode` (without another agent named) says nothing: `{ok: false}`.
 */
export function decodeClientState(raw: unknown, identity: WellAgentIds | undefined): ClientStateResult {
  const a = agentObjectOf(raw);
  if (!a) return { ok: false, why: 'client-state has no agent object' };
  const other =
    (typeof a['agentId'] === 'string' && a['agentId'] !== identity?.agentId) ||
    (typeof a['extensionId'] === 'string' && a['extensionId'] !== identity?.deviceId);
  const mode = typeof a['agentMode'] === 'string' && AGENT_MODES.has(a['agentMode']) ? a['agentMode'] : undefined;
  if (!other && mode === undefined) {
    return { ok: false, why: `client-state has no usable agentMode (${JSON.stringify(a['agentMode'])})` };
  }
  const snapshot: ServerSnapshot = {
    loggedIn: !other && mode !== AgentMode.Logout,
    agentMode: (mode ?? AgentMode.Logout) as AgentMode,
    raw,
  };
  const calls = serverCallsOf(a['activeCall']);
  if (calls) snapshot.calls = calls;
  if (typeof a['reason'] === 'string') snapshot.reason = a['reason'];
  if (typeof a['agentId'] === 'string') snapshot.agentId = a['agentId'];
  if (typeof a['extensionId'] === 'string') snapshot.deviceId = a['extensionId'];
  return { ok: true, snapshot, callsKnown: calls !== undefined };
}

/**
 * Checks a client-state answer for a reattach: it must name exactly this agent and extension, logged in. Returns the
 * agent's mode and reason, or why the kept session cannot be reattached.
 */
export function attachStateOf(
  raw: unknown,
  identity: WellAgentIds,
): { ok: true; mode: AgentMode; reason: string | undefined } | { ok: false; why: string } {
  const a = agentObjectOf(raw);
  if (!a) return { ok: false, why: 'client-state has no agent' };
  if (a['agentId'] !== identity.agentId || a['extensionId'] !== identity.deviceId) {
    return { ok: false, why: 'client-state names another agent or extension' };
  }
  const mode = a['agentMode'];
  if (typeof mode !== 'string' || mode === AgentMode.Logout || !AGENT_MODES.has(mode)) {
    return { ok: false, why: `the agent is not logged in (${JSON.stringify(mode)})` };
  }
  return { ok: true, mode: mode as AgentMode, reason: typeof a['reason'] === 'string' ? a['reason'] : undefined };
}

const ACTIVE_CALL_STATES: Readonly<Record<string, ServerCall['state']>> = {
  Alerting: 'alerting',
  Connect: 'connected',
  Hold: 'held',
  Initiate: 'initiated',
};

/** client-state `activeCall` states that mean "no call". */
const NO_CALL_STATES = new Set(['None', 'Fail', 'Idle', 'Idle2']);

/**
 * client-state's `activeCall` (`{callId, ani, dnis, state, direction, ringTime, answerTime, otherSide}`):
 * absent, null or an idle state → no calls (wellClient wipes its call model then); a shape not understood
 * → `undefined` (unknown: the local calls stay).
 */
export function serverCallsOf(activeCall: unknown): ServerCall[] | undefined {
  if (activeCall === undefined || activeCall === null) return [];
  if (typeof activeCall !== 'object' || Array.isArray(activeCall)) return undefined;
  const c = activeCall as Record<string, unknown>;
  if (Object.keys(c).length === 0) return [];
  if (typeof c['state'] === 'string' && NO_CALL_STATES.has(c['state'])) return [];
  const state =
    typeof c['state'] === 'string' && Object.hasOwn(ACTIVE_CALL_STATES, c['state'])
      ? ACTIVE_CALL_STATES[c['state']]
      : undefined;
  if (typeof c['callId'] !== 'string' || c['callId'] === '' || !state) return undefined;
  const call: ServerCall = { callId: c['callId'], state };
  const direction = typeof c['direction'] === 'string' ? c['direction'].toLowerCase() : '';
  if (direction === 'in' || direction === 'inbound') call.direction = 'inbound';
  else if (direction === 'out' || direction === 'outbound') call.direction = 'outbound';
  else if (direction === 'internal') call.direction = 'internal';
  if (typeof c['otherSide'] === 'string') call.party = c['otherSide'];
  const ring = parseEventTime(c['ringTime']) ?? (typeof c['ringTime'] === 'number' ? c['ringTime'] : undefined);
  const answer = parseEventTime(c['answerTime']) ?? (typeof c['answerTime'] === 'number' ? c['answerTime'] : undefined);
  if (ring !== undefined) call.createdAt = ring;
  if (answer !== undefined) call.establishedAt = answer;
  return [call];
}
