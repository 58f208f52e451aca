import type { ConnectionChange } from '../core/softphone.js';
/** Fired when the event channel changes state: `{state, previous, attempt, maxAttempts, error?}` (`reconnecting`, `failed`…). */
export class WellConnectionChangeEvent extends Event {
  readonly detail: ConnectionChange;

  constructor(detail: ConnectionChange) {
    super('well-connection-change', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-connection-change': WellConnectionChangeEvent;
  }
}
