import { WellError, WellErrorCode, toWellError } from '../../model/well-error.js';
import { abortedError } from '../common/errors.js';
import { httpRequest } from '../common/http.js';
import type { AliyunSettings, VendorLogEntry, VendorOptions } from '../vendor.js';
import { decodeEnvelope, type Envelope } from './aliyun.codec.js';
import { aliyunError } from './aliyun.errors.js';

export const DEFAULT_REGION = 'cn-shanghai';

/**
 * One OpenAPI call: its name, its PascalCase parameters, and the operation named by errors and logs. The steps of a
 * login have the operation `login`: their refusals are `LOGIN_FAILED`.
 */
export interface ApiCall {
  api: string;
  params: Record<string, unknown>;
  operation: string;
}

/** `${origin}${path}?${apiParamName}=<Api>&product=CloudCallCenter&version=2020-07-01&region=<r>` (docs/protocols/aliyun.md fact 1). */
export function proxyUrl(settings: AliyunSettings, apiUrl: string, api: string): string {
  const origin = (settings.ajaxOrigin ?? apiUrl).replace(/\/+$/, '');
  const path = settings.ajaxPath ?? '/data/api.json';
  const query = new URLSearchParams({
    [settings.ajaxApiParamName ?? 'action']: api,
    product: 'CloudCallCenter',
    version: '2020-07-01',
    region: settings.region ?? DEFAULT_REGION,
  });
  return `${origin}${path}${path.includes('?') ? '&' : '?'}${query}`;
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
export async function callApi(
  options: VendorOptions,
  log: (entry: VendorLogEntry) => void,
  call: ApiCall,
  signal: AbortSignal,
): Promise<unknown> {
  const envelope = await fetchEnvelope(options, log, call, signal);
  if (!envelope.ok) throw aliyunError(call.api, call.operation, envelope, call.operation === 'login');
  return envelope.data;
}

async function fetchEnvelope(
  options: VendorOptions,
  log: (entry: VendorLogEntry) => void,
  { api, params, operation }: ApiCall,
  signal: AbortSignal,
): Promise<Envelope> {
  const settings = options.aliyun ?? {};
  const timeoutMs = options.requestTimeoutMs;
  const { transport } = settings;
  try {
    if (transport) {
      // the host's function has no signal: the timeout and the caller's abort race it (a late abort is a no-op)
      const both = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
      const aborted = new Promise<never>((_, reject) => {
        const onAbort = (): void => reject(abortedError(operation, both, timeoutMs));
        if (both.aborted) onAbort();
        both.addEventListener('abort', onAbort);
      });
      return decodeEnvelope(await Promise.race([(async () => transport(api, { ...params }))(), aborted]));
    }
    const get = settings.ajaxMethod?.toLowerCase() === 'get';
    const form = `${formOf(settings, params)}`;
    const url = proxyUrl(settings, options.endpoints.apiUrl, api);
    const response = await httpRequest(
      {
        method: get ? 'GET' : 'POST',
        url: get ? `${url}&${form}` : url,
        form: get ? undefined : form,
        headers: settings.ajaxHeaders,
        credentials: settings.withCredentials ? 'include' : undefined,
        signal,
        timeoutMs,
        operation,
      },
      options.fetch ?? ((input, init) => fetch(input, init)),
      log,
    );
    return decodeEnvelope(response.body, response.status);
  } catch (err) {
    const ours = err instanceof WellError;
    // an error status whose body is an envelope is that envelope (fact 4): `HTTP_ERROR` keeps the body in
    // `detail.body`; axios rejects with it in `response.data` (an OK envelope there is still a failure)
    const answer = ours
      ? err.code === WellErrorCode.HTTP_ERROR
        ? { data: err.detail?.['body'], status: err.status }
        : undefined
      : (err as { response?: { data?: unknown; status?: unknown } } | null)?.response;
    if (answer?.data !== undefined) {
      const envelope = decodeEnvelope(answer.data, typeof answer.status === 'number' ? answer.status : 0);
      if (envelope.ok ? ours : envelope.code !== 'InvalidResponse') return envelope;
    }
    if (!ours) log({ level: 'warn', message: `transport ${api} failed` });
    throw toWellError(err);
  }
}
