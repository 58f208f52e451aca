/**
 * Why a login failed, vendor-neutral. The `well` backend maps its HTTP statuses onto these
 * (401, 423, 426, 451–462, 465, 466, 483); other vendors map their own codes.
 */
export const LoginReason = {
  passwordMismatch: 'passwordMismatch',
  agentStateIllegal: 'agentStateIllegal',
  tokenFailed: 'tokenFailed',
  extensionNotRegistered: 'extensionNotRegistered',
  invalidJobNumber: 'invalidJobNumber',
  invalidExtension: 'invalidExtension',
  alreadyLoggedIn: 'alreadyLoggedIn',
  loggedInElsewhere: 'loggedInElsewhere',
  extensionStateIllegal: 'extensionStateIllegal',
  extensionUnauthorized: 'extensionUnauthorized',
  alreadyLoggedOut: 'alreadyLoggedOut',
  extensionInUse: 'extensionInUse',
  extensionBusy: 'extensionBusy',
  licenceLimit: 'licenceLimit',
  preallocationFailed: 'preallocationFailed',
  autoOutboundQuota: 'autoOutboundQuota',
  recordingDisabled: 'recordingDisabled',
  taskNotAssigned: 'taskNotAssigned',
  serverError: 'serverError',
  timeout: 'timeout',
  network: 'network',
  channel: 'channel',
  /** The event server answered the SUBSCRIBE with a STOMP ERROR (no permission for the agent topic). */
  subscriptionRefused: 'subscriptionRefused',
  /** The event server closed the socket while the channel was opening (right after SUBSCRIBE). */
  channelClosed: 'channelClosed',
  declined: 'declined',
  /** A session kept from before a page reload could not be reattached (expired, logged out, or another agent). */
  sessionExpired: 'sessionExpired',
  unknown: 'unknown',
} as const;
export type LoginReason = (typeof LoginReason)[keyof typeof LoginReason];

/** What `well-login-failed` carries. */
export interface LoginFailure {
  /** HTTP status (or vendor code) the server answered with; 0 when there was no answer. */
  status: number;
  reason: LoginReason;
  /** 455: the extension the agent is still logged in on. */
  deviceId?: string;
  /** 459: the agent who holds the extension. */
  agent?: string;
}
