import type { RawMessage } from '../model/domain-event.js';
import { WellDetailEvent } from './well-detail-event.js';

/** Fired for every message from the server, decoded or not (nothing is hidden from the host). */
export class WellRawEvent extends WellDetailEvent<RawMessage> {
  constructor(detail: RawMessage) {
    super('well-event', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-event': WellRawEvent;
  }
}
