import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { WellError } from '../model/well-error.js';

/** What click-to-call needs of its host: the opt-in and the class that marks numbers in the page. */
export interface ClickToCallHost extends ReactiveControllerHost, HTMLElement {
  clickToCall: boolean;
  clickToCallClass: string;
}

/** The number in a click-to-call element's text: its digits, `*` and `#`. */
export const clickToCallNumber = (text: string): string => text.replace(/[^0-9*#]/g, '');

/**
 * Click-to-call: one document listener while the host is connected; it acts only when the host opted in
 * (`click-to-call`) and only on elements of the configured class outside the host, and dials their digits.
 * A refused dial is reported as the error it is.
 */
export class ClickToCallController implements ReactiveController {
  readonly #host: ClickToCallHost;
  readonly #dial: (number: string) => Promise<unknown>;
  readonly #report: (error: WellError) => void;

  constructor(host: ClickToCallHost, dial: (number: string) => Promise<unknown>, report: (error: WellError) => void) {
    this.#host = host;
    this.#dial = dial;
    this.#report = report;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('click', this.#handleClick);
  }

  hostDisconnected(): void {
    document.removeEventListener('click', this.#handleClick);
  }

  #handleClick = (event: MouseEvent): void => {
    const host = this.#host;
    if (!host.clickToCall || !host.clickToCallClass || !(event.target instanceof Element)) return;
    const target = event.target.closest(`.${CSS.escape(host.clickToCallClass)}`);
    if (!target || host.contains(target)) return;
    const number = clickToCallNumber(target.textContent ?? '');
    if (number === '') return;
    this.#dial(number).catch((err: unknown) => {
      if (err instanceof WellError) this.#report(err);
    });
  };
}
