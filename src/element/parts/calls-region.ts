import { html, nothing } from 'lit';
import type { Softphone } from '../../core/softphone.js';
import type { Translation } from '../../i18n/index.js';
import { Operation } from '../../model/status.js';
import {
  callCard,
  callData,
  consultPair,
  dialer,
  transferForm,
  type ConsultPairView,
  type TransferView,
} from './call-panel.js';

export interface CallsRegionView {
  t: Translation;
  /** The core's view: calls, allowed operations, capabilities. */
  view: Softphone['view'];
  now: number;
  /** The agent's outbound prefixes (fetched last). */
  prefixes: readonly string[];
  numberError: string | undefined;
  targetError: string | undefined;
  onAnswer: (callId: string) => void;
  onHangUp: (callId: string) => void;
  onHold: (callId: string) => void;
  onRetrieve: (callId: string) => void;
  onDial: (event: SubmitEvent) => void;
  onTransfer: TransferView['onAction'];
  onConsult: ConsultPairView['onAction'];
}

/** The calls region: a card per call, the transfer or consult actions, the call data, and the dialer. */
export const callsRegion = (v: CallsRegionView) => {
  const { t, view } = v;
  return html`<section part="calls" aria-label=${t.calls.region}>
    ${view.calls.map((call) =>
      callCard({
        t,
        call,
        now: v.now,
        canAnswer: view.allowed(Operation.answer),
        canHangUp: view.allowed(Operation.hangUp),
        canHold: view.allowed(Operation.hold),
        canRetrieve: view.allowed(Operation.retrieve),
        capable: { answer: view.capabilities.canAnswer, hold: view.capabilities.canHold },
        onAnswer: v.onAnswer,
        onHangUp: v.onHangUp,
        onHold: v.onHold,
        onRetrieve: v.onRetrieve,
      }),
    )}
    ${callActions(v)}
    ${
      view.capabilities.canDial
        ? dialer({
            t,
            canDial: view.allowed(Operation.dial),
            prefixes: v.prefixes,
            error: v.numberError,
            onDial: v.onDial,
          })
        : nothing
    }
  </section>`;
};

/** Transfer/consult entry for the connected call, the consult pair's actions, the call data. */
const callActions = (v: CallsRegionView) => {
  const { t, view } = v;
  const calls = view.calls;
  const held = calls.find((c) => c.state === 'held');
  const consult = held ? calls.find((c) => c !== held) : undefined;
  const connected = calls.find((c) => c.state === 'connected');
  const active = consult ?? connected ?? calls[0];
  const capabilities = view.capabilities;
  return html`${
    held && consult
      ? consultPair({
          t,
          heldCallId: held.callId,
          consultCallId: consult.callId,
          canComplete: view.allowed(Operation.completeTransfer),
          canConference: view.allowed(Operation.conference),
          canCancel: view.allowed(Operation.cancelConsult),
          onAction: v.onConsult,
        })
      : connected &&
          calls.length === 1 &&
          (capabilities.canConsult || capabilities.canTransfer || capabilities.canConference)
        ? transferForm({
            t,
            callId: connected.callId,
            canConsult: view.allowed(Operation.consult),
            canBlindTransfer: view.allowed(Operation.blindTransfer),
            canConference: view.allowed(Operation.singleStepConference),
            error: v.targetError,
            onAction: v.onTransfer,
          })
        : nothing
  }
  ${callData(t, (held ?? active)?.userData)}`;
};
