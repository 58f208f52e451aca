// @ts-check
import { WebSocketServer } from 'ws';
import { FrameImpl, Parser } from '@stomp/stompjs';
import { topicMatches } from './topic.mjs';
import { DEFAULT_QUIRKS } from './quirks.mjs';

/** @typedef {import('ws').WebSocket} WebSocket */
/** @typedef {import('@stomp/stompjs').StompHeaders} StompHeaders */

/** WebSocket subprotocols accepted, best first. */
export const STOMP_SUBPROTOCOLS = Object.freeze(['v12.stomp', 'v11.stomp', 'v10.stomp']);
const VERSIONS = ['1.2', '1.1', '1.0'];
/** Unknown headers a broker may add to every frame (`extraHeaders` quirk); clients must ignore them. */
const EXTRA_HEADERS = Object.freeze({ 'x-sim-trace': 'abc123', priority: '4', persistent: 'true', 'x-empty': '' });

/** Destination prefixes that address the topic exchange, as on RabbitMQ. */
const TOPIC_PREFIXES = ['/topic/', '/exchange/amq.topic/'];
const CLOSE_GRACE_MS = 500;

/**
 * @typedef {object} Subscription
 * @property {string} id
 * @property {string} destination
 * @property {string} prefix `/topic/` or `/exchange/amq.topic/`
 * @property {string} pattern binding pattern (topic semantics)
 */

/**
 * @typedef {object} Connection
 * @property {number} id
 * @property {WebSocket} ws
 * @property {string} version negotiated STOMP version
 * @property {boolean} connected CONNECTED was sent
 * @property {Map<string, Subscription>} subscriptions
 * @property {number} messages
 * @property {Promise<void>} closed
 * @property {number} lastReceived when the last bytes came in (ms since the epoch)
 * @property {NodeJS.Timeout | undefined} pinger server → client heart-beats
 * @property {NodeJS.Timeout | undefined} watchdog closes the socket when client heart-beats stop
 */

/**
 * @typedef {object} SubscribeInfo
 * @property {number} connection
 * @property {string} id
 * @property {string} destination
 * @property {string} [receipt]
 */

/**
 * @param {string} destination
 * @returns {{prefix: string, key: string} | undefined}
 */
function splitDestination(destination) {
  const prefix = TOPIC_PREFIXES.find((p) => destination.startsWith(p));
  return prefix && destination.length > prefix.length ? { prefix, key: destination.slice(prefix.length) } : undefined;
}

/**
 * @param {import('node:stream').Duplex} socket
 * @param {number} status
 * @param {string} text
 */
