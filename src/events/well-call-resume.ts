import type { CallDetail } from './call-detail.js';
import { WellDetailEvent } from './well-detail-event.js';

/** A held call was retrieved. */
export class WellCallResumeEvent extends WellDetailEvent<CallDetail> {
  constructor(detail: CallDetail) {
    super('well-call-resume', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-call-resume': WellCallResumeEvent;
  }
}
