import type { LoginFailure } from '../model/login-reason.js';
import { WellDetailEvent } from './well-detail-event.js';

/** `well-login-failed` detail: the failure plus the localised message the element shows. */
export interface WellLoginFailedDetail extends LoginFailure {
  message: string;
}

/** Fired when a login fails: `{status, reason, deviceId?, agent?, message}`. */
export class WellLoginFailedEvent extends WellDetailEvent<WellLoginFailedDetail> {
  constructor(detail: WellLoginFailedDetail) {
    super('well-login-failed', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-login-failed': WellLoginFailedEvent;
  }
}
