import { LoginReason, type LoginFailure } from '../../model/login-reason.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';

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
    // wellClient reads `agent`; its docs say `agentId`. Accept both, and the bare text as a last resort.
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
