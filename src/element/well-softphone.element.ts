import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SoftphoneConfig } from '../core/config.js';
import {
  Softphone,
  validateCredentials,
  type CommandOptions,
  type ConnectionState,
  type StatusChange,
  type StatusMatch,
  type WhenStatusOptions,
} from '../core/softphone.js';
import { WellConnectionChangeEvent } from '../events/well-connection-change.js';
import { WellErrorEvent } from '../events/well-error.js';
import { WellRawEvent } from '../events/well-event.js';
import { WellLoginConflictEvent } from '../events/well-login-conflict.js';
import { WellLoginFailedEvent } from '../events/well-login-failed.js';
import { WellStatusChangeEvent } from '../events/well-status-change.js';
import { cachedTranslation, langOf, loadTranslation, type Translation } from '../i18n/index.js';
import { agentStateOf, Operation, type StatusCode } from '../machine/status.js';
import type { InitialMode, LoginCredentials, LoginMode } from '../model/agent.js';
import type { LoginFailure } from '../model/login-reason.js';
import { WellError, WellErrorCode, type SessionEndReason } from '../model/well-error.js';
import type { VendorName } from '../vendors/vendor.js';
import { agentControls } from './parts/agent-controls.js';
import { FrameScheduler, ListenerSet } from './softphone-controller.js';
import { callCard, callData, consultPair, dialer, transferForm } from './parts/call-panel.js';
import { isInternalDevice, type CallNotice, type CallEnd } from '../machine/calls.js';
import type { CallEndDetail } from '../events/call-detail.js';
import { WellCallConferenceEvent } from '../events/well-call-conference.js';
import { WellCallDialEvent } from '../events/well-call-dial.js';
import { WellCallEndEvent } from '../events/well-call-end.js';
import { WellCallHoldEvent } from '../events/well-call-hold.js';
import { WellCallOfferEvent } from '../events/well-call-offer.js';
import { WellCallResumeEvent } from '../events/well-call-resume.js';
import { WellCallStartEvent } from '../events/well-call-start.js';
import { WellCallTransferEvent } from '../events/well-call-transfer.js';
import type { DialOptions } from '../model/command.js';
import { conflictPrompt, connectionBanner, errorArea } from './parts/banners.js';
import { loginForm, type LoginField } from './parts/login-form.js';
import { statusBar } from './parts/status-bar.js';
import { SoftphoneController, TickController } from './softphone-controller.js';
import { styles } from './well-softphone.styles.js';

/** A not-ready reason offered in the reason picker. */
export interface NotReadyReason {
  value: string;
  label: string;
}

const CONFIG_PROPERTIES = [
  'vendor',
  'server',
  'apiUrl',
  'loginUrl',
  'eventUrl',
  'reconnectAttempts',
  'reconnectDelay',
  'requestTimeout',
  'subscribeGrace',
  'queue',
  'group',
  'afterCall',
  'autoAnswer',
  'ringTimeout',
  'noReattach',
] as const;

