import { OUTBOUND_ONLY_REASON, type AgentMode } from '../../model/agent.js';
import type { CallDirection, CallState } from '../../model/call.js';
import type { ServerCall, ServerSnapshot } from '../../model/server-snapshot.js';

/**
 * Pure decoding of Aliyun CCC answers (docs/protocols/aliyun.md facts 4–9): the envelope, UserContext, CallContext
 * and the vendor-neutral view the adapter reports (agent mode, calls). Everything inferred about the wire lives
 * here: keys are read case-insensitively (fact 4), `ChannelFlags` may be a string or an array (fact 8), the consulted
 * leg is a second call named by its `ChannelId` (fact 9).
 */

export type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field read as `Pascal`, `camel` or any other case (own properties only: `__proto__` is never a field). */
export function field(o: unknown, name: string): unknown {
  if (!isObj(o)) return undefined;
  const lower = name.toLowerCase();
  const key = Object.hasOwn(o, name) ? name : Object.keys(o).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : o[key];
}

const MAX_TEXT = 512;
/** A bounded string field (numbers become strings); undefined when absent or empty. */
export function text(o: unknown, name: string): string | undefined {
  const v = field(o, name);
  const s = typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? String(v) : '';
  return s === '' ? undefined : s.slice(0, MAX_TEXT);
}

/** A decoded envelope (fact 4): `Data` on `Code` OK, else the error's code, message, params and request id. */
export type Envelope =
  | { ok: true; data: unknown; requestId: string | undefined }
  | { ok: false; code: string; message: string; params: string[]; requestId: string | undefined; httpStatus: number };

/**
 * Decodes the OpenAPI envelope, or an axios-style answer (`{data: envelope, status, headers…}`) unwrapped once
 * (fact 3); a body that is none is an error with code `InvalidResponse`.
 */
export function decodeEnvelope(body: unknown, httpStatus = 200): Envelope {
  const inner = isObj(body) && field(body, 'Code') === undefined ? body['data'] : undefined;
  const o = field(inner, 'Code') === undefined ? body : inner;
  const code = text(o, 'Code');
  const requestId = text(o, 'RequestId');
  if (code === undefined) {
    const invalid = 'InvalidResponse';
    const message = typeof o === 'string' ? o.slice(0, 200) : invalid;
    return { ok: false, code: invalid, message, params: [], requestId, httpStatus };
  }
  if (code.toUpperCase() === 'OK' || code === '200') return { ok: true, data: field(o, 'Data'), requestId };
  const raw = field(o, 'Params');
  const params = Array.isArray(raw) ? raw.slice(0, 16).map((p) => String(p).slice(0, MAX_TEXT)) : [];
  const status = Number(field(o, 'HttpStatusCode'));
  return {
    ok: false,
    code,
    message: text(o, 'Message') ?? code,
    params,
    requestId,
    httpStatus: Number.isInteger(status) && status > 0 ? status : httpStatus,
  };
}

export const USER_STATES = ['OFFLINE', 'READY', 'BREAK', 'RINGING', 'DIALING', 'TALKING', 'WORKING'] as const;
export type UserState = (typeof USER_STATES)[number];
/** The call states of the agent and the state of its call in each (a talking call may be held). */
const CALL_STATES: Partial<Record<UserState, CallState>> = {
  RINGING: 'alerting',
  DIALING: 'initiated',
  TALKING: 'connected',
};

/** The agent's part of an answer (fact 7): what the adapter uses of it. */
export interface UserView {
  state: UserState | undefined;
  breakCode: string;
  outboundScenario: boolean;
}

export function decodeUserContext(o: unknown): UserView | undefined {
  if (!isObj(o)) return undefined;
  const word = text(o, 'UserState')?.toUpperCase();
  return {
    state: USER_STATES.find((s) => s === word),
    breakCode: text(o, 'BreakCode') ?? '',
    outboundScenario: ([true, 'true'] as unknown[]).includes(field(o, 'OutboundScenario')),
  };
}

/** One leg of a call (fact 8). */
export interface ChannelView {
  channelId: string;
  state: string;
  flags: string[];
  userId: string | undefined;
  extension: string | undefined;
  originator: string | undefined;
  destination: string | undefined;
  index: number;
}

export interface CallContextView {
  jobId: string;
  callType: string;
  callVariables: Record<string, string> | undefined;
  channels: ChannelView[];
}

/** `ChannelFlags`: `""`, `"HOLD,MUTED"`, `["HOLD"]` or absent. */
export function flagsOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,|]+/) : [];
  return list.filter((f): f is string => typeof f === 'string' && f !== '').map((f) => f.toUpperCase());
}

