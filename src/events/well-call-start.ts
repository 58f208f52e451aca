import type { CallDetail } from './call-detail.js';
import { WellDetailEvent } from './well-detail-event.js';

/** A call is connected. */
export class WellCallStartEvent extends WellDetailEvent<CallDetail> {
  constructor(detail: CallDetail) {
    super('well-call-start', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-call-start': WellCallStartEvent;
  }
}
