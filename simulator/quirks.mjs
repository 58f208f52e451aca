// @ts-check

/**
 * Optional protocol features a real server may lack, as switches. The defaults describe a complete server;
 * each switch turns one feature off (or answers oddly), so tests can prove the client degrades instead of
 * blocking. See simulator/README.md ("Server quirks").
 *
 * @typedef {object} Quirks
 * @property {boolean} receipts STOMP: answer a SUBSCRIBE's `receipt` header with RECEIPT (Spring's simple broker does not)
 * @property {'on' | 'off' | 'omit'} heartbeat STOMP: `on` negotiates heart-beats and really sends/expects them,
 *   `off` answers `heart-beat:0,0`, `omit` sends no heart-beat header at all
 * @property {number} heartbeatMs STOMP: the server's own heart-beat interval when `heartbeat` is `on`
 * @property {boolean} messageId STOMP: MESSAGE frames carry `message-id`
 * @property {boolean} contentLength STOMP: frames carry `content-length`
 * @property {boolean} extraHeaders STOMP: frames carry extra, unknown headers (as brokers add)
 * @property {boolean} refuseSubscribe STOMP: answer SUBSCRIBE with an ERROR frame and close the socket
 * @property {boolean} dropOnSubscribe STOMP: terminate the socket right after a SUBSCRIBE (no ERROR, no RECEIPT)
 * @property {'full' | 'sparse' | '404' | '500'} clientState well REST: `GET /api/csta/agent/client-state` answers
 *   in full, with only some fields (plus unknown ones), or with that HTTP error
 * @property {boolean} clientReady XSwitch: send `verto.clientReady` after login
 * @property {'ok' | '404' | '401' | 'text'} agentState XSwitch REST: `GET /api/cc/agent_state` answers normally,
 *   with that HTTP error, or with a non-JSON 200
 */

/** @type {Readonly<Quirks>} */
export const DEFAULT_QUIRKS = Object.freeze({
  receipts: true,
  heartbeat: 'on',
  heartbeatMs: 10_000,
  messageId: true,
  contentLength: true,
  extraHeaders: false,
  refuseSubscribe: false,
  dropOnSubscribe: false,
  clientState: 'full',
  clientReady: true,
  agentState: 'ok',
});

const CHOICES = /** @type {const} */ ({
  heartbeat: ['on', 'off', 'omit'],
  clientState: ['full', 'sparse', '404', '500'],
  agentState: ['ok', '404', '401', 'text'],
});
const FLAGS = /** @type {const} */ ([
  'receipts',
  'messageId',
  'contentLength',
  'extraHeaders',
  'refuseSubscribe',
  'dropOnSubscribe',
  'clientReady',
]);

/**
 * Checks a partial quirk set and fills in the defaults.
 * @param {unknown} [input]
 * @returns {Quirks}
 */
export function quirksOf(input = {}) {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('quirks must be an object');
  const given = /** @type {Record<string, unknown>} */ (input);
  /** @type {Record<string, unknown>} */
  const result = { ...DEFAULT_QUIRKS };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (/** @type {readonly string[]} */ (FLAGS).includes(key)) {
      if (typeof value !== 'boolean') throw new Error(`quirk ${key} must be true or false`);
    } else if (key in CHOICES) {
      const choices = /** @type {readonly string[]} */ (CHOICES[/** @type {keyof typeof CHOICES} */ (key)]);
      if (typeof value !== 'string' || !choices.includes(value)) {
        throw new Error(`quirk ${key} must be one of ${choices.join(', ')}`);
      }
    } else if (key === 'heartbeatMs') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 10) {
        throw new Error('quirk heartbeatMs must be an integer >= 10');
      }
    } else {
      throw new Error(`unknown quirk ${key}`);
    }
    result[key] = value;
  }
  return /** @type {Quirks} */ (/** @type {unknown} */ (result));
}
