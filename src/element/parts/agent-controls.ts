import { html, nothing } from 'lit';
import type { Translation } from '../../i18n/index.js';

export interface AgentControlsView {
  t: Translation;
  canReady: boolean;
  canNotReady: boolean;
  canOutboundOnly: boolean;
  canLogout: boolean;
  reasons: readonly { value: string; label: string }[];
  reason: string;
  pending: boolean;
  onReady: () => void;
  onNotReady: () => void;
  onReason: (event: Event) => void;
  onLogout: () => void;
  /** The active not-ready reason while not ready (the button then changes the reason), else undefined. */
  current?: string | undefined;
  /** Seconds until the softphone goes ready by itself (after-call rule), if counting down. */
  afterCallRemaining?: number | undefined;
}

/** Ready / not ready with a reason / logout, each enabled from the allowed-operations table. */
export const agentControls = (v: AgentControlsView) => {
  const reasonEnabled = v.canNotReady || v.canOutboundOnly;
  // during a call none of them applies: the toolbar stays short (the status bar still says the status)
  if (!reasonEnabled && !v.canReady && !v.canLogout && !v.pending && v.afterCallRemaining === undefined) return nothing;
  return html`<div part="controls">
    ${
      v.afterCallRemaining !== undefined
        ? html`<span part="after-call-countdown" role="timer">${v.t.afterCallCountdown(v.afterCallRemaining)}</span>`
        : nothing
    }
    <button type="button" class="primary" part="button ready-button" ?disabled=${!v.canReady} @click=${v.onReady}>
      ${v.afterCallRemaining !== undefined ? v.t.actions.readyNow : v.t.actions.ready}
    </button>
    <div class="field">
      <label for="well-reason">${v.t.reasonLabel}</label>
      <select
        id="well-reason"
        part="select reason-select"
        .value=${v.reason}
        ?disabled=${!reasonEnabled}
        @change=${v.onReason}
      >
        ${v.reasons.map(
          (r) =>
            html`<option
              value=${r.value}
              ?selected=${r.value === v.reason}
              ?disabled=${r.value === '2' ? !v.canOutboundOnly : !v.canNotReady}
            >
              ${r.label}
            </option>`,
        )}
      </select>
    </div>
    <button
      type="button"
      part="button not-ready-button"
      ?disabled=${(v.reason === '2' ? !v.canOutboundOnly : !v.canNotReady) || v.reason === v.current}
      @click=${v.onNotReady}
    >
      ${v.current !== undefined ? v.t.toolbar.changeReason : v.t.actions.notReady}
    </button>
    <button type="button" part="button logout-button" ?disabled=${!v.canLogout} @click=${v.onLogout}>
      ${v.t.actions.logout}
    </button>
    ${v.pending ? html`<span class="pending" role="status">${v.t.pending}</span>` : nothing}
  </div>`;
};
