import type { CallRecord } from '../model/call.js';

/** What every `well-call-*` event carries about the call (a copy: safe to keep). */
export type CallDetail = Readonly<CallRecord>;

/** `well-call-end`: wellClient's `innerOn('connectionCleared')` payload, corrected (spelling, ms timestamps). */
export interface CallEndDetail {
  callId: string;
  /** The call was connected before it ended. */
  isEstablished: boolean;
  /** The agent placed the call. `undefined` for a conference (3+ parties). */
  isCaller: boolean | undefined;
  /** The other party of a two-party call; `''` for a conference. */
  partyDevice: string;
  /** A party outside the call center took part (internal numbers start with 8 and have 4–6 digits). */
  isOutCall: boolean;
  createdAt: number;
  /** `undefined` when never connected. */
  establishedAt: number | undefined;
  endedAt: number;
  /** Hang-up cause (`NORMAL_CLEARING`, `USER_BUSY`, `NO_ANSWER`…, `RESYNC` when the server no longer had it). */
  cause: string | undefined;
  call: CallDetail;
}

/** `well-call-dial`: cancelable; a listener may veto (`preventDefault()`) or rewrite `number`. */
export interface CallDialDetail {
  number: string;
  prefix: string | undefined;
}
