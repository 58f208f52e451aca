// @ts-check

/**
 * @typedef {object} LoggedRequest
 * @property {number} seq increasing across REST requests and STOMP SUBSCRIBE frames (never reused, even after clear)
 * @property {number} at epoch ms
 * @property {string} method HTTP method, or `STOMP` for a SUBSCRIBE frame
 * @property {string} path URL path as sent (not decoded), or the SUBSCRIBE destination
 * @property {Record<string, string>} [query]
 * @property {Record<string, string | undefined>} headers
 * @property {unknown} body parsed JSON or form body, null when empty, the text when unparseable
 * @property {string} [rawBody]
 * @property {string} [command] STOMP command
 * @property {number} [status] HTTP status answered (absent while pending or never answered)
 * @property {boolean} [fault] answered by an injected fault
 */

/** The ordered log of REST requests and STOMP subscriptions, for tests to assert on. */
export class RequestLog {
  /** @type {LoggedRequest[]} */
  #entries = [];
  #seq = 0;

  /**
   * @param {number} [limit] oldest entries are dropped beyond this
   */
  constructor(limit = 5000) {
    this.limit = limit;
  }

  /**
   * @param {Omit<LoggedRequest, 'seq' | 'at'>} entry
   * @returns {LoggedRequest} the stored entry (mutable until answered)
   */
  add(entry) {
    const stored = { seq: ++this.#seq, at: Date.now(), ...entry };
    this.#entries.push(stored);
    if (this.#entries.length > this.limit) this.#entries.splice(0, this.#entries.length - this.limit);
    return stored;
  }

  /**
   * @param {number} [since] only entries with a greater seq
   * @returns {LoggedRequest[]}
   */
  list(since = 0) {
    return this.#entries.filter((e) => e.seq > since);
  }

  clear() {
    this.#entries = [];
  }
}
