import { WellError, WellErrorCode } from '../../model/well-error.js';
import { httpRequest } from '../common/http.js';
import { joinUrl } from '../common/url.js';
import type { VendorLogEntry } from '../vendor.js';
import { agentStateRowOf, type AgentStateRead } from './xswitch.codec.js';

export interface XswitchRestOptions {
  apiUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  log(entry: VendorLogEntry): void;
}

/**
 * Reads the agent's row of `GET /api/cc/agent_state` (docs/protocols/xswitch.md fact 5). The REST twin is optional for
 * the agent to work: an HTTP error (404 where it is not deployed, 401 when the token is not accepted there) or a body
 * that is not an agent list resolves `{ok: false, why}`. Rejects only with `NETWORK_ERROR`, `TIMEOUT` or `ABORTED`.
 */
export async function readAgentState(
  options: XswitchRestOptions,
  who: { jobNumber: string; group: string; queue: string; token: string | undefined },
  signal: AbortSignal,
  operation: string,
): Promise<AgentStateRead> {
  let body: unknown;
  try {
    body = (
      await httpRequest(
        {
          method: 'GET',
          url: joinUrl(options.apiUrl, `/api/cc/agent_state?queue=${encodeURIComponent(who.queue)}&type=callcenter`),
          headers: who.token ? { 'X-XTRA-AUTH-ID': who.token } : {},
          signal,
          timeoutMs: options.timeoutMs,
          operation,
        },
        options.fetch,
        options.log,
      )
    ).body;
  } catch (err) {
    if (err instanceof WellError && err.code === WellErrorCode.HTTP_ERROR) {
      return { ok: false, why: `agent_state answered HTTP ${err.status}` };
    }
    throw err;
  }
  // an empty body is not JSON either
  const text = typeof body === 'string' ? body : body === undefined ? '' : undefined;
  return agentStateRowOf(body, who.jobNumber, who.group, text);
}
