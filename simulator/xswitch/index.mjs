// @ts-check
import { CtiError } from '../errors.mjs';
import { Outbox } from '../outbox.mjs';
import { XSwitchDirectory, XSWITCH_DOMAIN } from './directory.mjs';
import { CallCenter, DEST_OUTCOMES } from './callcenter.mjs';
import { VertoServer } from './verto-server.mjs';
import { xswitchControlRoutes, xswitchRestRoutes } from './routes.mjs';

export { VERTO_CODES } from './verto-server.mjs';
export { CCC_FUNCS } from './callcenter.mjs';
export * from './directory.mjs';
export * as vcc from './vcc-events.mjs';

/** Default path of the Verto WebSocket endpoint (XSwitch's `ws://host:port/ws`). */
export const XSWITCH_PATH = '/ws';
/** mod_verto pings after 30 s without inbound traffic. */
export const XSWITCH_PING_IDLE_MS = 30_000;

/** @typedef {import('./callcenter.mjs').XSwitchConfig} XSwitchConfig */

/**
 * @typedef {object} XSwitchOptions
 * @property {string} [domain] login domain (default `xswitch.cn`)
 * @property {string} [path] WebSocket path (default `/ws`)
 * @property {number} [eventDelayMs] delay between a command and its `vcc` events (default 5)
 * @property {number} [pingIdleMs] `verto.ping` after this long without inbound traffic (default 30000; 0 = never)
 * @property {boolean} [clientReady] send `verto.clientReady` after a login (default true)
 * @property {'ok' | '404' | '401' | 'text'} [agentState] how REST `agent_state` answers (default `ok`)
 * @property {(line: string) => void} [log]
 */

/**
 * The XSwitch (Verto JSON-RPC over WebSocket) side of the simulator: directory, call center, Verto
 * endpoint, its `/__sim/xswitch` control routes and the `/api/cc` REST twins.
 */
export class XSwitch {
  /** @type {XSwitchConfig} */
  config;
  /** @type {XSwitchConfig} */
  #initialConfig;
  #outbox = new Outbox();

  /**
   * @param {XSwitchOptions} [options]
   */
  constructor({
    domain = XSWITCH_DOMAIN,
    path = XSWITCH_PATH,
    eventDelayMs = 5,
    pingIdleMs = XSWITCH_PING_IDLE_MS,
    clientReady = true,
    agentState = 'ok',
    log = () => {},
  } = {}) {
    /** Optional behaviours a real server may lack (see simulator/quirks.mjs). */
    this.quirks = Object.freeze({ clientReady, agentState });
    this.#initialConfig = {
      acceptSockets: true,
      pingIdleMs,
      eventDelayMs,
      autoAnswerAgentMs: null,
      autoAnswerDestMs: null,
      autoDestOutcome: 'answer',
    };
    this.config = { ...this.#initialConfig };
    this.path = path;
    this.directory = new XSwitchDirectory({ domain });
    this.callcenter = new CallCenter({
      directory: this.directory,
      config: () => this.config,
      publish: (event) => void this.publishLater(event),
    });
    this.verto = new VertoServer({
      path,
      directory: this.directory,
      callcenter: this.callcenter,
      config: () => this.config,
      clientReady,
      log,
    });
    this.controlRoutes = xswitchControlRoutes(this);
    this.restRoutes = xswitchRestRoutes(this);
  }

  get domain() {
    return this.directory.domain;
  }

  /**
   * Publishes an event after `eventDelayMs`, in order with every other event.
   * @param {Record<string, unknown> & {eventChannel: string}} event
   * @returns {Promise<number | null>} messages sent, null when reset or stopped first
   */
  publishLater(event) {
    return this.#outbox.enqueue(this.config.eventDelayMs, () => this.verto.publish(event));
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   * @returns {boolean} false when the path is not the Verto endpoint
   */
  handleUpgrade(req, socket, head) {
    return this.verto.handleUpgrade(req, socket, head);
  }

  /**
   * @param {Record<string, unknown>} patch
   * @returns {XSwitchConfig}
   */
  configure(patch) {
    const next = { ...this.config };
    for (const [key, value] of Object.entries(patch)) {
      switch (key) {
        case 'acceptSockets':
          if (typeof value !== 'boolean') throw new CtiError(400, 'acceptSockets must be a boolean');
          next.acceptSockets = value;
          break;
        case 'pingIdleMs':
        case 'eventDelayMs':
          if (typeof value !== 'number' || !(value >= 0)) throw new CtiError(400, `${key} must be a number >= 0`);
          next[key] = value;
          break;
        case 'autoAnswerAgentMs':
        case 'autoAnswerDestMs':
          if (value !== null && (typeof value !== 'number' || !(value >= 0))) {
            throw new CtiError(400, `${key} must be null or a number >= 0`);
          }
          next[key] = value;
          break;
        case 'autoDestOutcome':
          if (typeof value !== 'string' || !DEST_OUTCOMES.includes(value)) {
            throw new CtiError(400, `autoDestOutcome must be one of ${DEST_OUTCOMES.join(', ')}`);
          }
          next.autoDestOutcome = /** @type {XSwitchConfig['autoDestOutcome']} */ (value);
          break;
        default:
          throw new CtiError(400, `unknown setting ${key}`);
      }
    }
    this.config = next;
    this.verto.reconfigure();
    return this.config;
  }

  /** Initial configuration, everybody logged out, no calls, sockets closed (1000), request log cleared. */
  async reset() {
    this.#outbox.clear();
    this.callcenter.reset();
    this.config = { ...this.#initialConfig };
    this.verto.clearRequests();
    await this.verto.closeAll(1000, 'simulator reset');
  }

  /** Stops timers and closes every socket. */
  async close() {
    this.#outbox.clear();
    this.callcenter.stop();
    await this.verto.close();
  }
}
