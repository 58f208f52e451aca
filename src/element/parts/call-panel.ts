import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Translation } from '../../i18n/index.js';
import type { CallRecord } from '../../machine/calls.js';
import { formatDuration } from '../softphone-controller.js';

export interface DialerView {
  t: Translation;
  canDial: boolean;
  prefixes: readonly string[];
  error: string | undefined;
  onDial: (event: SubmitEvent) => void;
}

/** Number field, prefix picker and the Call button (enabled from the table: 3, 4, 5). */
export const dialer = ({ t, canDial, prefixes, error, onDial }: DialerView) =>
  html`<form part="dialer" novalidate @submit=${onDial}>
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
        aria-describedby=${ifDefined(error ? 'well-number-error' : undefined)}
      />
      ${error ? html`<span id="well-number-error" class="field-error">${error}</span>` : nothing}
    </div>
    <button type="submit" class="primary" part="button dial-button" ?disabled=${!canDial}>${t.calls.dial}</button>
  </form>`;

export interface CallCardView {
  t: Translation;
  call: CallRecord;
  now: number;
  canAnswer: boolean;
  canHangUp: boolean;
  canHold: boolean;
  canRetrieve: boolean;
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
        ringing
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
        call.state === 'held'
          ? html`<button
              type="button"
              part="button retrieve-button"
              ?disabled=${!v.canRetrieve}
              @click=${() => v.onRetrieve(call.callId)}
            >
              ${t.calls.retrieve}
            </button>`
          : call.state === 'connected'
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
        call.state !== 'held'
          ? html`<button
              type="button"
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
