import type { StatusCode } from '../model/status.js';
import type { StatusChange } from '../model/status-change.js';
import { WellError, WellErrorCode, toWellError } from '../model/well-error.js';
import type { EventBus } from './event-bus.js';
import type { SoftphoneEventMap, StatusMatch } from './types.js';

/** What {@link whenStatus} reads of the core. */
export interface StatusSource {
  readonly bus: EventBus<SoftphoneEventMap>;
  /** The current status as a change (code, last code, context). */
  current(): StatusChange;
  /** Registers a callback for `stop()`; returns its removal. */
  onStop(callback: () => void): () => void;
}

/** Waits until the status matches (see `Softphone.whenStatus` for the contract). */
export function whenStatus(
  source: StatusSource,
  match: StatusMatch,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<StatusChange> {
  const test =
    typeof match === 'function'
      ? match
      : (code: StatusCode) => (typeof match === 'number' ? match === code : match.includes(code));
  const fail = (code: WellErrorCode, message: string): WellError =>
    new WellError(code, message, { operation: 'whenStatus', statusCode: source.current().code });
  if (!(timeoutMs >= 0) || (typeof match !== 'function' && typeof match !== 'number' && !Array.isArray(match))) {
    return Promise.reject(fail(WellErrorCode.INVALID_ARGUMENT, 'whenStatus needs a code, codes or a predicate'));
  }
  return new Promise<StatusChange>((resolve, reject) => {
    const done = (result: StatusChange | WellError): void => {
      clearTimeout(timer);
      offStatus();
      offConnection();
      offStop();
      signal?.removeEventListener('abort', onAbort);
      if (result instanceof WellError) reject(result);
      else resolve(result);
    };
    const check = (change: StatusChange, initial = false): void => {
      let matched: boolean;
      try {
        matched = test(change.code, change.context);
      } catch (err) {
        return done(toWellError(err, WellErrorCode.INVALID_ARGUMENT));
      }
      if (matched) done(change);
      else if (!initial && change.code === -1) {
        done(fail(WellErrorCode.SESSION_EXPIRED, 'The agent was logged out before the status was reached'));
      }
    };
    const onAbort = (): void => done(fail(WellErrorCode.ABORTED, '"whenStatus" was aborted'));
    const offStatus = source.bus.on('status', (change) => check(change));
    const offConnection = source.bus.on('connection', ({ state }) => {
      if (state === 'failed') done(fail(WellErrorCode.CHANNEL_ERROR, 'The event channel failed'));
    });
    const offStop = source.onStop(() => done(fail(WellErrorCode.ABORTED, 'The softphone was stopped')));
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(
          () => done(fail(WellErrorCode.TIMEOUT, `The status was not reached within ${timeoutMs} ms`)),
          timeoutMs,
        )
      : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    else check(source.current(), true);
  });
}
