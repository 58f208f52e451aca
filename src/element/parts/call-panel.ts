import { html, nothing } from 'lit';
import type { Translation } from '../../i18n/index.js';
import type { CallRecord } from '../../model/call.js';
import { formatDuration } from '../softphone-controller.js';
import { KEYS } from './in-call.js';

export interface DialerView {
  t: Translation;
  canDial: boolean;
  prefixes: readonly string[];
  error: string | undefined;
  onDial: (event: SubmitEvent) => void;
}

/** Number field, prefix picker and the Call button (enabled from the table: 3, 4, 5). */
export const dialer = ({ t, canDial, prefixes, error, onDial }: DialerView) =>
  html`<form id="well-dialer" part="dialer" novalidate @submit=${onDial}>
    ${
      prefixes.length > 0
        ? html`<div class="field">
            <label for="well-prefix">${t.calls.prefix}</label>
            <select id="well-prefix" name="prefix" part="select prefix-select">
              <option value="">${t.calls.noPrefix}</option>
              ${prefixes.map((p) => html`<option value=${p}>${p}</option>`)}
            </select>
          </div>`
        : nothing
    }
    <div class="field">
      <label for="well-number">${t.calls.number}</label>
      <input
        id="well-number"
        name="number"
        part="input number-input"
        type="tel"
        inputmode="tel"
        autocomplete="off"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'well-number-error' : nothing}
      />
      ${error ? html`<span id="well-number-error" class="field-error">${error}</span>` : nothing}
    </div>
    <button type="submit" class="primary" part="button dial-button" ?disabled=${!canDial}>${t.calls.dial}</button>
    <div part="dialpad" role="group" aria-label=${t.calls.dialpad}>
      ${KEYS.map(
        (key) =>
          html`<button type="button" part="button dialpad-key" data-key=${key} @click=${pressKey}>${key}</button>`,
      )}
    </div>
  </form>`;

/** A dialpad key appends its digit to the number field and keeps the focus on the pad (keyboard: Enter/Space). */
function pressKey(event: Event): void {
  const button = event.currentTarget as HTMLButtonElement;
  const input = button.closest('form')?.querySelector<HTMLInputElement>('input[name="number"]');
  if (input) input.value += button.dataset['key'] ?? '';
}

export interface CallCardView {
  t: Translation;
  call: CallRecord;
  now: number;
  canAnswer: boolean;
  canHangUp: boolean;
  canHold: boolean;
  canRetrieve: boolean;
  /** What the backend can do at all: controls it cannot do are not rendered. */
  capable: { answer: boolean; hold: boolean; mute: boolean };
  canMute: boolean;
  onMute: (callId: string, muted: boolean) => void;
  onAnswer: (callId: string) => void;
  onHangUp: (callId: string) => void;
  onHold: (callId: string) => void;
  onRetrieve: (callId: string) => void;
}

/** One call: party, direction, state, duration and the operations its row allows. */
export const callCard = (v: CallCardView) => {
  const { t, call } = v;
  const ringing = call.state === 'alerting' && !call.isCaller;
  // device ids are number@domain: the agent wants the number
  const party = call.conferenced ? t.calls.conference : (call.party?.split('@')[0] ?? '—');
  const since = call.establishedAt ?? call.createdAt;
  return html`<article
    part="call ${ringing ? 'call-ringing' : ''}"
    aria-label=${`${party}, ${t.calls.state[call.state]}`}
  >
    <span part="call-party">${party}</span>
    <span part="call-direction">${t.calls.direction[call.direction]}</span>
    <span part="call-state">${t.calls.state[call.state]}</span>
    <span part="call-duration" role="timer">${formatDuration(v.now - since)}</span>
    <span class="call-actions">
      ${
        ringing && v.capable.answer
          ? html`<button
              type="button"
              class="primary"
              part="button answer-button"
              ?disabled=${!v.canAnswer}
              @click=${() => v.onAnswer(call.callId)}
            >
              ${t.calls.answer}
            </button>`
          : nothing
      }
      ${
        call.state === 'held' && v.capable.hold
          ? html`<button
              type="button"
              part="button retrieve-button"
              ?disabled=${!v.canRetrieve}
              @click=${() => v.onRetrieve(call.callId)}
            >
              ${t.calls.retrieve}
            </button>`
          : call.state === 'connected' && v.capable.hold
            ? html`<button
                type="button"
                part="button hold-button"
                ?disabled=${!v.canHold}
                @click=${() => v.onHold(call.callId)}
              >
                ${t.calls.hold}
              </button>`
            : nothing
      }
      ${
        call.state === 'connected' && v.capable.mute
          ? html`<button
              type="button"
              part="button mute-button"
              aria-pressed=${call.muted === true ? 'true' : 'false'}
              ?disabled=${!v.canMute}
              @click=${() => v.onMute(call.callId, call.muted !== true)}
            >
              ${call.muted === true ? t.toolbar.unmute : t.toolbar.mute}
            </button>`
          : nothing
      }
      ${
        // a held call can be hung up too (the caller waits on hold otherwise); not while it is a consult's held half
        call.state !== 'held' || v.canHangUp
          ? html`<button
              type="button"
              class=${ringing ? '' : 'danger'}
              part="button hang-up-button"
              ?disabled=${!v.canHangUp}
              @click=${() => v.onHangUp(call.callId)}
            >
              ${ringing ? t.calls.reject : t.calls.hangUp}
            </button>`
          : nothing
      }
    </span>
  </article>`;
};

