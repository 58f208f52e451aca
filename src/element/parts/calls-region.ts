import { html, nothing } from 'lit';
import type { Softphone } from '../../core/softphone.js';
import type { Translation } from '../../i18n/index.js';
import { Operation } from '../../model/status.js';
import { callCard, consultPair, dialer, transferForm, type ConsultPairView, type TransferView } from './call-panel.js';
import { callDataView, inCallTools, newCallToggle, partyList, type CallDataField } from './in-call.js';

export interface CallsRegionView {
  t: Translation;
  /** The core's view: calls, allowed operations, capabilities. */
  view: Softphone['view'];
  now: number;
  /** The agent's outbound prefixes (fetched last). */
  prefixes: readonly string[];
  numberError: string | undefined;
  targetError: string | undefined;
  /** The dialer is shown (else it waits behind "New call"). */
  dialerOpen: boolean;
  /** The in-call keypad (DTMF) is shown. */
  keypadOpen: boolean;
  /** DTMF digits sent on the current call. */
  dtmfSent: string;
  callDataFields: readonly CallDataField[];
  onToggleDialer: () => void;
  onToggleKeypad: () => void;
  onDtmf: (digit: string) => void;
  onRecord: () => void;
  onMute: (callId: string, muted: boolean) => void;
  onAnswer: (callId: string) => void;
  onHangUp: (callId: string) => void;
  onHold: (callId: string) => void;
  onRetrieve: (callId: string) => void;
  onDial: (event: SubmitEvent) => void;
  onTransfer: TransferView['onAction'];
  onConsult: ConsultPairView['onAction'];
}

/**
 * The calls region: a card per call, the in-call tools (DTMF keypad, recording), the transfer or consult actions, the
 * call data, and the dialer (behind "New call" unless opened, or in outbound-only where dialling is the job).
 */
export const callsRegion = (v: CallsRegionView) => {
  const { t, view } = v;
  const canDial = view.capabilities.canDial && view.allowed(Operation.dial);
  const onCall = view.calls.length > 0;
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
        canMute: view.accepts({ type: call.muted === true ? 'call.unmute' : 'call.mute', callId: call.callId }),
        capable: {
          answer: view.capabilities.canAnswer,
          hold: view.capabilities.canHold,
          mute: view.capabilities.canMute,
        },
        onAnswer: v.onAnswer,
        onHangUp: v.onHangUp,
        onHold: v.onHold,
        onRetrieve: v.onRetrieve,
        onMute: v.onMute,
      }),
    )}
    ${callActions(v)}
    ${
      !onCall && canDial
        ? html`${view.code === 4 ? nothing : newCallToggle(t, v.dialerOpen, v.onToggleDialer)}
          ${
            v.dialerOpen || view.code === 4
              ? dialer({ t, canDial, prefixes: v.prefixes, error: v.numberError, onDial: v.onDial })
              : nothing
          }`
        : nothing
    }
  </section>`;
};

/** In-call tools, transfer/consult entry for the connected call, the consult pair's actions, parties, call data. */
const callActions = (v: CallsRegionView) => {
  const { t, view } = v;
  const calls = view.calls;
  const held = calls.find((c) => c.state === 'held');
  const consult = held ? calls.find((c) => c !== held) : undefined;
  const connected = calls.find((c) => c.state === 'connected');
  const active = consult ?? connected ?? calls[0];
  const capabilities = view.capabilities;
  return html`${
    connected
      ? inCallTools({
          t,
          call: connected,
          canDtmf: capabilities.canDtmf && view.accepts({ type: 'call.dtmf', callId: connected.callId }),
          canRecord: capabilities.canRecord,
          recording: view.recording,
          keypadOpen: v.keypadOpen,
          sent: v.dtmfSent,
          onToggleKeypad: v.onToggleKeypad,
          onDtmf: v.onDtmf,
          onRecord: v.onRecord,
        })
      : nothing
  }
  ${
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
            skillGroups: capabilities.canTransferToSkillGroup === true,
            error: v.targetError,
            onAction: v.onTransfer,
          })
        : nothing
  }
  ${active ? partyList(t, active) : nothing} ${callDataView(t, (held ?? active)?.userData, v.callDataFields)}`;
};
