// @ts-check

/** Meaning of every status code the well backend answers (wellClient code table). */
export const STATUS_MESSAGES = Object.freeze({
  400: 'bad request',
  401: 'job number, password or domain wrong',
  404: 'not found',
  423: 'agent state illegal (agent deleted or disabled)',
  426: 'failed to obtain AccessToken',
  451: 'extension not registered to the SIP server',
  452: 'illegal agent job number',
  453: 'illegal extension',
  454: 'agent already logged in on this extension',
  455: 'agent already logged in on another extension',
  456: 'extension state illegal',
  457: 'unauthorised extension',
  458: 'agent already logged out',
  459: 'extension already used by another agent',
  460: 'extension busy',
  461: 'online agent count over the licence limit',
  462: 'pre-allocation of agent failed',
  465: 'ExceedAgentAutoOutboundQuota',
  466: 'recording disabled',
  483: 'task not assigned',
  500: 'internal error',
  503: 'service unavailable',
});

/**
 * A refusal with an HTTP status and a JSON body `{status, message, ...extra}`.
 */
export class CtiError extends Error {
  /**
   * @param {number} status HTTP status to answer.
   * @param {string} [message] Defaults to the code table's meaning.
   * @param {Record<string, unknown>} [extra] Extra body fields (e.g. `deviceId` for 455).
   */
  constructor(status, message, extra = {}) {
    const text = message ?? STATUS_MESSAGES[/** @type {keyof typeof STATUS_MESSAGES} */ (status)] ?? `status ${status}`;
    super(text);
    this.status = status;
    this.extra = extra;
  }

  /** @returns {Record<string, unknown>} */
  toJSON() {
    return { status: this.status, message: this.message, ...this.extra };
  }
}

/**
 * Body for an error status: `{status, message}` with the code table's meaning.
 * @param {number} status
 * @returns {{status: number, message: string}}
 */
export function errorBody(status) {
  return {
    status,
    message: STATUS_MESSAGES[/** @type {keyof typeof STATUS_MESSAGES} */ (status)] ?? `status ${status}`,
  };
}
