import type { SoftphoneView } from '../machine/selectors.js';
import type { CommandEvent } from '../machine/types.js';
import type { Capabilities } from '../model/capabilities.js';
import { isCapable, Operation } from '../model/status.js';
import type { VendorName } from '../model/vendor-name.js';
import { WellError, WellErrorCode } from '../model/well-error.js';

/** What a refusal looks at of a command (core/command-runner.ts `CommandSpec`). */
export interface Gated {
  operation: string;
  event?: CommandEvent;
  capability?: keyof Capabilities;
}

/** `NOT_SUPPORTED` for `operation` on this vendor. */
export function unsupportedOf(vendor: VendorName, operation: string, view: SoftphoneView): WellError {
  return new WellError(WellErrorCode.NOT_SUPPORTED, `The ${vendor} backend does not support "${operation}"`, {
    operation,
    statusCode: view.code,
  });
}

/**
 * The typed refusal of a command in the state a view shows (`NOT_ALLOWED_IN_STATE`, `NOT_SUPPORTED`,
 * `LOGIN_IN_PROGRESS`), or undefined when it may go. Needs no statechart: the view answers.
 */
export function refusalOf(view: SoftphoneView, vendor: VendorName, spec: Gated): WellError | undefined {
  const { operation } = spec;
  const unsupported = spec.capability
    ? !view.capabilities[spec.capability]
    : !isCapable(view.capabilities, operation as Operation);
  if (spec.event === undefined || view.accepts(spec.event)) {
    return spec.event === undefined && unsupported ? unsupportedOf(vendor, operation, view) : undefined;
  }
  if (unsupported) return unsupportedOf(vendor, operation, view);
  if (operation === Operation.login && view.code === 0) {
    return new WellError(WellErrorCode.LOGIN_IN_PROGRESS, 'A login is already in progress', { operation });
  }
  const channel = view.connection === 'connected' ? '' : ` while the event channel is ${view.connection}`;
  return new WellError(
    WellErrorCode.NOT_ALLOWED_IN_STATE,
    `"${operation}" is not allowed in status ${view.code}${channel}`,
    { operation, statusCode: view.code },
  );
}
