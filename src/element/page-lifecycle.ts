import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Softphone } from '../core/softphone.js';

/** What the page lifecycle needs of its host. */
export interface PageLifecycleHost extends ReactiveControllerHost {
  readonly isConnected: boolean;
  readonly phone: Softphone;
}

/**
 * The host's session across page events, while the host is connected:
 * - on connect, after the first update (attributes applied, language loaded), reattach the session this tab kept,
 *   if any, without the password; a failure shows the login form with its reason (`well-login-failed`);
 * - Page Lifecycle: a page about to be frozen shows the connection as reconnecting until resumed; on resume, and on a
 *   return from the back-forward cache (the page may have missed anything), the core re-reads the server's view
 *   before showing anything as live.
 */
export class PageLifecycleController implements ReactiveController {
  readonly #host: PageLifecycleHost;
  /** Runs before a reattach (the host applies pending attribute changes). */
  readonly #beforeReattach: () => void;

  constructor(host: PageLifecycleHost, beforeReattach: () => void) {
    this.#host = host;
    this.#beforeReattach = beforeReattach;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('freeze', this.#handleFreeze);
    document.addEventListener('resume', this.#handleResume);
    window.addEventListener('pageshow', this.#handlePageShow);
    void this.#host.updateComplete.then(() => this.#reattach());
  }

  hostDisconnected(): void {
    document.removeEventListener('freeze', this.#handleFreeze);
    document.removeEventListener('resume', this.#handleResume);
    window.removeEventListener('pageshow', this.#handlePageShow);
  }

  #reattach(): void {
    const host = this.#host;
    if (!host.isConnected || host.phone.view.code !== -1) return;
    this.#beforeReattach();
    host.phone.reattach().catch(() => {
      // reported through loginFailed (message, well-login-failed, well-error)
    });
  }

  #handleFreeze = (): void => this.#host.phone.suspend();

  #handleResume = (): void => this.#host.phone.resume();

  #handlePageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) this.#host.phone.resume();
  };
}
