// @ts-check
import { Client } from '@stomp/stompjs';
import { WebSocket } from 'ws';
import { startSimulator } from '../../simulator/index.mjs';

export const PASSWORD = '123456';
const WAIT_MS = 3000;

/**
 * Starts a simulator that is stopped when the test ends.
 * @param {import('node:test').TestContext} t
 * @param {import('../../simulator/index.mjs').SimulatorOptions} [options]
 */
export async function useSimulator(t, options = {}) {
  const sim = await startSimulator({ eventDelayMs: 1, ...options });
  t.after(() => sim.stop());
  return sim;
}

/**
 * @typedef {object} Reply
 * @property {number} status
 * @property {any} json parsed body, undefined when empty or not JSON
 * @property {string} text
 * @property {Headers} headers
 */

/**
 * @param {string} url
 * @param {RequestInit & {json?: unknown}} [init]
 * @returns {Promise<Reply>}
 */
export async function request(url, { json, ...init } = {}) {
  const headers = new Headers(init.headers);
  if (json !== undefined) headers.set('Content-Type', 'application/json; charset=UTF-8');
  const res = await fetch(url, { ...init, headers, body: json === undefined ? init.body : JSON.stringify(json) });
  const text = await res.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, json: parsed, text, headers: res.headers };
}

/**
 * TPI login exactly as the wellClient sends it (form fields, values not URL-encoded).
 * @param {{baseUrl: string}} sim
 * @param {string} [job]
 * @param {{password?: string, domain?: string, path?: string}} [options]
 */
export function tpiLogin(sim, job = '5001', { password = PASSWORD, domain = 'test.cc', path = '/loginTrusted' } = {}) {
  return request(`${sim.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body: `username=${job}&password=${password}&namespace=${domain}`,
  });
}

/**
 * @param {{baseUrl: string}} sim
 * @param {string} [job]
 * @param {string} [domain]
 * @returns {Promise<string>} a live session id
 */
export async function sessionFor(sim, job = '5001', domain = 'test.cc') {
  const reply = await tpiLogin(sim, job, { domain });
  if (reply.status !== 200) throw new Error(`TPI login for ${job} answered ${reply.status}`);
  return reply.json.sessionId;
}

/**
 * POST /api/csta/agent/state with the session header.
 * @param {{baseUrl: string}} sim
 * @param {string | undefined} sessionId
 * @param {Record<string, unknown>} body
 */
export function agentState(sim, sessionId, body) {
  return request(`${sim.baseUrl}/api/csta/agent/state`, {
    method: 'POST',
    headers: sessionId === undefined ? {} : { sessionId },
    json: body,
  });
}

/**
 * The wellClient's Login body.
 * @param {{baseUrl: string}} sim
 * @param {string} sessionId
 * @param {{job?: string, ext?: string, agentMode?: string, password?: string, domain?: string}} [options]
 */
export function login(
  sim,
  sessionId,
  { job = '5001', ext = '8001', agentMode = 'Ready', password = PASSWORD, domain = 'test.cc' } = {},
) {
  return agentState(sim, sessionId, {
    loginId: `${job}@${domain}`,
    device: `${ext}@${domain}`,
    password,
    agentMode,
    func: 'Login',
    sessionId,
  });
}

/**
 * Calls the control API.
 * @param {{controlUrl: string}} sim
 * @param {string} method
 * @param {string} path e.g. `/agents/5001`
 * @param {unknown} [body]
 */
export async function control(sim, method, path, body) {
  const reply = await request(`${sim.controlUrl}${path}`, { method, json: body });
  if (reply.status >= 300) throw new Error(`${method} /__sim${path} → ${reply.status} ${reply.text}`);
  return reply.json;
}

/**
 * A STOMP subscriber built on `@stomp/stompjs` + `ws`, with an awaitable message queue.
 */
export class EventClient {
  /** @type {import('@stomp/stompjs').IMessage[]} */
  #queue = [];
  /** @type {((m: import('@stomp/stompjs').IMessage) => void)[]} */
  #waiters = [];
  #receipts = 0;

  /**
   * @param {string} url
   * @param {import('@stomp/stompjs').StompHeaders} [connectHeaders]
   */
  constructor(url, connectHeaders = {}) {
    /** @type {Promise<{code: number, reason: string}>} */
    this.closed = new Promise((resolve) => {
      this.client = new Client({
        webSocketFactory: () => new WebSocket(url, ['v12.stomp', 'v11.stomp', 'v10.stomp']),
        connectHeaders,
        heartbeatIncoming: 0,
        heartbeatOutgoing: 0,
        reconnectDelay: 0,
        debug: () => {},
        onWebSocketClose: (event) => resolve(event),
      });
    });
  }

  /**
   * @param {string} url
   * @param {import('@stomp/stompjs').StompHeaders} [connectHeaders]
   * @returns {Promise<EventClient>}
   */
  static async connect(url, connectHeaders) {
    const events = new EventClient(url, connectHeaders);
    await new Promise((resolve, reject) => {
      events.client.onConnect = resolve;
      events.client.onWebSocketError = () => reject(new Error(`cannot connect to ${url}`));
      events.client.onStompError = (frame) => reject(new Error(frame.headers.message));
      events.client.activate();
    });
    return events;
  }

  /**
   * Subscribes and resolves on the server's RECEIPT.
   * @param {string} destination
   */
  async subscribe(destination) {
    const receipt = `r-${++this.#receipts}`;
    const received = new Promise((resolve) => this.client.watchForReceipt(receipt, resolve));
    const subscription = this.client.subscribe(destination, (message) => this.#push(message), { receipt });
    await received;
    return subscription;
  }

  /**
   * The next message (already queued or still to come).
   * @returns {Promise<import('@stomp/stompjs').IMessage>}
   */
  next() {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message within ${WAIT_MS} ms`)), WAIT_MS);
      this.#waiters.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  }

  /**
   * The next message body, parsed.
   * @returns {Promise<any>}
   */
  async nextEvent() {
    return JSON.parse((await this.next()).body);
  }

  /** Messages received and not consumed yet. */
  get pending() {
    return this.#queue.length;
  }

  async close() {
    await this.client.deactivate();
  }

  /** @param {import('@stomp/stompjs').IMessage} message */
  #push(message) {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(message);
    else this.#queue.push(message);
  }
}

/**
 * Connects a subscriber to one agent's topic (the wellClient's destination), closed when the test ends.
 * @param {import('node:test').TestContext} t
 * @param {string} url
 * @param {string} [job]
 * @param {{domain?: string, connectHeaders?: import('@stomp/stompjs').StompHeaders}} [options]
 */
export async function subscribeAgent(t, url, job = '5001', { domain = 'test.cc', connectHeaders } = {}) {
  const events = await EventClient.connect(url, connectHeaders);
  t.after(() => events.close());
  await events.subscribe(`/topic/event.agent.*.${job}@${domain.replaceAll('.', '_')}`);
  return events;
}
