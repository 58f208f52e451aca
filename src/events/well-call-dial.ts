import type { CallDialDetail } from './call-detail.js';
import { WellDetailEvent } from './well-detail-event.js';

/** The agent is about to dial (cancelable): veto with `preventDefault()` or rewrite `detail.number`. */
export class WellCallDialEvent extends WellDetailEvent<CallDialDetail> {
  constructor(detail: CallDialDetail) {
    super('well-call-dial', detail, true);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-call-dial': WellCallDialEvent;
  }
}
