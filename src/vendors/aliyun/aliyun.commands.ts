import { OUTBOUND_ONLY_REASON } from '../../model/agent.js';
import type { Command } from '../../model/command.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import type { ReportedCall } from './aliyun.codec.js';
import type { ApiCall } from './aliyun.rest.js';

/** Who sends: every call names the instance and the agent (docs/protocols/aliyun.md fact 2). */
export interface Caller {
  instanceId: string;
  userId: string;
}

/** The call a command names, with the job and the channel it acts on. */
export type CallLookup = (callId: string) => ReportedCall | undefined;

/** An agent extension is 8 digits; anything else is an outside number (fact 12, inferred). */
export const isAgentExtension = (number: string): boolean => /^\d{8}$/.test(number);

/** Commands that act on one call: the API, and whether it names the party's channel (`ChannelId`). */
const ON_CALL: Partial<Record<Command['type'], [api: string, channel?: true]>> = {
  answer: ['AnswerCall'],
  hold: ['HoldCall', true],
  retrieve: ['RetrieveCall', true],
  dtmf: ['SendDtmfSignaling', true],
  mute: ['MuteCall'],
  unmute: ['UnmuteCall'],
  cancelConsult: ['CancelAttendedTransfer'],
  completeTransfer: ['CompleteAttendedTransfer'],
};

/**
 * The OpenAPI call of one command (fact 6); `InstanceId` and `UserId` are added by the sender. `NOT_SUPPORTED` for
 * what CCC has no call for (conference from a consultation, call data, recording); login, heartbeat and prefixes
 * are the adapter's own.
 */
export function apiCallOf(command: Command, lookup: CallLookup, caller?: string): ApiCall {
  const op = command.type;
  const call = (name: string, params: Record<string, unknown> = {}, operation: string = op): ApiCall => ({
    api: name,
    params,
    operation,
  });
  /** The job of the call the command names; `INVALID_ARGUMENT` for an unknown call. */
  const job = (callId: string): ReportedCall => {
    const found = lookup(callId);
    if (!found)
      throw new WellError(WellErrorCode.INVALID_ARGUMENT, `No call ${callId}`, {
        operation: op,
        detail: { callId },
      });
    return found;
  };
  const onCall = ON_CALL[op];
  if (onCall) {
    const target = job('callId' in command ? command.callId : (command as { heldCallId: string }).heldCallId);
    if (onCall[1] && !target.channelId) {
      throw new WellError(WellErrorCode.NOT_ALLOWED_IN_STATE, `No channel yet`, { operation: op });
    }
    return call(onCall[0], {
      JobId: target.jobId,
      ...(onCall[1] ? { ChannelId: target.channelId } : {}),
      ...(command.type === 'dtmf' ? { Dtmf: command.digits } : {}),
    });
  }
  switch (command.type) {
    case 'logout':
      return call('SignOutGroup');
    case 'setMode':
      if (command.mode === 'Ready') return call('ReadyForService', { OutboundScenario: false }, 'ready');
      if (command.reason === OUTBOUND_ONLY_REASON) {
        return call('ReadyForService', { OutboundScenario: true }, 'outboundOnly');
      }
      return call('TakeBreak', { Code: command.reason || 'default' }, 'notReady');
    case 'dial': {
      const callee = `${command.options.prefix ?? ''}${command.number}`;
      const from = command.options.originForDisplay ?? caller;
      return call('MakeCall', {
        Callee: callee,
        ...(from && !isAgentExtension(callee) ? { Caller: from } : {}),
        ...(command.options.callData ? { Tags: command.options.callData } : {}),
      });
    }
    case 'hangUp': {
      const target = job(command.callId);
      // a consult leg is released by its channel; the job's own release ends the agent's part
      return call('ReleaseCall', { JobId: target.jobId, ...(target.consultOf ? { ChannelId: target.channelId } : {}) });
    }
    case 'blindTransfer':
    case 'consult': {
      const blind = command.type === 'blindTransfer';
      const agent = isAgentExtension(command.number);
      return call(blind ? 'BlindTransfer' : 'InitiateAttendedTransfer', {
        JobId: job(blind ? command.callId : command.heldCallId).jobId,
        Transferee: command.number,
        TransfereeType: agent ? 'AGENT' : blind ? 'EXTERNAL_NUMBER' : 'EXTERNAL',
        ...(!agent && caller ? { Transferor: caller } : {}),
      });
    }
    case 'setWorkMode':
      return call('ChangeWorkMode', {
        WorkMode: command.workMode,
        ...(command.mobile ? { Mobile: command.mobile } : {}),
      });
    default:
      throw new WellError(WellErrorCode.NOT_SUPPORTED, `Aliyun: no "${op}"`, { operation: op });
  }
}
