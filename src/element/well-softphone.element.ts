import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { CommandOptions, Softphone, StatusChange } from '../core/softphone.js';
import type { LoginCredentials } from '../model/agent.js';
import type { CallNotice } from '../model/call.js';
import type { LoginFailure } from '../model/login-reason.js';
import { Operation, type StatusCode } from '../model/status.js';
import { WellError, WellErrorCode } from '../model/well-error.js';
import { CallFormsController } from './call-forms-controller.js';
import { ClickToCallController } from './click-to-call.js';
import { AttributeConfig } from './config-from-attributes.js';
import { CustomStates } from './custom-states.js';
import { I18nController } from './i18n-controller.js';
import { LoginFormController } from './login-form-controller.js';
import { NoticeEvents } from './notice-events.js';
import { PageLifecycleController } from './page-lifecycle.js';
import { conflictPrompt, connectionBanner, errorArea } from './parts/banners.js';
import { loggingInControls, loginForm } from './parts/login-form.js';
import { statusBar } from './parts/status-bar.js';
import { ToolbarController, type ErrorPlace } from './toolbar-controller.js';
import { ConfigProperties } from './config-properties.js';
import { FrameScheduler, SoftphoneController, TickController } from './softphone-controller.js';
import { styles } from './well-softphone.styles.js';
import type { Translation } from '../i18n/index.js';

export type { NotReadyReason } from './config-properties.js';

