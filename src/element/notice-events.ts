import type { ConnectionChange, StatusChange } from '../core/softphone.js';
import type { CallEndDetail } from '../events/call-detail.js';
import { WellCallConferenceEvent } from '../events/well-call-conference.js';
import { WellCallEndEvent } from '../events/well-call-end.js';
import { WellCallHoldEvent } from '../events/well-call-hold.js';
import { WellCallOfferEvent } from '../events/well-call-offer.js';
import { WellCallResumeEvent } from '../events/well-call-resume.js';
import { WellCallStartEvent } from '../events/well-call-start.js';
import { WellCallTransferEvent } from '../events/well-call-transfer.js';
import { WellConnectionChangeEvent } from '../events/well-connection-change.js';
import { WellErrorEvent } from '../events/well-error.js';
import { WellRawEvent } from '../events/well-event.js';
import { WellLoginConflictEvent } from '../events/well-login-conflict.js';
import { WellLoginFailedEvent } from '../events/well-login-failed.js';
import { WellStatusChangeEvent } from '../events/well-status-change.js';
import { isInternalDevice, type CallEnd, type CallNotice } from '../model/call.js';
import type { RawMessage } from '../model/domain-event.js';
import type { LoginFailure } from '../model/login-reason.js';
import type { WellError } from '../model/well-error.js';

/** The raw message event, built per server message only while someone listens for it. */
const RAW_EVENT = 'well-event';

/**
 * Turns the core's events and call notices into the element's `well-*` DOM events (documented with `@fires` on
 * the element). The raw `well-event` is built only while the element has a listener of its own for it
 * (docs/events.md): a flood of server messages must not cost a DOM event each.
 */
export class NoticeEvents {
  readonly #target: EventTarget;
  /** The target's own `well-event` listeners, as {@link noteListener} saw them. */
  readonly #rawListeners: ListenerSet;

  constructor(target: EventTarget) {
    this.#target = target;
    this.#rawListeners = rawListenersOf(target);
  }

  raw(message: RawMessage): void {
    if (this.#rawListeners.any) this.#target.dispatchEvent(new WellRawEvent(message));
  }

  status(change: StatusChange): void {
    this.#target.dispatchEvent(new WellStatusChangeEvent(change));
  }

  connection(change: ConnectionChange): void {
    this.#target.dispatchEvent(new WellConnectionChangeEvent(change));
  }

  /** `well-login-failed` with the translated `message`, then the `well-error` for it. */
  loginFailed(failure: LoginFailure, error: WellError, message: string): void {
    this.#target.dispatchEvent(new WellLoginFailedEvent({ ...failure, message }));
    this.error(error, message);
  }

  loginConflict(failure: LoginFailure): void {
    this.#target.dispatchEvent(new WellLoginConflictEvent(failure));
  }

  error(error: WellError, message: string): void {
    this.#target.dispatchEvent(new WellErrorEvent({ error, code: error.code, message }));
  }

  call(notice: CallNotice): void {
    this.#target.dispatchEvent(callEventOf(notice));
  }
}

/** The `well-event` listeners of each element (only the raw event is costly enough to count them). */
const rawListeners = new WeakMap<EventTarget, ListenerSet>();

function rawListenersOf(target: EventTarget): ListenerSet {
  let listeners = rawListeners.get(target);
  if (!listeners) rawListeners.set(target, (listeners = new ListenerSet()));
  return listeners;
}

/** Notes a listener the element got (`added`) or lost through its own `addEventListener`/`removeEventListener`. */
export function noteListener(
  target: EventTarget,
  added: boolean,
  type: string,
  listener: unknown,
  options?: boolean | EventListenerOptions,
): void {
  if (type !== RAW_EVENT) return;
  if (added) rawListenersOf(target).add(listener, options);
  else rawListenersOf(target).delete(listener, options);
}

/** The `well-call-*` event for a call notice; its detail is a copy of the call (safe to keep). */
export function callEventOf(notice: CallNotice): Event {
  switch (notice.type) {
    case 'offered':
      return new WellCallOfferEvent({ ...notice.call });
    case 'started':
      return new WellCallStartEvent({ ...notice.call });
    case 'held':
      return new WellCallHoldEvent({ ...notice.call });
    case 'resumed':
      return new WellCallResumeEvent({ ...notice.call });
    case 'transferred':
      return new WellCallTransferEvent({ call: { ...notice.call }, previousCallId: notice.from });
    case 'conferenced':
      return new WellCallConferenceEvent({ ...notice.call });
    case 'ended':
      return new WellCallEndEvent(callEndDetail(notice.end));
  }
}

/** `well-call-end` from a call's end (wellClient's `connectionCleared` inner event, corrected). */
export function callEndDetail(end: CallEnd): CallEndDetail {
  const call = end.call;
  const conference = call.conferenced || call.parties.length > 1;
  const others = call.parties.length > 0 ? call.parties : call.party ? [call.party] : [];
  return {
    callId: call.callId,
    isEstablished: call.establishedAt !== undefined,
    isCaller: conference ? undefined : call.isCaller,
    partyDevice: conference ? '' : (call.party ?? ''),
    isOutCall: others.some((device) => !isInternalDevice(device)),
    createdAt: call.createdAt,
    establishedAt: call.establishedAt,
    endedAt: end.endedAt,
    cause: end.cause,
    call: { ...call },
  };
}

/**
 * Tracks whether an element has listeners for one event type of its own (added with `addEventListener` on the
 * element), so an event that is costly to build per server message is only built when someone listens.
 * A listener removed by `once` or an AbortSignal still counts (the event is then built for nobody, never lost).
 */
export class ListenerSet {
  readonly #listeners = [new Set<unknown>(), new Set<unknown>()];

  add(listener: unknown, options?: boolean | AddEventListenerOptions): void {
    if (listener) this.#listeners[captureOf(options)]!.add(listener);
  }

  delete(listener: unknown, options?: boolean | EventListenerOptions): void {
    if (listener) this.#listeners[captureOf(options)]!.delete(listener);
  }

  get any(): boolean {
    return this.#listeners[0]!.size > 0 || this.#listeners[1]!.size > 0;
  }
}

function captureOf(options?: boolean | EventListenerOptions): 0 | 1 {
  return (typeof options === 'boolean' ? options : options?.capture) ? 1 : 0;
}
