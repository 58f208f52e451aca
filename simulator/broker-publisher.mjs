// @ts-check
import { Client } from '@stomp/stompjs';
import { WebSocket } from 'ws';
import { STOMP_SUBPROTOCOLS } from './stomp-server.mjs';

const FIRST_CONNECT_WAIT_MS = 3000;
const STOP_GRACE_MS = 1000;
/** The publisher user scripts/broker.sh creates (browsers' users and guest may not publish on amq.topic). */
export const DEFAULT_LOGIN = process.env.BROKER_PUBLISHER_LOGIN ?? 'well-cti';
const DEFAULT_PASSCODE = process.env.BROKER_PUBLISHER_PASS ?? 'well-cti';

/**
 * Publishes event bodies to a real STOMP broker (RabbitMQ Web-STOMP) on
 * `/exchange/amq.topic/<routing key>`. Reconnects every 500 ms while the broker is down; bodies
 * published meanwhile are dropped and counted.
 */
export class BrokerPublisher {
  dropped = 0;
  published = 0;
  #client;
  /** @type {Set<() => void>} */
  #waiters = new Set();

  /**
   * @param {object} options
   * @param {string} options.url e.g. `ws://127.0.0.1:15674/ws`
   * @param {string} [options.login] the broker user allowed to publish on amq.topic (`well-cti` of scripts/broker.sh)
   * @param {string} [options.passcode]
   * @param {(connected: boolean) => void} [options.onStatus]
   * @param {(line: string) => void} [options.log]
   */
  constructor({ url, login = DEFAULT_LOGIN, passcode = DEFAULT_PASSCODE, onStatus = () => {}, log = () => {} }) {
    this.url = url;
    this.#client = new Client({
      webSocketFactory: () => new WebSocket(url, [...STOMP_SUBPROTOCOLS]),
      connectHeaders: { login, passcode, host: '/' },
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 500,
      debug: () => {},
      onConnect: () => {
        log(`broker: connected to ${url}`);
        onStatus(true);
        this.#settle();
      },
      onWebSocketClose: () => {
        onStatus(false);
        this.#settle();
      },
      onStompError: (frame) => log(`broker: ERROR ${frame.headers.message ?? ''}`),
    });
  }

  get connected() {
    return this.#client.connected;
  }

  /**
   * Starts connecting; resolves after the first attempt succeeded or failed (at most 3 s), never rejects.
   * @returns {Promise<void>}
   */
  start() {
    const settled = new Promise((resolve) => {
      const timer = setTimeout(done, FIRST_CONNECT_WAIT_MS);
      function done() {
        clearTimeout(timer);
        resolve(undefined);
      }
      this.#waiters.add(done);
    });
    this.#client.activate();
    return /** @type {Promise<void>} */ (settled);
  }

  /**
   * @param {string} routingKey
   * @param {string} body
   * @returns {boolean} false when dropped (broker down)
   */
  publish(routingKey, body) {
    if (!this.#client.connected) {
      this.dropped++;
      return false;
    }
    try {
      this.#client.publish({
        destination: `/exchange/amq.topic/${routingKey}`,
        body,
        headers: { 'content-type': 'application/json;charset=UTF-8' },
      });
      this.published++;
      return true;
    } catch {
      this.dropped++;
      return false;
    }
  }

  /** Disconnects and stops reconnecting. */
  async stop() {
    this.#settle();
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    const forced = new Promise((resolve) => {
      timer = setTimeout(() => resolve(this.#client.deactivate({ force: true })), STOP_GRACE_MS);
    });
    await Promise.race([this.#client.deactivate(), forced]);
    clearTimeout(timer);
  }

  #settle() {
    for (const done of this.#waiters) done();
    this.#waiters.clear();
  }
}
