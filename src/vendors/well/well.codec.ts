import { AgentMode } from '../../model/agent.js';
import type { DomainEvent, EventMeta } from '../../model/domain-event.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';

/** A CSTA event object as the `well` server sends it, after the transport fields are removed. */
export type WellWireEvent = Record<string, unknown> & { eventName: string };

/** The result of decoding one STOMP body. */
export type WellFrameResult = { ok: true; event: WellWireEvent } | { ok: false; error: WellError; body: string };

/** Transport-only fields the wellClient SDK deletes before use (fact 19). */
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
  for (const field of TRANSPORT_FIELDS) delete event[field];
  return { ok: true, event: event as WellWireEvent };
}

/**
 * Parses `eventTime` (`YYYY.MM.DD HH:mm:ss`, server local time, read as the browser's local time
 * like wellClient does) into ms since the epoch; undefined when absent or malformed.
 */
let lastTimeText = '';
let lastTimeValue: number | undefined;

export function parseEventTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  // Events come in bursts within the same second: parse each distinct text once.
  if (value === lastTimeText) return lastTimeValue;
  lastTimeText = value;
  return (lastTimeValue = parseTimeText(value));
}

function parseTimeText(value: string): number | undefined {
  const m = /^(\d{4})\.(\d{1,2})\.(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, s);
  return Number.isNaN(date.getTime()) ? undefined : date.getTime();
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

/** A copy without undefined fields, so decoded events stay small and compare cleanly (no `delete`: it slows objects). */
function compact<const T extends object>(value: T): T {
  const out = {} as T;
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

/**
 * Turns a wire event into a DomainEvent; `undefined` for names the product does not model
 * (they still reach the host raw). Pure: `receivedAt` is the fallback time.
 */
export function decodeWellEvent(event: WellWireEvent, receivedAt: number): DomainEvent | undefined {
  const meta: EventMeta = compact({
    name: event.eventName,
    serial: serialOf(event),
    at: parseEventTime(event['eventTime']) ?? receivedAt,
    srcDeviceId: str(event['srcDeviceId']),
    raw: event,
  });
  const agent = { agentId: str(event['agentId']), deviceId: str(event['deviceId']), meta };
  switch (event.eventName) {
    case 'agentLoggedOn':
      return compact({ type: 'agent.loggedOn', ...agent, mode: agentModeOf(event['agentMode'], AgentMode.NotReady) });
    case 'agentLoggedOff':
      return compact({ type: 'agent.loggedOff', ...agent });
    case 'agentReady':
      return compact({ type: 'agent.wentReady', ...agent });
    case 'agentNotReady':
      return compact({ type: 'agent.wentNotReady', ...agent, reason: str(event['reason']) ?? '' });
    case 'agentWorkingAfterCall':
      return compact({ type: 'agent.startedAfterCallWork', ...agent });
    case 'agentAllocated':
      return compact({ type: 'agent.allocated', ...agent });
  }
  const call = {
    callId: str(event['callId']) ?? '',
    deviceId: str(event['deviceId']),
    callingDevice: str(event['callingDevice']),
    calledDevice: str(event['calledDevice']),
    meta,
  };
  // recordStopped carries no callId in the real sample: it applies to the agent's current call.
  if (call.callId === '' && event.eventName !== 'recordStarted' && event.eventName !== 'recordStopped')
    return undefined;
  switch (event.eventName) {
    case 'serviceInitiated':
      return compact({ type: 'call.initiated', ...call, deviceId: str(event['initiatedDevice']) ?? call.deviceId });
    case 'originated':
      return compact({ type: 'call.originated', ...call });
    case 'delivered': {
      const userData = event['userData'];
      const data =
        typeof userData === 'object' && userData !== null ? (userData as Record<string, unknown>)['data'] : undefined;
      return compact({
        type: 'call.delivered',
        ...call,
        alertingDevice: str(event['alertingDevice']),
        callType: str(event['callType']),
        userData:
          typeof data === 'object' && data !== null && !Array.isArray(data)
            ? boundedUserData(data as Record<string, unknown>)
            : undefined,
      });
    }
    case 'established':
      return compact({ type: 'call.established', ...call, answeringDevice: str(event['answeringDevice']) });
    case 'connectionCleared':
      return compact({
        type: 'call.cleared',
        ...call,
        releasingDevice: str(event['releasingDevice']),
        cause: str(event['cause']) ?? str(event['callCause']),
      });
    case 'held':
      return compact({ type: 'call.held', ...call, holdingDevice: str(event['holdingDevice']) });
    case 'retrieved':
      return compact({ type: 'call.retrieved', ...call, retrievingDevice: str(event['retrievingDevice']) });
    case 'transferred':
      return compact({
        type: 'call.transferred',
        ...call,
        primaryOldCall: str(event['primaryOldCall']),
        secondaryOldCall: str(event['secondaryOldCall']),
        newCall: str(event['newCall']),
        transferringDevice: str(event['transferringDevice']),
        transferredToDevice: str(event['transferredToDevice']),
        cause: str(event['cause']),
      });
    case 'conferenced':
      return compact({
        type: 'call.conferenced',
        ...call,
        primaryOldCall: str(event['primaryOldCall']),
        secondaryOldCall: str(event['secondaryOldCall']),
        newCall: str(event['newCall']),
        conferencingDevice: str(event['conferencingDevice']),
        addedParty: str(event['addedParty']),
      });
    case 'failed':
      return compact({
        type: 'call.failed',
        ...call,
        failedCode: num(event['failedCode']),
        failedMsg: str(event['failedMsg']),
      });
    case 'recordStarted':
    case 'recordStopped':
      return compact({
        type: event.eventName === 'recordStarted' ? 'recording.started' : 'recording.stopped',
        ...call,
        recordId: str(event['recordId']),
        fileName: str(event['fileName']),
        success: typeof event['isSuccess'] === 'boolean' ? event['isSuccess'] : undefined,
      });
    default:
      return undefined;
  }
}

/** `5001@test.cc` from a job number or extension and a domain. */
export const qualify = (id: string, domain: string): string => `${id}@${domain}`;

/** The STOMP destination of an agent's events: `/topic/event.agent.*.` + agentId with `.` → `_` (fact 15). */
export const agentTopic = (agentId: string): string => `/topic/event.agent.*.${agentId.replaceAll('.', '_')}`;

/** A connection id in a URL path: `deviceId%7CcallId`, the pipe pre-encoded (fact 7). */
export const connectionId = (deviceId: string, callId: string): string => `${deviceId}%7C${callId}`;

/**
 * wellClient's duplicate filter (fact 19): an event whose serial equals the previous event's serial is a
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
