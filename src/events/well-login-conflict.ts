import type { LoginFailure } from '../model/login-reason.js';
import { WellDetailEvent } from './well-detail-event.js';

/** Fired when login mode `ask` meets a 454/455 and waits for the agent's decision: `{status, reason, deviceId?}`. */
export class WellLoginConflictEvent extends WellDetailEvent<LoginFailure> {
  constructor(detail: LoginFailure) {
    super('well-login-conflict', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-login-conflict': WellLoginConflictEvent;
  }
}
