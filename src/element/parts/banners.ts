import { html } from 'lit';
import type { ConnectionState } from '../../model/status-change.js';
import type { Translation } from '../../i18n/index.js';

/** Shown while the event channel reconnects or after it failed for good. */
export const connectionBanner = (
  t: Translation,
  connection: ConnectionState,
  attempt: number,
  max: number,
  onReconnect: () => void,
) =>
  connection === 'reconnecting'
    ? html`<div part="banner" role="status">${t.reconnecting(Math.max(1, attempt), max)}</div>`
    : connection === 'failed'
      ? html`<div part="banner" role="alert">
          <span>${t.connectionFailed}</span>
          <button type="button" part="button reconnect-button" @click=${onReconnect}>${t.actions.reconnect}</button>
        </div>`
      : null;

/** Login mode `ask`: our own prompt, never `window.confirm`. */
export const conflictPrompt = (t: Translation, message: string, onForce: () => void, onDecline: () => void) =>
  html`<div
    part="conflict"
    role="alertdialog"
    aria-labelledby="well-conflict-title"
    aria-describedby="well-conflict-text"
  >
    <h2 id="well-conflict-title">${t.conflictTitle}</h2>
    <p id="well-conflict-text">${message}</p>
    <button type="button" class="primary" part="button force-login-button" @click=${onForce}>
      ${t.actions.forceLogin}
    </button>
    <button type="button" part="button decline-login-button" @click=${onDecline}>${t.actions.declineLogin}</button>
  </div>`;

/** The last error, in the element's language, until dismissed or superseded. */
export const errorArea = (t: Translation, message: string, onDismiss: () => void) =>
  html`<div part="error" role="alert">
    <span>${message}</span>
    <button type="button" part="button dismiss-button" @click=${onDismiss}>${t.actions.dismiss}</button>
  </div>`;
