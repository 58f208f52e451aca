import type { CallDetail } from './call-detail.js';
import { WellDetailEvent } from './well-detail-event.js';

/** A call rings the agent (for screen-pop): `{callId, party, callType, userData…}`. */
export class WellCallOfferEvent extends WellDetailEvent<CallDetail> {
  constructor(detail: CallDetail) {
    super('well-call-offer', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-call-offer': WellCallOfferEvent;
  }
}
