import type { WellError } from '../model/well-error.js';
import { WellDetailEvent } from './well-detail-event.js';

/** `well-error` detail: the typed error and the localised message the element shows. */
export interface WellErrorDetail {
  error: WellError;
  code: WellError['code'];
  message: string;
}

/** Fired for every error the softphone reports (failed commands, malformed frames, lost channel…). */
export class WellErrorEvent extends WellDetailEvent<WellErrorDetail> {
  constructor(detail: WellErrorDetail) {
    super('well-error', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'well-error': WellErrorEvent;
  }
}
