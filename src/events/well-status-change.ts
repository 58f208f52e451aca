import type { StatusChange } from '../core/softphone.js';
/** Fired when the status code -1..30 changes: `{code, lastCode, context}`. */
export class WellStatusChangeEvent extends Event {
  readonly detail: StatusChange;

  constructor(detail: StatusChange) {
    super('well-status-change', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-status-change': WellStatusChangeEvent;
  }
}