/**
 * @summary A call-center agent toolbar: log in, go ready / not ready, take and place calls, on any supported backend.
 * @tag well-softphone
 *
 * @fires {WellStatusChangeEvent} well-status-change - The status code -1..30 changed: `{code, lastCode, context}`.
 * @fires {WellConnectionChangeEvent} well-connection-change - The event channel changed state: `{state, previous, attempt, maxAttempts, error?}`.
 * @fires {WellLoginFailedEvent} well-login-failed - A login failed: `{status, reason, deviceId?, agent?, message}`.
 * @fires {WellLoginConflictEvent} well-login-conflict - Login mode `ask` met a 454/455 and waits for the agent: `{status, reason, deviceId?}`.
 * @fires {WellErrorEvent} well-error - An error occurred: `{error, code, message}`.
 * @fires {WellRawEvent} well-event - Every message from the server, decoded or not: `{vendor, name?, body, decoded, duplicate?, receivedAt}`; built only while a listener is on the element (docs/events.md).
 * @fires {WellCallOfferEvent} well-call-offer - A call rings the agent (screen-pop); `detail` is the call (`callId, party, direction, callType, userData…`).
 * @fires {WellCallDialEvent} well-call-dial - Cancelable, before dialling: `{number, prefix}`; `preventDefault()` vetoes, `detail.number` may be rewritten.
 * @fires {WellBeforeHangUpEvent} well-before-hang-up - Cancelable, before hanging up or rejecting a call: `{callId, call}`; `preventDefault()` keeps the call.
 * @fires {WellCallStartEvent} well-call-start - A call is connected; `detail` is the call.
 * @fires {WellCallHoldEvent} well-call-hold - A call was put on hold; `detail` is the call.
 * @fires {WellCallResumeEvent} well-call-resume - A held call was retrieved; `detail` is the call.
 * @fires {WellCallTransferEvent} well-call-transfer - A call was transferred to the agent: `{call, previousCallId}`.
 * @fires {WellCallConferenceEvent} well-call-conference - A call became or changed as a conference; `detail` is the call.
 * @fires {WellCallMissedEvent} well-call-missed - A call rang the agent and was never answered: `{callId, party, reason, createdAt, endedAt, call}`; `reason` is `timeout`, `callerHungUp` or `rejected`.
 * @fires {WellAfterCallEvent} well-after-call - The agent saved after-call notes (`after-call-notes`): `{callId, party, notes, endedAt}`.
 * @fires {WellCallEndEvent} well-call-end - A call ended: `{callId, isEstablished, isCaller, partyDevice, isOutCall, createdAt, establishedAt, endedAt, cause, call}`.
 *
 * @csspart base - The toolbar container.
 * @csspart header - Status label, code, timer, identity and connection indicator.
 * @csspart status-icon - The status family's icon (decorative; the colour is `--well-status-<family>`).
 * @csspart status-label - The status text, with the not-ready reason ("Not ready · Meeting").
 * @csspart status-code - The numeric status code (only with `show-code`).
 * @csspart help-button - The `?` button that opens the keyboard shortcuts help.
 * @csspart shortcuts-help - The keyboard shortcuts help.
 * @csspart close-help-button - Closes the keyboard shortcuts help.
 * @csspart timer - Time in the current status (H:MM:SS).
 * @csspart identity - The logged-in agent and extension.
 * @csspart connection - The event-channel indicator.
 * @csspart live - The visually hidden polite live region that announces status changes.
 * @csspart alert - The visually hidden assertive live region that announces incoming and missed calls.
 * @csspart ring-blocked - Says the browser blocked the ringtone until the agent clicks in the softphone.
 * @csspart login-form - The login form.
 * @csspart input - Every text input.
 * @csspart jobNumber-input - The job number field of the login form.
 * @csspart password-input - The password field of the login form.
 * @csspart domain-input - The tenant domain field of the login form.
 * @csspart extension-input - The extension field of the login form.
 * @csspart select - Every select.
 * @csspart button - Every button.
 * @csspart login-button - The login form's submit button.
 * @csspart cancel-button - Cancels a login in progress.
 * @csspart controls - The agent controls (or the "logging in" notice).
 * @csspart ready-button - Goes ready (status 3).
 * @csspart reason-select - The not-ready reason picker.
 * @csspart not-ready-button - Goes not ready with the picked reason.
 * @csspart logout-button - Logs out.
 * @csspart after-call-countdown - Seconds left before going ready by itself (after-call rule).
 * @csspart banner - Reconnecting / connection-failed notice.
 * @csspart reconnect-button - Retries after reconnecting gave up.
 * @csspart conflict - The "already logged in" prompt (login mode `ask`).
 * @csspart force-login-button - Takes over the other session (in the conflict prompt).
 * @csspart decline-login-button - Gives up the login (in the conflict prompt).
 * @csspart error - The error area.
 * @csspart dismiss-button - Closes the error area.
 * @csspart calls - The calls region (call cards and dialer).
 * @csspart call - One call card.
 * @csspart call-ringing - A call card while the call rings the agent (alongside `call`).
 * @csspart call-party - The other party (or "conference").
 * @csspart call-direction - Inbound / outbound / internal.
 * @csspart call-state - Dialing / ringing / talking / on hold.
 * @csspart call-duration - Time since the call was connected (or created).
 * @csspart answer-button - Answers the ringing call.
 * @csspart hold-button - Puts the call on hold.
 * @csspart retrieve-button - Retrieves the held call.
 * @csspart hang-up-button - Hangs up (or rejects) the call.
 * @csspart new-call-button - Opens (or closes) the dialer.
 * @csspart dialer - Number field, prefix picker, Call button and dialpad (behind "New call", open in outbound-only).
 * @csspart prefix-select - The outbound trunk prefix picker (only when the agent has prefixes).
 * @csspart number-input - The number to dial.
 * @csspart dial-button - Dials the number.
 * @csspart dialpad - The 12 dialpad keys.
 * @csspart dialpad-key - One dialpad key.
 * @csspart transfer - Target number with Consult / Transfer / Add to call for the connected call.
 * @csspart target-input - The transfer / consult / conference target number.
 * @csspart target-kind - The transfer target's kind (number or agent, skill group), where the backend can transfer to a skill group.
 * @csspart consult-button - Holds the call and consults the target.
 * @csspart blind-transfer-button - Transfers the call to the target in one step.
 * @csspart add-party-button - Adds the target to the call in one step.
 * @csspart consult - While consulting: Complete transfer / Conference / Back to caller.
 * @csspart complete-transfer-button - Connects the held party with the consulted party and leaves.
 * @csspart conference-button - Joins the held call and the consult call.
 * @csspart cancel-consult-button - Ends the consultation and returns to the held call.
 * @csspart call-data - The data attached to the call: the `callDataFields` keys with their labels.
 * @csspart call-data-more - The disclosure with the rest of the call data.
 * @csspart mute-button - Mutes or unmutes the agent on the call (vendors that can).
 * @csspart in-call - The in-call tools: keypad toggle and recording.
 * @csspart keypad-button - Shows or hides the DTMF keypad (vendors that can send DTMF).
 * @csspart dtmf-pad - The 12 keys that send DTMF tones on the connected call.
 * @csspart dtmf-key - One DTMF key.
 * @csspart dtmf-sent - The tones sent on this call.
 * @csspart record-button - Starts or stops recording (vendors that record).
 * @csspart recording-indicator - Shown while the call is recorded.
 * @csspart parties - The other parties of a conference.
 * @csspart notes - The after-call notes form (`after-call-notes`).
 * @csspart notes-input - The after-call notes field.
 * @csspart save-notes-button - Saves the notes (`well-after-call`).
 * @csspart recent-calls - The recent calls disclosure (last 50 this session), missed ones marked.
 * @csspart recent-call - One recent call.
 * @csspart recent-call-missed - A missed recent call (alongside `recent-call`).
 * @csspart call-back-button - Calls a recent call's number back.
 *
 * @cssproperty [--well-font=system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif] - Font family.
 * @cssproperty [--well-bg=#ffffff] - Background colour (dark scheme: `#171b24`).
 * @cssproperty [--well-fg=#1d2433] - Text colour (dark scheme: `#e8ecf4`).
 * @cssproperty [--well-muted=#4a5468] - Secondary text colour (dark scheme: `#b7c0d1`).
 * @cssproperty [--well-border=#c9cfdb] - Border colour (dark scheme: `#3b4457`).
 * @cssproperty [--well-accent=#0b5cad] - Primary button colour (dark scheme: `#7fb2ee`).
 * @cssproperty [--well-accent-fg=#ffffff] - Primary button text colour (dark scheme: `#0d1522`).
 * @cssproperty [--well-danger=#b3261e] - Error colour (dark scheme: `#ffb4ab`).
 * @cssproperty [--well-warning-bg=#fff4d6] - Banner background (dark scheme: `#3d3000`).
 * @cssproperty [--well-warning-fg=#5c4200] - Banner text colour (dark scheme: `#ffe08a`).
 * @cssproperty [--well-ok=#17663a] - Connected indicator colour (dark scheme: `#8fd9a8`).
 * @cssproperty [--well-radius=6px] - Corner radius.
 * @cssproperty [--well-gap=0.5rem] - Gap between controls.
 * @cssproperty [--well-focus=0 0 0 3px #7fb2ee] - Focus ring (box-shadow; an outline in forced colours).
 * @cssproperty [--well-status-offline=#5b6474] - Status colour while logged out or offline (dark: `#b7c0d1`).
 * @cssproperty [--well-status-not-ready=#b45309] - Status colour while not ready or outbound only (dark: `#fdba74`).
 * @cssproperty [--well-status-ready=#17663a] - Status colour while ready (dark: `#8fd9a8`).
 * @cssproperty [--well-status-ringing=#0b5cad] - Status colour and ringing card border while a call rings (dark: `#7fb2ee`).
 * @cssproperty [--well-status-on-call=#6d28d9] - Status colour while dialing, talking, consulting or in conference (dark: `#c4b5fd`).
 * @cssproperty [--well-status-held=#8a5a00] - Status colour while a call is held (dark: `#fcd34d`).
 * @cssproperty [--well-status-after-call=#0f766e] - Status colour in after-call work (dark: `#5eead4`).
 * @cssproperty [--well-status-reconnecting=#b3261e] - Status colour while the event channel is down (dark: `#ffb4ab`).
 *
 * @cssstate logged-out - Status -1.
 * @cssstate logging-in - Status 0.
 * @cssstate offline - Status 1.
 * @cssstate not-ready - Status 2.
 * @cssstate ready - Status 3 (no call in progress: `ringing`, `talking`… replace it during calls).
 * @cssstate allocated - Status 3, pre-allocated for automatic outbound.
 * @cssstate outbound-only - Status 4.
 * @cssstate after-call - Status 5.
 * @cssstate ringing - A call rings the agent (status 6); replaces the agent state during calls.
 * @cssstate dialing - The agent's call is being placed (status 8).
 * @cssstate talking - On a call (9–11, 19–26, 30).
 * @cssstate held - The call is on hold (status 12).
 * @cssstate consulting - Consulting with a call held (16, 17).
 * @cssstate connected - The event channel is live.
 * @cssstate reconnecting - The event channel is reconnecting.
 * @cssstate failed - Reconnecting gave up.
 * @cssstate pending - A command waits for its confirming server event.
 */
