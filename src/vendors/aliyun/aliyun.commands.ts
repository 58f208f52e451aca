import { OUTBOUND_ONLY_REASON } from '../../model/agent.js';
import type { Command } from '../../model/command.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import type { ReportedCall } from './aliyun.codec.js';
import type { ApiCall } from './aliyun.rest.js';

/** The call a command names, with the job and the channel it acts on. */
export type CallLookup = (callId: string) => ReportedCall | undefined;

/** An agent extension is 8 digits; anything else is an outside number (fact 12, inferred). */
export const isAgentExtension = (number: string): boolean => /^\d{8}$/.test(number);

/** Commands that act on one call: the API, and whether it names the party's channel (`ChannelId`). */
const ON_CALL: Partial<Record<Command['type'], [api: string, channel?: true]>> = {
  answer: ['AnswerCall'],
  hangUp: ['ReleaseCall'],
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
  const call = (api: string, params: Record<string, unknown> = {}, operation: string = op): ApiCall => ({
    api,
    params,
    operation,
  });
  /** The call the command names (`callId`, or `heldCallId` for a consult); `INVALID_ARGUMENT` for an unknown call. */
  const target = (): ReportedCall => {
    const callId = 'callId' in command ? command.callId : (command as { heldCallId: string }).heldCallId;
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
    const { jobId, channelId, consultOf } = target();
    if (onCall[1] && !channelId) {
      throw new WellError(WellErrorCode.NOT_ALLOWED_IN_STATE, `No channel yet`, { operation: op });
    }
    return call(onCall[0], {
      JobId: jobId,
      // a consult leg is released by its channel; the job's own release ends the agent's part
      ...(onCall[1] || (op === 'hangUp' && consultOf) ? { ChannelId: channelId } : {}),
      ...(command.type === 'dtmf' ? { Dtmf: command.digits } : {}),
    });
  }
  switch (command.type) {
    case 'logout':
      return call('SignOutGroup');
    case 'setMode': {
      const ready = command.mode === 'Ready';
      if (ready || command.reason === OUTBOUND_ONLY_REASON) {
        return call('ReadyForService', { OutboundScenario: !ready }, ready ? 'ready' : 'outboundOnly');
      }
      return call('TakeBreak', { Code: command.reason || 'default' }, 'notReady');
    }
    case 'dial': {
      const callee = `${command.options.prefix ?? ''}${command.number}`;
      const from = command.options.originForDisplay ?? caller;
      return call('MakeCall', {
        Callee: callee,
        ...(from && !isAgentExtension(callee) ? { Caller: from } : {}),
        ...(command.options.callData ? { Tags: command.options.callData } : {}),
      });
    }
    case 'blindTransfer':
    case 'consult': {
      const blind = command.type === 'blindTransfer';
      // the host's target type, else inferred: 8 digits name an agent (fact 12)
      const kind = command.targetType ?? (isAgentExtension(command.number) ? 'agent' : 'number');
      const outside = kind === 'number';
      return call(blind ? 'BlindTransfer' : 'InitiateAttendedTransfer', {
        JobId: target().jobId,
        Transferee: command.number,
        TransfereeType: outside ? (blind ? 'EXTERNAL_NUMBER' : 'EXTERNAL') : kind === 'agent' ? 'AGENT' : 'SKILL_GROUP',
        ...(outside && caller ? { Transferor: caller } : {}),
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
