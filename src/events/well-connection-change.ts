import type { ConnectionChange } from '../model/status-change.js';
import { WellDetailEvent } from './well-detail-event.js';

/** Fired when the event channel changes state: `{state, previous, attempt, maxAttempts, error?}` (`reconnecting`, `failed`…). */
export class WellConnectionChangeEvent extends WellDetailEvent<ConnectionChange> {
  constructor(detail: ConnectionChange) {
    super('well-connection-change', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-connection-change': WellConnectionChangeEvent;
  }
}
