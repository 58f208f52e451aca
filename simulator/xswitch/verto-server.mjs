// @ts-check
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { refuseUpgrade } from '../stomp-server.mjs';

/** @typedef {import('ws').WebSocket} WebSocket */
/** @typedef {import('./directory.mjs').XSwitchDirectory} XSwitchDirectory */
/** @typedef {import('./directory.mjs').XSwitchUser} XSwitchUser */
/** @typedef {import('./callcenter.mjs').CallCenter} CallCenter */
/** @typedef {import('./callcenter.mjs').XSwitchConfig} XSwitchConfig */
/** @typedef {Record<string, any>} Json */

/** mod_verto's JSON-RPC error codes (docs/protocols/xswitch.md, fact 9). */
export const VERTO_CODES = Object.freeze({
  AUTH_REQUIRED: -32000,
  AUTH_FAILED: -32001,
  SESSION_ERROR: -32002,
  INVALID: -32600,
  NO_METHOD: -32601,
  PERMISSION_DENIED: -32602,
});
/** `jsapi` commands a user may run (`jsonrpc-allowed-jsapi`). */
const ALLOWED_JSAPI = ['lua'];
const LOG_LIMIT = 5000;
const CLOSE_GRACE_MS = 500;

/**
 * @typedef {object} VertoSocket
 * @property {number} id
 * @property {WebSocket} ws
 * @property {string | null} sessid set from the first request's `params.sessid` (a fresh uuid without one)
 * @property {XSwitchUser | null} user set once authenticated
 * @property {Map<string, {serno: number}>} subscriptions channel → per-subscription event counter
 * @property {number} connectedAt
 * @property {number | null} lastInboundAt
 * @property {number} pingsSent
 * @property {NodeJS.Timeout | undefined} pingTimer
 * @property {boolean} clientReadySent
 * @property {Promise<void>} closed
 */

/**
 * @typedef {object} RpcLogEntry
 * @property {number} seq
 * @property {number} at epoch ms
 * @property {number} socket
 * @property {string | null} user the socket's user (after the request was handled)
 * @property {'request' | 'notification' | 'response' | 'invalid' | 'raw'} kind
 *   `response`: the client answering a server request; `invalid`: not JSON-RPC; `raw`: a non-JSON frame
 * @property {string | null} method
 * @property {unknown} id
 * @property {Json | null} params without `passwd`
 * @property {'present' | 'empty' | 'absent'} passwd
 * @property {string | null} sessid `params.sessid` as sent
 * @property {boolean} batch part of a JSON array frame
 * @property {number | null} error JSON-RPC error code answered (null: a result or nothing)
 * @property {string} [text] the frame text (`invalid`, `raw`), cut at 500 characters
 */

/**
 * @param {unknown} value
 * @returns {value is Json}
 */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param {unknown} value
 * @returns {string | undefined}
 */
