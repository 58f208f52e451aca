import type { CallDetail } from './call-detail.js';
import { WellDetailEvent } from './well-detail-event.js';

/** The agent put a call on hold. */
export class WellCallHoldEvent extends WellDetailEvent<CallDetail> {
  constructor(detail: CallDetail) {
    super('well-call-hold', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-call-hold': WellCallHoldEvent;
  }
}
