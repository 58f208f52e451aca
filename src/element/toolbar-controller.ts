import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Softphone } from '../core/softphone.js';
import type { Translation } from '../i18n/index.js';
import { WellErrorCode, type WellError } from '../model/well-error.js';
import type { RingtoneSource } from './ringer.js';
import type { SessionUi } from './session-ui.js';
import type { SoftphoneApi } from './softphone-api.js';
import type { ShortcutAction, ShortcutMap } from './shortcuts.js';

/** Where an error is shown: next to the controls that caused it. */
export type ErrorPlace = 'login' | 'controls' | 'calls' | 'top';

/** What the toolbar needs of the element. */
export interface ToolbarHost
  extends
    ReactiveControllerHost,
    HTMLElement,
    Pick<SoftphoneApi, 'answer' | 'hangUp' | 'hold' | 'retrieve' | 'ready' | 'notReady'> {
  readonly phone: Softphone;
  readonly renderRoot: HTMLElement | DocumentFragment;
  ringtone?: RingtoneSource;
  shortcuts?: ShortcutMap | undefined;
  shortcutsScope: string;
  afterCallNotes: boolean;
  notifications: string;
}

/** The element's own command runner and state the toolbar borrows. */
export interface ToolbarOps {
  run(place: ErrorPlace, command: () => Promise<unknown>): void;
  /** The reason picked in the reason picker. */
  reason(): string;
  translation(): Translation | undefined;
  dial(number: string): void;
}

const AGENT_OPERATIONS = new Set(['ready', 'notReady', 'outboundOnly', 'logout', 'setWorkMode']);
const CALL_OPERATIONS = new Set([
  'dial',
  'answer',
  'hangUp',
  'hold',
  'retrieve',
  'dtmf',
  'mute',
  'unmute',
  'blindTransfer',
  'consult',
  'singleStepConference',
  'conference',
  'cancelConsult',
  'completeTransfer',
  'startRecording',
  'stopRecording',
]);

/** The focus target after an action, by status: the next control the agent needs. */
function focusOrder(code: number, action: string | undefined): string[] {
  if (code === -1) return ['password-input', 'login-button'];
  if (code === 0) return ['cancel-button', 'force-login-button'];
  if (code === 6) return ['answer-button', 'hang-up-button'];
  if (code === 12) return ['retrieve-button', 'hang-up-button'];
  if (code === 16 || code === 17) return ['complete-transfer-button', 'cancel-consult-button'];
  if (code >= 8)
    return action === 'hold' || action === 'retrieve' ? ['hold-button', 'hang-up-button'] : ['hang-up-button'];
  return ['ready-button', 'reason-select', 'not-ready-button', 'logout-button'];
}

type Focusable = HTMLElement & { disabled?: boolean };
const usable = (el: Focusable | null | undefined): el is Focusable => !!el && el.isConnected && !el.disabled;

/**
 * The toolbar's interaction state: the dialer and keypad disclosures, the shortcuts help, where errors show, focus
 * that follows the agent's actions, `Escape`, and the session UI (ring, notifications, recent calls, shortcuts,
 * after-call notes) loaded with `import()` once a session runs: the first frame does not need it.
 */
export class ToolbarController implements ReactiveController {
  readonly #host: ToolbarHost;
  readonly #ops: ToolbarOps;
  dialerOpen = false;
  keypadOpen = false;
  helpOpen = false;
  /** DTMF digits sent on {@link #dtmfCall}. */
  dtmfSent = '';
  #dtmfCall: string | undefined;
  errorPlace: ErrorPlace = 'top';
  /** The assertive announcement (incoming and missed calls). */
  alertText = '';
  session: SessionUi | undefined;
  loading: Promise<void> | undefined;
  #intent: { action: string; code: number; at: number } | undefined;