function nonEmpty(value) {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A FreeSWITCH mod_verto-compatible JSON-RPC 2.0 server over WebSocket, as XSwitch runs it:
 * login dance, sessid rules, event channels, keep-alive pings, and the `jsapi` → `lua` → `ccc`
 * call-center functions.
 */
export class VertoServer {
  /** @type {Set<VertoSocket>} */
  #sockets = new Set();
  /** @type {Set<VertoSocket>} forgotten (dropped, punted, refused) but not closed yet */
  #closing = new Set();
  /** @type {Map<string, VertoSocket>} sessid → the authenticated socket holding it */
  #attached = new Map();
  #nextSocket = 1;
  #nextId = 1;
  /** @type {RpcLogEntry[]} */
  #log = [];
  #seq = 0;
  #wss = new WebSocketServer({ noServer: true });

  /**
   * @param {object} deps
   * @param {string} deps.path URL path of the endpoint
   * @param {XSwitchDirectory} deps.directory
   * @param {CallCenter} deps.callcenter
   * @param {() => XSwitchConfig} deps.config the live configuration
   * @param {boolean} [deps.clientReady] false: never send `verto.clientReady` (some servers do not)
   * @param {(line: string) => void} [deps.log]
   */
  constructor({ path, directory, callcenter, config, clientReady = true, log = () => {} }) {
    this.sendsClientReady = clientReady;
    this.path = path;
    this.directory = directory;
    this.callcenter = callcenter;
    this.config = config;
    this.log = log;
  }

  /**
   * Handles an HTTP upgrade if it is for this endpoint (no subprotocol needed; an offered one is echoed).
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   * @returns {boolean} false when the path is not this endpoint's
   */
  handleUpgrade(req, socket, head) {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== this.path) return false;
    if (!this.config().acceptSockets) {
      this.log('xswitch: upgrade refused (acceptSockets false)');
      refuseUpgrade(socket, 503, 'Service Unavailable');
      return true;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#open(ws));
    return true;
  }

  /** @param {WebSocket} ws */
  #open(ws) {
    /** @type {() => void} */
    let markClosed = () => {};
    /** @type {VertoSocket} */
    const sock = {
      id: this.#nextSocket++,
      ws,
      sessid: null,
      user: null,
      subscriptions: new Map(),
      connectedAt: Date.now(),
      lastInboundAt: null,
      pingsSent: 0,
      pingTimer: undefined,
      clientReadySent: false,
      closed: new Promise((resolve) => (markClosed = () => resolve(undefined))),
    };
    this.#sockets.add(sock);
    this.log(`xswitch: socket ${sock.id} open`);
    ws.on('message', (data) => this.#onFrame(sock, String(data)));
    ws.on('error', () => {});
    ws.on('close', () => {
      this.#forget(sock);
      this.#closing.delete(sock);
      this.log(`xswitch: socket ${sock.id} closed`);
      markClosed();
    });
  }

  /**
   * Removes a socket from every table (idempotent): sessid detached, subscriptions purged.
   * @param {VertoSocket} sock
   */
  #forget(sock) {
    clearTimeout(sock.pingTimer);
    sock.pingTimer = undefined;
    if (this.#sockets.delete(sock) && sock.ws.readyState !== sock.ws.CLOSED) this.#closing.add(sock);
    if (sock.sessid && this.#attached.get(sock.sessid) === sock) this.#attached.delete(sock.sessid);
    sock.subscriptions.clear();
  }

  /**
   * @param {VertoSocket} sock
   * @param {string} text
   */
  #onFrame(sock, text) {
    sock.lastInboundAt = Date.now();
    this.#armPing(sock);
    if (text.startsWith('#')) {
      // `#SP…`: mod_verto's private speed-test sub-protocol. Not simulated: logged and ignored.
      this.#record(sock, { kind: 'raw', text });
      return;
    }
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      this.#record(sock, { kind: 'invalid', text, error: VERTO_CODES.INVALID });
      this.#send(sock, { jsonrpc: '2.0', error: { code: VERTO_CODES.INVALID, message: 'Invalid Request' }, id: null });
      return;
    }
    /** @type {(() => void)[]} */
    const after = [];
    if (Array.isArray(json)) {
      const replies = json.map((item) => this.#process(sock, item, true, after)).filter((r) => r !== null);
      if (replies.length > 0) this.#send(sock, replies);
    } else {
      const reply = this.#process(sock, json, false, after);
      if (reply) this.#send(sock, reply);
    }
    for (const action of after) action();
  }

  /**
   * One JSON-RPC message → its reply (null for a response from the client).
   * @param {VertoSocket} sock
   * @param {unknown} msg
   * @param {boolean} batch
   * @param {(() => void)[]} after run once the replies are written
   * @returns {Json | null}
   */
  #process(sock, msg, batch, after) {
    if (!isObject(msg)) {
      this.#record(sock, { kind: 'invalid', batch, text: JSON.stringify(msg), error: VERTO_CODES.INVALID });
      return { jsonrpc: '2.0', error: { code: VERTO_CODES.INVALID, message: 'Invalid message' }, id: null };
    }
    const params = isObject(msg.params) ? msg.params : undefined;
    const id = msg.id ?? null;
    const method = nonEmpty(msg.method);
    // mod_verto takes the session id from the first message of the socket (set_session_id).
    sock.sessid ??= nonEmpty(params?.sessid) ?? randomUUID();
    const isResponse = !method && ('result' in msg || 'error' in msg);
    const entry = this.#record(sock, {
      kind: isResponse ? 'response' : msg.id === undefined ? 'notification' : 'request',
      method: method ?? null,
      id,
      params,
      batch,
    });
    /**
     * @param {number} code
     * @param {string} message
     */
    const fail = (code, message) => {
      entry.error = code;
      return { jsonrpc: '2.0', id, error: { code, message } };
    };

    if (msg.jsonrpc !== '2.0') return fail(VERTO_CODES.INVALID, 'Invalid message');
    if (isResponse) return null;

    if (!sock.user || method === 'login') {
      const auth = this.#checkAuth(params);
      if ('code' in auth) return fail(auth.code, auth.message);
      if (!sock.user) {
        if (!this.#attach(sock, auth.user)) {
          after.push(() => this.#close(sock, 1000, 'Session in use'));
          return fail(VERTO_CODES.AUTH_FAILED, 'Session in use');
        }
        if (this.sendsClientReady) after.push(() => this.#clientReady(sock));
      }
      sock.user = auth.user;
      entry.user = auth.user.id;
      this.#armPing(sock);
    }

    const outcome = this.#dispatch(sock, method, params ?? {});
    if ('code' in outcome) return fail(outcome.code, outcome.message);
    if ('error' in outcome) {
      entry.error = typeof outcome.error.code === 'number' ? outcome.error.code : null;
      return { jsonrpc: '2.0', id, error: outcome.error };
    }
    const result = outcome.result;
    const echo = params?.echoParams;
    if (echo !== undefined && echo !== null && echo !== false) {
      result.requestParams = echo === true || echo === 'true' ? params : echo;
    }
    return { jsonrpc: '2.0', id, result };
  }

  /**
   * mod_verto's check_auth, with the XSwitch directory (password or `loginParams.xui_sessid` token).
   * @param {Json | undefined} params
   * @returns {{user: XSwitchUser} | {code: number, message: string}}
   */
  #checkAuth(params) {
    const failed = (/** @type {string} */ message) => ({ code: VERTO_CODES.AUTH_FAILED, message });
    if (!params) return failed('Missing params');
    const login = nonEmpty(params.login);
    if (!login) return { code: VERTO_CODES.AUTH_REQUIRED, message: 'Authentication Required' };
    const passwd = nonEmpty(params.passwd);
    if (!passwd) return failed('Missing passwd');
    const at = login.indexOf('@');
    if (at <= 0 || at === login.length - 1) return failed('Missing or improper credentials');
    const user =
      login.slice(at + 1) === this.directory.domain ? this.directory.users.get(login.slice(0, at)) : undefined;
    if (!user) return failed('Login Incorrect');
    const token = isObject(params.loginParams) ? nonEmpty(params.loginParams.xui_sessid) : undefined;
    if (token) return this.directory.userByToken(token) === user ? { user } : failed('Authentication Failure');
    return passwd === user.password ? { user } : failed('Authentication Failure');
  }

  /**
   * Attaches the socket's sessid. Another socket holding it: same user → that one is punted;
   * another user → false ("Session in use", this socket is dropped).
   * @param {VertoSocket} sock
   * @param {XSwitchUser} user
   * @returns {boolean}
   */
  #attach(sock, user) {
    const sessid = /** @type {string} */ (sock.sessid);
    const holder = this.#attached.get(sessid);
    if (holder && holder !== sock) {
      if (holder.user !== user) {
        this.log(`xswitch: socket ${sock.id} refused, sessid ${sessid} in use by ${holder.user?.id}`);
        return false;
      }
      this.#punt(holder);
    }
    this.#attached.set(sessid, sock);
    return true;
  }

  /** @param {VertoSocket} sock */
  #clientReady(sock) {
    if (sock.clientReadySent) return;
    sock.clientReadySent = true;
    this.#send(sock, this.#request('verto.clientReady', { reattached_sessions: [] }));
  }

  /**
   * @param {VertoSocket} sock
   * @param {string | undefined} method
   * @param {Json} params
   * @returns {{result: Json} | {error: Json} | {code: number, message: string}}
   */
  #dispatch(sock, method, params) {
    const user = /** @type {XSwitchUser} */ (sock.user);
    switch (method) {
      case 'login':
        return { result: { message: 'logged in', sessid: sock.sessid } };
      case 'echo':
        return { result: { ...params } };
      case 'verto.ping':
        return { result: { message: 'PONG' } };
      case 'jsapi':
        return this.#jsapi(user, params);
      case 'verto.subscribe':
        return this.#subscribe(sock, user, params.eventChannel);
      case 'verto.unsubscribe':
        return this.#unsubscribe(sock, params.eventChannel);
      case 'verto.broadcast':
        return this.#broadcast(sock, user, params);
      default:
        return { code: VERTO_CODES.NO_METHOD, message: 'Invalid Method, Missing Method or Permission Denied' };
    }
  }

  /**
   * @param {XSwitchUser} user
   * @param {Json} params
   * @returns {{result: Json} | {code: number, message: string}}
   */
  #jsapi(user, params) {
    const denied = { code: VERTO_CODES.PERMISSION_DENIED, message: 'Permission Denied' };
    if (!ALLOWED_JSAPI.includes(params.command) || !isObject(params.data)) return denied;
    const { method, func, data } = params.data;
    if (method !== 'ccc') return { result: { code: 404, message: `unknown lua method: ${String(method)}` } };
    return { result: this.callcenter.ccc(func, data, user) };
  }

  /**
   * @param {unknown} eventChannel
   * @returns {string[] | null}
   */
  #channels(eventChannel) {
    const list = (Array.isArray(eventChannel) ? eventChannel : [eventChannel]).filter(
      (c) => typeof c === 'string' && c !== '',
    );
    return list.length > 0 ? list : null;
  }

  /**
   * @param {VertoSocket} sock
   * @param {XSwitchUser} user
   * @param {unknown} eventChannel
   * @returns {{result: Json} | {error: Json}}
   */
  #subscribe(sock, user, eventChannel) {
    const channels = this.#channels(eventChannel);
    if (!channels) return { error: { code: VERTO_CODES.SESSION_ERROR, message: 'eventChannel not specified.' } };
    /** @type {Record<'subscribedChannels' | 'unauthorizedChannels' | 'alreadySubscribedChannels', string[]>} */
    const lists = { subscribedChannels: [], unauthorizedChannels: [], alreadySubscribedChannels: [] };
    for (const channel of channels) {
      if (!this.directory.maySubscribe(user, channel)) lists.unauthorizedChannels.push(channel);
      else if (sock.subscriptions.has(channel)) lists.alreadySubscribedChannels.push(channel);
      else {
        sock.subscriptions.set(channel, { serno: 0 });
        lists.subscribedChannels.push(channel);
      }
    }
    const body = Object.fromEntries(Object.entries(lists).filter(([, v]) => v.length > 0));
    // Nothing newly subscribed: mod_verto puts the same object under `error` (no code).
    return lists.subscribedChannels.length > 0 ? { result: body } : { error: body };
  }

  /**
   * @param {VertoSocket} sock
   * @param {unknown} eventChannel
   * @returns {{result: Json} | {error: Json}}
   */
  #unsubscribe(sock, eventChannel) {
    const channels = this.#channels(eventChannel);
    if (!channels) return { error: { code: VERTO_CODES.SESSION_ERROR, message: 'eventChannel not specified.' } };
    /** @type {Record<'unsubscribedChannels' | 'notSubscribedChannels', string[]>} */
    const lists = { unsubscribedChannels: [], notSubscribedChannels: [] };
    for (const channel of channels) {
      if (sock.subscriptions.delete(channel)) lists.unsubscribedChannels.push(channel);
      else lists.notSubscribedChannels.push(channel);
    }
    return { result: Object.fromEntries(Object.entries(lists).filter(([, v]) => v.length > 0)) };
  }

  /**
   * @param {VertoSocket} sock
   * @param {XSwitchUser} user
   * @param {Json} params
   * @returns {{result: Json}}
   */
  #broadcast(sock, user, params) {
    const channel = nonEmpty(params.eventChannel);
    if (!channel) return { result: { code: VERTO_CODES.SESSION_ERROR, message: 'eventChannel not specified.' } };
    if (!this.directory.maySubscribe(user, channel)) {
      return { result: { code: VERTO_CODES.SESSION_ERROR, message: 'Permission Denied.' } };
    }
    const event = { ...params };
    delete event.localBroadcast;
    delete event.echoParams;
    this.publish({ ...event, eventChannel: channel, userid: user.uid, sessid: sock.sessid, fromDisplay: user.id });
    return { result: {} };
  }

  /**
   * Publishes an event object (with `eventChannel`) as `verto.event`: to the socket whose sessid is
   * the channel (implicit subscription), else to subscribers of exactly that channel and of its first
   * segment — nothing in between (`vcc.default` does not see `vcc.default.1001`, `vcc` does).
   * @param {Json & {eventChannel?: unknown}} event
   * @returns {number} messages sent
   */
  publish(event) {
    const channel = nonEmpty(event.eventChannel);
    if (!channel) return 0;
    const owner = this.#attached.get(channel);
    if (owner) {
      this.#send(owner, this.#request('verto.event', { ...event }));
      return 1;
    }
    const dot = channel.indexOf('.');
    const targets = dot === -1 ? [channel] : [channel, channel.slice(0, dot)];
    let sent = 0;
    for (const target of targets) {
      for (const sock of this.#sockets) {
        const sub = sock.subscriptions.get(target);
        if (!sub || !sock.user) continue;
        this.#send(
          sock,
          this.#request('verto.event', { ...event, eventSerno: sub.serno++, subscribedChannel: target }),
        );
        sent++;
      }
    }
    return sent;
  }

  /**
   * @param {string} method
   * @param {Json} params
   */
  #request(method, params) {
    return { jsonrpc: '2.0', id: this.#nextId++, method, params };
  }

  /**
   * Writes a message. A single result object gets `result.sessid` (mod_verto's ws_write_json);
   * results inside a batch array do not.
   * @param {VertoSocket} sock
   * @param {Json | Json[]} message
   */
  #send(sock, message) {
    if (sock.ws.readyState !== sock.ws.OPEN) return;
    if (!Array.isArray(message) && isObject(message.result) && sock.sessid) message.result.sessid = sock.sessid;
    sock.ws.send(JSON.stringify(message));
  }

  /** @param {VertoSocket} sock */
  #armPing(sock) {
    clearTimeout(sock.pingTimer);
    sock.pingTimer = undefined;
    const idle = this.config().pingIdleMs;
    if (!sock.user || !(idle > 0) || !this.#sockets.has(sock)) return;
    sock.pingTimer = setTimeout(() => {
      sock.pingsSent++;
      this.#send(sock, this.#request('verto.ping', { serno: Math.floor(Date.now() / 1000) }));
      this.#armPing(sock);
    }, idle);
  }

  /** Re-arms every ping timer (after `pingIdleMs` changed). */
  reconfigure() {
    for (const sock of this.#sockets) this.#armPing(sock);
  }

  /**
   * @param {VertoSocket} sock
   * @param {number} code
   * @param {string} reason
   */
  #close(sock, code, reason) {
    this.#forget(sock);
    sock.ws.close(code, reason);
  }

  /** @param {VertoSocket} sock */
  #punt(sock) {
    this.log(`xswitch: socket ${sock.id} punted`);
    this.#send(sock, this.#request('verto.punt', {}));
    this.#close(sock, 1000, 'punted');
  }

  /**
   * @param {{user?: unknown, socket?: unknown}} selector
   * @returns {VertoSocket[]}
   */
  #select({ user, socket }) {
    return [...this.#sockets].filter(
      (s) => (user === undefined || s.user?.id === String(user)) && (socket === undefined || s.id === Number(socket)),
    );
  }

  /**
   * Terminates sockets without a close handshake, as a network failure would.
   * @param {{user?: unknown, socket?: unknown}} [selector] all sockets without one
   * @returns {number}
   */
  drop(selector = {}) {
    const socks = this.#select(selector);
    for (const sock of socks) {
      this.#forget(sock);
      sock.ws.terminate();
    }
    return socks.length;
  }

  /**
   * Sends `verto.punt` and closes (the client must not reconnect).
   * @param {{user?: unknown, socket?: unknown}} selector
   * @returns {number}
   */
  punt(selector) {
    const socks = this.#select(selector);
    socks.forEach((s) => this.#punt(s));
    return socks.length;
  }

  /**
   * Sends a raw text frame (e.g. `#SPU123`, or broken JSON).
   * @param {{user?: unknown, socket?: unknown}} selector
   * @param {string} text
   * @returns {number}
   */
  raw(selector, text) {
    const socks = this.#select(selector).filter((s) => s.ws.readyState === s.ws.OPEN);
    socks.forEach((s) => s.ws.send(text));
    return socks.length;
  }

  /**
   * @param {VertoSocket} sock
   * @param {{kind: RpcLogEntry['kind'], method?: string | null, id?: unknown, params?: Json, batch?: boolean, text?: string, error?: number | null}} fields
   * @returns {RpcLogEntry}
   */
  #record(sock, { kind, method = null, id = null, params, batch = false, text, error = null }) {
    /** @type {Json | null} */
    let logged = null;
    /** @type {RpcLogEntry['passwd']} */
    let passwd = 'absent';
    if (params) {
      const { passwd: secret, ...rest } = params;
      logged = rest;
      if (secret !== undefined) passwd = secret === '' || secret === null ? 'empty' : 'present';
    }
    /** @type {RpcLogEntry} */
    const entry = {
      seq: ++this.#seq,
      at: Date.now(),
      socket: sock.id,
      user: sock.user?.id ?? null,
      kind,
      method,
      id,
      params: logged,
      passwd,
      sessid: nonEmpty(params?.sessid) ?? null,
      batch,
      error,
      ...(text === undefined ? {} : { text: text.slice(0, 500) }),
    };
    this.#log.push(entry);
    if (this.#log.length > LOG_LIMIT) this.#log.splice(0, this.#log.length - LOG_LIMIT);
    return entry;
  }

  /**
   * @param {number} [since] only entries with a greater seq
   * @returns {RpcLogEntry[]}
   */
  requests(since = 0) {
    return this.#log.filter((e) => e.seq > since);
  }

  clearRequests() {
    this.#log = [];
  }

  /** The sockets, for the control API. */
  view() {
    return [...this.#sockets].map((s) => ({
      id: s.id,
      user: s.user?.id ?? null,
      login: s.user?.uid ?? null,
      sessid: s.sessid,
      authenticated: s.user !== null,
      subscriptions: [...s.subscriptions.keys()],
      connectedAt: s.connectedAt,
      lastInboundAt: s.lastInboundAt,
      pingsSent: s.pingsSent,
    }));
  }

  /**
   * Closes every socket with a close handshake (terminated if it takes longer than 500 ms).
   * @param {number} [code]
   * @param {string} [reason]
   */
  async closeAll(code = 1000, reason = '') {
    const socks = [...this.#sockets, ...this.#closing];
    for (const sock of socks) {
      clearTimeout(sock.pingTimer);
      sock.ws.close(code, reason);
    }
    const timer = setTimeout(() => socks.forEach((s) => s.ws.terminate()), CLOSE_GRACE_MS);
    await Promise.all(socks.map((s) => s.closed));
    clearTimeout(timer);
  }

  /** Closes every socket and the WebSocket server. */
  async close() {
    await this.closeAll(1001, 'simulator stopping');
    await new Promise((resolve) => this.#wss.close(() => resolve(undefined)));
  }
}
