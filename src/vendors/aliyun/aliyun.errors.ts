import type { LoginReason } from '../../model/login-reason.js';
import { WellError, WellErrorCode, type VendorRefusalReason } from '../../model/well-error.js';
import type { Envelope } from './aliyun.codec.js';

/**
 * What an Aliyun error code means for the agent (docs/protocols/aliyun.md fact 5), as `detail.reason` for the UI to
 * translate: `userState` (the agent's state does not allow it; `detail.params` = [actual, expected]), `channelState`,
 * `deviceState`, `invalidOperation`, `parameter`, `userBusy`, `permission`, `notExists`, `tokenExpired`,
 * `serverError`, `invalidResponse`.
 */
export type AliyunErrorReason = VendorRefusalReason | 'unknown';

/** The code prefixes and their reasons, most specific first. */
const REASONS: [prefix: string, reason: AliyunErrorReason][] = [
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

export const reasonOf = (code: string): AliyunErrorReason =>
  REASONS.find(([prefix]) => code.startsWith(prefix))?.[1] ?? 'unknown';

type Failure = Extract<Envelope, { ok: false }>;

/** The login reason of a refused login step; any other reason is `unknown`. */
const LOGIN_REASONS: Partial<Record<AliyunErrorReason, LoginReason>> = {
  tokenExpired: 'tokenFailed',
  serverError: 'serverError',
  notExists: 'invalidJobNumber',
};

/**
 * The typed error of a refused call (fact 5). Keeps `Code` (as `vendorCode`), `Message`, `RequestId` and `Params` in
 * `detail`. Login steps fail with `LOGIN_FAILED`; an expired bearer token is `SESSION_EXPIRED`; every other refusal
 * is `REFUSED`, except an answer that is not an OpenAPI result (`HTTP_ERROR`).
 */
export function aliyunError(api: string, operation: string, failure: Failure, login: boolean): WellError {
  const { code, message, requestId, params, httpStatus: status } = failure;
  const reason = reasonOf(code);
  const detail = { reason, code, message, requestId, params, api, status };
  const wellCode = login
    ? WellErrorCode.LOGIN_FAILED
    : reason === 'tokenExpired'
      ? WellErrorCode.SESSION_EXPIRED
      : reason === 'invalidResponse'
        ? WellErrorCode.HTTP_ERROR
        : WellErrorCode.REFUSED;
  return new WellError(wellCode, `${api}: ${message} (${code})`, {
    operation,
    vendorCode: code,
    status,
    detail: login ? { ...detail, reason: LOGIN_REASONS[reason] ?? 'unknown', vendorReason: reason } : detail,
  });
}
