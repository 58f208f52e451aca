import type { ReactiveControllerHost } from 'lit';
import type { Softphone } from '../core/softphone.js';
import type { DialOptions } from '../model/command.js';
import { WellError, WellErrorCode } from '../model/well-error.js';
import type { I18nController } from './i18n-controller.js';

/** What the call forms need of their host: the core, and its `dial()` (which fires the cancelable `well-call-dial`). */
export interface CallFormsHost extends ReactiveControllerHost {
  readonly phone: Softphone;
  dial(number: string, options?: DialOptions): Promise<string | undefined>;
}

/** A transfer form action on the connected call. */
export type TransferAction = 'consult' | 'blindTransfer' | 'singleStepConference';

/**
 * The element's number forms: the dialer and the transfer / consult / add-party form. A number the core refuses
 * (empty, bad format, own extension, too soon…) is shown under its field; a refusal in the current state goes to the
 * error area (`report`); other failures already reached `well-error` through the core.
 */
export class CallFormsController {
  readonly #host: CallFormsHost;
  readonly #i18n: I18nController;
  readonly #report: (error: WellError) => void;
  #numberError: string | undefined;
  #targetError: string | undefined;

  constructor(host: CallFormsHost, i18n: I18nController, report: (error: WellError) => void) {
    this.#host = host;
    this.#i18n = i18n;
    this.#report = report;
  }

  /** The dialer's inline error, if any. */
  get numberError(): string | undefined {
    return this.#numberError;
  }

  /** The transfer form's inline error, if any. */
  get targetError(): string | undefined {
    return this.#targetError;
  }

  handleDial = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const number = String(data.get('number') ?? '').trim();
    const prefix = String(data.get('prefix') ?? '') || undefined;
    this.#setNumberError(undefined);
    this.#host.dial(number, prefix === undefined ? {} : { prefix }).then(
      (callId) => {
        if (callId !== undefined) (form.elements.namedItem('number') as HTMLInputElement).value = '';
      },
      (err: unknown) => this.#setNumberError(this.#errorOf(err)),
    );
  };

  handleTransfer = (action: TransferAction, callId: string, target: string, targetType?: 'skillGroup'): void => {
    this.#setTargetError(undefined);
    const phone = this.#host.phone;
    const options = targetType ? { targetType } : {};
    const run =
      action === 'consult'
        ? phone.consult(callId, target, options).then(() => undefined)
        : action === 'blindTransfer'
          ? phone.blindTransfer(callId, target, options)
          : phone.singleStepConference(callId, target);
    run.catch((err: unknown) => this.#setTargetError(this.#errorOf(err)));
  };

  /** The inline message for a refused number, or undefined after reporting any other refusal in the error area. */
  #errorOf(err: unknown): string | undefined {
    const message = this.#i18n.numberError(err);
    if (message !== undefined) return message;
    if (err instanceof WellError && err.code === WellErrorCode.NOT_ALLOWED_IN_STATE) this.#report(err);
    return undefined;
  }

  #setNumberError(error: string | undefined): void {
    if (error === this.#numberError) return;
    this.#numberError = error;
    this.#host.requestUpdate();
  }

  #setTargetError(error: string | undefined): void {
    if (error === this.#targetError) return;
    this.#targetError = error;
    this.#host.requestUpdate();
  }
}
