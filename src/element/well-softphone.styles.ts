import { css } from 'lit';
import { toolbarStyles } from './toolbar.styles.js';

/** The dark scheme (`theme="dark"`, or `theme="auto"` with a dark operating-system scheme). */
const dark = css`
  --well-bg: #171b24;
  --well-fg: #e8ecf4;
  --well-muted: #b7c0d1;
  --well-border: #3b4457;
  --well-accent: #7fb2ee;
  --well-accent-fg: #0d1522;
  --well-danger: #ffb4ab;
  --well-warning-bg: #3d3000;
  --well-warning-fg: #ffe08a;
  --well-ok: #8fd9a8;
  --well-status-offline: #b7c0d1;
  --well-status-not-ready: #fdba74;
  --well-status-ready: #8fd9a8;
  --well-status-ringing: #7fb2ee;
  --well-status-on-call: #c4b5fd;
  --well-status-held: #fcd34d;
  --well-status-after-call: #5eead4;
  --well-status-reconnecting: #ffb4ab;
  color-scheme: dark;
`;

const base = css`
  :host {
    --well-font: system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif;
    --well-bg: #ffffff;
    --well-fg: #1d2433;
    --well-muted: #4a5468;
    --well-border: #c9cfdb;
    --well-accent: #0b5cad;
    --well-accent-fg: #ffffff;
    --well-danger: #b3261e;
    --well-warning-bg: #fff4d6;
    --well-warning-fg: #5c4200;
    --well-ok: #17663a;
    --well-radius: 6px;
    --well-gap: 0.5rem;
    --well-focus: 0 0 0 3px #7fb2ee;
    --well-status-offline: #5b6474;
    --well-status-not-ready: #b45309;
    --well-status-ready: #17663a;
    --well-status-ringing: #0b5cad;
    --well-status-on-call: #6d28d9;
    --well-status-held: #8a5a00;
    --well-status-after-call: #0f766e;
    --well-status-reconnecting: #b3261e;
    color-scheme: light;
    display: block;
    font-family: var(--well-font);
    color: var(--well-fg);
    font-size: 14px;
    line-height: 1.4;
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
  [part='base'] {
    background: var(--well-bg);
    border: 1px solid var(--well-border);
    border-radius: var(--well-radius);
    padding: 0.6rem;
    display: grid;
    gap: 0.5rem;
  }
  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--well-gap);
    margin: 0;
  }
  [part='header'] {
    --_status: var(--well-status-offline);
    border-inline-start: 4px solid var(--_status);
    padding-inline-start: 0.5rem;
  }
  [data-family='not-ready'] {
    --_status: var(--well-status-not-ready);
  }
  [data-family='ready'] {
    --_status: var(--well-status-ready);
  }
  [data-family='ringing'] {
    --_status: var(--well-status-ringing);
  }
  [data-family='on-call'] {
    --_status: var(--well-status-on-call);
  }
  [data-family='held'] {
    --_status: var(--well-status-held);
  }
  [data-family='after-call'] {
    --_status: var(--well-status-after-call);
  }
  [data-family='reconnecting'] {
    --_status: var(--well-status-reconnecting);
  }
  [part='status-icon'],
  [part='status-label'] {
    color: var(--_status);
    font-weight: 600;
    font-size: 1.05em;
  }
  [part~='help-button'] {
    padding: 0.1rem 0.5rem;
    border-radius: 50%;
  }
  [part='status-code'],
  [part='timer'],
  [part='identity'] {
    color: var(--well-muted);
    font-variant-numeric: tabular-nums;
  }
  [part='connection'] {
    margin-left: auto;
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    color: var(--well-muted);
  }
  [part='connection']::before {
    content: '';
    inline-size: 0.6rem;
    block-size: 0.6rem;
    border-radius: 50%;
    background: var(--well-muted);
  }
  :host(:state(connected)) [part='connection']::before {
    background: var(--well-ok);
  }
  :host(:state(reconnecting)) [part='connection']::before,
  :host(:state(failed)) [part='connection']::before {
    background: var(--well-danger);
  }
  form,
  [part='controls'],
  [part='dialer'],
  [part='transfer'],
  [part='consult'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--well-gap);
    align-items: flex-end;
  }
  .field {
    display: grid;
    gap: 0.2rem;
    min-inline-size: 8rem;
    flex: 1 1 8rem;
  }
  label {
    font-size: 0.9em;
    color: var(--well-muted);
  }
  input,
  select,
  textarea {
    box-sizing: border-box;
    inline-size: 100%;
    min-inline-size: 0;
  }
  input,
  select,
  textarea,
  button,
  summary {
    font: inherit;
    color: var(--well-fg);
    background: var(--well-bg);
    border: 1px solid var(--well-border);
    border-radius: var(--well-radius);
    padding: 0.35rem 0.6rem;
  }
  input[aria-invalid='true'] {
    border-color: var(--well-danger);
  }
  .field-error {
    color: var(--well-danger);
    font-size: 0.85em;
  }
  button {
    cursor: pointer;
  }
  button.primary {
    background: var(--well-accent);
    color: var(--well-accent-fg);
    border-color: var(--well-accent);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  summary:focus-visible,
  button:focus-visible {
    /* the transparent outline becomes visible under forced colours, where box-shadow is dropped */
    outline: 2px solid transparent;
    outline-offset: 1px;
    box-shadow: var(--well-focus);
  }
  button.danger {
    border-color: var(--well-danger);
    color: var(--well-danger);
  }
  @media (forced-colors: active) {
    input:focus-visible,
    select:focus-visible,
    textarea:focus-visible,
    summary:focus-visible,
    button:focus-visible {
      outline: 3px solid Highlight;
    }
    [part='connection']::before {
      forced-color-adjust: none;
      background: CanvasText;
    }
    [part='header'] {
      border-inline-start-color: CanvasText;
    }
  }
  [part='banner'],
  [part='conflict'],
  [part='error'] {
    border-radius: var(--well-radius);
    padding: 0.5rem 0.75rem;
    display: flex;
    flex-wrap: wrap;
    gap: var(--well-gap);
    align-items: center;
  }
  [part='banner'] {
    background: var(--well-warning-bg);
    color: var(--well-warning-fg);
  }
  [part='conflict'] {
    border: 1px solid var(--well-accent);
  }
  [part='conflict'] h2 {
    font-size: 1em;
    margin: 0;
    flex-basis: 100%;
  }
  [part='conflict'] p {
    margin: 0;
    flex-basis: 100%;
  }
  [part='error'] {
    border: 1px solid var(--well-danger);
    color: var(--well-danger);
  }
  [part='error'] span {
    flex: 1 1 auto;
  }
  [part~='call'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--well-gap);
    border: 1px solid var(--well-border);
    border-radius: var(--well-radius);
    padding: 0.4rem 0.6rem;
  }
  [part~='call-ringing'] {
    border: 2px solid var(--well-status-ringing);
  }
  @media (prefers-reduced-motion: no-preference) {
    [part~='call-ringing'] {
      animation: well-ring 1.2s ease-in-out infinite;
    }
  }
  @keyframes well-ring {
    50% {
      box-shadow: 0 0 0 4px var(--well-status-ringing);
    }
  }
  [part='call-party'] {
    font-weight: 600;
  }
  [part='call-direction'],
  [part='call-state'],
  [part='call-duration'] {
    color: var(--well-muted);
    font-variant-numeric: tabular-nums;
  }
  .call-actions {
    margin-left: auto;
    display: flex;
    gap: var(--well-gap);
  }
  [part='dialpad'] {
    display: grid;
    grid-template-columns: repeat(3, 2.75rem);
    gap: 0.3rem;
    flex-basis: 100%;
  }
  .pending {
    color: var(--well-muted);
    font-size: 0.9em;
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: no-preference) {
    button {
      transition: background-color 120ms ease;
    }
  }
`;

/** The element's styles: the base, and the toolbar's (call tools, recent calls, help, the narrow layout). */
export const styles = [base, toolbarStyles];
