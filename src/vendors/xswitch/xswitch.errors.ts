import { LoginReason } from '../../model/login-reason.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import { refusedError } from '../common/errors.js';

/** A JSON-RPC error as the server sent it (some Verto methods put their own object under `error`, without code). */
export interface RpcErrorBody {
  code?: number;
  message?: string;
  [key: string]: unknown;
}

/** Verto error codes (docs/protocols/xswitch.md fact 9). */
export const VertoErrorCode = {
  authenticationRequired: -32000,
  authenticationFailed: -32001,
  sessionError: -32002,
  invalidRequest: -32600,
  invalidMethod: -32601,
  permissionDenied: -32602,
} as const;

/**
 * The typed error for a JSON-RPC error reply (docs/protocols/xswitch.md fact 9): authentication codes are
 * `LOGIN_FAILED`, an unknown method `NOT_SUPPORTED`, every other error the server's refusal (`REFUSED`). The Verto
 * code is kept as text in `vendorCode`, the error object in `detail`.
 */
export function rpcError(method: string, error: RpcErrorBody): WellError {
  const code = typeof error.code === 'number' ? error.code : undefined;
  const message = `${method}: ${typeof error.message === 'string' ? error.message : 'error'}${code === undefined ? '' : ` (${code})`}`;
  const init = { operation: method, detail: { ...error } };
  if (code === VertoErrorCode.authenticationRequired || code === VertoErrorCode.authenticationFailed) {
    return new WellError(WellErrorCode.LOGIN_FAILED, message, { ...init, vendorCode: String(code) });
  }
  if (code === VertoErrorCode.invalidMethod) {
    return new WellError(WellErrorCode.NOT_SUPPORTED, message, { ...init, vendorCode: String(code) });
  }
  return refusedError(message, code ?? 'error', init);
}

/** True when `err` is Verto's "Authentication Required" answer to the first, empty `login` (fact 1). */
export const isAuthenticationRequired = (err: unknown): boolean =>
  err instanceof WellError && err.vendorCode === String(VertoErrorCode.authenticationRequired);

/** The WellError a refused Verto `login` rejects with (`LOGIN_FAILED`, with a login reason); others pass unchanged. */
export function loginError(err: unknown): WellError {
  if (!(err instanceof WellError)) {
    return new WellError(WellErrorCode.LOGIN_FAILED, 'Verto login failed', { operation: 'login', cause: err });
  }
  if (err.code !== WellErrorCode.LOGIN_FAILED) return err;
  const message = String(err.detail?.['message'] ?? err.message);
  const reason = /session in use/i.test(message)
    ? LoginReason.loggedInElsewhere
    : /missing/i.test(message)
      ? LoginReason.unknown
      : LoginReason.passwordMismatch;
  const status = err.vendorCode === undefined ? undefined : Number(err.vendorCode);
  return new WellError(WellErrorCode.LOGIN_FAILED, `Verto login refused: ${message}`, {
    operation: 'login',
    ...(err.vendorCode === undefined ? {} : { vendorCode: String(err.vendorCode), status }),
    detail: { status, reason, conflict: false },
    cause: err,
  });
}

/**
 * A call-center function's answer other than `code: 200` (fact 4): `LOGIN_FAILED` for the login (with a login
 * reason), else the server's refusal (`REFUSED`, the answer's code as `vendorCode`, the answer in `detail`).
 */
export function cccError(func: string, operation: string, result: Record<string, unknown>): WellError {
  const code = Number(result['code']);
  const said = typeof result['message'] === 'string' ? result['message'] : 'refused';
  const message = `${func}: ${said} (${String(result['code'])})`;
  const vendorCode = Number.isFinite(code) ? String(code) : String(result['code']);
  if (operation === 'login') {
    return new WellError(WellErrorCode.LOGIN_FAILED, message, {
      operation,
      vendorCode,
      detail: { ...result, status: code, reason: LoginReason.unknown },
    });
  }
  return refusedError(message, vendorCode, { operation, detail: { ...result } });
}
