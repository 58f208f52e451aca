import type { SoftphoneSnapshot } from '../machine/selectors.js';
import type { AgentIdentity } from '../model/agent.js';
import type { CallNotice } from '../model/call.js';
import type { DomainEvent, RawMessage } from '../model/domain-event.js';
import type { LoginFailure } from '../model/login-reason.js';
import type { StatusCode } from '../model/status.js';
import type { ConnectionChange, StatusChange, StatusContext } from '../model/status-change.js';
import type { WellError } from '../model/well-error.js';

export type { ConnectionChange, ConnectionState, StatusChange, StatusContext } from '../model/status-change.js';

/** Options every command takes. */
export interface CommandOptions {
  signal?: AbortSignal;
  /** ms; defaults to the configured request timeout (login: 3×). */
  timeout?: number;
}

/** What {@link Softphone.whenStatus} waits for: a code, any of several codes, or a predicate. */
export type StatusMatch = StatusCode | readonly StatusCode[] | ((code: StatusCode, context: StatusContext) => boolean);

/** Options of {@link Softphone.whenStatus}. */
export interface WhenStatusOptions {
  signal?: AbortSignal;
  /** ms; defaults to the configured request timeout; `Infinity` waits until the session ends. */
  timeoutMs?: number;
}

/** Events of the headless core. */
export interface SoftphoneEventMap {
  snapshot: SoftphoneSnapshot;
  status: StatusChange;
  connection: ConnectionChange;
  loginFailed: LoginFailure & { error: WellError };
  loginConflict: LoginFailure;
  loggedIn: AgentIdentity;
  error: WellError;
  raw: RawMessage;
  event: DomainEvent;
  /** Call facts for the host: offered, started, held, resumed, transferred, conferenced, ended. */
  call: CallNotice;
  /** With a shared session: whether this tab is now the one that rings (see `Softphone.ringsHere`). */
  ring: boolean;
}
