import type { CallEndDetail } from './call-detail.js';
import { WellDetailEvent } from './well-detail-event.js';

/** A call ended: `{callId, isEstablished, isCaller, partyDevice, isOutCall, createdAt, establishedAt, endedAt, cause}`. */
export class WellCallEndEvent extends WellDetailEvent<CallEndDetail> {
  constructor(detail: CallEndDetail) {
    super('well-call-end', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-call-end': WellCallEndEvent;
  }
}
