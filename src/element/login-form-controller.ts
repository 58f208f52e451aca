import type { ReactiveControllerHost } from 'lit';
import { validateCredentials } from '../core/softphone.js';
import type { InitialMode, LoginCredentials, LoginFields, LoginMode } from '../model/agent.js';
import type { I18nController } from './i18n-controller.js';
import type { LoginField } from './parts/login-form.js';

/** What the agent last typed in the login form (never the password). */
export interface LoginDraft {
  jobNumber?: string;
  domain?: string;
  extension?: string;
  loginMode?: LoginMode;
  initialMode?: InitialMode;
}

/** What the login form needs of its host: the attribute defaults, the event-channel credentials, `login()`. */
export interface LoginFormHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  agentId: string;
  domain: string;
  extension: string;
  loginMode: LoginMode;
  initialMode: InitialMode;
  eventCredentials?: { login: string; passcode: string };
  /** The core, for the login fields its backend needs. */
  readonly phone: { readonly loginFields: LoginFields };
  login(credentials: LoginCredentials): Promise<void>;
}

/** The login form's values and field errors, as `loginForm()` takes them. */
export interface LoginFormFields {
  jobNumber: string;
  domain: string;
  extension: string;
  loginMode: LoginMode;
  initialMode: InitialMode;
  errors: Partial<Record<LoginField, string>>;
}

/**
 * The element's login form: reads and checks a submission, keeps what the agent typed (never the password) across
 * renders, shows the invalid fields (focusing the first one) and logs in with the rest. The password field is
 * emptied as soon as the credentials are taken; failures are reported through `well-login-failed` and the error area.
 */
export class LoginFormController {
  readonly #host: LoginFormHost;
  readonly #i18n: I18nController;
  #draft: LoginDraft = {};
  #fieldErrors: Partial<Record<LoginField, string>> = {};

  constructor(host: LoginFormHost, i18n: I18nController) {
    this.#host = host;
    this.#i18n = i18n;
  }

  /** The form's values: what the agent typed, else the host's attributes. */
  fields(): LoginFormFields {
    const host = this.#host;
    const draft = this.#draft;
    return {
      jobNumber: draft.jobNumber ?? host.agentId,
      domain: draft.domain ?? host.domain,
      extension: draft.extension ?? host.extension,
      loginMode: draft.loginMode ?? host.loginMode,
      initialMode: draft.initialMode ?? host.initialMode,
      errors: this.#fieldErrors,
    };
  }

  handleSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const host = this.#host;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const credentials: LoginCredentials = {
      jobNumber: text('jobNumber'),
      password: String(data.get('password') ?? ''),
      domain: text('domain'),
      extension: text('extension'),
      loginMode: text('loginMode') as LoginMode,
      initialMode: text('initialMode') as InitialMode,
    };
    const { password: _password, ...rest } = credentials;
    this.#draft = rest;
    const invalid = validateCredentials(credentials, host.phone.loginFields);
    this.#fieldErrors = this.#i18n.fieldErrors<LoginField>(invalid);
    host.requestUpdate();
    if (invalid.length > 0) {
      void host.updateComplete.then(() =>
        host.renderRoot.querySelector<HTMLInputElement>(`#well-${invalid[0]}`)?.focus(),
      );
      return;
    }
    (form.elements.namedItem('password') as HTMLInputElement).value = '';
    if (host.eventCredentials) {
      credentials.eventLogin = host.eventCredentials.login;
      credentials.eventPasscode = host.eventCredentials.passcode;
    }
    // Failures are reported through well-login-failed and the error area.
    host.login(credentials).catch(() => {});
  };
}
