import type { AgentIdentity, LoginCredentials } from '../../model/agent.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import { httpRequest, mapHttpError, type HttpRequest, type HttpResponse } from '../common/http.js';
import { joinUrl } from '../common/url.js';
import type { VendorEndpoints, VendorLogEntry } from '../vendor.js';
import { commandError, loginError } from './well.errors.js';

/** One REST request of the `well` protocol; `path` is appended to the API base URL. */
export interface WellRequest extends Omit<HttpRequest, 'url' | 'timeoutMs' | 'headers'> {
  path: string;
  /**
   * The session id for the `sessionId` header (docs/protocols/well.md fact 8) instead of the current one; a request
   * that names its own session is never renewed on 426.
   */
  sessionId?: string | undefined;
}

export interface WellRestOptions {
  endpoints: VendorEndpoints;
  timeoutMs: number;
  fetch: typeof fetch;
  log(entry: VendorLogEntry): void;
}

/**
 * The `well` REST half: the TPI login, the Login request, and every other request with the session's `sessionId`
 * header. Owns the session ids and renews the session silently on HTTP 426 (docs/protocols/well.md fact 8).
 */
export class WellRest {
  readonly #options: WellRestOptions;
  /** For the TPI login and its renewal; the vendor sets and clears it. */
  credentials: LoginCredentials | undefined;
  /** Committed session id: set once the Login request succeeded (or a reattach was accepted). */
  sessionId: string | undefined;
  /** Session id from the TPI login, used for the Login request itself. */
  pendingSessionId: string | undefined;
  #relogin: Promise<void> | undefined;

  constructor(options: WellRestOptions) {
    this.#options = options;
  }

  /** The session requests use: the committed one, else the pending one (agentLoggedOn may overtake the Login answer). */
  get currentSessionId(): string | undefined {
    return this.sessionId ?? this.pendingSessionId;
  }

  /** Forgets the session ids. */
  reset(): void {
    this.sessionId = undefined;
    this.pendingSessionId = undefined;
  }

  /**
   * TPI login: form fields `username`, `password`, `namespace`, each URL-encoded (docs/protocols/well.md fact 8).
   * Resolves with the new session id; a refusal is `LOGIN_FAILED` with the reason of its status.
   */
  async tpiLogin(signal: AbortSignal): Promise<string> {
    const c = this.credentials;
    if (!c?.password) {
      throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'A password is needed', { operation: 'login' });
    }
    const response = await mapHttpError(
      this.#send({
        method: 'POST',
        url: this.#options.endpoints.loginUrl,
        form: new URLSearchParams({ username: c.jobNumber, password: c.password, namespace: c.domain }).toString(),
        signal,
        operation: 'login',
      }),
      loginError,
    );
    const sessionId = (response.body as { sessionId?: unknown } | undefined)?.sessionId;
    if (typeof sessionId !== 'string' || sessionId === '') {
      throw new WellError(WellErrorCode.LOGIN_FAILED, 'The login server answered without a sessionId', {
        status: response.status,
        operation: 'login',
        vendorCode: 'unknown',
        detail: { status: response.status, reason: 'unknown' },
      });
    }
    return sessionId;
  }

  /** The Login request (`func: Login`, fact 11) with the pending session; commits that session once accepted. */
  async login(identity: AgentIdentity, initialMode: 'Ready' | 'NotReady', signal: AbortSignal): Promise<void> {
    const credentials = this.credentials;
    if (!credentials) throw new WellError(WellErrorCode.MISSING_CREDENTIALS, 'Log in first', { operation: 'login' });
    await mapHttpError(
      this.#send({
        method: 'POST',
        url: this.#url('/api/csta/agent/state'),
        json: {
          loginId: identity.agentId,
          device: identity.deviceId,
          password: credentials.password,
          agentMode: initialMode,
          func: 'Login',
          sessionId: this.pendingSessionId,
        },
        headers: this.#sessionHeader(this.pendingSessionId),
        signal,
        operation: 'login',
      }),
      loginError,
    );
    this.sessionId = this.pendingSessionId;
  }

  /**
   * A request with the current session id. HTTP 426 ("failed to obtain AccessToken") re-runs the TPI login once and
   * retries once (fact 8); concurrent requests share one renewal. A 4xx answer rejects as `REFUSED` (see
   * {@link commandError}).
   */
  async request(request: WellRequest): Promise<HttpResponse> {
    const { path, sessionId: own, ...rest } = request;
    const used = own ?? this.currentSessionId;
    const send = (sessionId: string | undefined): Promise<HttpResponse> =>
      mapHttpError(
        this.#send({ ...rest, url: this.#url(path), headers: this.#sessionHeader(sessionId) }),
        commandError,
      );
    try {
      return await send(used);
    } catch (err) {
      if (!(err instanceof WellError) || err.status !== 426 || own !== undefined) throw err;
      // another request may have renewed the session meanwhile: then just retry with the new one
      if (this.currentSessionId === used) await this.#renew(request.signal);
      return send(this.sessionId);
    }
  }

  async #renew(signal: AbortSignal): Promise<void> {
    this.#relogin ??= (async () => {
      try {
        this.#options.log({ level: 'info', message: 'HTTP 426: renewing the session (silent re-login)' });
        this.sessionId = await this.tpiLogin(signal);
      } catch (cause) {
        throw new WellError(WellErrorCode.SESSION_EXPIRED, 'The session expired and could not be renewed', { cause });
      } finally {
        this.#relogin = undefined;
      }
    })();
    return this.#relogin;
  }

  #send(request: Omit<HttpRequest, 'timeoutMs'>): Promise<HttpResponse> {
    return httpRequest({ ...request, timeoutMs: this.#options.timeoutMs }, this.#options.fetch, this.#options.log);
  }

  #url(path: string): string {
    return joinUrl(this.#options.endpoints.apiUrl, path);
  }

  #sessionHeader(sessionId: string | undefined): Record<string, string> {
    return sessionId ? { sessionId } : {};
  }
}
