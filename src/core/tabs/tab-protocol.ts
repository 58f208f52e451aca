import type { AgentIdentity } from '../../model/agent.js';
import type { Command } from '../../model/command.js';
import type { DomainEvent, DomainEventType, RawMessage } from '../../model/domain-event.js';
import { WellErrorCode } from '../../model/well-error.js';
import type { KeptSession } from '../../vendors/vendor.js';
import { TAB_PROTOCOL_VERSION } from './tab-wire.js';

/**
 * The messages the tabs of one session scope exchange over their BroadcastChannel (docs/architecture-tabs.md).
 * Every message carries the protocol version `v` and the sending tab's id `from`; a tab ignores (and logs) whatever
 * does not validate, never throws on it. Nothing here ever holds a password, token or event-channel passcode: the kept
 * session is an agent identity plus the backend's session id, what `sessionStorage` keeps today.
 *
 * This module validates what arrives ({@link parseTabMessage}); a tab loads it with the first message of another tab
 * (shared-session.ts), since a tab on its own never receives one. What every tab sends with is in tab-wire.ts.
 */
export { TAB_PROTOCOL_VERSION, cloneable, cloneableEvent, fromWire, toWire } from './tab-wire.js';

/** What the leader's session is doing: none, being started (login, reattach or takeover), or live. */
export type LeaderStatus = 'idle' | 'starting' | 'live';

/** What a follower asks the leader to do. */
export type RelayOp = 'state' | 'attach' | 'openChannel' | 'execute' | 'resync';

/** A {@link WellError} as plain data. */
export interface WireError {
  code: WellErrorCode;
  message: string;
  status?: number;
  vendorCode?: string | number;
  operation?: string;
  statusCode?: number;
  detail?: Record<string, unknown>;
}

/** The leader's session as every tab sees it. */
export interface LeaderState {
  status: LeaderStatus;
  /** The leader's event channel is open. */
  channel: boolean;
  kept?: KeptSession;
  identity?: AgentIdentity;
}

export type TabBody =
  | { kind: 'hello' }
  | { kind: 'bye' }
  | ({ kind: 'state' } & LeaderState)
  | { kind: 'request'; id: string; op: RelayOp; timeoutMs: number; command?: Command; session?: KeptSession }
  | { kind: 'cancel'; id: string }
  | { kind: 'response'; to: string; id: string; ok: true; result?: unknown }
  | { kind: 'response'; to: string; id: string; ok: false; error: WireError }
  | { kind: 'event'; event: DomainEvent }
  | { kind: 'raw'; message: RawMessage }
  | { kind: 'lost'; error: WireError }
  | { kind: 'problem'; error: WireError }
  | { kind: 'resync'; reason: string }
  | { kind: 'focus'; focused: boolean; at: number }
  | { kind: 'ring'; ringer: string };

export type TabMessage = TabBody & { v: typeof TAB_PROTOCOL_VERSION; from: string };

/** Every DomainEvent type (a missing one is a type error, so a new event type cannot be dropped between tabs). */
const EVENT_TYPES: Record<DomainEventType, true> = {
  'agent.loggedOn': true,
  'agent.loggedOff': true,
  'agent.wentReady': true,
  'agent.wentNotReady': true,
  'agent.startedAfterCallWork': true,
  'agent.allocated': true,
  'call.initiated': true,
  'call.originated': true,
  'call.delivered': true,
  'call.established': true,
  'call.cleared': true,
  'call.held': true,
  'call.retrieved': true,
  'call.transferred': true,
  'call.conferenced': true,
  'call.failed': true,
  'recording.started': true,
  'recording.stopped': true,
  'call.muted': true,
  'call.unmuted': true,
};
const DOMAIN_EVENT_TYPES = new Set<string>(Object.keys(EVENT_TYPES));

/** The string fields each command needs (a follower's command is checked before the leader executes it). */
const COMMAND_FIELDS: Record<Command['type'], readonly string[]> = {
  login: ['initialMode'],
  forceLogin: ['initialMode'],
  logout: [],
  setMode: ['mode'],
  heartbeat: [],
  getPrefixes: [],
  dial: ['number'],
  answer: ['callId'],
  hangUp: ['callId'],
  hold: ['callId'],
  retrieve: ['callId'],
  blindTransfer: ['callId', 'number'],
  singleStepConference: ['callId', 'number', 'participation'],
  consult: ['heldCallId', 'number'],
  conference: ['heldCallId', 'consultCallId'],
  cancelConsult: ['heldCallId', 'consultCallId'],
  completeTransfer: ['heldCallId', 'consultCallId'],
  setCallData: ['callId'],
  getCallData: ['callId'],
  startRecording: [],
  stopRecording: [],
  dtmf: ['callId', 'digits'],
  mute: ['callId'],
  unmute: ['callId'],
  setWorkMode: ['workMode'],
};