export class WellSoftphone extends ConfigProperties {
  static override styles = styles;
  /** Internal reactive state (as Lit's `@state()`; `attribute: false` keeps it out of the manifest's attributes). */
  static override properties: PropertyDeclarations = {
    errorMessage: { state: true, attribute: false },
    announcement: { state: true, attribute: false },
    selectedReason: { state: true, attribute: false },
  };

  readonly #i18n = new I18nController(this);
  readonly #config = new AttributeConfig(this, (error) => this.#handleError(error));
  readonly #notices = new NoticeEvents(this);
  readonly #controller = new SoftphoneController(this, () => this.#config.create(), {
    status: (change) => this.#handleStatus(change),
    connection: (change) => this.#notices.connection(change),
    loginFailed: (failure) => this.#handleLoginFailed(failure),
    loginConflict: (failure) => this.#notices.loginConflict(failure),
    error: (error) => this.#handleError(error),
    raw: (message) => this.#notices.raw(message),
    call: (notice) => this.#handleCall(notice),
  });
  /** Keeps the time-in-state timer ticking while logged in. */
  protected readonly tick = new TickController(this, () => this.phone.view.code >= 0);
  readonly #loginForm = new LoginFormController(this, this.#i18n);
  readonly #callForms = new CallFormsController(this, this.#i18n, (error) => this.#handleError(error));
  readonly #toolbar = new ToolbarController(this, {
    run: (place, command) => this.#run(command, place),
    reason: () => this.#reason(),
    translation: () => this.#i18n.t,
    dial: (number) => this.#run(() => this.dial(number), 'calls'),
  });
  /** Renders (and custom-state updates) coalesced per frame under load. */
  readonly #frames = new FrameScheduler();
  #lastError: WellError | undefined;

  private errorMessage = '';
  private announcement = '';
  /** The reason picked in the picker, until the status changes (then it shows the active reason again). */
  private selectedReason: string | undefined;

  constructor() {
    super();
    new CustomStates(this, this.attachInternals());
    new PageLifecycleController(this, () => this.#applyPendingConfig());
    new ClickToCallController(
      this,
      (number) => this.dial(number),
      (error) => this.#handleError(error),
    );
  }

  /** The headless core behind the element, for hosts that want more than the DOM events. */
  get phone(): Softphone {
    return this.#controller.phone;
  }

  /** The last error reported with `well-error` (also before a host listened), or undefined. */
  get lastError(): WellError | undefined {
    return this.#lastError ?? this.#config.pendingError;
  }

  /** The current status code -1..30. */
  get statusCode(): StatusCode {
    return this.phone.view.code;
  }

  /** One render at once while the frame's rendering budget lasts, then one per animation frame (a flood). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#frames.schedule(() => void super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#i18n.follow();
    this.#config.noteChanges(changed);
    if (this.#config.dirty && this.phone.view.code === -1) this.#config.apply(this.phone);
  }

  /** Gives the core the attribute changes it has not taken yet (before a login or reattach, or once logged out). */
  #applyPendingConfig(): void {
    if (this.#config.dirty) this.#config.apply(this.phone);
  }

  protected override updated(): void {
    if (this.#config.pendingError && this.#i18n.t) this.#handleError(this.#config.takePendingError()!);
    if (this.phone.view.conflict) {
      const force = this.renderRoot.querySelector<HTMLButtonElement>('[part~="force-login-button"]');
      if (force && this.renderRoot instanceof ShadowRoot && this.renderRoot.activeElement !== force) force.focus();
    }
  }

  /** Also waits for the language pack, so `await el.updateComplete` means "rendered in the right language". */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    while (this.#i18n.loading || this.#toolbar.loading) {
      await (this.#i18n.loading ?? this.#toolbar.loading);
      result = await super.getUpdateComplete();
    }
    return result;
  }

  /**
   * Logs in. The password comes only through this method or the form, never attributes; job number,
   * domain, extension, login mode and initial mode default to the element's attributes. Resolves on the server's
   * logged-on event (status 2 or 3); with login mode `ask` it waits for the agent's answer to the conflict prompt.
   */
  login(
    credentials: Partial<LoginCredentials> & Pick<LoginCredentials, 'password'>,
    options?: CommandOptions,
  ): Promise<void> {
    this.errorMessage = '';
    this.#applyPendingConfig();
    return this.phone.login(
      {
        jobNumber: this.agentId,
        domain: this.domain,
        extension: this.extension,
        loginMode: this.loginMode,
        initialMode: this.initialMode,
        ...credentials,
      },
      options,
    );
  }

  #handleStatus(change: StatusChange): void {
    const ringing = change.code === 6 ? this.#ringingCall() : undefined;
    // the incoming call is said at once (assertive), naming the caller; other statuses politely
    if (ringing) this.#toolbar.alert(this.#i18n.announcement(change, ringing));
    else this.announcement = this.#i18n.announcement(change, ringing);
    this.selectedReason = undefined;
    if (change.code >= 0 && this.#toolbar.errorPlace === 'login') this.#toolbar.errorPlace = 'top';
    if (change.code === -1) this.#applyPendingConfig();
    this.#notices.status(change);
  }

  #ringingCall() {
    return this.phone.view.calls.find((c) => c.state === 'alerting' && !c.isCaller);
  }

  #handleLoginFailed(failure: LoginFailure & { error: WellError }): void {
    const { error, ...detail } = failure;
    const { message, shown } = this.#i18n.loginFailure(detail, error);
    this.errorMessage = shown;
    this.#toolbar.errorPlace = 'login';
    this.#notices.loginFailed(detail, error, message);
  }

  /** Call facts: the DOM event, then the session UI (ring, recent and missed calls, notes). */
  #handleCall(notice: CallNotice): void {
    this.#notices.call(notice);
    this.#toolbar.session?.call(notice);
  }

  #handleError(error: WellError, place?: ErrorPlace): void {
    this.#lastError = error;
    // a session that ended shows on the login form; other errors next to what caused them (set by #run)
    this.#toolbar.errorPlace = place ?? this.#toolbar.placeOf(error);
    const message = this.#i18n.errorMessage(error);
    this.errorMessage = message;
    this.#notices.error(error, message);
  }

  #run(command: () => Promise<unknown>, place: ErrorPlace = 'top'): void {
    this.errorMessage = '';
    this.#toolbar.errorPlace = place;
    command().catch((err: unknown) => {
      // Failed commands already reached well-error through the core; refusals did not.
      if (
        err instanceof WellError &&
        (err.code === WellErrorCode.NOT_ALLOWED_IN_STATE || err.code === WellErrorCode.INVALID_ARGUMENT)
      ) {
        this.#handleError(err);
      }
    });
  }

  #handleConsultAction = (
    action: 'completeTransfer' | 'conference' | 'cancelConsult',
    heldCallId: string,
    consultCallId: string,
  ): void => this.#act(action, 'calls', () => this.phone[action](heldCallId, consultCallId));
  #handleAnswer = (callId: string): void => this.#act('answer', 'calls', () => this.answer(callId));
  #handleHangUp = (callId: string): void => {
    if (this.phone.view.callMap[callId]?.state === 'alerting') this.#toolbar.session?.noteRejected(callId);
    this.#act('hangUp', 'calls', () => this.hangUp(callId));
  };
  #handleHold = (callId: string): void => this.#act('hold', 'calls', () => this.hold(callId));
  #handleRetrieve = (callId: string): void => this.#act('retrieve', 'calls', () => this.retrieve(callId));
  #handleReady = (): void => {
    this.#toolbar.session?.flushNotes();
    this.#act('ready', 'controls', () => this.ready());
  };
  #handleNotReady = (): void => this.#act('notReady', 'controls', () => this.notReady(this.#reason()));
  #handleReason = (event: Event): void => {
    this.selectedReason = (event.target as HTMLSelectElement).value;
  };
  #handleLogout = (): void => this.#act('logout', 'controls', () => this.logout());
  #handleCancelLogin = (): void => this.#act('logout', 'controls', () => this.logout());
  #handleLogin = (event: SubmitEvent): void => {
    this.#toolbar.intend('login');
    this.#toolbar.errorPlace = 'login';
    this.#loginForm.handleSubmit(event);
  };

  /** Runs a control's command; focus then follows to the next sensible control, an error shows at `place`. */
  #act(action: string, place: ErrorPlace, command: () => Promise<unknown>): void {
    this.#toolbar.intend(action);
    this.#run(command, place);
  }

  /** The reason in the picker: the one picked, else the active one while not ready, else the first. */
  #reason(): string {
    const reasons = this.reasons ?? this.#i18n.reasons();
    const view = this.phone.view;
    const active = view.agentState === 'notReady' || view.agentState === 'outboundOnly' ? view.reason : undefined;
    return this.selectedReason ?? (active || undefined) ?? reasons.find((r) => r.value !== '2')?.value ?? '1';
  }
  #handleForce = (): void => this.confirmForceLogin();
  #handleDecline = (): void => this.declineForceLogin();
  #handleReconnect = (): void => this.reconnect();
  #handleDismiss = (): void => {
    this.errorMessage = '';
  };

  /** Seconds left before the softphone goes ready by itself, in after-call work with an after-call rule. */
  #afterCallRemaining(view: Softphone['view']): number | undefined {
    const seconds = view.settings.afterCallSeconds;
    if (view.agentState !== 'afterCallWork' || seconds === undefined || view.calls.length > 0) return undefined;
    return Math.max(0, Math.ceil((this.phone.statusSince + seconds * 1000 - Date.now()) / 1000));
  }

  /** The error area, when the last error belongs at `place`. */
  #errorAt(t: Translation, place: ErrorPlace) {
    return this.errorMessage && this.#toolbar.errorPlace === place
      ? errorArea(t, this.errorMessage, this.#handleDismiss)
      : nothing;
  }

  override render() {
    const t = this.#i18n.t;
    if (!t) return nothing;
    const phone = this.phone;
    const view = phone.view;
    const { agentState, conflict, connection } = view;
    const now = Date.now();
    const session = agentState !== 'loggedOut' && agentState !== 'loggingIn' && agentState !== 'signedOut';
    const toolbar = this.#toolbar;
    const reasons = this.reasons ?? this.#i18n.reasons();
    const notReady = agentState === 'notReady';
    return html`<section part="base" aria-label=${t.title} lang=${t.lang}>
      ${statusBar({
        t,
        code: view.code,
        since: phone.statusSince,
        now,
        connection,
        identity: view.identity,
        reason: notReady ? reasons.find((r) => r.value === view.reason)?.label : undefined,
        showCode: this.showCode,
        onHelp: session && toolbar.session ? toolbar.toggleHelp : undefined,
        helpOpen: toolbar.helpOpen,
      })}
      ${toolbar.helpOpen && toolbar.session ? toolbar.session.help(t, this.shortcutsScope === 'page', toolbar.toggleHelp) : nothing}
      ${connectionBanner(t, connection, view.reconnectAttempt, view.maxReconnectAttempts, this.#handleReconnect)}
      ${conflict ? conflictPrompt(t, t.conflict(conflict.status, conflict.deviceId), this.#handleForce, this.#handleDecline) : nothing}
      ${this.#errorAt(t, 'top')} ${agentState === 'loggedOut' ? this.#errorAt(t, 'login') : nothing}
      ${
        agentState === 'loggedOut'
          ? loginForm({ t, ...this.#loginForm.fields(), onSubmit: this.#handleLogin })
          : agentState === 'loggingIn' || agentState === 'signedOut'
            ? loggingInControls(t, conflict !== undefined, this.#handleCancelLogin)
            : (toolbar.session?.agentControls({
                t,
                canReady: view.allowed(Operation.ready),
                canNotReady: view.allowed(Operation.notReady),
                canOutboundOnly: view.allowed(Operation.outboundOnly),
                canLogout: view.allowed(Operation.logout),
                reasons,
                reason: this.#reason(),
                current: notReady ? view.reason : undefined,
                pending: view.pendingOperation !== undefined,
                onReady: this.#handleReady,
                onNotReady: this.#handleNotReady,
                onReason: this.#handleReason,
                onLogout: this.#handleLogout,
                afterCallRemaining: this.#afterCallRemaining(view),
              }) ?? nothing)
      }
      ${session ? this.#errorAt(t, 'controls') : nothing} ${toolbar.session?.blockedNotice(t) ?? nothing}
      ${
        session && toolbar.session
          ? toolbar.session.callsRegion({
              t,
              view,
              now,
              prefixes: phone.prefixes,
              numberError: this.#callForms.numberError,
              targetError: this.#callForms.targetError,
              dialerOpen: toolbar.dialerOpen,
              keypadOpen: toolbar.keypadOpen,
              dtmfSent: toolbar.dtmfSent,
              callDataFields: this.callDataFields ?? [],
              onToggleDialer: toolbar.toggleDialer,
              onToggleKeypad: toolbar.toggleKeypad,
              onDtmf: toolbar.dtmf,
              onRecord: toolbar.record,
              onMute: toolbar.mute,
              onAnswer: this.#handleAnswer,
              onHangUp: this.#handleHangUp,
              onHold: this.#handleHold,
              onRetrieve: this.#handleRetrieve,
              onDial: this.#callForms.handleDial,
              onTransfer: this.#callForms.handleTransfer,
              onConsult: this.#handleConsultAction,
            })
          : nothing
      }
      ${session ? this.#errorAt(t, 'calls') : nothing}
      ${session && toolbar.session ? [toolbar.session.notes(t), toolbar.session.recentCalls(t)] : nothing}
      <div part="live" class="sr-only" aria-live="polite">${this.announcement}</div>
      <div part="alert" class="sr-only" aria-live="assertive">${toolbar.alertText}</div>
    </section>`;
  }
}
