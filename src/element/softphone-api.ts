import { LitElement } from 'lit';
import type { CommandOptions, Softphone, StatusChange, StatusMatch, WhenStatusOptions } from '../core/softphone.js';
import { WellBeforeHangUpEvent } from '../events/well-before-hang-up.js';
import { WellCallDialEvent } from '../events/well-call-dial.js';
import type { DialOptions } from '../model/command.js';
import type { StatusCode } from '../model/status.js';
import { noteListener } from './notice-events.js';

/**
 * The methods of `<well-softphone>` that do not depend on its attributes: the commands (all but `login()`), each
 * delegated to the headless core behind the element, `phone`, and `addEventListener`/`removeEventListener`, which
 * note the element's own `well-event` listeners. Commands resolve when the server accepted them and reject with a
 * `WellError`; the state they lead to comes with the server's events.
 */
export abstract class SoftphoneApi extends LitElement {
  /**
   * The headless core behind the element (the element's `phone`).
   * @ignore
   */
  abstract get phone(): Softphone;

  /** As `HTMLElement`'s; also notes the element's own `well-event` listeners (built only for them). */
  override addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: HTMLElement, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: unknown, options?: boolean | AddEventListenerOptions): void {
    noteListener(this, true, type, listener, options);
    super.addEventListener(type, listener as EventListenerOrEventListenerObject, options);
  }

  /** As `HTMLElement`'s. */
  override removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: HTMLElement, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(type: string, listener: unknown, options?: boolean | EventListenerOptions): void {
    noteListener(this, false, type, listener, options);
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject, options);
  }

  /**
   * Logs out (refused while allocated). Resolves when the server accepted it; status -1 comes with the logged-off
   * event.
   */
  logout(options?: CommandOptions): Promise<void> {
    return this.phone.logout(options);
  }

  /**
   * Goes ready (status 3). Resolves when the server accepted it; the status changes on the confirming event:
   * `whenStatus(3)`.
   */
  ready(options?: CommandOptions): Promise<void> {
    return this.phone.ready(options);
  }

  /**
   * Goes not ready with a reason (status 2); reason `"2"` = manual outbound (status 4).
   * Resolves when the server accepted it; the status changes on the confirming event: `whenStatus(2)`.
   */
  notReady(reason?: string, options?: CommandOptions): Promise<void> {
    return this.phone.notReady(reason, options);
  }

  /**
   * Dials a number after firing the cancelable `well-call-dial` (a listener may veto it or rewrite
   * `detail.number`). Resolves with the callId once the server accepted the call (progress comes as events), or
   * `undefined` when a listener vetoed the call.
   */
  async dial(number: string, options: DialOptions = {}, commandOptions?: CommandOptions): Promise<string | undefined> {
    const intent = new WellCallDialEvent({ number, prefix: options.prefix });
    if (!this.dispatchEvent(intent)) return undefined;
    const { prefix } = intent.detail;
    return this.phone.dial(
      intent.detail.number,
      { ...options, ...(prefix === undefined ? {} : { prefix }) },
      commandOptions,
    );
  }

  /**
   * Answers the ringing call (or `callId`). Resolves when the server accepted it; talking comes with the server's
   * event.
   */
  answer(callId?: string, options?: CommandOptions): Promise<void> {
    return this.phone.answer(callId, options);
  }

  /**
   * Hangs up (or rejects) the active call, or `callId`, after firing the cancelable `well-before-hang-up` (a listener
   * may veto it: the promise then resolves and the call goes on). Resolves when the server accepted it; the call ends
   * on its events.
   */
  async hangUp(callId?: string, options?: CommandOptions): Promise<void> {
    const calls = this.phone.view.calls;
    const call = calls.find((c) => (callId === undefined ? c.state !== 'held' : c.callId === callId));
    if (call && !this.dispatchEvent(new WellBeforeHangUpEvent({ callId: call.callId, call: { ...call } }))) return;
    return this.phone.hangUp(callId, options);
  }

  /**
   * Puts the active call (or `callId`) on hold. Resolves when the server accepted it; status 12 comes with the held
   * event.
   */
  hold(callId?: string, options?: CommandOptions): Promise<void> {
    return this.phone.hold(callId, options);
  }

  /**
   * Retrieves the held call (or `callId`). Resolves when the server accepted it; talking comes with the retrieved
   * event.
   */
  retrieve(callId?: string, options?: CommandOptions): Promise<void> {
    return this.phone.retrieve(callId, options);
  }

  /** Transfers `callId` to `number` in one step. Resolves when the server accepted it; the call ends on its events. */
  blindTransfer(callId: string, number: string, options?: CommandOptions): Promise<void> {
    return this.phone.blindTransfer(callId, number, options);
  }

  /**
   * Adds `number` to `callId` in one step (`Silent` for a listening supervisor). Resolves when the server accepted it;
   * events follow.
   */
  singleStepConference(
    callId: string,
    number: string,
    participation?: 'Active' | 'Silent',
    options?: CommandOptions,
  ): Promise<void> {
    return this.phone.singleStepConference(callId, number, participation, options);
  }

  /**
   * Holds `heldCallId` and consults `number`. Resolves when the server accepted it; the consult call comes as events.
   */
  consult(heldCallId: string, number: string, options?: CommandOptions): Promise<string | undefined> {
    return this.phone.consult(heldCallId, number, options);
  }

  /** Joins the held call and the consult call. Resolves when the server accepted it; status 19 comes with the event. */
  conference(heldCallId: string, consultCallId: string, options?: CommandOptions): Promise<void> {
    return this.phone.conference(heldCallId, consultCallId, options);
  }

  /**
   * Ends the consultation and returns to the held call. Resolves when the server accepted it; the calls change on the
   * events.
   */
  cancelConsult(heldCallId: string, consultCallId: string, options?: CommandOptions): Promise<void> {
    return this.phone.cancelConsult(heldCallId, consultCallId, options);
  }

  /**
   * Connects the held party with the consulted party and leaves. Resolves when the server accepted it; the calls end
   * on the events.
   */
  completeTransfer(heldCallId: string, consultCallId: string, options?: CommandOptions): Promise<void> {
    return this.phone.completeTransfer(heldCallId, consultCallId, options);
  }

  /** Attaches key/value data to a call. Resolves when the server accepted it. */
  setCallData(
    callId: string,
    entries: readonly { key: string; value: string }[],
    options?: CommandOptions,
  ): Promise<void> {
    return this.phone.setCallData(callId, entries, options);
  }

  /** Reads the data attached to a call; resolves with the server's answer. */
  getCallData(callId: string, options?: CommandOptions): Promise<unknown> {
    return this.phone.getCallData(callId, options);
  }

  /** Starts recording the current call. Resolves when the server accepted it; the recording event confirms. */
  startRecording(options?: CommandOptions): Promise<void> {
    return this.phone.startRecording(options);
  }

  /** Stops recording the current call. Resolves when the server accepted it; the recording event confirms. */
  stopRecording(options?: CommandOptions): Promise<void> {
    return this.phone.stopRecording(options);
  }

  /** The status code -1..30. */
  getStatusCode(): StatusCode {
    return this.phone.getStatusCode();
  }

  /**
   * Waits until the status matches a code, codes or a predicate, as confirmed by the server's events (at once when
   * it already does); rejects with `TIMEOUT`, `ABORTED`, `SESSION_EXPIRED` or `CHANNEL_ERROR`. See the core's
   * `whenStatus`.
   */
  whenStatus(match: StatusMatch, options?: WhenStatusOptions): Promise<StatusChange> {
    return this.phone.whenStatus(match, options);
  }

  /** Login mode `ask`: take over the other session. */
  confirmForceLogin(): void {
    this.phone.confirmForceLogin();
  }

  /** Login mode `ask`: keep the other session; the login fails with `LOGIN_DECLINED`. */
  declineForceLogin(): void {
    this.phone.declineForceLogin();
  }

  /** After reconnecting gave up: try again. */
  reconnect(): void {
    this.phone.reconnect();
  }

  /** Outbound prefixes of the logged-in agent; resolves with the server's answer. */
  getPrefixes(options?: CommandOptions): Promise<string[]> {
    return this.phone.getPrefixes(options);
  }

  /** Downloads the event log (secrets redacted) as a text file. */
  downloadLog(): void {
    this.phone.log.download();
  }
}
