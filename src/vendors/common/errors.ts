import { WellError, WellErrorCode, type WellErrorInit } from '../../model/well-error.js';

/**
 * The error for work whose signal fired: `TIMEOUT` when the reason is a timeout (the core gives every command an
 * `AbortSignal.timeout`, and requests add their own), `ABORTED` when the caller cancelled.
 */
export function abortedError(what: string, signal: AbortSignal | undefined, timeoutMs?: number): WellError {
  const reason: unknown = signal?.reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') {
    const within = timeoutMs === undefined ? 'in time' : `within ${timeoutMs} ms`;
    return new WellError(WellErrorCode.TIMEOUT, `${what}: no answer ${within}`, { operation: what, cause: reason });
  }
  return new WellError(WellErrorCode.ABORTED, `${what}: aborted`, { operation: what });
}

/**
 * A refusal by the server (it understood the request and said no): `REFUSED`, with the backend's own code as a string
 * in `vendorCode` for hosts that need it.
 */
export function refusedError(
  message: string,
  vendorCode: string | number,
  init: Omit<WellErrorInit, 'vendorCode'> = {},
): WellError {
  return new WellError(WellErrorCode.REFUSED, message, { ...init, vendorCode: String(vendorCode) });
}
