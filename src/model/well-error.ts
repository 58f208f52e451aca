/**
 * Every failure the softphone reports, as a stable machine-readable code.
 * Hosts branch on `code`; `message` is English developer text, the element shows a localised one.
 */
export const WellErrorCode = {
  /** The operation is not in the current status code's row of the allowed-operations table. */
  NOT_ALLOWED_IN_STATE: 'NOT_ALLOWED_IN_STATE',
  /** An argument failed validation before any request (empty number, bad mode…). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** Job number, password, domain or extension missing. */
  MISSING_CREDENTIALS: 'MISSING_CREDENTIALS',
  /** A login is already in flight. */
  LOGIN_IN_PROGRESS: 'LOGIN_IN_PROGRESS',
  /** The backend refused the login; `status` and `reason` say why. */
  LOGIN_FAILED: 'LOGIN_FAILED',
  /** The user declined to force a login over an existing one (login mode `ask`). */
  LOGIN_DECLINED: 'LOGIN_DECLINED',
  /** The server answered with an HTTP error status that is not a refusal (5xx, or an answer it could not handle). */
  HTTP_ERROR: 'HTTP_ERROR',
  /**
   * The server understood the request and refused it (a CSTA 4xx answer, a Verto error, a call-center function's
   * failure code); `vendorCode` keeps the backend's own code.
   */
  REFUSED: 'REFUSED',
  /** The server could not be reached (DNS, refused, CORS). */
  NETWORK_ERROR: 'NETWORK_ERROR',
  /** No answer (or no confirming event) within the timeout. */
  TIMEOUT: 'TIMEOUT',
  /** The caller aborted through its AbortSignal. */
  ABORTED: 'ABORTED',
  /** The event channel could not be opened or was lost. */
  CHANNEL_ERROR: 'CHANNEL_ERROR',
  /** A server message could not be decoded. */
  MALFORMED_EVENT: 'MALFORMED_EVENT',
  /** The backend session expired and could not be renewed. */
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  /** The vendor does not support this operation (capability off). */
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  /** Configuration is missing or invalid (no server URL, unknown vendor…). */
  CONFIG_INVALID: 'CONFIG_INVALID',
  /** The session ended without the agent asking; `detail.reason` is a {@link SessionEndReason}. */
  SESSION_ENDED: 'SESSION_ENDED',
} as const;
export type WellErrorCode = (typeof WellErrorCode)[keyof typeof WellErrorCode];

/** Why a session ended without the agent asking (`detail.reason` of a `SESSION_ENDED` error). */
export const SessionEndReason = {
  /** Logged in from another tab or device (a takeover). */
  elsewhere: 'elsewhere',
  /** Logged out on the server (a supervisor, or a takeover the backend does not tell apart). */
  supervisor: 'supervisor',
  /** The server no longer knew the session after the event channel came back (it restarted). */
  serverRestart: 'serverRestart',
  /** The server no longer has the session (expired). */
  expired: 'expired',
  /**
   * Another window or device took this connection over, but the server still has the agent logged in (and may
   * route calls): logging in again, then out, ends it there (XSwitch `verto.punt`).
   */
  takenOver: 'takenOver',
} as const;
export type SessionEndReason = (typeof SessionEndReason)[keyof typeof SessionEndReason];

/** Fields of a {@link WellError} besides its message. */
export interface WellErrorInit {
  /** HTTP status, when the error came from an HTTP answer. */
  status?: number;
  /**
   * The backend's own error code or reason key (e.g. `passwordMismatch`, `"460"`, `"-32002"`). The built-in adapters
   * always set a string.
   */
  vendorCode?: string | number;
  /** The operation that failed (`login`, `ready`…). */
  operation?: string;
  /** Status code -1..30 at the time of the error, for NOT_ALLOWED_IN_STATE. */
  statusCode?: number;
  /** Extra data from the server (e.g. the other deviceId of a 455). */
  detail?: Record<string, unknown>;
  /** The underlying error. */
  cause?: unknown;
}

/** The one error type every softphone promise rejects with. */
export class WellError extends Error {
  override readonly name = 'WellError';
  readonly code: WellErrorCode;
  readonly status?: number;
  readonly vendorCode?: string | number;
  readonly operation?: string;
  readonly statusCode?: number;
  readonly detail?: Record<string, unknown>;

  constructor(code: WellErrorCode, message: string, init: WellErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    if (init.status !== undefined) this.status = init.status;
    if (init.vendorCode !== undefined) this.vendorCode = init.vendorCode;
    if (init.operation !== undefined) this.operation = init.operation;
    if (init.statusCode !== undefined) this.statusCode = init.statusCode;
    if (init.detail !== undefined) this.detail = init.detail;
  }

  /** A plain object for logs and DOM event details (no cause chain, no stack). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      vendorCode: this.vendorCode,
      operation: this.operation,
      statusCode: this.statusCode,
      detail: this.detail,
    };
  }
}

/** Wraps anything thrown into a WellError, keeping WellErrors as they are. */
export function toWellError(err: unknown, fallback: WellErrorCode = WellErrorCode.NETWORK_ERROR): WellError {
  if (err instanceof WellError) return err;
  if (err instanceof DOMException && err.name === 'AbortError') {
    return new WellError(WellErrorCode.ABORTED, 'The operation was aborted', { cause: err });
  }
  if (err instanceof DOMException && err.name === 'TimeoutError') {
    return new WellError(WellErrorCode.TIMEOUT, 'The operation timed out', { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new WellError(fallback, message, { cause: err });
}

/**
 * The kinds of refusal a backend names in `detail.reason` (the `aliyun` vendor's: the agent's state, a channel or
 * device state, a bad parameter, busy, no permission, unknown user/number/group, expired token, server failure).
 */
export type VendorRefusalReason =
  | 'userState'
  | 'channelState'
  | 'deviceState'
  | 'invalidOperation'
  | 'parameter'
  | 'userBusy'
  | 'permission'
  | 'notExists'
  | 'tokenExpired'
  | 'serverError'
  | 'invalidResponse';
