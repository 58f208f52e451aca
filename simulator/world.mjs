// @ts-check
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { CtiError } from './errors.mjs';
import { createDirectory, DEFAULT_PASSWORD, TPI_JOB_RANGE } from './directory.mjs';
import { MODE_EVENTS, createEvent, routingKey } from './events.mjs';
import { Outbox } from './outbox.mjs';
import { CallSwitch } from './calls.mjs';

/** @typedef {import('./events.mjs').AgentMode} AgentMode */

/**
 * @typedef {object} Agent
 * @property {string} job
 * @property {string} agentId `job@domain`
 * @property {string} name
 * @property {string} password
 * @property {boolean} disabled
 * @property {string[]} prefixes
 * @property {boolean} loggedIn
 * @property {string | null} extension extension number while logged in
 * @property {AgentMode} agentMode
 * @property {string} reason
 * @property {number} heartbeats
 * @property {number | null} lastHeartbeatAt epoch ms
 */

/**
 * @typedef {object} Extension
 * @property {string} ext
 * @property {string} deviceId `ext@domain`
 * @property {boolean} registered
 */

/**
 * @typedef {object} Session
 * @property {string} id
 * @property {string} job
 * @property {string} agentId
 * @property {number} createdAt
 */

/** @typedef {import('./calls.mjs').ActiveCall} ActiveCall */

/**
 * @typedef {object} WorldConfig
 * @property {string} domain
 * @property {number} licenceLimit maximum number of logged-in agents (Login → 461 beyond)
 * @property {number} eventDelayMs delay between a REST command and the events it causes
 * @property {number} heartbeatTimeoutMs server-side logout after this long without heartbeat; 0 = never
 * @property {boolean} acceptChannels false → the event channel refuses WebSocket upgrades with 503
 * @property {'none' | 'acw'} afterCall `acw`: an agent whose last call ends goes WorkNotReady (`agentWorkingAfterCall`)
 * @property {'manual' | 'answer' | 'busy' | 'noAnswer'} externalAnswer what a ringing external number does by itself
 * @property {number} externalAnswerDelayMs after how long it does it
 */

/**
 * @typedef {object} Published
 * @property {string} agentId
 * @property {string} routingKey
 * @property {string} body exact text sent
 * @property {number | null} serial null for raw bodies
 */

/**
 * @typedef {object} AgentPatch
 * @property {boolean} [loggedIn]
 * @property {string} [extension]
 * @property {AgentMode} [agentMode]
 * @property {string} [reason]
 * @property {boolean} [disabled]
 * @property {string} [name]
 * @property {string} [password]
 * @property {string[]} [prefixes]
 * @property {boolean} [publish] publish the events a real server would send for the change
 */

/**
 * @typedef {object} EmitRequest
 * @property {string} agent job number or `job@domain`
 * @property {Record<string, unknown> & {eventName?: string}} [event] partial event; defaults are filled in
 * @property {string} [raw] exact body to publish
 * @property {'agent' | 'csta'} [category] routing category for `raw` (default agent)
 * @property {boolean} [duplicateLast] re-publish the last body sent to this agent
 * @property {number} [serial] force the serial
 */

const SETTABLE_MODES = ['Ready', 'NotReady'];
const AFTER_CALL = ['none', 'acw'];
const EXTERNAL_ANSWER = ['manual', 'answer', 'busy', 'noAnswer'];
const PRESET_MODES = ['Ready', 'NotReady', 'WorkNotReady', 'Allocated', 'Logout'];

/**
 * The CTI model: directory, sessions, agent state and the ordered event stream.
 * Emits `publish` with a {@link Published} for every event sent to an agent, and `broker` with a
 * boolean when the RabbitMQ publisher connects or disconnects.
 */
export class World extends EventEmitter {
  /** @type {Map<string, Agent>} */
  agents = new Map();
  /** @type {Map<string, Extension>} */
  extensions = new Map();
  /** @type {Map<string, Session>} */
  sessions = new Map();
  /** The calls (see calls.mjs). A call blocks SetState (460) and shows in client-state's `activeCall`. */
  calls = new CallSwitch(this);
  /** Whether the RabbitMQ publisher is connected (always false without `brokerUrl`). */
  brokerConnected = false;
  /** Events not delivered to RabbitMQ because it was down. */
  brokerDropped = 0;
  /** @type {WorldConfig} */
  config;

