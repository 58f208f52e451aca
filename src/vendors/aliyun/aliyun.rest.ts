import { WellError, WellErrorCode, toWellError } from '../../model/well-error.js';
import { abortedError } from '../shared/errors.js';
import { httpRequest } from '../shared/http.js';
import { trimSlash } from '../shared/url.js';
import type { AliyunSettings, VendorLogEntry } from '../vendor.js';
import { decodeEnvelope, type Envelope } from './aliyun.codec.js';
import { aliyunError } from './aliyun.errors.js';

export const DEFAULT_REGION = 'cn-shanghai';
const DEFAULT_PATH = '/data/api.json';
const PRODUCT = 'CloudCallCenter';
const VERSION = '2020-07-01';

export interface AliyunRestOptions {
  settings: AliyunSettings;
  /** The proxy origin when `ajaxOrigin` is not set (the REST base URL). */
  apiUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  log(entry: VendorLogEntry): void;
}

/** One OpenAPI call: its name, its PascalCase parameters, and the operation named by errors and logs. */
export interface ApiCall {
  api: string;
  params: Record<string, unknown>;
  operation: string;
  /** A login step: refusals are `LOGIN_FAILED`. */
  login?: boolean;
}

/** `${origin}${path}?${apiParamName}=<Api>&product=CloudCallCenter&version=2020-07-01&region=<r>` (docs/protocols/aliyun.md fact 1). */
export function proxyUrl(settings: AliyunSettings, apiUrl: string, api: string): string {
  const origin = trimSlash(settings.ajaxOrigin ?? apiUrl);
  const path = settings.ajaxPath ?? DEFAULT_PATH;
  const query = new URLSearchParams({
    [settings.ajaxApiParamName ?? 'action']: api,
    product: PRODUCT,
    version: VERSION,
    region: settings.region ?? DEFAULT_REGION,
  });
  return `${origin}${path}${path.includes('?') ? '&' : '?'}${query.toString()}`;
}

/** The form fields of a call: `request` = the JSON parameters, and the host's extra fields next to it (fact 1). */
export function formOf(settings: AliyunSettings, params: Record<string, unknown>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(settings.ajaxOtherParams ?? {})) {
    if (key !== 'request') form.append(key, String(value));
  }
  form.append('request', JSON.stringify(params));
  return form;
}

/**
 * Calls one OpenAPI through the customer's proxy (or the host's `transport`, fact 3) and resolves with its `Data`.
 * Rejects with a typed WellError only: the refusal of fact 5 (`REFUSED`, `LOGIN_FAILED`, `SESSION_EXPIRED`),
 * `NETWORK_ERROR`, `TIMEOUT`, `ABORTED`, or `HTTP_ERROR` for an answer that is not an OpenAPI result.
 */
export async function callApi(options: AliyunRestOptions, call: ApiCall, signal: AbortSignal): Promise<unknown> {
  const envelope = await fetchEnvelope(options, call, signal);
  if (!envelope.ok) throw aliyunError(call.api, call.operation, envelope, call.login === true);
  return envelope.data;
}

async function fetchEnvelope(options: AliyunRestOptions, call: ApiCall, signal: AbortSignal): Promise<Envelope> {
  const { settings } = options;
  if (settings.transport) return viaTransport(options, call, signal);
  const get = settings.ajaxMethod?.toLowerCase() === 'get';
  const form = formOf(settings, call.params);
  const url = proxyUrl(settings, options.apiUrl, call.api);
  try {
    const response = await httpRequest(
      {
        method: get ? 'GET' : 'POST',
        url: get ? `${url}&${form.toString()}` : url,
        ...(get ? {} : { form: form.toString() }),
        headers: { ...settings.ajaxHeaders },
        ...(settings.withCredentials ? { credentials: 'include' as const } : {}),
        signal,
        timeoutMs: options.timeoutMs,
        operation: call.operation,
      },
      options.fetch,
      options.log,
    );
    return decodeEnvelope(response.body, response.status);
  } catch (err) {
    // an HTTP error status whose body is an envelope is that envelope (fact 4)
    if (err instanceof WellError && err.code === WellErrorCode.HTTP_ERROR && err.status !== undefined) {
      const envelope = decodeEnvelope(err.detail?.['body'], err.status);
      if (envelope.ok || envelope.code !== 'InvalidResponse') return envelope;
    }
    throw err;
  }
}

async function viaTransport(options: AliyunRestOptions, call: ApiCall, signal: AbortSignal): Promise<Envelope> {
  const transport = options.settings.transport!;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const both = AbortSignal.any([signal, timeout]);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError(call.operation, both, options.timeoutMs));
    if (both.aborted) onAbort();
    else both.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const answer = await Promise.race([Promise.resolve().then(() => transport(call.api, { ...call.params })), aborted]);
    return decodeEnvelope(answer);
  } catch (err) {
    if (err instanceof WellError) throw err;
    // axios rejects non-2xx answers with the body in `response.data`
    const body = (err as { response?: { data?: unknown; status?: unknown } } | null)?.response;
    if (body?.data !== undefined) {
      const envelope = decodeEnvelope(body.data, typeof body.status === 'number' ? body.status : 0);
      if (!envelope.ok && envelope.code !== 'InvalidResponse') return envelope;
    }
    options.log({ level: 'warn', message: `transport ${call.api} failed` });
    throw toWellError(err, WellErrorCode.NETWORK_ERROR);
  } finally {
    if (onAbort) both.removeEventListener('abort', onAbort);
  }
}
