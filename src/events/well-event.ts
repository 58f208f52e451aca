import type { RawMessage } from '../model/domain-event.js';
/** Fired for every message from the server, decoded or not (nothing is hidden from the host). */
export class WellRawEvent extends Event {
  readonly detail: RawMessage;

  constructor(detail: RawMessage) {
    super('well-event', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-event': WellRawEvent;
  }
}