/** `CallVariables` `a=b;c=d` as a map without a prototype (a key such as `constructor` is an ordinary key). */
export function callVariablesOf(v: unknown): Record<string, string> | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const map = Object.create(null) as Record<string, string>;
  // `key=value` pairs: the key up to the first `=`, the value up to the next `;`
  for (const [, key, value] of v.slice(0, 4096).matchAll(/([^;=]+)=([^;]*)/g)) map[key!.trim()] = value!.trim();
  return map;
}

export function decodeCallContext(o: unknown): CallContextView | undefined {
  const jobId = text(o, 'JobId');
  if (!jobId) return undefined;
  const raw = field(o, 'ChannelContexts');
  const channels = (Array.isArray(raw) ? raw.slice(0, 32) : []).filter(isObj).map((c, i): ChannelView => {
    const index = Number(field(c, 'Index'));
    return {
      channelId: text(c, 'ChannelId') ?? `#${i}`,
      state: (text(c, 'ChannelState') ?? 'NONE').toUpperCase(),
      flags: flagsOf(field(c, 'ChannelFlags')),
      userId: text(c, 'UserId'),
      extension: text(c, 'UserExtension'),
      originator: text(c, 'Originator'),
      destination: text(c, 'Destination'),
      index: Number.isFinite(index) ? index : i,
    };
  });
  return {
    jobId,
    callType: (text(o, 'CallType') ?? '').toUpperCase(),
    callVariables: callVariablesOf(field(o, 'CallVariables')),
    channels,
  };
}

const live = (c: ChannelView): boolean => !['RELEASED', 'RETIRED', 'NONE'].includes(c.state);

/** Who the agent is on the wire: its user id (`agentId`) and extension. */
export interface Own {
  agentId: string;
  extension: string;
}

/** The agent's own leg: by its user id, or by its extension when it names no user. */
const isOwn = (c: ChannelView, own: Own): boolean =>
  c.userId === undefined ? c.extension === own.extension : c.userId === own.agentId;

/** The number a leg stands for: its agent's extension, else the number it dialled or came from. */
export function numberOf(leg: ChannelView | undefined, outbound: boolean): string | undefined {
  if (!leg) return undefined;
  return leg.extension ?? (outbound ? (leg.destination ?? leg.originator) : (leg.originator ?? leg.destination));
}

/** A call as the adapter reports it: the vendor-neutral record it keeps to diff against (docs/protocols/aliyun.md fact 9). */
export interface ReportedCall {
  callId: string;
  jobId: string;
  state: CallState;
  direction: CallDirection;
  isCaller: boolean;
  party: string | undefined;
  /** The neutral call type (`Inbound`, `Outbound`, `Internal`, `Consult`, `Conference`…). */
  callType: string;
  userData?: Record<string, string> | undefined;
  /** The job this consult leg belongs to. */
  consultOf?: string;
  /** The channel the agent acts on (the other party's leg). */
  channelId: string | undefined;
  /** The agent's own leg carries the `MUTED` flag. */
  muted?: boolean;
  /** The numbers of the other answered legs. */
  parties?: string[];
  /** Three or more answered legs joined: a conference (fact 9) **[I]**. */
  conferenced?: boolean;
  /** A party left the conference in the last answer (status 30 until the next one). */
  changing?: boolean;
}

/** `CallType` (upper case) → the neutral call type and its direction; read with {@link field} (own keys only). */
const CALL_TYPES: Record<string, [type: string, direction: CallDirection]> = {
  INBOUND: ['Inbound', 'inbound'],
  OUTBOUND: ['Outbound', 'outbound'],
  BACK2BACK: ['Outbound', 'outbound'],
  PREDICTIVE: ['PreDictive', 'outbound'],
  INTERNAL: ['Internal', 'internal'],
  CONSULTANT: ['Consult', 'internal'],
  CONFERENCE: ['Conference', 'inbound'],
};

/** The agent's view: its mode (undefined while a call decides) and its calls (undefined when the answer cannot say). */
export interface AgentView {
  state: UserState;
  mode: AgentMode | undefined;
  reason: string;
  calls: ReportedCall[] | undefined;
}

/** The agent mode of each idle user state (fact 9); the call states have none. */
const MODES: Partial<Record<UserState, AgentMode>> = {
  OFFLINE: 'Logout',
  READY: 'Ready',
  BREAK: 'NotReady',
  WORKING: 'WorkNotReady',
};

/**
 * The calls an answer describes (fact 9): `[]` when the agent is idle or its own leg is gone, the job as one call
 * (state from `UserState` and the other leg's `HOLD` flag) plus a consulted third leg as a second call, or undefined
 * when the agent is in a call state but the answer carries no call context.
 */
