import { html } from 'lit';
import type { ConnectionState } from '../../model/status-change.js';
import type { AgentIdentity } from '../../model/agent.js';
import type { Translation } from '../../i18n/index.js';
import { formatDuration } from '../softphone-controller.js';

export interface StatusBarView {
  t: Translation;
  code: number;
  since: number;
  now: number;
  connection: ConnectionState;
  identity: AgentIdentity | undefined;
}

/** Status label, code, time in state, identity and the connection indicator. */
export const statusBar = ({ t, code, since, now, connection, identity }: StatusBarView) => html`
  <div part="header">
    <span part="status-label">${t.status[code] ?? t.statusCode(code)}</span>
    <span part="status-code" title=${t.statusCode(code)}>(${code})</span>
    ${
      code >= 0
        ? html`<span part="timer" role="timer" aria-label=${t.timeInState}>${formatDuration(now - since)}</span>`
        : null
    }
    ${identity ? html`<span part="identity">${t.loggedInAs(identity.jobNumber, identity.extension)}</span>` : null}
    <span part="connection">${t.connection[connection]}</span>
  </div>
`;
