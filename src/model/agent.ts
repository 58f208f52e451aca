/** Agent modes as the backends report them (CSTA names; other vendors map onto these). */
export const AgentMode = {
  Ready: 'Ready',
  NotReady: 'NotReady',
  WorkNotReady: 'WorkNotReady',
  Allocated: 'Allocated',
  Logout: 'Logout',
} as const;
export type AgentMode = (typeof AgentMode)[keyof typeof AgentMode];

/** The not-ready reason that means "manual outbound only" (手工外呼, status code 4). */
export const OUTBOUND_ONLY_REASON = '2';

/** What to do when the agent is already logged in (HTTP 454 / 455 on `well`). */
export type LoginMode = 'force' | 'ask' | 'stop';

/** The mode the agent lands in after logging in. */
export type InitialMode = 'Ready' | 'NotReady';

/** Credentials for {@link Softphone.login}. Never stored in attributes, the DOM or logs. */
export interface LoginCredentials {
  /** Job number (工号), e.g. `5001`. */
  jobNumber: string;
  /** The agent's password (required unless the backend accepts a `token`). */
  password?: string;
  /** A session token issued by the backend (XSwitch user or extension token), used instead of the password. */
  token?: string;
  /**
   * STOMP CONNECT `login` for the event channel, when the broker wants one (e.g. a read-only RabbitMQ user per
   * agent, docs/protocols/well.md); without it CONNECT carries no credentials, as wellClient sent it. `well` only.
   */
  eventLogin?: string;
  /** STOMP CONNECT `passcode` for {@link eventLogin}. A secret: never an attribute, never logged. */
  eventPasscode?: string;
  /** Tenant domain / namespace, e.g. `test.cc`. */
  domain: string;
  /** Extension number, e.g. `8001`. */
  extension: string;
  loginMode?: LoginMode;
  initialMode?: InitialMode;
}

/** The identity of a logged-in agent, with vendor-level ids (`5001@test.cc`, `8001@test.cc` on `well`). */
export interface AgentIdentity {
  jobNumber: string;
  domain: string;
  extension: string;
  agentId: string;
  deviceId: string;
}

/** Which login fields a backend needs besides the job number: a password or token, the tenant domain, the extension. */
export interface LoginFields {
  secret: boolean;
  domain: boolean;
  extension: boolean;
}
