import type { CallDetail } from './call-detail.js';
import { WellDetailEvent } from './well-detail-event.js';

/** The call became (or changed as) a conference. */
export class WellCallConferenceEvent extends WellDetailEvent<CallDetail> {
  constructor(detail: CallDetail) {
    super('well-call-conference', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-call-conference': WellCallConferenceEvent;
  }
}