/** Custom states mirroring the agent state (`:state(ready)`…). */
const AGENT_STATES: Record<string, string> = {
  loggedOut: 'logged-out',
  loggingIn: 'logging-in',
  signedOut: 'offline',
  notReady: 'not-ready',
  ready: 'ready',
  allocated: 'allocated',
  outboundOnly: 'outbound-only',
  afterCallWork: 'after-call',
};

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
 * @fires {WellCallStartEvent} well-call-start - A call is connected; `detail` is the call.
 * @fires {WellCallHoldEvent} well-call-hold - A call was put on hold; `detail` is the call.
 * @fires {WellCallResumeEvent} well-call-resume - A held call was retrieved; `detail` is the call.
 * @fires {WellCallTransferEvent} well-call-transfer - A call was transferred to the agent: `{call, previousCallId}`.
 * @fires {WellCallConferenceEvent} well-call-conference - A call became or changed as a conference; `detail` is the call.
 * @fires {WellCallEndEvent} well-call-end - A call ended: `{callId, isEstablished, isCaller, partyDevice, isOutCall, createdAt, establishedAt, endedAt, cause, call}`.
 *
 * @csspart base - The toolbar container.
 * @csspart header - Status label, code, timer, identity and connection indicator.
 * @csspart status-label - The status text.
 * @csspart status-code - The numeric status code.
 * @csspart timer - Time in the current status (H:MM:SS).
 * @csspart identity - The logged-in agent and extension.
 * @csspart connection - The event-channel indicator.
 * @csspart live - The visually hidden live region that announces ringing and status changes.
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
 * @csspart dialer - Number field, prefix picker, Call button and dialpad.
 * @csspart prefix-select - The outbound trunk prefix picker (only when the agent has prefixes).
 * @csspart number-input - The number to dial.
 * @csspart dial-button - Dials the number.
 * @csspart dialpad - The 12 dialpad keys.
 * @csspart dialpad-key - One dialpad key.
 * @csspart transfer - Target number with Consult / Transfer / Add to call for the connected call.
 * @csspart target-input - The transfer / consult / conference target number.
 * @csspart consult-button - Holds the call and consults the target.
 * @csspart blind-transfer-button - Transfers the call to the target in one step.
 * @csspart add-party-button - Adds the target to the call in one step.
 * @csspart consult - While consulting: Complete transfer / Conference / Back to caller.
 * @csspart complete-transfer-button - Connects the held party with the consulted party and leaves.
 * @csspart conference-button - Joins the held call and the consult call.
 * @csspart cancel-consult-button - Ends the consultation and returns to the held call.
 * @csspart call-data - The data attached to the call.
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
 * @cssproperty [--well-focus=0 0 0 3px #7fb2ee] - Focus ring (box-shadow).
 *
 * @cssstate logged-out - Status -1.
 * @cssstate logging-in - Status 0.
 * @cssstate offline - Status 1.
 * @cssstate not-ready - Status 2.
 * @cssstate ready - Status 3.
 * @cssstate allocated - Status 3, pre-allocated for automatic outbound.
 * @cssstate outbound-only - Status 4.
 * @cssstate after-call - Status 5.
 * @cssstate connected - The event channel is live.
 * @cssstate reconnecting - The event channel is reconnecting.
 * @cssstate failed - Reconnecting gave up.
 * @cssstate pending - A command waits for its confirming server event.
 */
export class WellSoftphone extends LitElement {
  static override styles = styles;

  readonly #internals = this.attachInternals();
  readonly #controller = new SoftphoneController(this, () => this.#createPhone(), {
    status: (change) => this.#handleStatus(change),
    connection: (change) => this.dispatchEvent(new WellConnectionChangeEvent(change)),
    loginFailed: (failure) => this.#handleLoginFailed(failure),
    loginConflict: (failure) => this.#handleConflict(failure),
    error: (error) => this.#handleError(error),
    // Built only when a `well-event` listener is on the element (docs/events.md): a flood must not cost a DOM event each.
    raw: (message) => this.#rawListeners.any && this.dispatchEvent(new WellRawEvent(message)),
    call: (notice) => this.#handleCall(notice),
  });
  /** Keeps the time-in-state timer ticking while logged in. */
  protected readonly tick = new TickController(this, () => this.#controller.phone.getStatusCode() >= 0);
  #configDirty = false;
  /** A configuration error found while building the phone, reported once connected and translated. */
  #configError: WellError | undefined;
  #lastError: WellError | undefined;
  /** The language pack in use; undefined until the first one has loaded. */
  #t: Translation | undefined;
  #loading: Promise<void> | undefined;
  #loadingLang: string | undefined;
  /** The custom states last applied, to touch ElementInternals only on change. */
  #statesKey = '';
  /** Renders (and custom-state updates) coalesced per frame under load. */
  readonly #frames = new FrameScheduler();
  /** The element's own `well-event` listeners. */
  readonly #rawListeners = new ListenerSet();

  @state() private fieldErrors: Partial<Record<LoginField, string>> = {};
  @state() private errorMessage = '';
  @state() private announcement = '';
  @state() private selectedReason = '1';
  @state() private numberError: string | undefined;
  @state() private targetError: string | undefined;
  @state() private draft: {
    jobNumber?: string;
    domain?: string;
    extension?: string;
    loginMode?: LoginMode;
    initialMode?: InitialMode;
  } = {};

  /** Backend: `well` (CSTA REST + STOMP). */
  @property() vendor: VendorName = 'well';

  /** Base URL of the backend; the REST, login and event URLs derive from it. */
  @property() server = '';

  /** REST base URL (default: `server`). */
  @property({ attribute: 'api-url' }) apiUrl = '';

  /** Login (TPI) URL (default: `server` + `/loginTrusted`). */
  @property({ attribute: 'login-url' }) loginUrl = '';

  /** Event-channel WebSocket URL (default: `server` as ws(s) + `/mvc/stomp/websocket`). */
  @property({ attribute: 'event-url' }) eventUrl = '';

  /** The queue the agent logs into, for backends that need one (XSwitch). */
  @property() queue = '';

  /** The agent group, for backends that name agents `<group>.<job>` (XSwitch; default `default`). */
  @property() group = '';

  /** Tenant domain, pre-filled in the login form. */
  @property() domain = '';

  /** Job number (工号), pre-filled in the login form. */
  @property({ attribute: 'agent-id' }) agentId = '';

  /** Extension number, pre-filled in the login form. */
  @property() extension = '';

  /** What to do when the agent is already logged in (454/455): `force`, `ask` or `stop`. */
  @property({ attribute: 'login-mode' }) loginMode: LoginMode = 'force';

  /** Status after login: `NotReady` (default) or `Ready`. */
  @property({ attribute: 'initial-mode' }) initialMode: InitialMode = 'NotReady';

  /** Interface language: `zh-CN` (default) or `en`. */
  @property() override lang = 'zh-CN';

  /** Reconnect attempts after the event channel drops (default 30). */
  @property({ attribute: 'reconnect-attempts', type: Number }) reconnectAttempts?: number;

  /** Delay between reconnect attempts in ms (default 3000). */
  @property({ attribute: 'reconnect-delay', type: Number }) reconnectDelay?: number;

  /** Per-request timeout in ms (default 10 000). */
  @property({ attribute: 'request-timeout', type: Number }) requestTimeout?: number;

  /**
   * `well`: after subscribing to the event channel, how long to wait for the server's RECEIPT before going on
   * without it, in ms (default 500; 0–60 000). Servers that never answer a SUBSCRIBE's receipt (Spring's simple
   * broker) are logged in after this grace.
   */
  @property({ attribute: 'subscribe-grace', type: Number }) subscribeGrace?: number;

  /**
   * After-call work (status 5): `manual` (default: the agent presses Ready) or the seconds after which the
   * softphone goes ready by itself, with a visible countdown (Aliyun's `afterCallRule`).
   */
  @property({ attribute: 'after-call' }) afterCall = 'manual';

  /**
   * Answer inbound calls after this many seconds (0 = at once). Unset: never. Outbound calls are never auto-answered.
   */
  @property({ attribute: 'auto-answer', type: Number }) autoAnswer?: number;

  /** Seconds a call may ring unanswered before the agent is put not ready once it is gone. Unset: off. */
  @property({ attribute: 'ring-timeout', type: Number }) ringTimeout?: number;

  /**
   * Click-to-call: clicking an element with class `click-to-call-class` anywhere in the page dials the digits
   * of its text (opt-in; wellClient's `clickCallClass`).
   */
  @property({ attribute: 'click-to-call', type: Boolean }) clickToCall = false;

  /** The class that marks click-to-call numbers in the host page. */
  @property({ attribute: 'click-to-call-class' }) clickToCallClass = 'well-canBeCalled';

  /**
   * Keep nothing in `sessionStorage`: a reload asks for the password again. By default the tab keeps the session id
   * and the agent's identity (never the password) and reattaches on load (`well`).
   */
  @property({ attribute: 'no-reattach', type: Boolean }) noReattach = false;

  /** Not-ready reasons for the picker (property only). Value `"2"` means manual outbound (status 4). */
  @property({ attribute: false }) reasons?: NotReadyReason[];

  /** Ringtone hook (property only): called with `true` when a call starts ringing, `false` when it stops. */
  @property({ attribute: false }) ringtone?: (ringing: boolean) => void;

  /**
   * Event-channel (STOMP CONNECT) credentials sent with a login from the element's own form, for brokers that require
   * them (property only, like the password: never an attribute, never rendered, redacted from the log).
   */
  @property({ attribute: false }) eventCredentials?: { login: string; passcode: string };

  /** The headless core behind the element, for hosts that want more than the DOM events. */
  get phone(): Softphone {
    return this.#controller.phone;
  }

  /** The last error reported with `well-error` (also before a host listened), or undefined. */
  get lastError(): WellError | undefined {
    return this.#lastError ?? this.#configError;
  }

  /** The current status code -1..30. */
  get statusCode(): StatusCode {
    return this.phone.getStatusCode();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this.#handleDocumentClick);
    document.addEventListener('freeze', this.#handleFreeze);
    document.addEventListener('resume', this.#handleResume);
    window.addEventListener('pageshow', this.#handlePageShow);
    // after the first update (attributes applied, language loaded): reattach the session this tab kept, if any
    void this.updateComplete.then(() => this.#reattach());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('click', this.#handleDocumentClick);
    document.removeEventListener('freeze', this.#handleFreeze);
    document.removeEventListener('resume', this.#handleResume);
    window.removeEventListener('pageshow', this.#handlePageShow);
  }

  /** A reload: reattach without the password; a failure shows the login form with its reason (well-login-failed). */
  #reattach(): void {
    if (!this.isConnected || this.phone.getStatusCode() !== -1) return;
    if (this.#configDirty) this.#applyConfig();
    this.phone.reattach().catch(() => {
      // reported through loginFailed (message, well-login-failed, well-error)
    });
  }

  /** Page Lifecycle: about to be frozen; until resumed the connection shows as reconnecting. */
  #handleFreeze = (): void => this.phone.suspend();

  /** Page Lifecycle: resumed; re-read the server's view before showing anything as live. */
  #handleResume = (): void => this.phone.resume();

  /** Back from the back-forward cache: the page may have missed anything; re-read the server's view. */
  #handlePageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) this.phone.resume();
  };

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
    if (type === 'well-event') this.#rawListeners.add(listener, options);
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
    if (type === 'well-event') this.#rawListeners.delete(listener, options);
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject, options);
  }

  /** One render at once while the frame's rendering budget lasts, then one per animation frame (a flood). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#frames.schedule(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const lang = langOf(this.lang);
    if (this.#t?.lang !== lang && this.#loadingLang !== lang) this.#useLanguage();
    if (CONFIG_PROPERTIES.some((key) => changed.has(key))) this.#configDirty = true;
    if (this.#configDirty && this.phone.getStatusCode() === -1) this.#applyConfig();
  }

  protected override updated(): void {
    if (this.#configError && this.#t) {
      const error = this.#configError;
      this.#configError = undefined;
      this.#handleError(error);
    }
    const snapshot = this.phone.getSnapshot();
    const connection = this.phone.connectionState;
    const wanted = [AGENT_STATES[agentStateOf(snapshot)] ?? 'logged-out'];
    if (connection === 'connected' || connection === 'reconnecting' || connection === 'failed') wanted.push(connection);
    if (snapshot.context.pendingOperation) wanted.push('pending');
    const key = wanted.join(' ');
    if (key !== this.#statesKey) {
      this.#statesKey = key;
      const states = this.#internals.states;
      for (const s of [...states]) if (!wanted.includes(s)) states.delete(s);
      for (const s of wanted) states.add(s);
    }
    if (snapshot.matches({ agent: { loggingIn: 'confirming' } })) {
      const force = this.renderRoot.querySelector<HTMLButtonElement>('[part~="force-login-button"]');
      if (force && this.renderRoot instanceof ShadowRoot && this.renderRoot.activeElement !== force) force.focus();
    }
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
    if (this.#configDirty) this.#applyConfig();
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
   * Hangs up (or rejects) the active call, or `callId`. Resolves when the server accepted it; the call ends on its
   * events.
   */
  hangUp(callId?: string, options?: CommandOptions): Promise<void> {
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

  #useLanguage(): void {
    const cached = cachedTranslation(this.lang);
    if (cached) {
      this.#t = cached;
      return;
    }
    this.#loadingLang = langOf(this.lang);
    const loading = loadTranslation(this.lang).then(
      (translation) => {
        if (this.#loading === loading) [this.#loading, this.#loadingLang] = [undefined, undefined];
        if (translation.lang === langOf(this.lang)) {
          this.#t = translation;
          this.requestUpdate();
        }
      },
      () => {
        // A pack that fails to load (offline CDN) keeps the previous one; the first render falls back to zh-CN.
        if (this.#loading === loading) [this.#loading, this.#loadingLang] = [undefined, undefined];
        if (!this.#t && this.lang !== 'zh-CN') this.lang = 'zh-CN';
      },
    );
    this.#loading = loading;
  }

  /** Also waits for the language pack, so `await el.updateComplete` means "rendered in the right language". */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    while (this.#loading) {
      await this.#loading;
      result = await super.getUpdateComplete();
    }
    return result;
  }

  #configFromProperties(): SoftphoneConfig {
    const config: SoftphoneConfig = { vendor: this.vendor };
    if (this.server) config.server = this.server;
    if (this.apiUrl) config.apiUrl = this.apiUrl;
    if (this.loginUrl) config.loginUrl = this.loginUrl;
    if (this.eventUrl) config.eventUrl = this.eventUrl;
    if (this.reconnectAttempts !== undefined) config.reconnectAttempts = this.reconnectAttempts;
    if (this.reconnectDelay !== undefined) config.reconnectDelayMs = this.reconnectDelay;
    if (this.requestTimeout !== undefined) config.requestTimeoutMs = this.requestTimeout;
    if (this.subscribeGrace !== undefined) config.subscribeGraceMs = this.subscribeGrace;
    if (this.queue) config.queue = this.queue;
    if (this.group) config.group = this.group;
    const afterCall = Number(this.afterCall);
    config.afterCallSeconds =
      this.afterCall !== 'manual' && this.afterCall !== '' && afterCall >= 0 ? afterCall : undefined;
    config.autoAnswerSeconds = this.autoAnswer !== undefined && this.autoAnswer >= 0 ? this.autoAnswer : undefined;
    config.ringTimeoutSeconds = this.ringTimeout !== undefined && this.ringTimeout > 0 ? this.ringTimeout : undefined;
    config.reattach = !this.noReattach;
    return config;
  }

  #createPhone(): Softphone {
    this.#configDirty = false;
    try {
      return new Softphone(this.#configFromProperties());
    } catch (err) {
      // A bad vendor attribute must not break the page: fall back to `well` and say why, once the element is
      // connected and its language is loaded (updated()), so a host's listener and the agent both see it.
      this.#configError = err instanceof WellError ? err : new WellError(WellErrorCode.CONFIG_INVALID, String(err));
      return new Softphone({ ...this.#configFromProperties(), vendor: 'well' });
    }
  }

  #applyConfig(): void {
    this.#configDirty = false;
    const config = this.#configFromProperties();
    try {
      this.phone.configure({
        ...config,
        server: config.server,
        apiUrl: config.apiUrl,
        loginUrl: config.loginUrl,
        eventUrl: config.eventUrl,
      });
    } catch (err) {
      this.#handleError(err instanceof WellError ? err : new WellError(WellErrorCode.CONFIG_INVALID, String(err)));
    }
  }

  #handleStatus(change: StatusChange): void {
    const ringing = change.code === 6 ? this.phone.calls.find((c) => c.state === 'alerting' && !c.isCaller) : undefined;
    this.announcement =
      ringing && this.#t
        ? this.#t.calls.incoming(ringing.party?.split('@')[0] ?? '')
        : (this.#t?.status[change.code] ?? String(change.code));
    if (change.code === -1 && this.#configDirty) this.#applyConfig();
    this.dispatchEvent(new WellStatusChangeEvent(change));
  }

  #handleLoginFailed(failure: LoginFailure & { error: WellError }): void {
    const { error, ...detail } = failure;
    const t = this.#t;
    const message = t ? (t.loginReasons[detail.reason] ?? t.loginReasons.unknown)(detail) : error.message;
    this.errorMessage = t ? `${t.loginFailedPrefix}: ${message}` : message;
    this.dispatchEvent(new WellLoginFailedEvent({ ...detail, message }));
    this.dispatchEvent(new WellErrorEvent({ error, code: error.code, message }));
  }

  #handleCall(notice: CallNotice): void {
    switch (notice.type) {
      case 'offered':
        this.#ring(true);
        this.dispatchEvent(new WellCallOfferEvent({ ...notice.call }));
        break;
      case 'started':
        this.#ring(false);
        this.dispatchEvent(new WellCallStartEvent({ ...notice.call }));
        break;
      case 'held':
        this.dispatchEvent(new WellCallHoldEvent({ ...notice.call }));
        break;
      case 'resumed':
        this.dispatchEvent(new WellCallResumeEvent({ ...notice.call }));
        break;
      case 'transferred':
        this.dispatchEvent(new WellCallTransferEvent({ call: { ...notice.call }, previousCallId: notice.from }));
        break;
      case 'conferenced':
        this.dispatchEvent(new WellCallConferenceEvent({ ...notice.call }));
        break;
      case 'ended':
        if (!this.phone.calls.some((c) => c.state === 'alerting' && !c.isCaller)) this.#ring(false);
        this.dispatchEvent(new WellCallEndEvent(callEndDetail(notice.end)));
        break;
    }
  }

  #ring(ringing: boolean): void {
    try {
      this.ringtone?.(ringing);
    } catch {
      // a host ringtone that throws must not break call handling
    }
  }

  #handleConflict(failure: LoginFailure): void {
    this.dispatchEvent(new WellLoginConflictEvent(failure));
  }

  #handleError(error: WellError): void {
    this.#lastError = error;
    const reason = error.code === WellErrorCode.SESSION_ENDED ? error.detail?.['reason'] : undefined;
    const message =
      (typeof reason === 'string' ? this.#t?.sessionEnded[reason as SessionEndReason] : undefined) ??
      this.#t?.errors[error.code] ??
      error.message;
    this.errorMessage = message;
    this.dispatchEvent(new WellErrorEvent({ error, code: error.code, message }));
  }

  #handleSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const credentials: LoginCredentials = {
      jobNumber: text('jobNumber'),
      password: String(data.get('password') ?? ''),
      domain: text('domain'),
      extension: text('extension'),
      loginMode: text('loginMode') as LoginMode,
      initialMode: text('initialMode') as InitialMode,
    };
    const { password: _password, ...rest } = credentials;
    this.draft = rest;
    const invalid = validateCredentials(credentials);
    const errors: Partial<Record<LoginField, string>> = {};
    for (const name of invalid)
      if (this.#t && name in this.#t.fieldErrors) errors[name as LoginField] = this.#t.fieldErrors[name as LoginField];
    this.fieldErrors = errors;
    if (invalid.length > 0) {
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLInputElement>(`#well-${invalid[0]}`)?.focus(),
      );
      return;
    }
    (form.elements.namedItem('password') as HTMLInputElement).value = '';
    // Failures are reported through well-login-failed and the error area.
    if (this.eventCredentials) {
      credentials.eventLogin = this.eventCredentials.login;
      credentials.eventPasscode = this.eventCredentials.passcode;
    }
    this.login(credentials).catch(() => {});
  };

  #run(command: () => Promise<void>): void {
    this.errorMessage = '';
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

  #handleDial = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const number = String(data.get('number') ?? '').trim();
    const prefix = String(data.get('prefix') ?? '') || undefined;
    this.numberError = undefined;
    this.dial(number, prefix === undefined ? {} : { prefix }).then(
      (callId) => {
        if (callId !== undefined) (form.elements.namedItem('number') as HTMLInputElement).value = '';
      },
      (err: unknown) => {
        this.numberError = this.#numberErrorOf(err);
      },
    );
  };

  /** The inline message for a refused number, or undefined after reporting any other refusal in the error area. */
  #numberErrorOf(err: unknown): string | undefined {
    const reason = err instanceof WellError ? err.detail?.['reason'] : undefined;
    const errors = this.#t?.calls.numberErrors as Record<string, string> | undefined;
    if (typeof reason === 'string' && errors?.[reason]) return errors[reason];
    if (err instanceof WellError && err.code === WellErrorCode.NOT_ALLOWED_IN_STATE) this.#handleError(err);
    return undefined;
  }
  /** One document listener; it acts only when opted in and only on the configured class. */
  #handleDocumentClick = (event: MouseEvent): void => {
    if (!this.clickToCall || !this.clickToCallClass || !(event.target instanceof Element)) return;
    const target = event.target.closest(`.${CSS.escape(this.clickToCallClass)}`);
    if (!target || this.contains(target)) return;
    const number = (target.textContent ?? '').replace(/[^0-9*#]/g, '');
    if (number === '') return;
    this.dial(number).catch((err: unknown) => {
      if (err instanceof WellError) this.#handleError(err);
    });
  };
  #handleTransferAction = (
    action: 'consult' | 'blindTransfer' | 'singleStepConference',
    callId: string,
    number: string,
  ): void => {
    this.targetError = undefined;
    const phone = this.phone;
    const run =
      action === 'consult'
        ? phone.consult(callId, number).then(() => undefined)
        : action === 'blindTransfer'
          ? phone.blindTransfer(callId, number)
          : phone.singleStepConference(callId, number);
    run.catch((err: unknown) => {
      this.targetError = this.#numberErrorOf(err);
    });
  };
  #handleConsultAction = (
    action: 'completeTransfer' | 'conference' | 'cancelConsult',
    heldCallId: string,
    consultCallId: string,
  ): void => this.#run(() => this.phone[action](heldCallId, consultCallId));
  #handleAnswer = (callId: string): void => this.#run(() => this.answer(callId));
  #handleHangUp = (callId: string): void => this.#run(() => this.hangUp(callId));
  #handleHold = (callId: string): void => this.#run(() => this.hold(callId));
  #handleRetrieve = (callId: string): void => this.#run(() => this.retrieve(callId));
  #handleReady = (): void => this.#run(() => this.ready());
  #handleNotReady = (): void => this.#run(() => this.notReady(this.selectedReason));
  #handleReason = (event: Event): void => {
    this.selectedReason = (event.target as HTMLSelectElement).value;
  };
  #handleLogout = (): void => this.#run(() => this.logout());
  #handleCancelLogin = (): void => this.#run(() => this.logout());
  #handleForce = (): void => this.confirmForceLogin();
  #handleDecline = (): void => this.declineForceLogin();
  #handleReconnect = (): void => this.reconnect();
  #handleDismiss = (): void => {
    this.errorMessage = '';
  };

  #renderCalls(t: Translation) {
    const phone = this.phone;
    const now = Date.now();
    return html`<section part="calls" aria-label=${t.calls.region}>
      ${phone.calls.map((call) =>
        callCard({
          t,
          call,
          now,
          canAnswer: phone.can(Operation.answer),
          canHangUp: phone.can(Operation.hangUp),
          canHold: phone.can(Operation.hold),
          canRetrieve: phone.can(Operation.retrieve),
          capable: { answer: phone.capabilities.canAnswer, hold: phone.capabilities.canHold },
          onAnswer: this.#handleAnswer,
          onHangUp: this.#handleHangUp,
          onHold: this.#handleHold,
          onRetrieve: this.#handleRetrieve,
        }),
      )}
      ${this.#renderCallActions(t)}
      ${
        phone.capabilities.canDial
          ? dialer({
              t,
              canDial: phone.can(Operation.dial),
              prefixes: phone.prefixes,
              error: this.numberError,
              onDial: this.#handleDial,
            })
          : nothing
      }
    </section>`;
  }

  /** Transfer/consult entry for the connected call, the consult pair's actions, the call data. */
  #renderCallActions(t: Translation) {
    const phone = this.phone;
    const calls = phone.calls;
    const held = calls.find((c) => c.state === 'held');
    const consult = held ? calls.find((c) => c !== held) : undefined;
    const connected = calls.find((c) => c.state === 'connected');
    const active = consult ?? connected ?? calls[0];
    return html`${
      held && consult
        ? consultPair({
            t,
            heldCallId: held.callId,
            consultCallId: consult.callId,
            canComplete: phone.can(Operation.completeTransfer),
            canConference: phone.can(Operation.conference),
            canCancel: phone.can(Operation.cancelConsult),
            onAction: this.#handleConsultAction,
          })
        : connected &&
            calls.length === 1 &&
            (phone.capabilities.canConsult || phone.capabilities.canTransfer || phone.capabilities.canConference)
          ? transferForm({
              t,
              callId: connected.callId,
              canConsult: phone.can(Operation.consult),
              canBlindTransfer: phone.can(Operation.blindTransfer),
              canConference: phone.can(Operation.singleStepConference),
              error: this.targetError,
              onAction: this.#handleTransferAction,
            })
          : nothing
    }
    ${callData(t, (held ?? active)?.userData)}`;
  }

  /** Seconds left before the softphone goes ready by itself, in after-call work with an after-call rule. */
  #afterCallRemaining(agentState: string): number | undefined {
    const seconds = this.phone.getSnapshot().context.settings.afterCallSeconds;
    if (agentState !== 'afterCallWork' || seconds === undefined || this.phone.calls.length > 0) return undefined;
    return Math.max(0, Math.ceil((this.phone.statusSince + seconds * 1000 - Date.now()) / 1000));
  }

  #reasons(): NotReadyReason[] {
    return this.reasons ?? Object.entries(this.#t?.reasons ?? {}).map(([value, label]) => ({ value, label }));
  }

  override render() {
    const t = this.#t;
    if (!t) return nothing;
    const phone = this.phone;
    const snapshot = phone.getSnapshot();
    const code = phone.getStatusCode();
    const connection: ConnectionState = phone.connectionState;
    const agentState = agentStateOf(snapshot);
    const conflict = snapshot.matches({ agent: { loggingIn: 'confirming' } }) ? snapshot.context.conflict : undefined;
    return html`<section part="base" aria-label=${t.title} lang=${t.lang}>
      ${statusBar({ t, code, since: phone.statusSince, now: Date.now(), connection, identity: snapshot.context.identity })}
      ${connectionBanner(
        t,
        connection,
        snapshot.context.reconnectAttempt,
        snapshot.context.settings.reconnectAttempts,
        this.#handleReconnect,
      )}
      ${conflict ? conflictPrompt(t, t.conflict(conflict.status, conflict.deviceId), this.#handleForce, this.#handleDecline) : nothing}
      ${
        agentState === 'loggedOut'
          ? loginForm({
              t,
              jobNumber: this.draft.jobNumber ?? this.agentId,
              domain: this.draft.domain ?? this.domain,
              extension: this.draft.extension ?? this.extension,
              loginMode: this.draft.loginMode ?? this.loginMode,
              initialMode: this.draft.initialMode ?? this.initialMode,
              errors: this.fieldErrors,
              onSubmit: this.#handleSubmit,
            })
          : agentState === 'loggingIn' || agentState === 'signedOut'
            ? html`<div part="controls">
                <span role="status">${t.loggingIn}</span>
                ${
                  conflict
                    ? nothing
                    : html`<button type="button" part="button cancel-button" @click=${this.#handleCancelLogin}>
                        ${t.actions.cancel}
                      </button>`
                }
              </div>`
            : agentControls({
                t,
                canReady: phone.can(Operation.ready),
                canNotReady: phone.can(Operation.notReady),
                canOutboundOnly: phone.can(Operation.outboundOnly),
                canLogout: phone.can(Operation.logout),
                reasons: this.#reasons(),
                reason: this.selectedReason,
                pending: snapshot.context.pendingOperation !== undefined,
                onReady: this.#handleReady,
                onNotReady: this.#handleNotReady,
                onReason: this.#handleReason,
                onLogout: this.#handleLogout,
                afterCallRemaining: this.#afterCallRemaining(agentState),
              })
      }
      ${
        agentState !== 'loggedOut' && agentState !== 'loggingIn' && agentState !== 'signedOut'
          ? this.#renderCalls(t)
          : nothing
      }
      ${this.errorMessage ? errorArea(t, this.errorMessage, this.#handleDismiss) : nothing}
      <div part="live" class="sr-only" aria-live="polite">${this.announcement}</div>
    </section>`;
  }
}

/** `well-call-end` from a call's end (wellClient's `connectionCleared` inner event, corrected). */
function callEndDetail(end: CallEnd): CallEndDetail {
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
