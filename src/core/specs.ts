import { OUTBOUND_ONLY_REASON } from '../model/agent.js';
import type { DialOptions, TransferTargetType, WorkMode } from '../model/command.js';
import { Operation } from '../model/status.js';
import type { CommandSpec } from './command-runner.js';

// Every command as the command runner takes it: the operation it is named by, the machine event that gates it and
// the vendor request. The public API and the statechart's own intents (auto-answer, auto-ready, ring timeout) build
// their commands here, so both take the same path.

export const specs = {
  logout: (): CommandSpec => ({
    operation: Operation.logout,
    event: { type: 'agent.logout' },
    command: { type: 'logout' },
  }),
  ready: (): CommandSpec => ({
    operation: Operation.ready,
    event: { type: 'agent.ready' },
    command: { type: 'setMode', mode: 'Ready' },
  }),
  /** Not ready with a reason; reason `"2"` is outbound only (status 4). */
  notReady: (reason: string): CommandSpec =>
    reason === OUTBOUND_ONLY_REASON
      ? {
          operation: Operation.outboundOnly,
          event: { type: 'agent.outboundOnly' },
          command: { type: 'setMode', mode: 'NotReady', reason },
        }
      : {
          operation: Operation.notReady,
          event: { type: 'agent.notReady', reason },
          command: { type: 'setMode', mode: 'NotReady', reason },
        },
  dial: (number: string, options: DialOptions, onSend: () => void): CommandSpec => ({
    operation: Operation.dial,
    event: { type: 'call.dial', number },
    command: { type: 'dial', number, options },
    onSend,
  }),
  answer: (callId: string): CommandSpec => ({
    operation: Operation.answer,
    event: { type: 'call.answer', callId },
    command: { type: 'answer', callId },
  }),
  hangUp: (callId: string): CommandSpec => ({
    operation: Operation.hangUp,
    event: { type: 'call.hangUp', callId },
    command: { type: 'hangUp', callId },
  }),
  hold: (callId: string): CommandSpec => ({
    operation: Operation.hold,
    event: { type: 'call.hold', callId },
    command: { type: 'hold', callId },
  }),
  retrieve: (callId: string): CommandSpec => ({
    operation: Operation.retrieve,
    event: { type: 'call.retrieve', callId },
    command: { type: 'retrieve', callId },
  }),
  blindTransfer: (callId: string, number: string, targetType?: TransferTargetType): CommandSpec => ({
    operation: Operation.blindTransfer,
    event: { type: 'call.blindTransfer', callId },
    command: { type: 'blindTransfer', callId, number, ...(targetType ? { targetType } : {}) },
  }),
  singleStepConference: (callId: string, number: string, participation: 'Active' | 'Silent'): CommandSpec => ({
    operation: Operation.singleStepConference,
    event: { type: 'call.singleStepConference', callId },
    command: { type: 'singleStepConference', callId, number, participation },
  }),
  consult: (heldCallId: string, number: string, targetType?: TransferTargetType): CommandSpec => ({
    operation: Operation.consult,
    event: { type: 'call.consult', callId: heldCallId },
    command: { type: 'consult', heldCallId, number, ...(targetType ? { targetType } : {}) },
  }),
  /** Conference, cancel consult or complete transfer: the held call and the consult call. */
  consultFamily: (
    type: 'conference' | 'cancelConsult' | 'completeTransfer',
    heldCallId: string,
    consultCallId: string,
  ): CommandSpec => ({
    operation: Operation[type],
    event: { type: `call.${type}`, callId: heldCallId },
    command: { type, heldCallId, consultCallId },
  }),
  setCallData: (callId: string, entries: readonly { key: string; value: string }[]): CommandSpec => ({
    operation: Operation.setCallData,
    event: { type: 'call.setCallData', callId },
    command: { type: 'setCallData', callId, entries },
  }),
  dtmf: (callId: string, digits: string): CommandSpec => ({
    operation: Operation.dtmf,
    event: { type: 'call.dtmf', callId },
    command: { type: 'dtmf', callId, digits },
  }),
  mute: (callId: string, on: boolean): CommandSpec => ({
    operation: on ? Operation.mute : Operation.unmute,
    event: { type: on ? 'call.mute' : 'call.unmute', callId },
    command: { type: on ? 'mute' : 'unmute', callId },
  }),
  setWorkMode: (workMode: WorkMode, mobile: string | undefined): CommandSpec => ({
    operation: Operation.setWorkMode,
    capability: 'canSetWorkMode',
    command: { type: 'setWorkMode', workMode, ...(mobile ? { mobile } : {}) },
  }),
  getCallData: (callId: string): CommandSpec => ({
    operation: 'getCallData',
    capability: 'canCallData',
    command: { type: 'getCallData', callId },
  }),
  recording: (type: 'startRecording' | 'stopRecording'): CommandSpec => ({
    operation: type,
    capability: 'canRecord',
    event: { type: type === 'startRecording' ? 'recording.start' : 'recording.stop' },
    command: { type },
  }),
  getPrefixes: (): CommandSpec => ({
    operation: 'getPrefixes',
    capability: 'canPrefixes',
    command: { type: 'getPrefixes' },
  }),
  heartbeat: (): CommandSpec => ({ operation: 'heartbeat', command: { type: 'heartbeat' } }),
};
