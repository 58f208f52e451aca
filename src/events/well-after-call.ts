import { WellDetailEvent } from './well-detail-event.js';

/** `well-after-call`: the agent saved the after-call notes of a call. */
export interface AfterCallDetail {
  callId: string;
  /** The other party's number. */
  party: string;
  notes: string;
  endedAt: number;
}

/** The agent saved after-call notes (`after-call-notes`): `{callId, party, notes, endedAt}`. */
export class WellAfterCallEvent extends WellDetailEvent<AfterCallDetail> {
  constructor(detail: AfterCallDetail) {
    super('well-after-call', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-after-call': WellAfterCallEvent;
  }
}
