import type { AgentMode } from '../../model/agent.js';
import type { DomainEvent, EventMeta } from '../../model/domain-event.js';
import type { ServerCall, ServerSnapshot } from '../../model/server-snapshot.js';

/**
 * Everything inferred about XSwitch's events (docs/protocols/xswitch.md, fact 11) lives in this file: the `vcc.*` payload is not
 * published anywhere, so these readers accept the REST names (`state`, `callstate`, `agent_id`…), mod_callcenter
 * names (`CC-Agent-State`, `CC-Action`) and a few synonyms. Change them here when a live server disagrees.
 */
type AgentState = 'loggedOn' | 'ready' | 'break' | 'loggedOff';
type CallState = 'ringing' | 'talking' | 'held' | 'idle';

// Maps, not object literals: a server word such as "constructor" or "__proto__" must be an unknown word, not an
// inherited Object.prototype member.
const AGENT_STATES = new Map<string, AgentState>(
  Object.entries({
    login: 'loggedOn',
    ready: 'ready',
    available: 'ready',
    'available (on demand)': 'ready',
    idle: 'ready',
    busy: 'break',
    break: 'break',
    'on break': 'break',
    unreadybusy: 'break',
    notready: 'break',
    logout: 'loggedOff',
    out: 'loggedOff',
    'logged out': 'loggedOff',
  }) as [string, AgentState][],
);

const CALL_STATES = new Map<string, CallState>(
  Object.entries({
    ringing: 'ringing',
    alerting: 'ringing',
    receiving: 'ringing',
    talking: 'talking',
    answered: 'talking',
    'in a queue call': 'talking',
    connected: 'talking',
    hold: 'held',
    held: 'held',
    idle: 'idle',
    hangup: 'idle',
    waiting: 'idle',
  }) as [string, CallState][],
);

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/** The event object inside a `verto.event` (`params.data`, or the params themselves). */
export function vccPayload(params: Record<string, unknown>): Record<string, unknown> {
  const data = params['data'];
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : params;
}

/** The agent-level state word of a payload, normalised, or undefined. */
export function agentStateOf(data: Record<string, unknown>): AgentState | undefined {
  const word =
    text(data['state']) ?? text(data['CC-Agent-State']) ?? text(data['status']) ?? text(data['CC-Agent-Status']);
  return word ? AGENT_STATES.get(word.toLowerCase()) : undefined;
}

/** The call-level state word of a payload, normalised, or undefined. */
export function callStateOf(data: Record<string, unknown>): CallState | undefined {
  const word = text(data['callstate']) ?? text(data['call_state']) ?? text(data['CC-Call-State']);
  return word ? CALL_STATES.get(word.toLowerCase()) : undefined;
}

/** Agent mode from a state word (for resync). */
export function agentModeOf(state: ReturnType<typeof agentStateOf>): AgentMode {
  return state === 'ready' ? 'Ready' : state === 'loggedOff' || state === undefined ? 'Logout' : 'NotReady';
}

/**
 * Decodes one `verto.event` on a `vcc.*` channel into DomainEvents (a payload may carry an agent change, a call
 * change, or both). Returns [] for shapes it does not understand: they still reach the host raw.
 * `ownDevice` is the agent's extension as the server names it.
 */
export function decodeVccEvent(params: Record<string, unknown>, ownDevice: string, receivedAt: number): DomainEvent[] {
  const data = vccPayload(params);
  const action = text(data['action']) ?? text(data['CC-Action']) ?? text(data['eventType']) ?? 'vcc';
  const serial = typeof params['eventSerno'] === 'number' ? params['eventSerno'] : undefined;
  const meta: EventMeta = { name: action, at: receivedAt, raw: params, ...(serial === undefined ? {} : { serial }) };
  const agentId = text(data['agent_id']) ?? text(data['agent']);
  const events: DomainEvent[] = [];
  const call = callStateOf(data);
  const callId = text(data['call_uuid']) ?? text(data['uuid']) ?? text(data['callId']);
  if (call && callId) {
    const inbound = (text(data['direction']) ?? 'inbound').toLowerCase().startsWith('in');
    const other = inbound
      ? (text(data['caller']) ?? text(data['cid_number']))
      : (text(data['callee']) ?? text(data['dest']));
    const callingDevice = inbound ? other : ownDevice;
    const calledDevice = inbound ? ownDevice : other;
    const base = { callId, deviceId: ownDevice, callingDevice, calledDevice, meta };
    switch (call) {
      case 'ringing':
        // callback dialing rings the agent's own phone first: that is still "dialing" (8) for an outbound call
        events.push(
          inbound
            ? ({ type: 'call.delivered', ...base, alertingDevice: ownDevice, callType: 'Inbound' } as DomainEvent)
            : ({ type: 'call.originated', ...base } as DomainEvent),
        );
        break;
      case 'talking':
        events.push({ type: 'call.established', ...base, answeringDevice: inbound ? ownDevice : other } as DomainEvent);
        break;
      case 'held':
        events.push({ type: 'call.held', ...base, holdingDevice: ownDevice } as DomainEvent);
        break;
      case 'idle':
        events.push({
          type: 'call.cleared',
          ...base,
          releasingDevice: ownDevice,
          ...(text(data['cause']) ? { cause: text(data['cause']) } : {}),
        } as DomainEvent);
        break;
    }
  }
  const agent = agentStateOf(data);
  if (agent) {
    const fact = { ...(agentId ? { agentId } : {}), deviceId: ownDevice, meta };
    switch (agent) {
      case 'loggedOn':
        events.push({ type: 'agent.loggedOn', ...fact, mode: 'NotReady' });
        break;
      case 'ready':
        events.push({ type: 'agent.wentReady', ...fact });
        break;
      case 'break':
        events.push({ type: 'agent.wentNotReady', ...fact, reason: text(data['reason']) ?? '' });
        break;
      case 'loggedOff':
        events.push({ type: 'agent.loggedOff', ...fact });
        break;
    }
  }
  return events;
}

