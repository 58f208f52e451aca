import { html, nothing } from 'lit';
import type { Translation } from '../../i18n/index.js';
import type { CallRecord } from '../../model/call.js';

/** A call-data key the host wants shown, with its label (`call-data-fields`). */
export interface CallDataField {
  key: string;
  label: string;
}

/** The keys of the dialpad and of the DTMF pad. */
export const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** The "New call" button that opens the dialer (or closes it again). */
export const newCallToggle = (t: Translation, open: boolean, onToggle: () => void) =>
  html`<button
    type="button"
    part="button new-call-button"
    aria-expanded=${open ? 'true' : 'false'}
    aria-controls="well-dialer"
    @click=${onToggle}
  >
    ${open ? t.toolbar.closeDialer : t.toolbar.newCall}
  </button>`;

export interface InCallView {
  t: Translation;
  call: CallRecord;
  canDtmf: boolean;
  canRecord: boolean;
  recording: boolean;
  keypadOpen: boolean;
  /** The digits sent so far on this call (shown, and announced politely). */
  sent: string;
  onToggleKeypad: () => void;
  onDtmf: (digit: string) => void;
  onRecord: () => void;
}

/** During a call: the keypad that sends DTMF (vendors that can), and the recording toggle (vendors that record). */
export const inCallTools = (v: InCallView) => {
  const { t } = v;
  if (!v.canDtmf && !v.canRecord) return nothing;
  return html`<div part="in-call" class="row">
    ${
      v.canDtmf
        ? html`<button
            type="button"
            part="button keypad-button"
            aria-expanded=${v.keypadOpen ? 'true' : 'false'}
            aria-controls="well-dtmf"
            @click=${v.onToggleKeypad}
          >
            ${v.keypadOpen ? t.toolbar.hideKeypad : t.toolbar.keypad}
          </button>`
        : nothing
    }
    ${
      v.canRecord
        ? html`<button
            type="button"
            part="button record-button"
            aria-pressed=${v.recording ? 'true' : 'false'}
            @click=${v.onRecord}
          >
            ${v.recording ? t.toolbar.stopRecording : t.toolbar.record}
          </button>`
        : nothing
    }
    ${v.recording ? html`<span part="recording-indicator">${t.toolbar.recordingOn}</span>` : nothing}
    ${
      v.canDtmf && v.keypadOpen
        ? html`<div id="well-dtmf" part="dtmf-pad" role="group" aria-label=${t.toolbar.dtmfPad}>
              ${KEYS.map(
                (key) =>
                  html`<button type="button" part="button dtmf-key" data-key=${key} @click=${() => v.onDtmf(key)}>
                    ${key}
                  </button>`,
              )}
            </div>
            <output part="dtmf-sent" aria-live="polite">${v.sent ? t.toolbar.dtmfSent(v.sent) : ''}</output>`
        : nothing
    }
  </div>`;
};

/** The other parties of a conference. */
export const partyList = (t: Translation, call: CallRecord) =>
  call.parties.length > 1
    ? html`<ul part="parties" aria-label=${t.toolbar.participants}>
        ${call.parties.map((p) => html`<li>${p.split('@')[0]}</li>`)}
      </ul>`
    : nothing;

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The host's chosen call-data keys with their labels, and everything else behind a disclosure. */
export const callDataView = (
  t: Translation,
  data: Readonly<Record<string, unknown>> | undefined,
  fields: readonly CallDataField[],
) => {
  if (!data || Object.keys(data).length === 0) return nothing;
  const chosen = fields.filter((f) => Object.prototype.hasOwnProperty.call(data, f.key));
  const keys = new Set(chosen.map((f) => f.key));
  const rest = Object.entries(data).filter(([key]) => !keys.has(key));
  return html`<div part="call-data">
    ${
      chosen.length > 0
        ? html`<dl aria-label=${t.calls.callData}>
            ${chosen.map(
              (f) =>
                html`<div>
                  <dt>${f.label}</dt>
                  <dd>${show(data[f.key])}</dd>
                </div>`,
            )}
          </dl>`
        : nothing
    }
    ${
      rest.length > 0
        ? html`<details part="call-data-more">
            <summary>${chosen.length > 0 ? t.toolbar.moreCallData : t.calls.callData}</summary>
            <dl>
              ${rest.map(
                ([key, value]) =>
                  html`<div>
                    <dt>${key}</dt>
                    <dd>${show(value)}</dd>
                  </div>`,
              )}
            </dl>
          </details>`
        : nothing
    }
  </div>`;
};
