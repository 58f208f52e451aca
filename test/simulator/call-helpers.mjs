// @ts-check
import assert from 'node:assert/strict';
import { control, login, request, sessionFor, subscribeAgent } from './helpers.mjs';

export const DOMAIN = 'test.cc';
const EVENT_TIME = /^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}:\d{2}$/;
const MARKER = 'simMarker';

/** @param {string} number */
export const dev = (number) => `${number}@${DOMAIN}`;

/**
 * One logged-in agent with its own STOMP subscription, driving call control through REST.
 */
export class Line {
  /** every event received, markers excluded, in order */
  /** @type {any[]} */
  log = [];
  #markers = 0;

  /**
   * @param {import('../../simulator/index.mjs').RunningSimulator} sim
   * @param {{job: string, ext: string, sessionId: string, events: import('./helpers.mjs').EventClient}} init
   */
  constructor(sim, { job, ext, sessionId, events }) {
    this.sim = sim;
    this.job = job;
    this.ext = ext;
    this.device = dev(ext);
    this.agentId = dev(job);
    this.sessionId = sessionId;
    this.events = events;
  }

  /**
   * Every event sent to this agent so far that was not read yet: a marker is emitted through the same
   * ordered outbox and everything before it is returned (so "nothing else" needs no sleep).
   * @returns {Promise<any[]>}
   */
  async drain() {
    const marker = ++this.#markers;
    await control(this.sim, 'POST', '/emit', { agent: this.job, event: { eventName: MARKER, marker } });
    /** @type {any[]} */
    const got = [];
    for (;;) {
      const event = await this.events.nextEvent();
      if (event.eventName === MARKER && event.marker === marker) break;
      got.push(event);
    }
    this.log.push(...got);
    return got;
  }

  /**
   * The next `count` events (waiting for them, e.g. after a timer); then checks nothing else came.
   * @param {number} count
   * @returns {Promise<any[]>}
   */
  async take(count) {
    const got = [];
    for (let i = 0; i < count; i++) got.push(await this.events.nextEvent());
    this.log.push(...got);
    return [...got, ...(await this.drain())];
  }

  /**
   * @param {string} method
   * @param {string} path below `/api/csta/callControl`
   * @param {unknown} [json]
   */
  api(method, path, json) {
    return request(`${this.sim.baseUrl}/api/csta/callControl${path}`, {
      method,
      headers: { sessionId: this.sessionId },
      json,
    });
  }

  /**
   * makeCall from this agent's device; asserts 200 and returns the callId.
   * @param {string} to
   * @param {Record<string, unknown>} [extra]
   */
  async call(to, extra = {}) {
    const reply = await this.api('POST', '/calls', { from: this.device, to, destForDisplay: this.ext, ...extra });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(typeof reply.json.callId, 'string');
    return /** @type {string} */ (reply.json.callId);
  }

  /**
   * A request on this agent's connection of a call (`device%7CcallId`, as wellClient sends it).
   * @param {string} callId
   * @param {string} action '' (DELETE) or answer, hold, retrieve, singleStepTransfer, consult, conference…
   * @param {unknown} [json]
   */
  conn(callId, action, json) {
    const path = `/calls/${callId}/connections/${this.device}%7C${callId}`;
    return action === '' ? this.api('DELETE', path) : this.api('POST', `${path}/${action}`, json);
  }

  /**
   * Same, asserting 204.
   * @param {string} callId
   * @param {string} action
   * @param {unknown} [json]
   */
  async do(callId, action, json) {
    const reply = await this.conn(callId, action, json);
    assert.equal(reply.status, 204, `${action || 'DELETE'} → ${reply.status} ${reply.text}`);
  }

  async clientState() {
    const reply = await request(`${this.sim.baseUrl}/api/csta/agent/client-state`, {
      headers: { sessionId: this.sessionId },
    });
    assert.equal(reply.status, 200);
    return reply.json;
  }

  /** @param {string} agentMode */
  setState(agentMode) {
    return request(`${this.sim.baseUrl}/api/csta/agent/state`, {
      method: 'POST',
      headers: { sessionId: this.sessionId },
      json: { func: 'SetState', agentId: this.agentId, device: this.device, agentMode, namespace: DOMAIN },
    });
  }

  /**
   * Checks the envelope of every call event this agent got: its own srcDeviceId/eventSrc, a
   * connectionId with a raw pipe, csta type and routing, `_type`, event time, strictly increasing serials.
   */
  checkStream() {
    let last = 0;
    for (const e of this.log) {
      assert.ok(e.serial > last, `serial ${e.serial} after ${last}`);
      last = e.serial;
      if (e.eventName.startsWith('agent')) continue;
      assert.equal(e.eventType, 'csta');
      assert.equal(e.srcDeviceId, this.device, `${e.eventName} srcDeviceId`);
      assert.equal(e.eventSrc, this.device);
      assert.equal(e.params.agent, this.agentId);
      assert.equal(e._type, `component.cti.event.${e.eventName[0].toUpperCase()}${e.eventName.slice(1)}Event`);
      assert.match(e.eventTime, EVENT_TIME);
      assert.equal(e.namespace, DOMAIN);
      if (e.eventName !== 'recordStopped') assert.equal(typeof e.callId, 'string');
      if (!e.eventName.startsWith('record')) assert.equal(e.connectionId, `${this.device}|${e.callId}`);
    }
  }
}

/**
 * Logs an agent in (Ready) with its own subscription; the login events are consumed.
 * @param {import('node:test').TestContext} t
 * @param {import('../../simulator/index.mjs').RunningSimulator} sim
 * @param {string} job
 * @param {string} [ext] default job + 3000
 */
export async function agentLine(t, sim, job, ext = String(Number(job) + 3000)) {
  const events = await subscribeAgent(t, sim.eventUrl, job);
  const sessionId = await sessionFor(sim, job);
  const reply = await login(sim, sessionId, { job, ext, agentMode: 'Ready' });
  assert.equal(reply.status, 204, reply.text);
  assert.equal((await events.nextEvent()).eventName, 'agentLoggedOn');
  assert.equal((await events.nextEvent()).eventName, 'agentReady');
  return new Line(sim, { job, ext, sessionId, events });
}

/**
 * Names of events, with the interesting device of each: `connectionCleared:8001`, `delivered:8002`…
 * @param {any[]} events
 */
export function names(events) {
  return events.map((e) => e.eventName);
}

/**
 * `connectionCleared` events → their releasing devices' numbers.
 * @param {any[]} events
 */
export function releasing(events) {
  return events.filter((e) => e.eventName === 'connectionCleared').map((e) => e.releasingDevice.split('@')[0]);
}

/**
 * POST a call scenario step to the control API.
 * @param {{controlUrl: string}} sim
 * @param {string} path after `/__sim/calls`
 * @param {unknown} [body]
 */
export function scenario(sim, path, body = {}) {
  return control(sim, 'POST', `/calls${path}`, body);
}

/**
 * A customer calls an agent in; returns the callId.
 * @param {{controlUrl: string}} sim
 * @param {Record<string, unknown>} body
 */
export async function inbound(sim, body) {
  const { callId } = await scenario(sim, '/inbound', body);
  assert.equal(typeof callId, 'string');
  return /** @type {string} */ (callId);
}
