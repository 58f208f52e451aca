import { css } from 'lit';

/** Styles of the toolbar's parts: in-call tools, call data, recent calls, the shortcuts help, the narrow layout. */
export const toolbarStyles = css`
  [part='in-call'],
  [part='notes'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--well-gap);
    align-items: center;
  }
  [part='notes'] label {
    flex-basis: 100%;
  }
  [part='notes'] textarea {
    flex: 1 1 12rem;
    font: inherit;
  }
  [part='recording-indicator'] {
    color: var(--well-danger);
    font-weight: 600;
  }
  [part='dtmf-pad'] {
    display: grid;
    grid-template-columns: repeat(6, 2.5rem);
    gap: 0.3rem;
    flex-basis: 100%;
  }
  [part='parties'] {
    margin: 0;
    padding-inline-start: 1.2rem;
  }
  [part='call-data'] dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.1rem 0.75rem;
    margin: 0;
  }
  [part='call-data'] dl div {
    display: contents;
  }
  [part='call-data'] dt {
    color: var(--well-muted);
  }
  [part='call-data'] dd {
    margin: 0;
  }
  summary {
    cursor: pointer;
    color: var(--well-muted);
    border-radius: var(--well-radius);
  }
  [part='recent-calls'] ol {
    list-style: none;
    margin: 0.3rem 0 0;
    padding: 0;
    display: grid;
    gap: 0.2rem;
  }
  [part~='recent-call'] {
    display: flex;
    align-items: center;
    gap: var(--well-gap);
  }
  [part~='recent-call'] .meta {
    color: var(--well-muted);
    flex: 1 1 auto;
  }
  [part~='recent-call-missed'] .meta {
    color: var(--well-danger);
  }
  [part='ring-blocked'] {
    background: var(--well-warning-bg);
    color: var(--well-warning-fg);
    border-radius: var(--well-radius);
    padding: 0.5rem 0.75rem;
  }
  [part='shortcuts-help'] {
    border: 1px solid var(--well-accent);
    border-radius: var(--well-radius);
    padding: 0.5rem 0.75rem;
  }
  [part='shortcuts-help'] h2 {
    font-size: 1em;
    margin: 0 0 0.3rem;
  }
  [part='shortcuts-help'] dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.2rem 0.75rem;
    margin: 0 0 0.5rem;
  }
  [part='shortcuts-help'] dl div {
    display: contents;
  }
  [part='shortcuts-help'] dd {
    margin: 0;
  }
  [part='shortcuts-help'] p {
    margin: 0 0 0.5rem;
    color: var(--well-muted);
  }
  [part='base'] {
    container: well / inline-size;
  }
  /* a CRM sidebar: labels the controls show anyway go to assistive technology only, the identity goes last */
  @container well (max-width: 420px) {
    [part='controls'] .field > label,
    [part='transfer'] .field > label {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    /* the dot says "connected"; words only when something is wrong */
    :host(:state(connected)) .connection-text {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    [part='identity'] {
      order: 10;
      flex-basis: 100%;
      font-size: 0.85em;
    }
  }
`;
