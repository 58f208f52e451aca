import type { LoginFailure } from '../model/login-reason.js';
/** Fired when login mode `ask` meets a 454/455 and waits for the agent's decision: `{status, reason, deviceId?}`. */
export class WellLoginConflictEvent extends Event {
  readonly detail: LoginFailure;

  constructor(detail: LoginFailure) {
    super('well-login-conflict', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-login-conflict': WellLoginConflictEvent;
  }
}
