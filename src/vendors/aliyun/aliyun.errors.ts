import { LoginReason } from '../../model/login-reason.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import type { Envelope } from './aliyun.codec.js';

/**
 * What an Aliyun error code means for the agent (docs/protocols/aliyun.md fact 5), as `detail.reason` for the UI to
 * translate: `userState` (the agent's state does not allow it; `detail.params` = [actual, expected]), `channelState`,
 * `deviceState`, `invalidOperation`, `parameter`, `userBusy`, `permission`, `notExists`, `tokenExpired`,
 * `serverError`, `invalidResponse`.
 */
export type AliyunErrorReason =
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
  | 'invalidResponse'
  | 'unknown';

const PREFIXES: readonly [string, AliyunErrorReason][] = [
  ['InvalidOperation.UserState', 'userState'],
  ['InvalidOperation.ChannelState', 'channelState'],
  ['InvalidOperation.DeviceState', 'deviceState'],
  ['InvalidOperation', 'invalidOperation'],
  ['Parameter.', 'parameter'],
  ['UserBusy', 'userBusy'],
  ['Permission.', 'permission'],
  ['NotExists.', 'notExists'],
  ['InvalidBearerToken', 'tokenExpired'],
  ['InternalService.', 'serverError'],
  ['InvalidResponse', 'invalidResponse'],
];

export function reasonOf(code: string): AliyunErrorReason {
  return PREFIXES.find(([prefix]) => code.startsWith(prefix))?.[1] ?? 'unknown';
}

type Failure = Extract<Envelope, { ok: false }>;

/**
 * The typed error of a refused call (fact 5). Keeps `Code` (as `vendorCode`), `Message`, `RequestId` and `Params` in
 * `detail`. Login steps fail with `LOGIN_FAILED`; an expired bearer token is `SESSION_EXPIRED`; every other refusal
 * is `REFUSED`, except an answer that is not an OpenAPI result (`HTTP_ERROR`).
 */
export function aliyunError(api: string, operation: string, failure: Failure, login: boolean): WellError {
  const reason = reasonOf(failure.code);
  const detail = {
    reason,
    code: failure.code,
    message: failure.message,
    requestId: failure.requestId,
    params: failure.params,
    api,
    status: failure.httpStatus,
  };
  const message = `${api}: ${failure.message} (${failure.code}${failure.requestId ? `, request ${failure.requestId}` : ''})`;
  const init = { operation, vendorCode: failure.code, status: failure.httpStatus, detail };
  if (login) {
    const loginReason =
      reason === 'tokenExpired'
        ? LoginReason.tokenFailed
        : reason === 'serverError'
          ? LoginReason.serverError
          : reason === 'notExists'
            ? LoginReason.invalidJobNumber
            : LoginReason.unknown;
    return new WellError(WellErrorCode.LOGIN_FAILED, message, {
      ...init,
      detail: { ...detail, reason: loginReason, vendorReason: reason },
    });
  }
  if (reason === 'tokenExpired') return new WellError(WellErrorCode.SESSION_EXPIRED, message, init);
  if (reason === 'invalidResponse') return new WellError(WellErrorCode.HTTP_ERROR, message, init);
  return new WellError(WellErrorCode.REFUSED, message, init);
}
