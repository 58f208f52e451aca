import type { CallRecord } from '../model/call.js';
import { WellDetailEvent } from './well-detail-event.js';

/** Why a call counts as missed: not answered in time, the caller hung up first, or the agent rejected it. */
export type MissedReason = 'timeout' | 'callerHungUp' | 'rejected';

/** `well-call-missed`: a call rang the agent and was never answered. */
export interface CallMissedDetail {
  callId: string;
  /** The caller's number. */
  party: string;
  reason: MissedReason;
  createdAt: number;
  endedAt: number;
  call: CallRecord;
}

/** A call rang the agent and was never answered: `{callId, party, reason, createdAt, endedAt, call}`. */
export class WellCallMissedEvent extends WellDetailEvent<CallMissedDetail> {
  constructor(detail: CallMissedDetail) {
    super('well-call-missed', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-call-missed': WellCallMissedEvent;
  }
}
