// @ts-check
import { randomUUID } from 'node:crypto';
import { CtiError } from '../errors.mjs';
import { agentCallFields, agentFields, agentStateEvent, callStateEvent } from './vcc-events.mjs';

/** @typedef {import('./directory.mjs').XSwitchDirectory} XSwitchDirectory */
/** @typedef {import('./directory.mjs').XSwitchUser} XSwitchUser */
/** @typedef {import('./vcc-events.mjs').VccAgent} VccAgent */

/**
 * @typedef {VccAgent & {loginExtn: string | null, call: CcCall | null}} CcAgent
 */

/**
 * @typedef {object} CcCall
 * @property {string} uuid
 * @property {'inbound' | 'outbound'} direction
 * @property {string} caller outbound: the agent's extension; inbound: the calling number
 * @property {string} callee outbound: `destNumber`; inbound: the agent's extension
 * @property {string} agent job number
 * @property {string} extn
 * @property {string | null} cidNumber ccDial's `cidNumber`
 * @property {boolean} earlyMedia
 * @property {'agent-ringing' | 'dest-ringing' | 'talking' | 'held' | 'ended'} phase
 * @property {string | null} cause
 * @property {'agent' | 'remote' | null} hangupBy
 * @property {number} createdAt
 * @property {number | null} answeredAt
 * @property {number | null} endedAt
 * @property {{at: number, callstate: string, leg: string, cause?: string}[]} history
 * @property {NodeJS.Timeout[]} timers
 */

/**
 * @typedef {object} XSwitchConfig
 * @property {boolean} acceptSockets false → WebSocket upgrades on the Verto path are refused with 503
 * @property {number} pingIdleMs the server sends `verto.ping` after this long without inbound traffic (0 = never)
 * @property {number} eventDelayMs delay between a command and the `vcc` events it causes
 * @property {number | null} autoAnswerAgentMs the agent's extension answers by itself after this long (null = control API)
 * @property {number | null} autoAnswerDestMs a ringing ccDial destination acts by itself after this long (null = control API)
 * @property {'answer' | 'busy' | 'noAnswer'} autoDestOutcome what it does then
 */

/** @typedef {{code: number, message: string} & Record<string, unknown>} CccResult */

/** A ccc function refused: answered as `{code, message}` inside the JSON-RPC result. */
export class CcError extends Error {
  /**
   * @param {number} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** The call-center functions reachable as `jsapi` → `lua` → `{method: 'ccc', func}`. */
export const CCC_FUNCS = Object.freeze(['ccLogin', 'ccLogout', 'ccGoReady', 'ccGoBreak', 'ccDial']);
const DEST_OUTCOMES = ['answer', 'busy', 'noAnswer'];
const ENDED_KEPT = 100;

/**
 * @param {unknown} value
 * @returns {string | undefined} a non-empty string (numbers accepted), else undefined
 */
function text(value) {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The XSwitch call-center model: agents (`ccc` functions) and their calls, publishing `vcc` events.
 */
export class CallCenter {
  /** @type {Map<string, CcAgent>} */
  agents = new Map();
  /** @type {Map<string, CcCall>} */
  calls = new Map();
  /** @type {CcCall[]} */
  ended = [];
  /** @type {{func: string, code: number, message: string, times: number}[]} */
  faults = [];

  /**
   * @param {object} deps
   * @param {XSwitchDirectory} deps.directory
   * @param {() => XSwitchConfig} deps.config the live configuration
   * @param {(event: Record<string, unknown> & {eventChannel: string}) => void} deps.publish
   */
  constructor({ directory, config, publish }) {
    this.directory = directory;
    this.config = config;
    this.publish = publish;
    this.#load();
  }

  #load() {
    this.agents = new Map(
      [...this.directory.users.values()].map((u) => [
        u.id,
        {
          id: u.id,
          group: u.group,
          queue: this.directory.queue,
          extn: u.extn,
          uuid: randomUUID(),
          state: /** @type {const} */ ('LOGOUT'),
          status: /** @type {const} */ ('Out'),
          reason: '',
          callstate: /** @type {const} */ ('IDLE'),
          loginExtn: null,
          call: null,
        },
      ]),
    );
  }

  /** Everybody logged out, no calls, no faults (without events). */
  reset() {
    this.stop();
    this.calls.clear();
    this.ended = [];
    this.faults = [];
    this.#load();
  }

  /** Cancels every timer (auto answer). */
  stop() {
    for (const call of this.calls.values()) call.timers.splice(0).forEach(clearTimeout);
  }

  // ccc functions

  /**
   * Runs a ccc function: `{code: 200, message: 'success', …}` or `{code, message}` on refusal.
   * @param {unknown} func
   * @param {unknown} data
   * @param {XSwitchUser | null} actor the Verto user (or REST token user); null = unrestricted
   * @returns {CccResult}
   */
  ccc(func, data, actor) {
    try {
      const name = text(func);
      if (!name || !CCC_FUNCS.includes(name)) throw new CcError(404, `unknown func: ${String(func)}`);
      const faultAt = this.faults.findIndex((f) => f.func === name || f.func === '*');
      if (faultAt !== -1) {
        const fault = this.faults[faultAt];
        if (fault.times > 0 && --fault.times === 0) this.faults.splice(faultAt, 1);
        return { code: fault.code, message: fault.message };
      }
      const args =
        data && typeof data === 'object' && !Array.isArray(data) ? /** @type {Record<string, unknown>} */ (data) : {};
      const extra = this.#run(name, args, actor);
      return { code: 200, message: 'success', ...extra };
    } catch (error) {
      if (error instanceof CcError) return { code: error.code, message: error.message };
      throw error;
    }
  }

  /**
   * @param {string} func
   * @param {Record<string, unknown>} args
   * @param {XSwitchUser | null} actor
   * @returns {Record<string, unknown>}
   */
  #run(func, args, actor) {
    switch (func) {
      case 'ccLogin':
        return this.#ccLogin(args, actor);
      case 'ccLogout':
        return this.#ccLogout(args, actor);
      case 'ccGoReady':
        return this.#ccGoReady(args, actor);
      case 'ccGoBreak':
        return this.#ccGoBreak(args, actor);
      default:
        return this.#ccDial(args, actor);
    }
  }

