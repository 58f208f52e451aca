import type { CallDetail } from './call-detail.js';
import { WellDetailEvent } from './well-detail-event.js';

/** `well-before-hang-up`: the call about to be hung up (or rejected). */
export interface BeforeHangUpDetail {
  callId: string;
  /** A copy of the call (safe to keep). */
  call: CallDetail;
}

/** The agent is about to hang up or reject a call (cancelable): `preventDefault()` keeps the call. */
export class WellBeforeHangUpEvent extends WellDetailEvent<BeforeHangUpDetail> {
  constructor(detail: BeforeHangUpDetail) {
    super('well-before-hang-up', detail, true);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-before-hang-up': WellBeforeHangUpEvent;
  }
}
