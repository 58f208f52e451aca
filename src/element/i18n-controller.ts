import type { ReactiveControllerHost } from 'lit';
import { cachedTranslation, langOf, loadTranslation, type Translation } from '../i18n/index.js';
import type { RefusalKind } from '../i18n/translation.js';
import type { CallRecord } from '../model/call.js';
import type { LoginFailure } from '../model/login-reason.js';
import type { StatusChange } from '../model/status-change.js';
import { WellError, WellErrorCode, type SessionEndReason } from '../model/well-error.js';

/** What the language controller needs of its host: the `lang` it follows, and re-rendering once a pack loaded. */
export interface I18nHost extends ReactiveControllerHost {
  lang: string;
}

/**
 * The element's language pack: loaded (or taken from the cache) when `lang` changes, and the translated texts the
 * element shows for statuses, errors and refusals. Until the first pack has loaded `t` is undefined (the element
 * renders nothing); a pack that fails to load keeps the previous one, and the first one falls back to zh-CN.
 */
export class I18nController {
  readonly #host: I18nHost;
  /** The language pack in use; undefined until the first one has loaded. */
  #t: Translation | undefined;
  #loading: Promise<void> | undefined;
  #loadingLang: string | undefined;

  constructor(host: I18nHost) {
    this.#host = host;
  }

  /** The language pack in use, or undefined before the first one loaded. */
  get t(): Translation | undefined {
    return this.#t;
  }

  /** The load in progress, if any (the host's `updateComplete` waits for it). */
  get loading(): Promise<void> | undefined {
    return this.#loading;
  }

  /** Called before each update: starts loading the host's `lang` unless it is in use or already on its way. */
  follow(): void {
    const lang = langOf(this.#host.lang);
    if (this.#t?.lang !== lang && this.#loadingLang !== lang) this.#useLanguage();
  }

  #useLanguage(): void {
    const host = this.#host;
    const cached = cachedTranslation(host.lang);
    if (cached) {
      this.#t = cached;
      return;
    }
    this.#loadingLang = langOf(host.lang);
    const loading = loadTranslation(host.lang).then(
      (translation) => {
        if (this.#loading === loading) [this.#loading, this.#loadingLang] = [undefined, undefined];
        if (translation.lang === langOf(host.lang)) {
          this.#t = translation;
          host.requestUpdate();
        }
      },
      () => {
        // A pack that fails to load (offline CDN) keeps the previous one; the first render falls back to zh-CN.
        if (this.#loading === loading) [this.#loading, this.#loadingLang] = [undefined, undefined];
        if (!this.#t && host.lang !== 'zh-CN') host.lang = 'zh-CN';
      },
    );
    this.#loading = loading;
  }

  /** What the live region announces for a status change: the ringing party at status 6, else the status label. */
  announcement(change: StatusChange, ringing: CallRecord | undefined): string {
    const t = this.#t;
    return ringing && t
      ? t.calls.incoming(ringing.party?.split('@')[0] ?? '')
      : (t?.status[change.code] ?? String(change.code));
  }

  /**
   * The message shown and reported for an error: why the session ended, else the backend's refusal kind (with its
   * code and request id), else the error code's text.
   */
  errorMessage(error: WellError): string {
    const reason = error.code === WellErrorCode.SESSION_ENDED ? error.detail?.['reason'] : undefined;
    return (
      (typeof reason === 'string' ? this.#t?.sessionEnded[reason as SessionEndReason] : undefined) ??
      this.#vendorRefusal(error, error.detail?.['reason']) ??
      this.#refusal(error) ??
      this.#t?.errors[error.code] ??
      error.message
    );
  }

  /** What any other server refusal means for the agent (busy, no answer…), with the server's own code. */
  #refusal(error: WellError): string | undefined {
    const t = this.#t;
    if (!t || error.code !== WellErrorCode.REFUSED) return undefined;
    const kind = refusalKind(error);
    if (kind === 'unknown') return undefined;
    const code = error.vendorCode === undefined ? '' : ` ${t.serverSaid(String(error.vendorCode))}`;
    return `${t.refused[kind]}${code}`;
  }

  /** A backend refusal's text by `reason` (`detail.reason`), with the backend's code and request id. */
  #vendorRefusal(error: WellError, reason: unknown): string | undefined {
    const texts = this.#t?.vendorRefusals as Record<string, string> | undefined;
    if (typeof reason !== 'string' || !texts || !Object.hasOwn(texts, reason) || error.vendorCode === undefined) {
      return undefined;
    }
    const requestId = error.detail?.['requestId'];
    return `${texts[reason]} (${[error.vendorCode, requestId].filter((s) => typeof s === 'string').join(' · ')})`;
  }

  /** A failed login: the reason's text (`message` of `well-login-failed`) and the line the error area shows. */
  loginFailure(failure: LoginFailure, error: WellError): { message: string; shown: string } {
    const t = this.#t;
    const message = t
      ? failure.reason === 'unknown'
        ? (this.#vendorRefusal(error, error.detail?.['vendorReason']) ?? t.loginReasons.unknown(failure))
        : (t.loginReasons[failure.reason] ?? t.loginReasons.unknown)(failure)
      : error.message;
    return { message, shown: t ? `${t.loginFailedPrefix}: ${message}` : message };
  }

  /** The texts for the login fields `validateCredentials` found invalid (only fields the form has). */
  fieldErrors<F extends string>(invalid: readonly string[]): Partial<Record<F, string>> {
    const errors: Partial<Record<F, string>> = {};
    const texts = this.#t?.fieldErrors as Record<string, string> | undefined;
    for (const name of invalid) if (texts && name in texts) errors[name as F] = texts[name];
    return errors;
  }

  /** The inline text for a number a command refused (empty, own extension, too soon…), or undefined. */
  numberError(err: unknown): string | undefined {
    const reason = err instanceof WellError ? err.detail?.['reason'] : undefined;
    const errors = this.#t?.calls.numberErrors as Record<string, string> | undefined;
    return typeof reason === 'string' && errors?.[reason] ? errors[reason] : undefined;
  }

  /** The not-ready reasons of the language pack as picker entries. */
  reasons(): { value: string; label: string }[] {
    return Object.entries(this.#t?.reasons ?? {}).map(([value, label]) => ({ value, label }));
  }
}

/** Refusal kinds by the words of the server's code or `detail.reason` (CSTA, SIP causes, Aliyun's codes). */
const REFUSALS: readonly [RegExp, RefusalKind][] = [
  [/busy|486|600/i, 'busy'],
  [/no_?answer|480|408/i, 'noAnswer'],
  [/invalid_?number|unallocated|not_?exists?|404|484|604/i, 'invalidNumber'],
  [/permission|forbidden|unauthori[sz]ed|403/i, 'permission'],
  [/state|not_?allowed|invalid_?operation|409/i, 'notAllowed'],
];

/** What a `REFUSED` error means for the agent, from its `detail.reason` or the server's own code. */
export function refusalKind(error: WellError): RefusalKind {
  const reason = error.detail?.['reason'];
  const words = `${typeof reason === 'string' ? reason : ''} ${error.vendorCode ?? ''}`;
  return REFUSALS.find(([pattern]) => pattern.test(words))?.[1] ?? 'unknown';
}
