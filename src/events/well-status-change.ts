import type { StatusChange } from '../model/status-change.js';
import { WellDetailEvent } from './well-detail-event.js';

/** Fired when the status code -1..30 changes: `{code, lastCode, context}`. */
export class WellStatusChangeEvent extends WellDetailEvent<StatusChange> {
  constructor(detail: StatusChange) {
    super('well-status-change', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-status-change': WellStatusChangeEvent;
  }
}