  #initialConfig;
  #serial = 0;
  #outbox = new Outbox();
  /** @type {Map<string, Published>} */
  #lastPublished = new Map();
  /** @type {Map<string, NodeJS.Timeout>} */
  #heartbeatTimers = new Map();

  /**
   * @param {Partial<WorldConfig>} [config]
   */
  constructor(config = {}) {
    super();
    /** @type {WorldConfig} */
    const initial = {
      domain: 'test.cc',
      licenceLimit: 10,
      eventDelayMs: 5,
      heartbeatTimeoutMs: 0,
      acceptChannels: true,
      afterCall: 'none',
      externalAnswer: 'manual',
      externalAnswerDelayMs: 1000,
      ...config,
    };
    this.#initialConfig = initial;
    this.config = { ...this.#initialConfig };
    this.#loadDirectory();
  }

  get domain() {
    return this.config.domain;
  }

  /**
   * Back to the initial directory and configuration: no sessions, nobody logged in, pending events dropped.
   * Serials keep increasing.
   */
  reset() {
    this.#outbox.clear();
    for (const timer of this.#heartbeatTimers.values()) clearTimeout(timer);
    this.#heartbeatTimers.clear();
    this.sessions.clear();
    this.calls.reset();
    this.#lastPublished.clear();
    this.config = { ...this.#initialConfig };
    this.#loadDirectory();
  }

  /** Cancels pending events and timers. */
  stop() {
    this.#outbox.clear();
    this.calls.stop();
    for (const timer of this.#heartbeatTimers.values()) clearTimeout(timer);
    this.#heartbeatTimers.clear();
  }

  #loadDirectory() {
    const { agents, extensions } = createDirectory();
    this.agents = new Map(
      agents.map((a) => [
        a.job,
        {
          ...a,
          agentId: this.agentId(a.job),
          loggedIn: false,
          extension: null,
          agentMode: /** @type {AgentMode} */ ('Logout'),
          reason: '',
          heartbeats: 0,
          lastHeartbeatAt: null,
        },
      ]),
    );
    this.extensions = new Map(extensions.map((e) => [e.ext, { ...e, deviceId: this.deviceId(e.ext) }]));
  }

  /**
   * @param {string} job
   * @returns {string}
   */
  agentId(job) {
    return `${job}@${this.domain}`;
  }

  /**
   * @param {string} ext
   * @returns {string}
   */
  deviceId(ext) {
    return `${ext}@${this.domain}`;
  }

  /**
   * The number part of `number@domain` (or of a bare number); null when the domain is another one.
   * @param {unknown} id
   * @returns {string | null}
   */
  localPart(id) {
    if (typeof id !== 'string' || id === '') return null;
    const at = id.indexOf('@');
    if (at === -1) return id;
    return id.slice(at + 1) === this.domain ? id.slice(0, at) : null;
  }

  /**
   * @param {string} ext
   * @returns {Agent | undefined} the agent logged in on that extension
   */
  holderOf(ext) {
    for (const agent of this.agents.values()) if (agent.loggedIn && agent.extension === ext) return agent;
    return undefined;
  }

  loggedInCount() {
    let n = 0;
    for (const agent of this.agents.values()) if (agent.loggedIn) n++;
    return n;
  }

  /**
   * The agent's active call, as client-state reports it.
   * @param {Agent | undefined} agent
   * @returns {ActiveCall | null}
   */
  activeCallOf(agent) {
    return this.calls.activeCallOf(agent);
  }

  // TPI

  /**
   * TPI login: any job number in {@link TPI_JOB_RANGE} with the right password and domain.
   * @param {{username?: string, password?: string, namespace?: string}} form
   * @returns {{sessionId: string, agentId: string}}
   */
  tpiLogin({ username, password, namespace }) {
    const job = String(username ?? '');
    const n = Number(job);
    if (namespace !== this.domain || !/^\d+$/.test(job) || n < TPI_JOB_RANGE.min || n > TPI_JOB_RANGE.max) {
      throw new CtiError(401);
    }
    if (password !== (this.agents.get(job)?.password ?? DEFAULT_PASSWORD)) throw new CtiError(401);
    const session = { id: randomUUID(), job, agentId: this.agentId(job), createdAt: Date.now() };
    this.sessions.set(session.id, session);
    return { sessionId: session.id, agentId: session.agentId };
  }

  /**
   * @param {string | undefined} id
   * @returns {Session | undefined}
   */
  session(id) {
    return id ? this.sessions.get(id) : undefined;
  }

  /**
   * Expires sessions (all, or one agent's), so the next request with them gets 426.
   * @param {string} [job]
   * @returns {number} how many were expired
   */
  expireSessions(job) {
    let n = 0;
    for (const [id, session] of this.sessions) {
      if (job === undefined || session.job === job) {
        this.sessions.delete(id);
        n++;
      }
    }
    return n;
  }

  // Agent commands (REST)

  /**
   * `func: Login`. Validates in this order: 452, 453, 400, 423, 401, 454/455, 459, 451, 461.
   * @param {{loginId?: unknown, device?: unknown, password?: unknown, agentMode?: unknown}} body
   */
  login({ loginId, device, password, agentMode = 'NotReady' }) {
    const job = this.localPart(loginId);
    const agent = job === null ? undefined : this.agents.get(job);
    if (!agent) throw new CtiError(452);
    const ext = this.localPart(device);
    const extension = ext === null ? undefined : this.extensions.get(ext);
    if (!extension) throw new CtiError(453);
    if (typeof agentMode !== 'string' || !SETTABLE_MODES.includes(agentMode)) {
      throw new CtiError(400, 'agentMode must be Ready or NotReady');
    }
    if (agent.disabled) throw new CtiError(423);
    if (password !== undefined && password !== agent.password) throw new CtiError(401, 'password mismatch');
    if (agent.loggedIn && agent.extension === extension.ext) throw new CtiError(454);
    if (agent.loggedIn) {
      throw new CtiError(455, undefined, {
        deviceId: this.deviceId(/** @type {string} */ (agent.extension)),
        agentMode: agent.agentMode,
      });
    }
    const holder = this.holderOf(extension.ext);
    if (holder) throw new CtiError(459, undefined, { agent: holder.agentId, agentId: holder.agentId });
    if (!extension.registered) throw new CtiError(451);
    if (this.loggedInCount() >= this.config.licenceLimit) throw new CtiError(461);
    this.#logOn(agent, extension.ext, /** @type {AgentMode} */ (agentMode), '');
    this.#publishAgentEvent(agent, 'agentLoggedOn', { agentMode });
    this.#publishModeEvent(agent);
  }

  /**
   * `func: Logout`: the agent from `agentId` (or `loginId`, or the one on `device`, or the session's).
   * @param {{agentId?: unknown, loginId?: unknown, device?: unknown}} body
   * @param {Session} [session]
   */
  logout(body, session) {
    const agent = this.#resolveAgent(body, session);
    if (!agent.loggedIn) throw new CtiError(458);
    this.#logOff(agent);
  }

  /**
   * `func: SetState` to Ready or NotReady (with `reason`; `"2"` = manual outbound).
   * @param {{agentId?: unknown, loginId?: unknown, device?: unknown, agentMode?: unknown, reason?: unknown}} body
   * @param {Session} [session]
   */
  setState(body, session) {
    const agent = this.#resolveAgent(body, session);
    if (!agent.loggedIn) throw new CtiError(458);
    const { agentMode, reason } = body;
    if (typeof agentMode !== 'string' || !SETTABLE_MODES.includes(agentMode)) {
      throw new CtiError(400, 'agentMode must be Ready or NotReady');
    }
    if (agent.agentMode === 'Allocated' || this.activeCallOf(agent)) throw new CtiError(460);
    agent.agentMode = /** @type {AgentMode} */ (agentMode);
    agent.reason = agentMode === 'Ready' || reason === undefined || reason === null ? '' : String(reason);
    this.#publishModeEvent(agent);
  }

  /**
   * Records a heartbeat (and restarts the server-side heartbeat timeout).
   * @param {string} agentId
   */
  heartbeat(agentId) {
    const job = this.localPart(agentId);
    const agent = job === null ? undefined : this.agents.get(job);
    if (!agent) throw new CtiError(452);
    agent.heartbeats++;
    agent.lastHeartbeatAt = Date.now();
    this.#armHeartbeatTimeout(agent);
  }

  /**
   * `GET /api/csta/agent/client-state` for the session's agent.
   * @param {Session} session
   */
  clientState(session) {
    const agent = this.agents.get(session.job);
    const extension = agent?.loggedIn ? this.extensions.get(/** @type {string} */ (agent.extension)) : undefined;
    return {
      agent: {
        agentId: session.agentId,
        extensionId: extension ? extension.deviceId : null,
        agentMode: extension && agent ? agent.agentMode : 'Logout',
        reason: extension && agent ? agent.reason : '',
        agentName: agent?.name ?? '',
        namespace: this.domain,
        activeCall: this.activeCallOf(agent),
      },
      extension: extension ? { extensionId: extension.deviceId, registered: extension.registered } : null,
    };
  }

  /**
   * The agent's outbound trunk prefixes.
   * @param {string} domain
   * @param {string} agentId
   */
  prefixes(domain, agentId) {
    const job = this.localPart(agentId);
    const agent = job === null ? undefined : this.agents.get(job);
    if (domain !== this.domain || !agent) throw new CtiError(404, 'no such agent');
    return { agentId: agent.agentId, agentTrunks: agent.prefixes.map((scanPrefix) => ({ scanPrefix })) };
  }

  /**
   * @param {{agentId?: unknown, loginId?: unknown, device?: unknown}} body
   * @param {Session} [session]
   * @returns {Agent}
   */
  #resolveAgent({ agentId, loginId, device }, session) {
    const id = agentId ?? loginId;
    if (id === undefined && device !== undefined) {
      const ext = this.localPart(device);
      if (ext === null || !this.extensions.has(ext)) throw new CtiError(453);
      const holder = this.holderOf(ext);
      if (!holder) throw new CtiError(458);
      return holder;
    }
    const job = id === undefined ? session?.job : this.localPart(id);
    const agent = job ? this.agents.get(job) : undefined;
    if (!agent) throw new CtiError(452);
    return agent;
  }

  // Server-side changes (control API)

  /**
   * Presets an agent's server state, e.g. "still logged in on 8001" for 454.
   * @param {string} job
   * @param {AgentPatch} patch
   * @returns {Agent}
   */
  presetAgent(job, patch) {
    const agent = this.agents.get(job);
    if (!agent) throw new CtiError(404, `no agent ${job}`);
    if (patch.agentMode !== undefined && !PRESET_MODES.includes(patch.agentMode)) {
      throw new CtiError(400, `agentMode must be one of ${PRESET_MODES.join(', ')}`);
    }
    const wantLoggedIn =
      patch.loggedIn ?? (patch.agentMode === 'Logout' ? false : patch.extension !== undefined || agent.loggedIn);
    let ext = null;
    if (wantLoggedIn) {
      ext = patch.extension ?? agent.extension ?? String(Number(job) + 3000);
      if (!this.extensions.has(ext)) throw new CtiError(404, `no extension ${ext}`);
      const holder = this.holderOf(ext);
      if (holder && holder !== agent) throw new CtiError(409, `extension ${ext} is held by ${holder.agentId}`);
      if (patch.agentMode === 'Logout') throw new CtiError(400, 'agentMode Logout contradicts loggedIn');
    }
    if (patch.disabled !== undefined) agent.disabled = Boolean(patch.disabled);
    if (patch.name !== undefined) agent.name = String(patch.name);
    if (patch.password !== undefined) agent.password = String(patch.password);
    if (patch.prefixes !== undefined) agent.prefixes = patch.prefixes.map(String);

    const wasLoggedIn = agent.loggedIn;
    if (ext !== null) {
      const mode = patch.agentMode ?? (wasLoggedIn ? agent.agentMode : 'NotReady');
      const reason = patch.reason ?? (patch.agentMode === undefined ? agent.reason : '');
      this.#logOn(agent, ext, mode, mode === 'Ready' ? '' : String(reason));
      if (patch.publish && !wasLoggedIn) this.#publishAgentEvent(agent, 'agentLoggedOn', { agentMode: mode });
      if (patch.publish && (!wasLoggedIn || patch.agentMode !== undefined)) this.#publishModeEvent(agent);
    } else if (wasLoggedIn) {
      if (patch.publish) this.#logOff(agent);
      else this.#release(agent);
    }
    return agent;
  }

  /**
   * Server-side logout (supervisor force logout, heartbeat timeout): publishes `agentLoggedOff`.
   * @param {string} job
   */
  forceLogout(job) {
    const agent = this.agents.get(job);
    if (!agent) throw new CtiError(404, `no agent ${job}`);
    if (!agent.loggedIn) throw new CtiError(458);
    this.#logOff(agent);
  }

  /**
   * @param {string} ext
   * @param {{registered?: boolean}} patch
   * @returns {Extension}
   */
  presetExtension(ext, { registered }) {
    const extension = this.extensions.get(ext);
    if (!extension) throw new CtiError(404, `no extension ${ext}`);
    if (registered !== undefined) extension.registered = Boolean(registered);
    return extension;
  }

  /**
   * @param {Partial<WorldConfig>} patch
   * @returns {WorldConfig}
   */
  configure(patch) {
    if (patch.afterCall !== undefined && !AFTER_CALL.includes(patch.afterCall)) {
      throw new CtiError(400, `afterCall must be one of ${AFTER_CALL.join(', ')}`);
    }
    if (patch.externalAnswer !== undefined && !EXTERNAL_ANSWER.includes(patch.externalAnswer)) {
      throw new CtiError(400, `externalAnswer must be one of ${EXTERNAL_ANSWER.join(', ')}`);
    }
    const numbers = /** @type {const} */ ([
      'licenceLimit',
      'eventDelayMs',
      'heartbeatTimeoutMs',
      'externalAnswerDelayMs',
    ]);
    for (const key of numbers) {
      const value = patch[key];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        throw new CtiError(400, `${key} must be a number >= 0`);
      }
    }
    for (const key of numbers) {
      const value = patch[key];
      if (value !== undefined) this.config[key] = value;
    }
    if (patch.afterCall !== undefined) this.config.afterCall = patch.afterCall;
    if (patch.externalAnswer !== undefined) this.config.externalAnswer = patch.externalAnswer;
    if (patch.acceptChannels !== undefined) this.config.acceptChannels = Boolean(patch.acceptChannels);
    if (patch.heartbeatTimeoutMs !== undefined) {
      for (const agent of this.agents.values()) this.#armHeartbeatTimeout(agent);
    }
    return this.config;
  }

  /**
   * After-call work: the agent goes WorkNotReady and gets `agentWorkingAfterCall` (after the events already queued).
   * @param {Agent} agent
   */
  startAfterCallWork(agent) {
    if (!agent.loggedIn) return;
    agent.agentMode = 'WorkNotReady';
    agent.reason = '';
    this.#publishModeEvent(agent);
  }

  // Events

  /**
   * Queues one event for one agent `delayMs` from now (default `eventDelayMs`), after every event queued
   * before it. The call model publishes through this.
   * @param {{eventName: string, agentId: string, deviceId?: string, fields?: Record<string, unknown>}} spec
   * @param {{delayMs?: number, onPublished?: (published: Published) => void}} [options]
   * @returns {Promise<Published | null>} null when the simulator was reset first
   */
  queueEvent(spec, { delayMs = this.config.eventDelayMs, onPublished } = {}) {
    return this.#outbox.enqueue(delayMs, () => {
      const published = this.#publishNow(spec);
      onPublished?.(published);
      return published;
    });
  }

  /**
   * Publishes an arbitrary event (defaults filled in), a raw body, or the last body again, without
   * changing any state. Goes through the same ordered outbox as every other event, without delay.
   * @param {EmitRequest} request
   * @returns {Promise<Published | null>}
   */
  inject({ agent, event, raw, category, duplicateLast, serial }) {
    const job = this.localPart(agent);
    if (job === null) throw new CtiError(400, '"agent" must be a job number or job@domain');
    const agentId = this.agentId(job);
    if (duplicateLast) {
      const last = this.#lastPublished.get(agentId);
      if (!last) throw new CtiError(404, `nothing was published to ${agentId} yet`);
      return this.#outbox.enqueue(0, () => this.#deliver(last));
    }
    if (raw !== undefined) {
      const key = routingKey(agentId, category ?? 'agent');
      return this.#outbox.enqueue(0, () =>
        this.#deliver({ agentId, routingKey: key, body: String(raw), serial: null }),
      );
    }
    if (!event || typeof event.eventName !== 'string') throw new CtiError(400, 'event.eventName is required');
    const known = this.agents.get(job);
    const deviceId = known?.loggedIn ? this.deviceId(/** @type {string} */ (known.extension)) : undefined;
    const { eventName, ...fields } = event;
    return this.#outbox.enqueue(0, () =>
      this.#publishNow({
        eventName,
        agentId,
        deviceId,
        fields,
        serial: serial ?? /** @type {number | undefined} */ (fields.serial),
      }),
    );
  }

  /**
   * @param {Agent} agent
   * @param {string} ext
   * @param {AgentMode} mode
   * @param {string} reason
   */
  #logOn(agent, ext, mode, reason) {
    agent.loggedIn = true;
    agent.extension = ext;
    agent.agentMode = mode;
    agent.reason = reason;
    this.#armHeartbeatTimeout(agent);
  }

  /** @param {Agent} agent */
  #release(agent) {
    agent.loggedIn = false;
    agent.extension = null;
    agent.agentMode = 'Logout';
    agent.reason = '';
    this.#armHeartbeatTimeout(agent);
  }

  /** @param {Agent} agent */
  #logOff(agent) {
    const deviceId = agent.extension ? this.deviceId(agent.extension) : undefined;
    this.#release(agent);
    this.#publishAgentEvent(agent, 'agentLoggedOff', {}, deviceId);
  }

  /** @param {Agent} agent */
  #armHeartbeatTimeout(agent) {
    clearTimeout(this.#heartbeatTimers.get(agent.job));
    this.#heartbeatTimers.delete(agent.job);
    const ms = this.config.heartbeatTimeoutMs;
    if (!agent.loggedIn || ms <= 0) return;
    const timer = setTimeout(() => {
      this.#heartbeatTimers.delete(agent.job);
      if (agent.loggedIn) this.#logOff(agent);
    }, ms);
    timer.unref();
    this.#heartbeatTimers.set(agent.job, timer);
  }

  /** @param {Agent} agent */
  #publishModeEvent(agent) {
    const fields = agent.agentMode === 'NotReady' || agent.agentMode === 'Ready' ? { reason: agent.reason } : {};
    this.#publishAgentEvent(agent, MODE_EVENTS[agent.agentMode], fields);
  }

  /**
   * Queues an agent event after `eventDelayMs`; the device is captured now.
   * @param {Agent} agent
   * @param {string} eventName
   * @param {Record<string, unknown>} [fields]
   * @param {string} [deviceId]
   */
  #publishAgentEvent(
    agent,
    eventName,
    fields = {},
    deviceId = agent.extension ? this.deviceId(agent.extension) : undefined,
  ) {
    const spec = { eventName, agentId: agent.agentId, deviceId, fields };
    void this.#outbox.enqueue(this.config.eventDelayMs, () => this.#publishNow(spec));
  }

  /**
   * @param {{eventName: string, agentId: string, deviceId?: string, fields?: Record<string, unknown>, serial?: number}} spec
   * @returns {Published}
   */
  #publishNow({ eventName, agentId, deviceId, fields = {}, serial }) {
    const n = serial ?? ++this.#serial;
    const event = createEvent({
      eventName,
      domain: this.domain,
      agentId,
      deviceId,
      fields,
      serial: n,
      time: new Date(),
    });
    event.serial = n;
    return this.#deliver({
      agentId,
      routingKey: routingKey(agentId, String(event.eventType)),
      body: JSON.stringify(event),
      serial: n,
    });
  }

  /**
   * @param {Published} published
   * @returns {Published}
   */
  #deliver(published) {
    this.#lastPublished.set(published.agentId, published);
    this.emit('publish', published);
    return published;
  }
}
