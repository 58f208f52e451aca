import { html, nothing } from 'lit';
import type { Softphone } from '../core/softphone.js';
import type { Translation } from '../i18n/index.js';
import type { CallNotice, CallRecord } from '../model/call.js';
import { Operation } from '../model/status.js';
import { WellAfterCallEvent } from '../events/well-after-call.js';
import { WellCallMissedEvent } from '../events/well-call-missed.js';
import { CallNotifier, TitleFlash } from './notifications.js';
import { RecentCalls, recentCallOf, recentCallsList } from './recent-calls.js';
import { agentControls } from './parts/agent-controls.js';
import { callsRegion } from './parts/calls-region.js';
import { Ringer, type RingtoneSource } from './ringer.js';
import { actionOf, shortcutsHelp, type ShortcutAction, type ShortcutMap } from './shortcuts.js';

/** What the session UI needs of the element (the element itself). */
export interface SessionUiHost {
  readonly phone: Softphone;
  readonly ringtone?: RingtoneSource;
  readonly shortcuts?: ShortcutMap | undefined;
  readonly afterCallNotes: boolean;
  requestUpdate(): void;
  dispatchEvent(event: Event): boolean;
}

/** What the session UI needs of the toolbar (toolbar-controller.ts). */
export interface SessionUiToolbar {
  /** Says something at once (assertive live region). */
  alert(text: string): void;
  /** Runs a shortcut's action. */
  act(action: ShortcutAction): void;
  /** Focuses the first usable control among `parts` (Answer, when a notification was clicked). */
  focus(parts: readonly string[]): boolean;
}

/** What the session UI needs of the element's own state (the toolbar's `ToolbarOps`). */
export interface SessionUiOps {
  translation(): Translation | undefined;
  /** Dials a number (call back). */
  dial(number: string): void;
}

/** A call ringing the agent (not one the agent places). */
const ringingCall = (calls: readonly CallRecord[]) => calls.find((c) => c.state === 'alerting' && !c.isCaller);
const partyOf = (call: CallRecord) => (call.party ?? '').split('@')[0] ?? '';

/**
 * The parts of the toolbar the first frame does not need, loaded with the session (from the start of a login or
 * reattach): the agent controls, the calls region, the ring (tone, notification, title flash), the recent and missed
 * calls, the keyboard shortcuts and their help, and the after-call notes.
 */
export class SessionUi {
  /** The agent controls (ready, not ready with a reason, logout): only a session shows them. */
  readonly agentControls = agentControls;
  /** The calls region (call cards, in-call tools, transfer and consult, dialer): only a session shows it. */
  readonly callsRegion = callsRegion;
  readonly #host: SessionUiHost;
  readonly #toolbar: SessionUiToolbar;
  readonly #ops: SessionUiOps;
  readonly #ringer: Ringer;
  readonly #notifier = new CallNotifier();
  readonly #title = new TitleFlash();
  readonly recent = new RecentCalls();
  readonly #rejected = new Set<string>();
  #ringingId: string | undefined;
  #blocked = false;
  #notes: { callId: string; party: string; endedAt: number; text: string } | undefined;

