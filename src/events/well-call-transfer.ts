import type { CallDetail } from './call-detail.js';
import { WellDetailEvent } from './well-detail-event.js';

/** `well-call-transfer` detail: the call now, and the callId it had before (consult transfer renames it). */
export interface CallTransferDetail {
  call: CallDetail;
  previousCallId: string;
}

/** A call was transferred to the agent (or its id changed by a consult transfer). */
export class WellCallTransferEvent extends WellDetailEvent<CallTransferDetail> {
  constructor(detail: CallTransferDetail) {
    super('well-call-transfer', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-call-transfer': WellCallTransferEvent;
  }
}
