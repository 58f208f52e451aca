import { LoginReason, type LoginFailure } from '../../model/login-reason.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import { refusedError } from '../common/errors.js';

/** Login statuses of `POST /api/csta/agent/state` (docs/protocols/well.md, fact 11). */
export const LOGIN_STATUS_REASONS: Readonly<Record<number, LoginReason>> = {
  401: LoginReason.passwordMismatch,
  423: LoginReason.agentStateIllegal,
  426: LoginReason.tokenFailed,
  451: LoginReason.extensionNotRegistered,
  452: LoginReason.invalidJobNumber,
  453: LoginReason.invalidExtension,
  454: LoginReason.alreadyLoggedIn,
  455: LoginReason.loggedInElsewhere,
  456: LoginReason.extensionStateIllegal,
  457: LoginReason.extensionUnauthorized,
  458: LoginReason.alreadyLoggedOut,
  459: LoginReason.extensionInUse,
  460: LoginReason.extensionBusy,
  461: LoginReason.licenceLimit,
  462: LoginReason.preallocationFailed,
  465: LoginReason.autoOutboundQuota,
  466: LoginReason.recordingDisabled,
  483: LoginReason.taskNotAssigned,
};

/** 454 and 455 are the "already logged in" answers that the login mode (force / ask / stop) handles. */
export const LOGIN_CONFLICT_STATUSES: ReadonlySet<number> = new Set([454, 455]);

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Builds the LoginFailure for an HTTP status and its (possibly unparsable) body. */
export function loginFailureOf(status: number, body: unknown): LoginFailure {
  const reason = LOGIN_STATUS_REASONS[status] ?? (status >= 500 ? LoginReason.serverError : LoginReason.unknown);
  const failure: LoginFailure = { status, reason };
  const json = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  if (status === 455) {
    const deviceId = text(json?.['deviceId']);
    if (deviceId) failure.deviceId = deviceId;
  }
  if (status === 459) {
    // the holder comes as `agent` or as `agentId`: accept both, and the bare text as a last resort
    const agent =
      text(json?.['agent']) ?? text(json?.['agentId']) ?? (typeof body === 'string' ? text(body.trim()) : undefined);
    if (agent) failure.agent = agent;
  }
  return failure;
}

/** The WellError a failed login rejects with; `detail.conflict` marks 454/455 for the login-mode handling. */
export function loginError(status: number, body: unknown, cause?: unknown): WellError {
  const failure = loginFailureOf(status, body);
  return new WellError(WellErrorCode.LOGIN_FAILED, `Login refused by the server: HTTP ${status} (${failure.reason})`, {
    status,
    vendorCode: failure.reason,
    operation: 'login',
    detail: { ...failure, conflict: LOGIN_CONFLICT_STATUSES.has(status) },
    cause,
  });
}

/** Statuses that are about the session, not the request: left as they are for the session handling (fact 8). */
const SESSION_STATUSES: ReadonlySet<number> = new Set([426]);

/**
 * The WellError a failed command rejects with, from an HTTP error answer: a 4xx answer is the server refusing the
 * request (`REFUSED`, the CSTA status as `vendorCode`, the body's `message` in the text and the body in
 * `detail.body`); 5xx answers and 426 (session renewal, fact 8) stay `HTTP_ERROR`.
 */
export function commandError(status: number, body: unknown, error: WellError): WellError {
  if (status < 400 || status >= 500 || SESSION_STATUSES.has(status)) return error;
  const json = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  const own = json?.['status'];
  const vendorCode = typeof own === 'number' || (typeof own === 'string' && own !== '') ? own : status;
  const said = text(json?.['message']) ?? (typeof body === 'string' ? text(body.trim()) : undefined);
  const operation = error.operation ?? 'request';
  return refusedError(
    `${operation}: refused by the server, HTTP ${status}${said ? ` (${said.slice(0, 200)})` : ''}`,
    vendorCode,
    { status, operation, detail: { body }, cause: error },
  );
}