  constructor(host: SessionUiHost, toolbar: SessionUiToolbar, ops: SessionUiOps) {
    this.#host = host;
    this.#toolbar = toolbar;
    this.#ops = ops;
    this.#ringer = new Ringer(
      () => host.ringtone,
      () => {
        this.#blocked = true;
        host.requestUpdate();
      },
    );
  }

  /** After each render: rings while a call rings this tab, and stops with answer, reject, timeout or hang-up. */
  update(): void {
    const phone = this.#host.phone;
    const call = ringingCall(phone.view.calls);
    const here = call !== undefined && phone.ringsHere;
    const id = here ? call.callId : undefined;
    if (id === this.#ringingId) return;
    this.#ringingId = id;
    // another call may ring right after one ended (one render for both): restart with the current ringtone
    this.#ringer.set(false);
    this.#ringer.set(here);
    this.#title.stop();
    const t = this.#ops.translation();
    if (here && t) {
      const party = partyOf(call);
      this.#title.start(t.toolbar.titleFlash(party));
      this.#notifier.show(t.toolbar.incomingTitle, t.calls.incoming(party), () =>
        this.#toolbar.focus(['answer-button']),
      );
    } else {
      this.#notifier.close();
      if (this.#blocked) {
        this.#blocked = false;
        this.#host.requestUpdate();
      }
    }
  }

  /** The agent rejected this call from the element. */
  noteRejected(callId: string): void {
    this.#rejected.add(callId);
  }

  /** A click or key in the element: a user gesture, so a blocked ring may sound now. */
  gesture(): void {
    this.#ringer.unlock();
    if (this.#blocked) {
      this.#blocked = false;
      this.#host.requestUpdate();
    }
  }

  call(notice: CallNotice): void {
    if (notice.type === 'offered' || notice.type === 'started') this.flushNotes();
    if (notice.type !== 'ended') return;
    const view = this.#host.phone.view;
    const entry = recentCallOf(
      notice.end,
      this.#rejected.delete(notice.end.call.callId),
      view.settings.ringTimeoutSeconds,
    );
    this.recent.add(entry);
    const t = this.#ops.translation();
    if (entry.missed) {
      this.#host.dispatchEvent(
        new WellCallMissedEvent({
          callId: entry.callId,
          party: entry.party,
          reason: entry.missed,
          createdAt: entry.createdAt,
          endedAt: entry.endedAt,
          call: { ...notice.end.call },
        }),
      );
      if (t && entry.missed !== 'rejected') this.#toolbar.alert(t.toolbar.missedCall(entry.party || '—'));
    } else if (this.#host.afterCallNotes && notice.end.call.establishedAt !== undefined) {
      this.flushNotes();
      this.#notes = { callId: entry.callId, party: entry.party, endedAt: entry.endedAt, text: '' };
    }
    this.#host.requestUpdate();
  }

  /** Sends the pending notes (if any were written) in `well-after-call`, and closes them. */
  flushNotes(): void {
    const notes = this.#notes;
    if (!notes) return;
    this.#notes = undefined;
    if (notes.text.trim() !== '') {
      this.#host.dispatchEvent(
        new WellAfterCallEvent({ callId: notes.callId, party: notes.party, notes: notes.text, endedAt: notes.endedAt }),
      );
    }
    this.#host.requestUpdate();
  }

  /** A key press in the element (or the page, with page-wide shortcuts): true when it ran a shortcut. */
  keydown(event: KeyboardEvent): boolean {
    const action = actionOf(this.#host.shortcuts, event);
    if (!action) return false;
    event.preventDefault();
    this.#toolbar.act(action);
    return true;
  }

  dispose(): void {
    this.#ringer.dispose();
    this.#title.stop();
    this.#notifier.close();
    this.#ringingId = undefined;
  }

  /** The notice that the browser blocked the ring. */
  blockedNotice(t: Translation) {
    return this.#blocked ? html`<div part="ring-blocked" role="alert">${t.toolbar.ringBlocked}</div>` : nothing;
  }

  recentCalls(t: Translation) {
    const view = this.#host.phone.view;
    const canDial = view.capabilities.canDial && view.allowed(Operation.dial);
    return recentCallsList(t, this.recent.entries, this.recent.missedCount, canDial, (n) => this.#ops.dial(n));
  }

  notes(t: Translation) {
    const notes = this.#notes;
    if (!notes) return nothing;
    return html`<form
      part="notes"
      @submit=${(e: Event) => {
        e.preventDefault();
        this.flushNotes();
      }}
    >
      <label for="well-notes">${t.toolbar.notes}</label>
      <textarea
        id="well-notes"
        part="input notes-input"
        rows="2"
        .value=${notes.text}
        @input=${(e: Event) => (notes.text = (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <button type="submit" part="button save-notes-button">${t.toolbar.saveNotes}</button>
    </form>`;
  }

  help(t: Translation, page: boolean, onClose: () => void) {
    return shortcutsHelp(t, this.#host.shortcuts, page, onClose);
  }
}