export function refuseUpgrade(socket, status, text) {
  socket.on('error', () => {});
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * A small STOMP 1.0–1.2 server over WebSocket with RabbitMQ topic semantics: clients SUBSCRIBE to
 * `/topic/<pattern>` (or `/exchange/amq.topic/<pattern>`), {@link StompServer#publish} fans a body
 * out to every matching subscription, and SEND to such a destination does the same.
 * Frames are parsed and serialized with `@stomp/stompjs`'s `Parser` and `FrameImpl`.
 */
export class StompServer {
  /** @type {Set<Connection>} */
  #connections = new Set();
  #nextId = 1;
  #wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => STOMP_SUBPROTOCOLS.find((p) => protocols.has(p)) ?? false,
  });

  /**
   * @param {object} options
   * @param {string} options.path URL path of the endpoint
   * @param {() => boolean} [options.accepting] false → upgrades are refused with 503
   * @param {(info: SubscribeInfo) => void} [options.onSubscribe]
   * @param {(line: string) => void} [options.log]
   * @param {import('./quirks.mjs').Quirks} [options.quirks] optional features to leave out (default: none)
   */
  constructor({ path, accepting = () => true, onSubscribe = () => {}, log = () => {}, quirks = DEFAULT_QUIRKS }) {
    this.path = path;
    this.accepting = accepting;
    this.onSubscribe = onSubscribe;
    this.log = log;
    this.quirks = quirks;
  }

  /**
   * Handles an HTTP upgrade if it is for this endpoint.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   * @returns {boolean} false when the path is not this endpoint's (the caller answers)
   */
  handleUpgrade(req, socket, head) {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== this.path) return false;
    if (!this.accepting()) {
      this.log('event channel: upgrade refused (acceptChannels false)');
      refuseUpgrade(socket, 503, 'Service Unavailable');
      return true;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#open(ws));
    return true;
  }

  /** Open WebSocket connections. */
  get channelCount() {
    return this.#connections.size;
  }

  /** Destinations of every live subscription. */
  get destinations() {
    return [...this.#connections].flatMap((c) => [...c.subscriptions.values()].map((s) => s.destination));
  }

  /**
   * Sends a MESSAGE to every subscription whose pattern matches the routing key.
   * @param {string} routingKey
   * @param {string} body
   * @param {string} [contentType]
   * @returns {number} messages sent
   */
  publish(routingKey, body, contentType = 'application/json;charset=UTF-8') {
    let sent = 0;
    for (const conn of this.#connections) {
      if (!conn.connected) continue;
      for (const sub of conn.subscriptions.values()) {
        if (!topicMatches(sub.pattern, routingKey)) continue;
        this.#send(
          conn,
          'MESSAGE',
          {
            subscription: sub.id,
            destination: `${sub.prefix}${routingKey}`,
            ...(this.quirks.messageId ? { 'message-id': `${conn.id}-${++conn.messages}` } : {}),
            'content-type': contentType,
          },
          body,
        );
        sent++;
      }
    }
    return sent;
  }

  /**
   * Sends a hand-made MESSAGE frame, bypassing the serializer, to every subscription matching the routing key, as a
   * faulty or hostile server would: `contentLength` is written as given (so it may disagree with the body), and left
   * out when undefined.
   * @param {string} routingKey
   * @param {string} body
   * @param {number | string} [contentLength]
   * @returns {number} frames sent
   */
  sendRawMessage(routingKey, body, contentLength) {
    let sent = 0;
    for (const conn of this.#connections) {
      if (!conn.connected || conn.ws.readyState !== conn.ws.OPEN) continue;
      for (const sub of conn.subscriptions.values()) {
        if (!topicMatches(sub.pattern, routingKey)) continue;
        const length = contentLength === undefined ? '' : `content-length:${contentLength}\n`;
        conn.ws.send(
          `MESSAGE\nsubscription:${sub.id}\ndestination:${sub.prefix}${routingKey}\n` +
            `content-type:application/json;charset=UTF-8\n${length}\n${body}\0`,
        );
        sent++;
      }
    }
    return sent;
  }

  /**
   * Abruptly terminates connections (no close handshake), as a network failure would.
   * @param {string[]} [routingKeys] only connections with a subscription matching one of these
   * @returns {number} connections terminated
   */
  drop(routingKeys) {
    let dropped = 0;
    for (const conn of [...this.#connections]) {
      const subs = [...conn.subscriptions.values()];
      if (routingKeys && !subs.some((s) => routingKeys.some((k) => topicMatches(s.pattern, k)))) continue;
      conn.ws.terminate();
      this.#connections.delete(conn);
      dropped++;
    }
    if (dropped) this.log(`event channel: dropped ${dropped} connection(s)`);
    return dropped;
  }

  /**
   * Closes every connection with a close handshake (terminated if it takes longer than 500 ms).
   * @param {number} [code]
   * @param {string} [reason]
   * @returns {Promise<void>}
   */
  async closeAll(code = 1000, reason = '') {
    const conns = [...this.#connections];
    for (const conn of conns) conn.ws.close(code, reason);
    const timer = setTimeout(() => conns.forEach((c) => c.ws.terminate()), CLOSE_GRACE_MS);
    await Promise.all(conns.map((c) => c.closed));
    clearTimeout(timer);
  }

  /** Closes every connection and the WebSocket server. */
  async close() {
    await this.closeAll(1001, 'simulator stopping');
    await new Promise((resolve) => this.#wss.close(() => resolve(undefined)));
  }

  /** @param {WebSocket} ws */
  #open(ws) {
    /** @type {() => void} */
    let markClosed = () => {};
    /** @type {Connection} */
    const conn = {
      id: this.#nextId++,
      ws,
      version: '1.0',
      connected: false,
      subscriptions: new Map(),
      messages: 0,
      closed: new Promise((resolve) => (markClosed = () => resolve(undefined))),
      lastReceived: Date.now(),
      pinger: undefined,
      watchdog: undefined,
    };
    this.#connections.add(conn);
    this.log(`event channel: connection ${conn.id} open (${ws.protocol || 'no subprotocol'})`);
    const parser = new Parser(
      (raw) => this.#onFrame(conn, FrameImpl.fromRawFrame(raw, conn.connected && conn.version !== '1.0')),
      () => {},
    );
    ws.on('message', (data) => {
      conn.lastReceived = Date.now();
      try {
        parser.parseChunk(/** @type {ArrayBuffer} */ (/** @type {unknown} */ (data)));
      } catch (error) {
        this.#fail(conn, 'malformed frame', error instanceof Error ? error.message : String(error));
      }
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      clearInterval(conn.pinger);
      clearInterval(conn.watchdog);
      this.#connections.delete(conn);
      this.log(`event channel: connection ${conn.id} closed`);
      markClosed();
    });
  }

  /**
   * @param {Connection} conn
   * @param {FrameImpl} frame
   */
  #onFrame(conn, { command, headers, body }) {
    if (!conn.connected) {
      if (command === 'CONNECT' || command === 'STOMP') this.#connect(conn, headers);
      else this.#fail(conn, `expected CONNECT, got ${command}`);
      return;
    }
    switch (command) {
      case 'SUBSCRIBE':
        if (!this.#subscribe(conn, headers)) return;
        if (this.quirks.refuseSubscribe) {
          this.#fail(conn, `Access refused for destination ${headers.destination ?? ''}`, 'refuseSubscribe quirk');
          return;
        }
        if (this.quirks.dropOnSubscribe) {
          this.log(`event channel: connection ${conn.id} dropped after SUBSCRIBE (dropOnSubscribe quirk)`);
          conn.ws.terminate();
          return;
        }
        if (!this.quirks.receipts) return; // like Spring's simple broker: no RECEIPT for SUBSCRIBE
        break;
      case 'UNSUBSCRIBE':
        conn.subscriptions.delete(headers.id ?? headers.destination ?? '');
        break;
      case 'SEND': {
        const target = splitDestination(headers.destination ?? '');
        if (!target) return this.#fail(conn, `cannot send to ${headers.destination ?? '(no destination)'}`);
        this.publish(target.key, body, headers['content-type']);
        break;
      }
      case 'DISCONNECT':
        this.#receipt(conn, headers);
        conn.ws.close(1000);
        return;
      case 'ACK':
      case 'NACK':
      case 'BEGIN':
      case 'COMMIT':
      case 'ABORT':
        break;
      default:
        return this.#fail(conn, `unsupported command ${command}`);
    }
    this.#receipt(conn, headers);
  }

  /**
   * @param {Connection} conn
   * @param {StompHeaders} headers
   */
  #connect(conn, headers) {
    const offered = (headers['accept-version'] ?? '1.0').split(',').map((v) => v.trim());
    const version = VERSIONS.find((v) => offered.includes(v));
    if (!version) {
      this.#fail(conn, `Supported protocol versions are ${[...VERSIONS].reverse().join(',')}`);
      return;
    }
    conn.version = version;
    conn.connected = true;
    const heartbeat = this.#negotiateHeartbeat(conn, headers['heart-beat']);
    this.#send(conn, 'CONNECTED', {
      version,
      ...(heartbeat === undefined ? {} : { 'heart-beat': heartbeat }),
      server: 'well-sim',
      session: `session-${conn.id}`,
    });
  }

  /**
   * STOMP 1.1+ heart-beating: the server offers `heartbeatMs` both ways; each direction runs at the larger of
   * the two offers when neither is 0. Pings are a lone EOL; a client silent for twice its interval is closed.
   * @param {Connection} conn
   * @param {string | undefined} offered the client's `heart-beat: cx,cy`
   * @returns {string | undefined} the CONNECTED header value (undefined = no header)
   */
  #negotiateHeartbeat(conn, offered) {
    const mode = this.quirks.heartbeat;
    if (mode === 'omit') return undefined;
    if (mode === 'off' || conn.version === '1.0') return '0,0';
    const [cx = 0, cy = 0] = (offered ?? '0,0').split(',').map((v) => Number.parseInt(v, 10) || 0);
    const own = this.quirks.heartbeatMs;
    if (cy > 0) {
      conn.pinger = setInterval(
        () => {
          if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send('\n');
        },
        Math.max(own, cy),
      );
    }
    if (cx > 0) {
      const limit = 2 * Math.max(own, cx);
      conn.watchdog = setInterval(
        () => {
          if (Date.now() - conn.lastReceived <= limit) return;
          this.log(`event channel: connection ${conn.id} sent no heart-beat for ${limit} ms; closing`);
          conn.ws.terminate();
        },
        Math.max(own, cx),
      );
    }
    return `${own},${own}`;
  }

  /**
   * @param {Connection} conn
   * @param {StompHeaders} headers
   * @returns {boolean}
   */
  #subscribe(conn, headers) {
    const destination = headers.destination ?? '';
    const target = splitDestination(destination);
    if (!target) {
      this.#fail(conn, `unsupported destination ${destination || '(none)'}; use /topic/<pattern>`);
      return false;
    }
    const id = headers.id ?? (conn.version === '1.0' ? destination : undefined);
    if (id === undefined) {
      this.#fail(conn, 'SUBSCRIBE without id');
      return false;
    }
    if (conn.subscriptions.has(id)) {
      this.#fail(conn, `Duplicated subscription identifier ${id}`);
      return false;
    }
    conn.subscriptions.set(id, { id, destination, prefix: target.prefix, pattern: target.key });
    this.onSubscribe({ connection: conn.id, id, destination, receipt: headers.receipt });
    this.log(`event channel: connection ${conn.id} subscribed to ${destination}`);
    return true;
  }

  /**
   * @param {Connection} conn
   * @param {StompHeaders} headers
   */
  #receipt(conn, headers) {
    if (headers.receipt !== undefined) this.#send(conn, 'RECEIPT', { 'receipt-id': headers.receipt });
  }

  /**
   * Sends ERROR and closes the connection, as a broker does.
   * @param {Connection} conn
   * @param {string} message
   * @param {string} [detail]
   */
  #fail(conn, message, detail = '') {
    this.log(`event channel: connection ${conn.id} error: ${message}`);
    this.#send(conn, 'ERROR', { message: message.replace(/[\r\n]/g, ' ') }, detail);
    conn.ws.close(1002, 'STOMP error');
  }

  /**
   * @param {Connection} conn
   * @param {string} command
   * @param {StompHeaders} headers
   * @param {string} [body]
   */
  #send(conn, command, headers, body) {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    const all = this.quirks.extraHeaders && command !== 'ERROR' ? { ...headers, ...EXTRA_HEADERS } : headers;
    conn.ws.send(
      FrameImpl.marshall({
        command,
        headers: all,
        body,
        escapeHeaderValues: conn.version !== '1.0',
        skipContentLengthHeader: !this.quirks.contentLength,
      }),
    );
  }
}
