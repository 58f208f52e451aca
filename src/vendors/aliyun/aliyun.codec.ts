import { AgentMode, OUTBOUND_ONLY_REASON } from '../../model/agent.js';
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
  const s = typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
  return s === undefined || s === '' ? undefined : s.slice(0, MAX_TEXT);
}

const bool = (o: unknown, name: string): boolean => {
  const v = field(o, name);
  return v === true || v === 'true';
};

/** A decoded envelope (fact 4): `Data` on `Code` OK, else the error's code, message, params and request id. */
export type Envelope =
  | { ok: true; data: unknown; requestId: string | undefined }
  | { ok: false; code: string; message: string; params: string[]; requestId: string | undefined; httpStatus: number };

/** An axios-style answer (`{data: envelope, status, headers…}`) unwrapped once (fact 3). */
export function unwrapTransportAnswer(body: unknown): unknown {
  if (isObj(body) && field(body, 'Code') === undefined) {
    const inner = body['data'];
    if (isObj(inner) && field(inner, 'Code') !== undefined) return inner;
  }
  return body;
}

/** Decodes the OpenAPI envelope; a body that is none is an error with code `InvalidResponse`. */
export function decodeEnvelope(body: unknown, httpStatus = 200): Envelope {
  const o = unwrapTransportAnswer(body);
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
const CALL_STATES: readonly UserState[] = ['RINGING', 'DIALING', 'TALKING'];

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
    outboundScenario: bool(o, 'OutboundScenario'),
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
  for (const pair of v.slice(0, 4096).split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
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

/** A command's or a poll's `Data`: the user context (nested or as `Data` itself) and the call context. */
export function decodeContexts(data: unknown): { user: UserView | undefined; call: CallContextView | undefined } {
  const nested = field(data, 'UserContext');
  const user = decodeUserContext(isObj(nested) ? nested : field(data, 'UserState') !== undefined ? data : undefined);
  return { user, call: decodeCallContext(field(data, 'CallContext')) };
}

const live = (c: ChannelView): boolean => !['RELEASED', 'RETIRED', 'NONE'].includes(c.state);

/** Who the agent is on the wire: its user id and extension. */
export interface Own {
  userId: string;
  extension: string;
}

/** The agent's own leg: by its user id, or by its extension when it names no user. */
const isOwn = (c: ChannelView, own: Own): boolean =>
  c.userId === undefined ? c.extension === own.extension : c.userId === own.userId;

/** The legs of a call from the agent's side: its own, the other party's, and a consulted third leg. */
export interface Legs {
  own: ChannelView | undefined;
  party: ChannelView | undefined;
  third: ChannelView | undefined;
}

export function legsOf(call: CallContextView, own: Own): Legs {
  const mine = call.channels.find((c) => isOwn(c, own) && live(c));
  const others = call.channels.filter((c) => !isOwn(c, own) && live(c)).sort((a, b) => a.index - b.index);
  return { own: mine, party: others[0], third: others[1] };
}

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

/** `CallType` (upper case) → the neutral call type; read with {@link field} (own keys only). */
const CALL_TYPES: Record<string, string> = {
  INBOUND: 'Inbound',
  OUTBOUND: 'Outbound',
  BACK2BACK: 'Outbound',
  PREDICTIVE: 'PreDictive',
  INTERNAL: 'Internal',
  CONSULTANT: 'Consult',
  CONFERENCE: 'Conference',
};

/** The direction of a neutral call type: an unknown one is inbound. */
const directionOf = (type: string): CallDirection =>
  type === 'Outbound' || type === 'PreDictive'
    ? 'outbound'
    : type === 'Internal' || type === 'Consult'
      ? 'internal'
      : 'inbound';

/** The agent's view: its mode (undefined while a call decides) and its calls (undefined when the answer cannot say). */
export interface AgentView {
  state: UserState;
  mode: AgentMode | undefined;
  reason: string;
  calls: ReportedCall[] | undefined;
}

/** The agent mode of an idle user state (fact 9); undefined for the call states. */
export function modeOf(user: UserView): { mode: AgentMode | undefined; reason: string } {
  const { state } = user;
  if (state === 'BREAK') return { mode: AgentMode.NotReady, reason: user.breakCode };
  if (state === 'READY' && user.outboundScenario) return { mode: AgentMode.NotReady, reason: OUTBOUND_ONLY_REASON };
  const mode =
    state === 'OFFLINE'
      ? AgentMode.Logout
      : state === 'READY'
        ? AgentMode.Ready
        : state === 'WORKING'
          ? AgentMode.WorkNotReady
          : undefined;
  return { mode, reason: '' };
}

/**
 * The calls an answer describes (fact 9): `[]` when the agent is idle or its own leg is gone, the job as one call
 * (state from `UserState` and the other leg's `HOLD` flag) plus a consulted third leg as a second call, or undefined
 * when the agent is in a call state but the answer carries no call context.
 */
export function callsOf(user: UserView, call: CallContextView | undefined, own: Own): ReportedCall[] | undefined {
  if (!user.state || !CALL_STATES.includes(user.state)) return [];
  if (!call) return undefined;
  const legs = legsOf(call, own);
  if (!legs.own) return [];
  const type = (field(CALL_TYPES, call.callType) as string | undefined) ?? (call.callType || 'Inbound');
  const direction = directionOf(type);
  // an outbound call, or a call the agent's own leg started (internal, consult)
  const isCaller = direction === 'outbound' || legs.own.originator === (legs.own.extension ?? own.extension);
  // a conference: CallType CONFERENCE, or two other answered legs none of which is held (a consultation holds one)
  const joined = call.channels.filter((c) => !isOwn(c, own) && c.state === 'ANSWERED');
  const conferenced =
    user.state === 'TALKING' &&
    joined.length > 1 &&
    (type === 'Conference' || !joined.some((c) => c.flags.includes('HOLD')));
  const held = !conferenced && (!!legs.third || !!legs.party?.flags.includes('HOLD'));
  let state: CallState;
  if (user.state === 'RINGING') state = 'alerting';
  else if (user.state === 'DIALING') state = 'initiated';
  else state = held && type !== 'Conference' ? 'held' : 'connected';
  // the call's party as the call names it; a leg added to the call was dialled from it (its destination)
  const parties = joined.map((c) => numberOf(c, c !== legs.party || isCaller)).filter((n): n is string => !!n);
  const main: ReportedCall = {
    callId: call.jobId,
    jobId: call.jobId,
    state,
    direction,
    isCaller: state === 'alerting' ? false : isCaller,
    party: numberOf(legs.party, isCaller),
    callType: type,
    userData: call.callVariables,
    channelId: legs.party?.channelId,
    muted: legs.own.flags.includes('MUTED'),
    parties,
    ...(conferenced ? { conferenced } : {}),
  };
  if (!legs.third || conferenced || type === 'Conference' || user.state !== 'TALKING') return [main];
  const consult: ReportedCall = {
    callId: legs.third.channelId,
    jobId: call.jobId,
    state: legs.third.state === 'ANSWERED' ? 'connected' : 'initiated',
    direction: legs.third.extension ? 'internal' : 'outbound',
    isCaller: true,
    party: numberOf(legs.third, true),
    callType: 'Consult',
    consultOf: call.jobId,
    channelId: legs.third.channelId,
  };
  return [main, consult];
}

/** The whole view of one answer, or undefined when it has no usable user context. */
export function agentViewOf(data: unknown, own: Own): AgentView | undefined {
  const { user, call } = decodeContexts(data);
  if (!user?.state) return undefined;
  const { mode, reason } = modeOf(user);
  return { state: user.state, mode, reason, calls: callsOf(user, call, own) };
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
  return (Array.isArray(list) ? list : [])
    .map((item) => text(item, key))
    .filter((v): v is string => v !== undefined)
    .slice(0, 256);
}