const RELAY_OPS = new Set<string>(['state', 'attach', 'openChannel', 'execute', 'resync']);
const ERROR_CODES = new Set<string>(Object.values(WellErrorCode));
/** Ids, session ids and call ids are short; a longer string is not one of ours. */
const MAX_ID = 512;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = MAX_ID): v is string => typeof v === 'string' && v !== '' && v.length <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optStr = (v: unknown): boolean => v === undefined || typeof v === 'string';

export function isKeptSession(v: unknown): v is KeptSession {
  return isObj(v) && ['jobNumber', 'domain', 'extension', 'sessionId'].every((f) => isStr(v[f]));
}

function isIdentity(v: unknown): v is AgentIdentity {
  return isObj(v) && ['jobNumber', 'domain', 'extension', 'agentId', 'deviceId'].every((f) => isStr(v[f]));
}

function isWireError(v: unknown): v is WireError {
  return (
    isObj(v) &&
    typeof v['code'] === 'string' &&
    ERROR_CODES.has(v['code']) &&
    typeof v['message'] === 'string' &&
    (v['status'] === undefined || isNum(v['status'])) &&
    (v['detail'] === undefined || isObj(v['detail']))
  );
}

function isCommand(v: unknown): v is Command {
  if (!isObj(v) || typeof v['type'] !== 'string' || !Object.hasOwn(COMMAND_FIELDS, v['type'])) return false;
  const fields = COMMAND_FIELDS[v['type'] as Command['type']];
  if (!fields.every((f) => isStr(v[f]))) return false;
  if (v['type'] === 'dial' && !isObj(v['options'])) return false;
  if (v['type'] === 'setCallData' && !Array.isArray(v['entries'])) return false;
  return optStr(v['reason']);
}

function isDomainEvent(v: unknown): v is DomainEvent {
  if (!isObj(v) || typeof v['type'] !== 'string' || !DOMAIN_EVENT_TYPES.has(v['type'])) return false;
  const meta = v['meta'];
  if (!isObj(meta) || typeof meta['name'] !== 'string' || !isNum(meta['at'])) return false;
  if (v['type'].startsWith('agent.')) return optStr(v['agentId']) && optStr(v['deviceId']);
  return isStr(v['callId']);
}

function isRawMessage(v: unknown): v is RawMessage {
  return isObj(v) && typeof v['vendor'] === 'string' && typeof v['decoded'] === 'boolean' && isNum(v['receivedAt']);
}

function isLeaderState(v: Obj): boolean {
  return (
    (v['status'] === 'idle' || v['status'] === 'starting' || v['status'] === 'live') &&
    typeof v['channel'] === 'boolean' &&
    (v['kept'] === undefined || isKeptSession(v['kept'])) &&
    (v['identity'] === undefined || isIdentity(v['identity']))
  );
}

/** Checks the fields of one kind (the envelope is checked by {@link parseTabMessage}). */
function bodyIsValid(m: Obj): boolean {
  switch (m['kind']) {
    case 'hello':
    case 'bye':
      return true;
    case 'state':
      return isLeaderState(m);
    case 'request':
      return (
        isStr(m['id']) &&
        typeof m['op'] === 'string' &&
        RELAY_OPS.has(m['op']) &&
        isNum(m['timeoutMs']) &&
        (m['op'] !== 'execute' || isCommand(m['command'])) &&
        (m['op'] !== 'attach' || isKeptSession(m['session']))
      );
    case 'cancel':
      return isStr(m['id']);
    case 'response':
      return isStr(m['to']) && isStr(m['id']) && (m['ok'] === true || (m['ok'] === false && isWireError(m['error'])));
    case 'event':
      return isDomainEvent(m['event']);
    case 'raw':
      return isRawMessage(m['message']);
    case 'lost':
    case 'problem':
      return isWireError(m['error']);
    case 'resync':
      return typeof m['reason'] === 'string';
    case 'focus':
      return typeof m['focused'] === 'boolean' && isNum(m['at']);
    case 'ring':
      return isStr(m['ringer']);
    default:
      return false;
  }
}

/** The message in `data`, or a short reason why it is not a valid one. */
export function parseTabMessage(data: unknown): { ok: true; message: TabMessage } | { ok: false; reason: string } {
  if (!isObj(data)) return { ok: false, reason: 'not an object' };
  if (data['v'] !== TAB_PROTOCOL_VERSION) return { ok: false, reason: `protocol version ${String(data['v'])}` };
  if (!isStr(data['from'])) return { ok: false, reason: 'no sender' };
  if (!bodyIsValid(data)) return { ok: false, reason: `malformed "${String(data['kind']).slice(0, 40)}" message` };
  return { ok: true, message: data as unknown as TabMessage };
}