  /**
   * @param {Record<string, unknown>} args
   * @param {XSwitchUser | null} actor
   * @param {{queueRequired?: boolean}} [options]
   * @returns {CcAgent}
   */
  #agentFor(args, actor, { queueRequired = false } = {}) {
    const name = text(args.agent);
    if (!name) throw new CcError(400, 'missing param: agent');
    const user = this.directory.agent(name);
    if (!user) throw new CcError(404, `agent not found: ${name}`);
    if (actor && !actor.supervisor && actor.id !== user.id) {
      throw new CcError(403, `permission denied: ${actor.id} may not act for agent ${user.id}`);
    }
    const queue = text(args.queue);
    if (!queue && queueRequired) throw new CcError(400, 'missing param: queue');
    if (queue && queue !== this.directory.queue) throw new CcError(404, `queue not found: ${queue}`);
    return /** @type {CcAgent} */ (this.agents.get(user.id));
  }

  /** @param {CcAgent} agent */
  #requireLoggedIn(agent) {
    if (agent.state === 'LOGOUT') throw new CcError(409, `agent not logged in: ${agent.id}`);
  }

  /**
   * @param {Record<string, unknown>} args
   * @param {XSwitchUser | null} actor
   */
  #ccLogin(args, actor) {
    const agent = this.#agentFor(args, actor, { queueRequired: true });
    const extn = text(args.extn);
    if (!extn) throw new CcError(400, 'missing param: extn');
    if (![...this.directory.users.values()].some((u) => u.extn === extn)) {
      throw new CcError(404, `extension not found: ${extn}`);
    }
    if (extn !== agent.extn)
      throw new CcError(403, `extension mismatch: agent ${agent.id} uses extension ${agent.extn}`);
    if (agent.state !== 'LOGOUT') return {};
    this.#setAgent(agent, 'BUSY', '', extn, { login: true });
    return {};
  }

  /**
   * @param {Record<string, unknown>} args
   * @param {XSwitchUser | null} actor
   */
  #ccLogout(args, actor) {
    const agent = this.#agentFor(args, actor);
    this.#requireLoggedIn(agent);
    if (agent.call) throw new CcError(409, `agent in a call: ${agent.id}`);
    this.#setAgent(agent, 'LOGOUT', '', null);
    return {};
  }

  /**
   * @param {Record<string, unknown>} args
   * @param {XSwitchUser | null} actor
   */
  #ccGoReady(args, actor) {
    const agent = this.#agentFor(args, actor);
    this.#requireLoggedIn(agent);
    if (agent.state !== 'READY') this.#setAgent(agent, 'READY', '', agent.loginExtn);
    return {};
  }

  /**
   * @param {Record<string, unknown>} args
   * @param {XSwitchUser | null} actor
   */
  #ccGoBreak(args, actor) {
    const agent = this.#agentFor(args, actor);
    this.#requireLoggedIn(agent);
    const reason = args.reason === undefined || args.reason === null ? '' : String(args.reason);
    if (agent.state !== 'BUSY' || agent.reason !== reason) this.#setAgent(agent, 'BUSY', reason, agent.loginExtn);
    return {};
  }

  /**
   * Callback dialing: the agent's extension rings first; when it answers, the destination rings.
   * @param {Record<string, unknown>} args
   * @param {XSwitchUser | null} actor
   */
  #ccDial(args, actor) {
    const agent = this.#agentFor(args, actor);
    this.#requireLoggedIn(agent);
    const extn = text(args.extn);
    if (extn && extn !== agent.loginExtn) {
      throw new CcError(403, `extension mismatch: agent ${agent.id} is logged in on ${agent.loginExtn}`);
    }
    const dest = text(args.destNumber);
    if (!dest) throw new CcError(400, 'missing param: destNumber');
    if (agent.call) throw new CcError(409, `agent already in a call: ${agent.id}`);
    const call = this.#newCall(agent, {
      direction: 'outbound',
      caller: /** @type {string} */ (agent.loginExtn),
      callee: dest,
      cidNumber: text(args.cidNumber) ?? null,
      earlyMedia: args.earlyMedia === true || args.earlyMedia === 'true',
    });
    return { call_uuid: call.uuid };
  }

  /**
   * @param {CcAgent} agent
   * @param {'LOGOUT' | 'READY' | 'BUSY'} state
   * @param {string} reason
   * @param {string | null} loginExtn
   * @param {{login?: boolean, publish?: boolean}} [options] `login`: also a `LOGIN` event first
   */
  #setAgent(agent, state, reason, loginExtn, { login = false, publish = true } = {}) {
    agent.state = state;
    agent.status = state === 'READY' ? 'Available' : state === 'BUSY' ? 'On Break' : 'Out';
    agent.reason = reason;
    agent.loginExtn = loginExtn;
    if (!publish) return;
    if (login) this.publish(agentStateEvent(agent, { state: 'LOGIN' }));
    this.publish(agentStateEvent(agent));
  }

  // Calls

  /**
   * @param {CcAgent} agent
   * @param {Pick<CcCall, 'direction' | 'caller' | 'callee' | 'cidNumber' | 'earlyMedia'>} fields
   * @returns {CcCall}
   */
  #newCall(agent, fields) {
    /** @type {CcCall} */
    const call = {
      uuid: randomUUID(),
      ...fields,
      agent: agent.id,
      extn: /** @type {string} */ (agent.loginExtn),
      phase: 'agent-ringing',
      cause: null,
      hangupBy: null,
      createdAt: Date.now(),
      answeredAt: null,
      endedAt: null,
      history: [],
      timers: [],
    };
    this.calls.set(call.uuid, call);
    agent.call = call;
    this.#callState(call, 'RINGING', { leg: 'agent' });
    const delay = this.config().autoAnswerAgentMs;
    if (delay !== null && delay >= 0) {
      this.#after(call, delay, () => call.phase === 'agent-ringing' && this.answer(call.uuid, 'agent'));
    }
    return call;
  }

  /**
   * @param {CcCall} call
   * @param {number} delayMs
   * @param {() => unknown} action
   */
  #after(call, delayMs, action) {
    call.timers.push(setTimeout(action, delayMs));
  }

  /**
   * @param {CcCall} call
   * @param {import('./vcc-events.mjs').VccCallState} callstate
   * @param {{leg: 'agent' | 'dest', cause?: string, hangup_by?: 'agent' | 'remote'}} change
   */
  #callState(call, callstate, change) {
    const agent = /** @type {CcAgent} */ (this.agents.get(call.agent));
    agent.callstate = callstate;
    call.history.push({ at: Date.now(), callstate, ...change });
    this.publish(callStateEvent(agent, call, change));
  }

  /**
   * A customer calls the agent (control API): the agent's extension rings.
   * @param {{agent?: unknown, from?: unknown}} request
   * @returns {CcCall}
   */
  inbound({ agent: name, from }) {
    const user = this.directory.agent(name);
    if (!user) throw new CtiError(404, `agent not found: ${String(name)}`);
    const agent = /** @type {CcAgent} */ (this.agents.get(user.id));
    if (agent.state === 'LOGOUT') throw new CtiError(409, `agent not logged in: ${agent.id}`);
    if (agent.call) throw new CtiError(409, `agent already in a call: ${agent.id}`);
    return this.#newCall(agent, {
      direction: 'inbound',
      caller: text(from) ?? '13800138000',
      callee: /** @type {string} */ (agent.loginExtn),
      cidNumber: null,
      earlyMedia: false,
    });
  }

  /**
   * @param {string} uuid
   * @returns {CcCall}
   */
  #active(uuid) {
    const call = this.calls.get(uuid);
    if (call) return call;
    if (this.ended.some((c) => c.uuid === uuid)) throw new CtiError(409, `call ${uuid} has ended`);
    throw new CtiError(404, `no call ${uuid}`);
  }

  /**
   * @param {CcCall} call
   * @returns {'agent' | 'dest' | null}
   */
  #ringingLeg(call) {
    if (call.phase === 'agent-ringing') return 'agent';
    if (call.phase === 'dest-ringing') return 'dest';
    return null;
  }

  /**
   * @param {CcCall} call
   * @param {unknown} leg
   * @returns {'agent' | 'dest'}
   */
  #requireRinging(call, leg) {
    if (leg !== undefined && leg !== 'agent' && leg !== 'dest') throw new CtiError(400, 'leg must be agent or dest');
    const ringing = this.#ringingLeg(call);
    if (!ringing) throw new CtiError(409, `nothing rings in call ${call.uuid} (${call.phase})`);
    if (leg !== undefined && leg !== ringing) throw new CtiError(409, `the ${leg} leg is not ringing (${call.phase})`);
    return ringing;
  }

  /**
   * The ringing leg answers: the agent (outbound: then the destination rings), or the destination.
   * @param {string} uuid
   * @param {unknown} [leg] `agent` | `dest`; default the ringing one
   * @returns {CcCall}
   */
  answer(uuid, leg) {
    const call = this.#active(uuid);
    const ringing = this.#requireRinging(call, leg);
    if (ringing === 'agent' && call.direction === 'outbound') {
      call.phase = 'dest-ringing';
      this.#callState(call, 'RINGING', { leg: 'dest' });
      const { autoAnswerDestMs: delay, autoDestOutcome: outcome } = this.config();
      if (delay !== null && delay >= 0) {
        this.#after(call, delay, () => {
          if (call.phase !== 'dest-ringing') return;
          if (outcome === 'busy') this.busy(call.uuid);
          else if (outcome === 'noAnswer') this.noAnswer(call.uuid);
          else this.answer(call.uuid, 'dest');
        });
      }
    } else {
      call.phase = 'talking';
      call.answeredAt = Date.now();
      this.#callState(call, 'TALKING', { leg: ringing });
    }
    return call;
  }

  /**
   * Someone hangs up (a ringing leg: rejects / cancels).
   * @param {string} uuid
   * @param {{by?: unknown, cause?: unknown}} [options] `by`: `agent` | `remote` (default: `agent` while
   *   the agent's leg of a ccDial rings, else `remote`)
   * @returns {CcCall}
   */
  hangup(uuid, { by, cause } = {}) {
    const call = this.#active(uuid);
    if (by !== undefined && by !== 'agent' && by !== 'remote') throw new CtiError(400, 'by must be agent or remote');
    const who = by ?? (call.phase === 'agent-ringing' && call.direction === 'outbound' ? 'agent' : 'remote');
    let defaultCause = 'NORMAL_CLEARING';
    if (call.phase === 'agent-ringing') defaultCause = who === 'agent' ? 'CALL_REJECTED' : 'ORIGINATOR_CANCEL';
    if (call.phase === 'dest-ringing') defaultCause = who === 'agent' ? 'ORIGINATOR_CANCEL' : 'CALL_REJECTED';
    this.#end(call, text(cause) ?? defaultCause, who);
    return call;
  }

  /**
   * The ringing leg is busy.
   * @param {string} uuid
   * @returns {CcCall}
   */
  busy(uuid) {
    const call = this.#active(uuid);
    const ringing = this.#requireRinging(call, undefined);
    this.#end(call, 'USER_BUSY', ringing === 'agent' ? 'agent' : 'remote');
    return call;
  }

  /**
   * The ringing leg does not answer.
   * @param {string} uuid
   * @returns {CcCall}
   */
  noAnswer(uuid) {
    const call = this.#active(uuid);
    const ringing = this.#requireRinging(call, undefined);
    this.#end(call, 'NO_ANSWER', ringing === 'agent' ? 'agent' : 'remote');
    return call;
  }

  /**
   * @param {string} uuid
   * @param {boolean} held
   * @returns {CcCall}
   */
  hold(uuid, held) {
    const call = this.#active(uuid);
    if (call.phase !== (held ? 'talking' : 'held')) {
      throw new CtiError(409, `call ${uuid} is ${call.phase}, cannot ${held ? 'hold' : 'unhold'}`);
    }
    call.phase = held ? 'held' : 'talking';
    this.#callState(call, held ? 'HOLD' : 'TALKING', { leg: 'agent' });
    return call;
  }

  /**
   * @param {CcCall} call
   * @param {string} cause
   * @param {'agent' | 'remote'} by
   */
  #end(call, cause, by) {
    const ringing = this.#ringingLeg(call);
    const leg = ringing ?? (by === 'agent' ? 'agent' : 'dest');
    call.timers.splice(0).forEach(clearTimeout);
    call.phase = 'ended';
    call.cause = cause;
    call.hangupBy = by;
    call.endedAt = Date.now();
    this.calls.delete(call.uuid);
    this.ended.push(call);
    if (this.ended.length > ENDED_KEPT) this.ended.splice(0, this.ended.length - ENDED_KEPT);
    const agent = /** @type {CcAgent} */ (this.agents.get(call.agent));
    agent.call = null;
    this.#callState(call, 'IDLE', { leg, cause, hangup_by: by });
  }

  // Control API and REST helpers

  /**
   * Presets an agent (control API). No events unless `publish`.
   * @param {unknown} name
   * @param {{state?: unknown, reason?: unknown, publish?: unknown}} patch
   * @returns {CcAgent}
   */
  preset(name, { state, reason, publish }) {
    const user = this.directory.agent(name);
    if (!user) throw new CtiError(404, `agent not found: ${String(name)}`);
    const agent = /** @type {CcAgent} */ (this.agents.get(user.id));
    const target = state ?? agent.state;
    if (target !== 'LOGOUT' && target !== 'READY' && target !== 'BUSY') {
      throw new CtiError(400, 'state must be LOGOUT, READY or BUSY');
    }
    if (target === 'LOGOUT' && agent.call) throw new CtiError(409, `agent in a call: ${agent.id}`);
    const nextReason = target === 'BUSY' && reason !== undefined && reason !== null ? String(reason) : '';
    this.#setAgent(agent, target, nextReason, target === 'LOGOUT' ? null : agent.extn, {
      login: agent.state === 'LOGOUT' && target !== 'LOGOUT',
      publish: publish === true,
    });
    return agent;
  }

  /**
   * @param {{func?: unknown, code?: unknown, message?: unknown, times?: unknown}} fault
   */
  addFault({ func, code = 500, message = 'injected failure', times = 1 }) {
    const name = text(func);
    if (!name || (name !== '*' && !CCC_FUNCS.includes(name))) {
      throw new CtiError(400, `func must be one of ${CCC_FUNCS.join(', ')} or *`);
    }
    if (typeof code !== 'number' || typeof times !== 'number')
      throw new CtiError(400, 'code and times must be numbers');
    const fault = { func: name, code, message: String(message), times };
    this.faults.push(fault);
    return fault;
  }

  /**
   * REST `agent_state` rows.
   * @param {string | null} [agentName] only this agent
   */
  agentStates(agentName) {
    const user = agentName ? this.directory.agent(agentName) : undefined;
    return [...this.agents.values()]
      .filter((a) => !agentName || a.id === user?.id)
      .map((a) => ({ ...agentFields(a), ...agentCallFields(a.call) }));
  }

  /** @param {CcAgent} agent */
  agentView(agent) {
    return { ...agentFields(agent), loginExtn: agent.loginExtn, call_uuid: agent.call?.uuid ?? null };
  }

  /** @param {CcCall} call */
  callView(call) {
    const view = { ...call };
    delete (/** @type {Partial<CcCall>} */ (view).timers);
    return /** @type {Omit<CcCall, 'timers'>} */ (view);
  }

  /**
   * @param {string} uuid
   * @returns {CcCall | undefined} active or recently ended
   */
  findCall(uuid) {
    return this.calls.get(uuid) ?? this.ended.find((c) => c.uuid === uuid);
  }
}

export { DEST_OUTCOMES };