export function callsOf(user: UserView, call: CallContextView | undefined, own: Own): ReportedCall[] | undefined {
  const callState = user.state && CALL_STATES[user.state];
  if (!callState) return [];
  if (!call) return undefined;
  // the legs from the agent's side: its own, the other party's, and a consulted third leg
  const mine = call.channels.find((c) => isOwn(c, own) && live(c));
  const [party, third] = call.channels.filter((c) => !isOwn(c, own) && live(c)).sort((a, b) => a.index - b.index);
  if (!mine) return [];
  const [type, direction] = (field(CALL_TYPES, call.callType) as [string, CallDirection] | undefined) ?? [
    call.callType || 'Inbound',
    'inbound',
  ];
  // an outbound call, or a call the agent's own leg started (internal, consult)
  const isCaller = direction === 'outbound' || mine.originator === (mine.extension ?? own.extension);
  // a conference: CallType CONFERENCE, or two other answered legs none of which is held (a consultation holds one)
  const joined = call.channels.filter((c) => !isOwn(c, own) && c.state === 'ANSWERED');
  const conferenced =
    user.state === 'TALKING' &&
    joined.length > 1 &&
    (type === 'Conference' || !joined.some((c) => c.flags.includes('HOLD')));
  const held = !conferenced && (!!third || !!party?.flags.includes('HOLD'));
  const state = callState === 'connected' && held && type !== 'Conference' ? 'held' : callState;
  // the call's party as the call names it; a leg added to the call was dialled from it (its destination)
  const parties = joined.map((c) => numberOf(c, c !== party || isCaller)).filter((n): n is string => !!n);
  const main: ReportedCall = {
    callId: call.jobId,
    jobId: call.jobId,
    state,
    direction,
    isCaller: state === 'alerting' ? false : isCaller,
    party: numberOf(party, isCaller),
    callType: type,
    userData: call.callVariables,
    channelId: party?.channelId,
    muted: mine.flags.includes('MUTED'),
    parties,
    ...(conferenced ? { conferenced } : {}),
  };
  if (!third || conferenced || type === 'Conference' || user.state !== 'TALKING') return [main];
  const consult: ReportedCall = {
    callId: third.channelId,
    jobId: call.jobId,
    state: third.state === 'ANSWERED' ? 'connected' : 'initiated',
    direction: third.extension ? 'internal' : 'outbound',
    isCaller: true,
    party: numberOf(third, true),
    callType: 'Consult',
    consultOf: call.jobId,
    channelId: third.channelId,
  };
  return [main, consult];
}

/** The whole view of one answer, or undefined when it has no usable user context. */
export function agentViewOf(data: unknown, own: Own): AgentView | undefined {
  // the user context is nested, or `Data` itself
  const nested = field(data, 'UserContext');
  const user = decodeUserContext(isObj(nested) ? nested : field(data, 'UserState') !== undefined ? data : undefined);
  const state = user?.state;
  if (!state) return undefined;
  // READY with OutboundScenario is "outbound only": not ready with its reason
  const outboundOnly = state === 'READY' && user.outboundScenario;
  return {
    state,
    mode: outboundOnly ? 'NotReady' : MODES[state],
    reason: outboundOnly ? OUTBOUND_ONLY_REASON : state === 'BREAK' ? user.breakCode : '',
    calls: callsOf(user, decodeCallContext(field(data, 'CallContext')), own),
  };
}

/**
 * The resync snapshot of a PollUserStatus answer: logged in unless `OFFLINE`; during a call the mode is the one last
 * known (`idleMode`), since the call decides the status code.
 */
export function snapshotOf(
  view: AgentView,
  agentId: string,
  idleMode: { mode: AgentMode; reason: string },
  raw: unknown,
): ServerSnapshot {
  const { mode, reason } = view.mode === undefined ? idleMode : { mode: view.mode, reason: view.reason };
  const calls: ServerCall[] | undefined = view.calls?.map(({ callId, state, direction, party }) => ({
    callId,
    state,
    direction,
    ...(party === undefined ? {} : { party }),
  }));
  return {
    loggedIn: view.state !== 'OFFLINE',
    agentMode: mode,
    ...(reason ? { reason } : {}),
    agentId,
    ...(calls ? { calls } : {}),
    raw,
  };
}

/** Skill group ids of a `ListSkillLevelsOfUser` / `ListSkillGroups` answer (`Data.List[]`, or `Data` as the list). */
export function listOf(data: unknown, key: string): string[] {
  const list = Array.isArray(data) ? data : field(data, 'List');
  return (Array.isArray(list) ? list : []).flatMap((item) => text(item, key) ?? []).slice(0, 256);
}
