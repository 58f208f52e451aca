import { WellError, WellErrorCode } from '../../model/well-error.js';
import type { VendorLogEntry } from '../vendor.js';
import { abortedError } from './errors.js';

/** One HTTP request of an adapter. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Absolute URL. */
  url: string;
  /** JSON body (sent with `application/json`), or a pre-encoded form string. */
  json?: unknown;
  form?: string;
  /** Extra request headers (session ids, tokens). Never logged. */
  headers?: Record<string, string>;
  /** Cookies for a cross-origin server (`include`); the fetch default otherwise. */
  credentials?: RequestCredentials;
  signal: AbortSignal;
  timeoutMs: number;
  /** Name for logs and errors (`login`, `resync`…). */
  operation: string;
}

/** A successful answer: the status and the body, read with {@link readBody}. */
export interface HttpResponse {
  status: number;
  body: unknown;
}

/** A body as text, parsed: JSON when it parses. */
export type ParsedJson = { ok: true; value: unknown } | { ok: false; text: string };

/** Parses JSON text without ever throwing. */
export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, text };
  }
}

/** Reads a response body without ever throwing: JSON when it parses, else the text, `undefined` when empty or unreadable. */
export async function readBody(response: Response): Promise<unknown> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  if (text === '') return undefined;
  const parsed = parseJson(text);
  return parsed.ok ? parsed.value : parsed.text;
}

/**
 * Performs one request with a timeout and the caller's AbortSignal. Rejects with a WellError only: `HTTP_ERROR`
 * (any non-2xx answer, carrying `status` and the body in `detail.body`; adapters turn refusals into `REFUSED`),
 * `TIMEOUT`, `ABORTED` or `NETWORK_ERROR`.
 */
export async function httpRequest(
  request: HttpRequest,
  fetchImpl: typeof fetch,
  log: (entry: VendorLogEntry) => void,
): Promise<HttpResponse> {
  const signal = AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]);
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (request.form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
    body = request.form;
  } else if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json; charset=UTF-8';
    body = JSON.stringify(request.json);
  }
  const started = Date.now();
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers,
      body,
      signal,
      mode: 'cors',
      ...(request.credentials ? { credentials: request.credentials } : {}),
    });
  } catch (cause) {
    // a timeout anywhere up the chain (ours or the caller's) aborts with a TimeoutError reason
    const error = signal.aborted
      ? abortedError(request.operation, signal, request.timeoutMs)
      : new WellError(WellErrorCode.NETWORK_ERROR, `${request.operation}: the server could not be reached`, {
          operation: request.operation,
          cause,
        });
    log({ level: 'warn', message: `HTTP ${request.method} ${request.url} failed: ${error.code}` });
    throw error;
  }
  const parsed = await readBody(response);
  log({
    level: response.ok ? 'debug' : 'warn',
    message: `HTTP ${request.method} ${request.url} → ${response.status} in ${Date.now() - started} ms`,
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

/**
 * Runs `work`; when it rejects with an `HTTP_ERROR` that has a status, rejects with `map(status, body, error)`
 * instead (a login's statuses become `LOGIN_FAILED`, a command's refusal `REFUSED`). Anything else passes unchanged.
 */
export async function mapHttpError<T>(
  work: Promise<T>,
  map: (status: number, body: unknown, error: WellError) => WellError,
): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof WellError && err.code === WellErrorCode.HTTP_ERROR && err.status !== undefined) {
      throw map(err.status, err.detail?.['body'], err);
    }
    throw err;
  }
}
