import { html, nothing } from 'lit';
import type { ConnectionState } from '../../model/status-change.js';
import type { AgentIdentity } from '../../model/agent.js';
import type { Translation } from '../../i18n/index.js';
import { formatDuration } from '../softphone-controller.js';
import { FAMILY_ICONS, statusFamily } from '../status-view.js';

export interface StatusBarView {
  t: Translation;
  code: number;
  since: number;
  now: number;
  connection: ConnectionState;
  identity: AgentIdentity | undefined;
  /** The label of the active not-ready reason (status 2), shown with the status. */
  reason?: string | undefined;
  /** Show the numeric status code (`show-code`). */
  showCode?: boolean;
  /** Opens the keyboard shortcuts help (shown once logged in). */
  onHelp?: (() => void) | undefined;
  helpOpen?: boolean;
}

/** Status icon and label (with the reason), optional code, time in state, identity and the connection indicator. */
export const statusBar = (v: StatusBarView) => {
  const { t, code } = v;
  const family = statusFamily(code, v.connection);
  const label = t.status[code] ?? t.statusCode(code);
  return html`
    <div part="header" data-family=${family}>
      <span part="status-icon" aria-hidden="true">${FAMILY_ICONS[family]}</span>
      <span part="status-label">${v.reason ? t.statusWithReason(label, v.reason) : label}</span>
      ${v.showCode ? html`<span part="status-code" title=${t.statusCode(code)}>(${code})</span>` : nothing}
      ${
        code >= 0
          ? html`<span part="timer" role="timer" aria-label=${t.timeInState}>${formatDuration(v.now - v.since)}</span>`
          : nothing
      }
      ${v.identity ? html`<span part="identity">${t.loggedInAs(v.identity.jobNumber, v.identity.extension)}</span>` : nothing}
      <span part="connection"><span class="connection-text">${t.connection[v.connection]}</span></span>
      ${
        v.onHelp
          ? html`<button
              type="button"
              part="button help-button"
              aria-label=${t.toolbar.shortcutsTitle}
              aria-expanded=${v.helpOpen ? 'true' : 'false'}
              @click=${v.onHelp}
            >
              ?
            </button>`
          : nothing
      }
    </div>
  `;
};
