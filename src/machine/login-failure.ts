import { LoginReason, type LoginFailure } from '../model/login-reason.js';
import { WellError, WellErrorCode } from '../model/well-error.js';

/** The login reason an error code implies when the error names none. */
const REASON_OF_CODE: Partial<Record<WellErrorCode, LoginFailure['reason']>> = {
  [WellErrorCode.TIMEOUT]: LoginReason.timeout,
  [WellErrorCode.CHANNEL_ERROR]: LoginReason.channel,
  [WellErrorCode.LOGIN_DECLINED]: LoginReason.declined,
  [WellErrorCode.NETWORK_ERROR]: LoginReason.network,
};

/** What `loginFailed` reports for an error: the server's status and a reason the UI can translate. */
export function loginFailureOf(error: WellError): LoginFailure {
  const detail = error.detail ?? {};
  const status = error.status ?? (typeof detail['status'] === 'number' ? detail['status'] : 0);
  let reason: LoginFailure['reason'];
  if (typeof detail['reason'] === 'string') reason = detail['reason'] as LoginFailure['reason'];
  else
    reason = REASON_OF_CODE[error.code] ?? ((error.status ?? 0) >= 500 ? LoginReason.serverError : LoginReason.unknown);
  const failure: LoginFailure = { status, reason };
  if (typeof detail['deviceId'] === 'string') failure.deviceId = detail['deviceId'];
  if (typeof detail['agent'] === 'string') failure.agent = detail['agent'];
  return failure;
}

/** The login was refused because the agent or device is logged in elsewhere (454/455 and alike). */
export const isConflict = (error: unknown): boolean =>
  error instanceof WellError && error.detail?.['conflict'] === true;