  constructor(host: ToolbarHost, ops: ToolbarOps) {
    this.#host = host;
    this.#ops = ops;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('keydown', this.#onKeydown);
    this.#host.addEventListener('click', this.#onClick, true);
    document.addEventListener('keydown', this.#onPageKeydown);
  }

  /** Focus was inside the element before this render (a render that removes the focused control must not drop it). */
  #hasFocus = false;

  hostUpdate(): void {
    this.#hasFocus = usable((this.#host.renderRoot as ShadowRoot).activeElement as Focusable | null);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('keydown', this.#onKeydown);
    this.#host.removeEventListener('click', this.#onClick, true);
    document.removeEventListener('keydown', this.#onPageKeydown);
  }

  hostUpdated(): void {
    const view = this.#host.phone.view;
    if (view.code >= 0 && !this.session && !this.loading) this.#load();
    this.session?.update();
    const active = view.calls.find((c) => c.state === 'connected')?.callId;
    if (active !== this.#dtmfCall) {
      this.#dtmfCall = active;
      this.dtmfSent = '';
      if (!active) this.keypadOpen = false;
    }
    if (view.calls.length > 0) this.dialerOpen = false;
    this.#followFocus(view.code);
  }

  #load(): void {
    this.loading = import('./session-ui.js').then(({ SessionUi }) => {
      this.session = new SessionUi(this.#host, this, this.#ops);
      this.loading = undefined;
      this.#host.requestUpdate();
    });
  }

  /** Where an error from the core belongs: the login form once the session ended, else by its operation. */
  placeOf(error: WellError): ErrorPlace {
    if (error.code === WellErrorCode.SESSION_ENDED || this.#host.phone.view.code === -1) return 'login';
    const operation = error.operation ?? '';
    if (AGENT_OPERATIONS.has(operation)) return 'controls';
    if (CALL_OPERATIONS.has(operation)) return 'calls';
    return this.errorPlace;
  }

  /** Says `text` in the assertive live region. */
  alert(text: string): void {
    this.alertText = text;
    this.#host.requestUpdate();
  }

  /** An action from a control or shortcut: once it is done, focus moves to the next sensible control. */
  intend(action: string): void {
    const root = this.#host.renderRoot as ShadowRoot;
    if (root.activeElement || document.activeElement === this.#host) {
      this.#intent = { action, code: this.#host.phone.view.code, at: Date.now() };
    }
  }

  #followFocus(code: number): void {
    const intent = this.#intent;
    if (!intent) {
      // focus was in the element and the render took its control away: the next sensible one, never <body>
      const active = (this.#host.renderRoot as ShadowRoot).activeElement as Focusable | null;
      if (this.#hasFocus && !usable(active)) this.focus(focusOrder(code, undefined));
      return;
    }
    const outside = document.activeElement !== this.#host && document.activeElement !== document.body;
    if (outside || Date.now() - intent.at > 15_000) {
      this.#intent = undefined;
      return;
    }
    // the session UI (agent controls, calls) is on its way: focus follows once it shows
    if (this.loading) return;
    const active = (this.#host.renderRoot as ShadowRoot).activeElement as Focusable | null;
    if (!usable(active)) this.focus(focusOrder(code, intent.action));
    // settled: the status changed and nothing waits (logging in passes through 0 first)
    if (code !== intent.code && code !== 0 && this.#host.phone.view.pendingOperation === undefined) {
      this.#intent = undefined;
    }
  }

  /** Focuses the first usable control among `parts`. */
  focus(parts: readonly string[]): boolean {
    for (const name of parts) {
      const el = this.#host.renderRoot.querySelector<Focusable>(`[part~="${name}"]`);
      if (usable(el)) {
        el.focus();
        return true;
      }
    }
    return false;
  }

  /** Runs a shortcut's action. */
  act(action: ShortcutAction): void {
    const host = this.#host;
    const call = host.phone.view.activeCall;
    this.intend(action);
    switch (action) {
      case 'answer':
        this.#ops.run('calls', () => host.answer());
        break;
      case 'hangUp':
        if (call) {
          if (call.state === 'alerting') this.session?.noteRejected(call.callId);
          this.#ops.run('calls', () => host.hangUp(call.callId));
        }
        break;
      case 'hold':
        this.#ops.run('calls', () => (call?.state === 'held' ? host.retrieve() : host.hold()));
        break;
      case 'ready':
        this.session?.flushNotes();
        this.#ops.run('controls', () => host.ready());
        break;
      case 'notReady':
        this.#ops.run('controls', () => host.notReady(this.#ops.reason()));
        break;
      case 'dialer':
        this.#intent = undefined;
        this.dialerOpen = true;
        void this.#afterRender(() => this.focus(['number-input']));
        break;
      case 'help':
        this.toggleHelp();
        break;
    }
  }

  toggleHelp = (): void => {
    this.helpOpen = !this.helpOpen;
    void this.#afterRender(() => this.focus(this.helpOpen ? ['close-help-button'] : ['help-button']));
  };

  toggleDialer = (): void => {
    this.dialerOpen = !this.dialerOpen;
    void this.#afterRender(() => this.focus(this.dialerOpen ? ['number-input'] : ['new-call-button']));
  };

  toggleKeypad = (): void => {
    this.keypadOpen = !this.keypadOpen;
    void this.#afterRender(() => this.focus(this.keypadOpen ? ['dtmf-key'] : ['keypad-button']));
  };

  /** Sends one DTMF digit on the connected call. */
  dtmf = (digit: string): void => {
    const phone = this.#host.phone;
    const callId = this.#dtmfCall;
    this.dtmfSent += digit;
    this.#host.requestUpdate();
    this.#ops.run('calls', () => phone.sendDtmf(digit, callId));
  };

  record = (): void => {
    const phone = this.#host.phone;
    this.#ops.run('calls', () => (phone.view.recording ? phone.stopRecording() : phone.startRecording()));
  };

  mute = (callId: string, muted: boolean): void => {
    const phone = this.#host.phone;
    this.#ops.run('calls', () => (muted ? phone.mute(callId) : phone.unmute(callId)));
  };

  async #afterRender(then: () => void): Promise<void> {
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    then();
  }

  #onClick = (event: Event): void => {
    this.session?.gesture();
    const target = event.composedPath()[0] as Element | undefined;
    // a user gesture: the one moment a notification permission may be asked
    if (target?.closest?.('[part~="login-button"]') && this.#host.notifications !== 'off') askNotificationPermission();
  };

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      this.#escape(event);
      return;
    }
    if (this.#host.shortcutsScope !== 'off') this.session?.keydown(event);
  };

  /** Page-wide shortcuts (`shortcuts-scope="page"`), for keys pressed outside the element. */
  #onPageKeydown = (event: KeyboardEvent): void => {
    if (this.#host.shortcutsScope !== 'page' || event.composedPath().includes(this.#host)) return;
    this.session?.keydown(event);
  };

  /** `Escape` closes the innermost open thing: the login prompt, the help, the keypad, the dialer, a disclosure. */
  #escape(event: KeyboardEvent): void {
    const phone = this.#host.phone;
    const details = (event.composedPath()[0] as Element | undefined)?.closest?.('details[open]');
    if (phone.view.conflict) phone.declineForceLogin();
    else if (this.helpOpen) this.toggleHelp();
    else if (details instanceof HTMLDetailsElement) {
      details.open = false;
      details.querySelector('summary')?.focus();
    } else if (this.keypadOpen) this.toggleKeypad();
    else if (this.dialerOpen) this.toggleDialer();
    else return;
    event.preventDefault();
  }
}

/** Asks for the notification permission once (from a user gesture), where the browser has notifications. */
export function askNotificationPermission(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  void Notification.requestPermission().catch(() => undefined);
}
