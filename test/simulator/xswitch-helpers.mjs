// @ts-check
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { request } from './helpers.mjs';

const WAIT_MS = 3000;
export const DOMAIN = 'xswitch.cn';
export const PASSWORD = '1234';
export const QUEUE = '100000';

/** @typedef {Record<string, any>} Json */

/**
 * A bare JSON-RPC client over `ws` (no verto.js): every request carries `params.sessid`, every
 * inbound frame is queued and taken with {@link VertoClient#take}.
 */
export class VertoClient {
  /** @type {(Json | Json[] | string)[]} */
  #queue = [];
  /** @type {{match: (m: any) => boolean, resolve: (m: any) => void}[]} */
  #waiters = [];
  #id = 0;

  /**
   * @param {WebSocket} ws
   * @param {string} sessid
   */
  constructor(ws, sessid) {
    this.ws = ws;
    this.sessid = sessid;
    /** @type {Promise<{code: number, reason: string}>} */
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('message', (data) => {
      const text = String(data);
      let message;
      try {
        message = JSON.parse(text);
      } catch {
        message = text;
      }
      const at = this.#waiters.findIndex((w) => w.match(message));
      if (at === -1) this.#queue.push(message);
      else this.#waiters.splice(at, 1)[0].resolve(message);
    });
  }

  /**
   * @param {string} url
   * @param {{sessid?: string, protocols?: string[]}} [options]
   * @returns {Promise<VertoClient>}
   */
  static async connect(url, { sessid = randomUUID(), protocols } = {}) {
    const ws = new WebSocket(url, protocols);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
    });
    return new VertoClient(ws, sessid);
  }

  /**
   * Sends a request (or, with `id: null`, a notification) with `params.sessid` injected.
   * @param {string} method
   * @param {Json} [params]
   * @param {{id?: number | null}} [options]
   * @returns {number | null} the id
   */
  send(method, params = {}, { id = ++this.#id } = {}) {
    const message = {
      jsonrpc: '2.0',
      method,
      params: { ...params, sessid: this.sessid },
      ...(id === null ? {} : { id }),
    };
    this.ws.send(JSON.stringify(message));
    return id;
  }

  /**
   * A request and its reply.
   * @param {string} method
   * @param {Json} [params]
   * @returns {Promise<Json>}
   */
  call(method, params) {
    const id = this.send(method, params);
    return this.reply(id);
  }

  /**
   * @param {unknown} id
   * @returns {Promise<Json>}
   */
  reply(id) {
    return this.take((m) => isObject(m) && m.method === undefined && m.id === id, `reply ${id}`);
  }

  /**
   * `jsapi` → `lua` → `ccc`.
   * @param {string} func
   * @param {Json} data
   * @returns {Promise<Json>} the JSON-RPC result
   */
  async ccc(func, data) {
    const reply = await this.call('jsapi', { command: 'lua', data: { method: 'ccc', func, data } });
    if (!reply.result) throw new Error(`ccc ${func} failed: ${JSON.stringify(reply)}`);
    return reply.result;
  }

  /** @param {string} text */
  sendRaw(text) {
    this.ws.send(text);
  }

  /**
   * The next inbound message matching `match` (already queued or still to come).
   * @param {(m: any) => boolean} [match]
   * @param {string} [what] for the timeout message
   * @returns {Promise<any>}
   */
  take(match = () => true, what = 'message') {
    const at = this.#queue.findIndex(match);
    if (at !== -1) return Promise.resolve(this.#queue.splice(at, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${what} within ${WAIT_MS} ms; queued: ${JSON.stringify(this.#queue).slice(0, 800)}`));
      }, WAIT_MS);
      const waiter = {
        match,
        /** @param {any} m */
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  /**
   * The next server request of that method (`verto.event`, `verto.ping`, `verto.punt`, …).
   * @param {string} method
   * @returns {Promise<Json>}
   */
  next(method) {
    return this.take((m) => isObject(m) && m.method === method, method);
  }

  /** @returns {Promise<Json>} the params of the next `verto.event` */
  async event() {
    return (await this.next('verto.event')).params;
  }

  /** Messages received and not taken yet. */
  get pending() {
    return [...this.#queue];
  }

  /**
   * The login dance: `login {}` → -32000, then `login` with credentials; waits for `verto.clientReady`.
   * @param {{user?: string, passwd?: string, token?: string}} [options]
   * @returns {Promise<Json>} the login result
   */
  async login({ user = '1001', passwd = PASSWORD, token } = {}) {
    const first = await this.call('login', {});
    if (first.error?.code !== -32000) throw new Error(`expected -32000, got ${JSON.stringify(first)}`);
    const reply = await this.call('login', {
      login: `${user}@${DOMAIN}`,
      passwd,
      loginParams: token ? { xui_sessid: token } : null,
      userVariables: null,
    });
    if (!reply.result) throw new Error(`login failed: ${JSON.stringify(reply)}`);
    await this.next('verto.clientReady');
    return reply.result;
  }

  /**
   * @param {string | string[]} eventChannel
   * @returns {Promise<Json>} the reply
   */
  subscribe(eventChannel) {
    return this.call('verto.subscribe', { eventChannel });
  }

  close() {
    this.ws.close();
    return this.closed;
  }
}

/**
 * @param {unknown} value
 * @returns {value is Json}
 */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A logged-in Verto client, closed when the test ends.
 * @param {import('node:test').TestContext} t
 * @param {{xswitchUrl: string}} sim
 * @param {{user?: string, token?: string, passwd?: string, sessid?: string, subscribe?: string[]}} [options]
 */
export async function vertoLogin(t, sim, { subscribe, sessid, ...credentials } = {}) {
  const client = await vertoConnect(t, sim, { sessid });
  await client.login(credentials);
  if (subscribe) {
    const reply = await client.subscribe(subscribe);
    if (!reply.result) throw new Error(`subscribe failed: ${JSON.stringify(reply)}`);
  }
  return client;
}

/**
 * A connected (not logged-in) client, closed when the test ends.
 * @param {import('node:test').TestContext} t
 * @param {{xswitchUrl: string}} sim
 * @param {{sessid?: string}} [options]
 */
export async function vertoConnect(t, sim, { sessid } = {}) {
  const client = await VertoClient.connect(sim.xswitchUrl, sessid ? { sessid } : {});
  t.after(() => client.ws.terminate());
  return client;
}

/**
 * Calls the XSwitch control API (`/__sim/xswitch…`).
 * @param {{controlUrl: string}} sim
 * @param {string} method
 * @param {string} path e.g. `/state`
 * @param {unknown} [body]
 */
export async function xcontrol(sim, method, path, body) {
  const reply = await request(`${sim.controlUrl}/xswitch${path}`, { method, json: body });
  if (reply.status >= 300) throw new Error(`${method} /__sim/xswitch${path} → ${reply.status} ${reply.text}`);
  return reply.json;
}

/**
 * The `data` of the next `n` vcc events, as `callstate/leg` or `state` words (to compare orders).
 * @param {VertoClient} client
 * @param {number} n
 * @returns {Promise<Json[]>}
 */
export async function vccEvents(client, n) {
  /** @type {Json[]} */
  const out = [];
  for (let i = 0; i < n; i++) out.push((await client.event()).data);
  return out;
}
