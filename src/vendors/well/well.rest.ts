import { WellError, WellErrorCode } from '../../model/well-error.js';
import type { VendorLogEntry } from '../vendor.js';

/** One REST request of the `well` protocol. */
export interface WellRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Absolute URL. */
  url: string;
  /** JSON body (sent with `application/json`), or a pre-encoded form string. */
  json?: unknown;
  form?: string;
  /** Session id for the `sessionId` header (fact 2); omitted for the TPI login. */
  sessionId?: string;
  signal: AbortSignal;
  timeoutMs: number;
  /** Name for logs and errors (`login`, `setMode`…). */
  operation: string;
}

/** A successful answer: status and parsed body (JSON when it parses, else text, `undefined` when empty). */
export interface WellResponse {
  status: number;
  body: unknown;
}

/** Reads a response body without ever throwing. */
async function readBody(response: Response): Promise<unknown> {
  let textBody = '';
  try {
    textBody = await response.text();
  } catch {
    return undefined;
  }
  if (textBody === '') return undefined;
  try {
    return JSON.parse(textBody) as unknown;
  } catch {
    return textBody;
  }
}

/**
 * Performs one request with a timeout and the caller's AbortSignal; rejects with a WellError
 * (`HTTP_ERROR` carrying `status` and the parsed body in `detail.body`, `TIMEOUT`, `ABORTED`, `NETWORK_ERROR`).
 */
export async function wellFetch(
  request: WellRequest,
  fetchImpl: typeof fetch,
  log: (entry: VendorLogEntry) => void,
): Promise<WellResponse> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout]);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (request.form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
    body = request.form;
  } else if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json; charset=UTF-8';
    body = JSON.stringify(request.json);
  }
  if (request.sessionId) headers['sessionId'] = request.sessionId;
  const started = Date.now();
  let response: Response;
  try {
    response = await fetchImpl(request.url, { method: request.method, headers, body, signal, mode: 'cors' });
  } catch (cause) {
    // A timeout anywhere up the chain (ours or the caller's `timeout` option) aborts with a TimeoutError reason.
    const reason: unknown = signal.reason;
    const code = !signal.aborted
      ? WellErrorCode.NETWORK_ERROR
      : reason instanceof DOMException && reason.name === 'TimeoutError'
        ? WellErrorCode.TIMEOUT
        : WellErrorCode.ABORTED;
    const message =
      code === WellErrorCode.TIMEOUT
        ? `${request.operation}: no answer within ${request.timeoutMs} ms`
        : code === WellErrorCode.ABORTED
          ? `${request.operation}: aborted`
          : `${request.operation}: the server could not be reached`;
    log({ level: 'warn', message: `REST ${request.method} ${request.url} failed: ${code}` });
    throw new WellError(code, message, { operation: request.operation, cause });
  }
  const parsed = await readBody(response);
  log({
    level: response.ok ? 'debug' : 'warn',
    message: `REST ${request.method} ${request.url} → ${response.status} in ${Date.now() - started} ms`,
    data: response.ok ? undefined : parsed,
  });
  if (!response.ok) {
    throw new WellError(WellErrorCode.HTTP_ERROR, `${request.operation}: the server answered HTTP ${response.status}`, {
      status: response.status,
      operation: request.operation,
      detail: { body: parsed },
    });
  }
  return { status: response.status, body: parsed };
}
