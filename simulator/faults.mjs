// @ts-check
import { CtiError } from './errors.mjs';

/**
 * @typedef {object} FaultSpec
 * @property {string} [method] any when absent
 * @property {string} path exact path, or a prefix ending in `*`
 * @property {string} [func] match the JSON body's `func` (agent state commands)
 * @property {number} [status] status to answer; 0 = never answer; absent = answer normally (after delayMs)
 * @property {unknown} [body] JSON body to answer (default `{status, message}` for errors, none for 204)
 * @property {number} [delayMs] answer after this long
 * @property {number} [times] how many requests it applies to (default 1; negative = until cleared)
 */

/** @typedef {FaultSpec & {id: number, remaining: number, hits: number}} Fault */

/** Injected answers for the next matching REST request(s). */
export class FaultTable {
  /** @type {Fault[]} */
  #faults = [];
  #nextId = 1;

  /**
   * @param {unknown} spec
   * @returns {Fault}
   */
  add(spec) {
    if (!spec || typeof spec !== 'object') throw new CtiError(400, 'fault must be an object');
    const { method, path, func, status, body, delayMs, times = 1 } = /** @type {Record<string, any>} */ (spec);
    if (typeof path !== 'string' || !path.startsWith('/')) throw new CtiError(400, '"path" must start with /');
    if (status !== undefined && (!Number.isInteger(status) || (status !== 0 && (status < 100 || status > 599)))) {
      throw new CtiError(400, '"status" must be 0 or an HTTP status');
    }
    if (delayMs !== undefined && (typeof delayMs !== 'number' || delayMs < 0)) {
      throw new CtiError(400, '"delayMs" must be a number >= 0');
    }
    if (status === undefined && delayMs === undefined) throw new CtiError(400, 'give "status" and/or "delayMs"');
    if (!Number.isInteger(times) || times === 0) throw new CtiError(400, '"times" must be a non-zero integer');
    /** @type {Fault} */
    const fault = {
      id: this.#nextId++,
      method: typeof method === 'string' ? method.toUpperCase() : undefined,
      path,
      func: typeof func === 'string' ? func : undefined,
      status,
      body,
      delayMs,
      times,
      remaining: times,
      hits: 0,
    };
    this.#faults.push(fault);
    return fault;
  }

  /**
   * Finds the first fault matching the request and consumes one use of it.
   * @param {{method: string, path: string, func?: unknown}} request
   * @returns {Fault | undefined}
   */
  take({ method, path, func }) {
    const fault = this.#faults.find(
      (f) =>
        (f.method === undefined || f.method === method) &&
        (f.path.endsWith('*') ? path.startsWith(f.path.slice(0, -1)) : path === f.path) &&
        (f.func === undefined || f.func === func),
    );
    if (!fault) return undefined;
    fault.hits++;
    if (fault.remaining > 0 && --fault.remaining === 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    return fault;
  }

  /** @returns {Fault[]} pending faults */
  list() {
    return [...this.#faults];
  }

  clear() {
    this.#faults = [];
  }
}
