import { html, nothing } from 'lit';
import type { Translation } from '../../i18n/index.js';
import type { InitialMode, LoginMode } from '../../model/agent.js';

export type LoginField = 'jobNumber' | 'password' | 'domain' | 'extension';

export interface LoginFormView {
  t: Translation;
  jobNumber: string;
  domain: string;
  extension: string;
  loginMode: LoginMode;
  initialMode: InitialMode;
  errors: Partial<Record<LoginField, string>>;
  onSubmit: (event: SubmitEvent) => void;
}

const field = (
  view: LoginFormView,
  name: LoginField,
  type: string,
  value: string,
  autocomplete: string,
  inputmode?: string,
) => {
  const id = `well-${name}`;
  const error = view.errors[name];
  return html`<div class="field">
    <label for=${id}>${view.t.fields[name]}</label>
    <input
      id=${id}
      name=${name}
      part="input ${name}-input"
      type=${type}
      .value=${value}
      autocomplete=${autocomplete}
      inputmode=${inputmode ?? nothing}
      required
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? `${id}-error` : nothing}
    />
    ${error ? html`<span id="${id}-error" class="field-error">${error}</span>` : nothing}
  </div>`;
};

/** The login form: labelled fields, inline validation, no credentials ever taken from attributes. */
export const loginForm = (view: LoginFormView) => {
  const { t } = view;
  return html`<form part="login-form" novalidate @submit=${view.onSubmit}>
    ${field(view, 'jobNumber', 'text', view.jobNumber, 'username')}
    ${field(view, 'password', 'password', '', 'current-password')}
    ${field(view, 'domain', 'text', view.domain, 'organization')}
    ${field(view, 'extension', 'text', view.extension, 'off', 'numeric')}
    <div class="field">
      <label for="well-initialMode">${t.fields.initialMode}</label>
      <select id="well-initialMode" name="initialMode" part="select">
        ${(['NotReady', 'Ready'] as const).map(
          (mode) => html`<option value=${mode} ?selected=${mode === view.initialMode}>${t.initialModes[mode]}</option>`,
        )}
      </select>
    </div>
    <div class="field">
      <label for="well-loginMode">${t.fields.loginMode}</label>
      <select id="well-loginMode" name="loginMode" part="select">
        ${(['force', 'ask', 'stop'] as const).map(
          (mode) => html`<option value=${mode} ?selected=${mode === view.loginMode}>${t.loginModes[mode]}</option>`,
        )}
      </select>
    </div>
    <button type="submit" class="primary" part="button login-button">${t.actions.login}</button>
  </form>`;
};

/** While logging in: the notice, and Cancel unless the conflict prompt asks the agent already. */
export const loggingInControls = (t: Translation, conflict: boolean, onCancel: () => void) =>
  html`<div part="controls">
    <span role="status">${t.loggingIn}</span>
    ${
      conflict
        ? nothing
        : html`<button type="button" part="button cancel-button" @click=${onCancel}>${t.actions.cancel}</button>`
    }
  </div>`;