/**
 * The agent's call as one REST `agent_state` row describes it, for a resync: `[]` when the row says the agent has
 * no call (`callstate` IDLE), one call when it names the call (`call_uuid`, inferred, with `direction`, `caller`,
 * `callee` when present), and `undefined` when the row cannot say (no or unknown `callstate`, or a busy
 * `callstate` without a call id): then the caller keeps its own calls. An agent has at most one call on XSwitch.
 */
export function serverCallsOf(row: Record<string, unknown>): ServerCall[] | undefined {
  const state = callStateOf(row);
  if (state === undefined) return undefined;
  if (state === 'idle') return [];
  const callId = text(row['call_uuid']) ?? text(row['uuid']) ?? text(row['callId']);
  if (!callId) return undefined;
  const direction = text(row['direction'])?.toLowerCase();
  const inbound = direction === undefined || direction.startsWith('in');
  const party = inbound ? (text(row['caller']) ?? text(row['cid_number'])) : (text(row['callee']) ?? text(row['dest']));
  return [
    {
      callId,
      // callback dialing rings the agent's own phone first: that is still "dialing" for an outbound call
      state: state === 'talking' ? 'connected' : state === 'held' ? 'held' : inbound ? 'alerting' : 'initiated',
      ...(direction === undefined ? {} : { direction: inbound ? 'inbound' : 'outbound' }),
      ...(party === undefined ? {} : { party }),
    },
  ];
}

/** `ccDial` data: the SDK's signature `(agent, extn, cidNumber, destNumber, earlyMedia)` as keys (inferred, docs/protocols/xswitch.md fact 11). */
export function ccDialData(
  agent: string,
  extn: string,
  cidNumber: string,
  destNumber: string,
): Record<string, unknown> {
  return { agent, extn, cidNumber, destNumber, earlyMedia: false };
}

/** The call id a `ccDial` result may carry (inferred; the simulator returns `call_uuid`). */
export function dialCallIdOf(result: Record<string, unknown>): string | undefined {
  const id = result['call_uuid'] ?? result['uuid'] ?? result['callId'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** An `agent_state` answer: the agent's row (`undefined` when the list does not name the agent), or why it says nothing. */
export type AgentStateRead =
  { ok: true; row: Record<string, unknown> | undefined; body: unknown } | { ok: false; why: string };

/**
 * Finds the agent's row in a `GET /api/cc/agent_state` body (docs/protocols/xswitch.md fact 5): a list, or `{data:
 * list}`, of rows whose `agent_id` is `<job>` or `<group>.<job>`. A body that is not JSON (`text` set: the raw text)
 * or holds no list says nothing.
 */
export function agentStateRowOf(body: unknown, jobNumber: string, group: string, text?: string): AgentStateRead {
  if (text !== undefined)
    return { ok: false, why: `agent_state answered something that is not JSON (${text.slice(0, 40)})` };
  const list = Array.isArray(body) ? body : (body as { data?: unknown } | null | undefined)?.data;
  if (!Array.isArray(list)) return { ok: false, why: 'agent_state has no agent list' };
  const row: unknown = list.find((a: unknown) => {
    const id = (a as { agent_id?: unknown } | null)?.agent_id;
    return id === jobNumber || id === `${group}.${jobNumber}`;
  });
  return {
    ok: true,
    row: typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : undefined,
    body,
  };
}

/**
 * The server snapshot of an `agent_state` read (fact 5): no row or a logged-out state is logged out; `calls` is left
 * out when the row cannot describe the call (`callsKnown` false), so the caller keeps its own.
 */
export function agentStateSnapshot(
  read: { row: Record<string, unknown> | undefined; body: unknown },
  agentId: string,
): { snapshot: ServerSnapshot; callsKnown: boolean } {
  const { row, body } = read;
  const mode = agentModeOf(row ? agentStateOf(row) : undefined);
  const calls = row ? serverCallsOf(row) : undefined;
  return {
    snapshot: {
      loggedIn: mode !== 'Logout',
      agentMode: mode,
      raw: body,
      ...(row ? { agentId } : {}),
      ...(calls ? { calls } : {}),
    },
    callsKnown: !row || calls !== undefined,
  };
}