export interface TransferView {
  t: Translation;
  /** The connected call the target number applies to. */
  callId: string;
  canConsult: boolean;
  canBlindTransfer: boolean;
  canConference: boolean;
  /** The backend can transfer to a skill group: a choice of target kind is shown. */
  skillGroups: boolean;
  error: string | undefined;
  onAction: (
    action: 'consult' | 'blindTransfer' | 'singleStepConference',
    callId: string,
    target: string,
    targetType?: 'skillGroup',
  ) => void;
}

/** Target number and the consult / transfer / add-to-conference actions for the connected call. */
export const transferForm = (v: TransferView) => {
  const submit = (action: 'consult' | 'blindTransfer' | 'singleStepConference') => (event: Event) => {
    const form = (event.currentTarget as HTMLElement).closest('form')!;
    const input = form.elements.namedItem('target') as HTMLInputElement;
    const kind = form.elements.namedItem('target-kind') as HTMLSelectElement | null;
    v.onAction(action, v.callId, input.value.trim(), kind?.value === 'skillGroup' ? 'skillGroup' : undefined);
  };
  /** A skill group is a name, not a number: the field's keyboard follows the kind. */
  const kindChanged = (event: Event) => {
    const select = event.currentTarget as HTMLSelectElement;
    const input = select.form?.elements.namedItem('target') as HTMLInputElement | null;
    if (input) input.inputMode = select.value === 'skillGroup' ? 'text' : 'tel';
  };
  return html`<form part="transfer" novalidate @submit=${(e: Event) => e.preventDefault()}>
    ${
      v.skillGroups
        ? html`<div class="field">
            <label for="well-target-kind">${v.t.calls.targetKind}</label>
            <select id="well-target-kind" name="target-kind" part="select target-kind" @change=${kindChanged}>
              <option value="number">${v.t.calls.targetNumber}</option>
              <option value="skillGroup">${v.t.calls.targetSkillGroup}</option>
            </select>
          </div>`
        : nothing
    }
    <div class="field">
      <label for="well-target">${v.t.calls.target}</label>
      <input
        id="well-target"
        name="target"
        part="input target-input"
        placeholder=${v.t.calls.target}
        type="tel"
        inputmode="tel"
        autocomplete="off"
        aria-invalid=${v.error ? 'true' : 'false'}
        aria-describedby=${v.error ? 'well-target-error' : nothing}
      />
      ${v.error ? html`<span id="well-target-error" class="field-error">${v.error}</span>` : nothing}
    </div>
    <button type="button" part="button consult-button" ?disabled=${!v.canConsult} @click=${submit('consult')}>
      ${v.t.calls.consult}
    </button>
    <button
      type="button"
      part="button blind-transfer-button"
      ?disabled=${!v.canBlindTransfer}
      @click=${submit('blindTransfer')}
    >
      ${v.t.calls.blindTransfer}
    </button>
    <button
      type="button"
      part="button add-party-button"
      ?disabled=${!v.canConference}
      @click=${submit('singleStepConference')}
    >
      ${v.t.calls.addParty}
    </button>
  </form>`;
};

export interface ConsultPairView {
  t: Translation;
  heldCallId: string;
  consultCallId: string;
  canComplete: boolean;
  canConference: boolean;
  canCancel: boolean;
  onAction: (
    action: 'completeTransfer' | 'conference' | 'cancelConsult',
    heldCallId: string,
    consultCallId: string,
  ) => void;
}

/** While consulting: complete the transfer, join everyone, or go back to the held call. */
export const consultPair = (v: ConsultPairView) =>
  html`<div part="consult" role="group" aria-label=${v.t.calls.consultGroup}>
    <button
      type="button"
      class="primary"
      part="button complete-transfer-button"
      ?disabled=${!v.canComplete}
      @click=${() => v.onAction('completeTransfer', v.heldCallId, v.consultCallId)}
    >
      ${v.t.calls.completeTransfer}
    </button>
    <button
      type="button"
      part="button conference-button"
      ?disabled=${!v.canConference}
      @click=${() => v.onAction('conference', v.heldCallId, v.consultCallId)}
    >
      ${v.t.calls.conferenceAll}
    </button>
    <button
      type="button"
      part="button cancel-consult-button"
      ?disabled=${!v.canCancel}
      @click=${() => v.onAction('cancelConsult', v.heldCallId, v.consultCallId)}
    >
      ${v.t.calls.cancelConsult}
    </button>
  </div>`;
