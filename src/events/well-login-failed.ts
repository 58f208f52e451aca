import type { LoginFailure } from '../model/login-reason.js';

/** `well-login-failed` detail: the failure plus the localised message the element shows. */
export interface WellLoginFailedDetail extends LoginFailure {
  message: string;
}

/** Fired when a login fails: `{status, reason, deviceId?, agent?, message}`. */
export class WellLoginFailedEvent extends Event {
  readonly detail: WellLoginFailedDetail;

  constructor(detail: WellLoginFailedDetail) {
    super('well-login-failed', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-login-failed': WellLoginFailedEvent;
  }
}
