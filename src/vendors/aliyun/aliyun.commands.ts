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

const api = (name: string, who: Caller, params: Record<string, unknown>, operation: string): ApiCall => ({
  api: name,
  params: { InstanceId: who.instanceId, UserId: who.userId, ...params },
  operation,
});

function callOf(lookup: CallLookup, callId: string, operation: string): ReportedCall {
  const call = lookup(callId);
  if (!call) {
    throw new WellError(WellErrorCode.INVALID_ARGUMENT, `No call ${callId}`, { operation, detail: { callId } });
  }
  return call;
}

/** The party's channel of a call; `NOT_ALLOWED_IN_STATE` when the answer named none yet. */
function channelOf(call: ReportedCall, operation: string): string {
  if (!call.channelId) {
    throw new WellError(WellErrorCode.NOT_ALLOWED_IN_STATE, `No channel to ${operation} on call ${call.callId} yet`, {
      operation,
    });
  }
  return call.channelId;
}

/**
 * The OpenAPI call of one command (fact 6), or undefined for commands the adapter handles itself (login, heartbeat,
 * prefixes). `NOT_SUPPORTED` for what CCC has no call for (conference from a consultation, call data, recording).
 */
export function apiCallOf(command: Command, who: Caller, lookup: CallLookup, caller?: string): ApiCall | undefined {
  switch (command.type) {
    case 'login':
    case 'forceLogin':
    case 'heartbeat':
    case 'getPrefixes':
      return undefined;
    case 'logout':
      return api('SignOutGroup', who, {}, 'logout');
    case 'setMode':
      if (command.mode === 'Ready') return api('ReadyForService', who, { OutboundScenario: false }, 'ready');
      if (command.reason === OUTBOUND_ONLY_REASON) {
        return api('ReadyForService', who, { OutboundScenario: true }, 'outboundOnly');
      }
      return api('TakeBreak', who, { Code: command.reason || 'default' }, 'notReady');
    case 'dial': {
      const callee = `${command.options.prefix ?? ''}${command.number}`;
      const from = command.options.originForDisplay ?? caller;
      return api(
        'MakeCall',
        who,
        {
          Callee: callee,
          ...(from && !isAgentExtension(callee) ? { Caller: from } : {}),
          ...(command.options.callData ? { Tags: command.options.callData } : {}),
        },
        'dial',
      );
    }
    case 'answer':
      return api('AnswerCall', who, { JobId: callOf(lookup, command.callId, 'answer').jobId }, 'answer');
    case 'hangUp': {
      const call = callOf(lookup, command.callId, 'hangUp');
      // a consult leg is released by its channel; the job's own release ends the agent's part
      return api(
        'ReleaseCall',
        who,
        { JobId: call.jobId, ...(call.consultOf ? { ChannelId: call.channelId } : {}) },
        'hangUp',
      );
    }
    case 'hold':
    case 'retrieve': {
      const call = callOf(lookup, command.callId, command.type);
      const name = command.type === 'hold' ? 'HoldCall' : 'RetrieveCall';
      return api(name, who, { JobId: call.jobId, ChannelId: channelOf(call, command.type) }, command.type);
    }
    case 'blindTransfer': {
      const call = callOf(lookup, command.callId, 'blindTransfer');
      const agent = isAgentExtension(command.number);
      return api(
        'BlindTransfer',
        who,
        {
          JobId: call.jobId,
          Transferee: command.number,
          TransfereeType: agent ? 'AGENT' : 'EXTERNAL_NUMBER',
          ...(!agent && caller ? { Transferor: caller } : {}),
        },
        'blindTransfer',
      );
    }
    case 'consult': {
      const call = callOf(lookup, command.heldCallId, 'consult');
      const agent = isAgentExtension(command.number);
      return api(
        'InitiateAttendedTransfer',
        who,
        {
          JobId: call.jobId,
          Transferee: command.number,
          TransfereeType: agent ? 'AGENT' : 'EXTERNAL',
          ...(!agent && caller ? { Transferor: caller } : {}),
        },
        'consult',
      );
    }
    case 'cancelConsult':
    case 'completeTransfer': {
      const call = callOf(lookup, command.heldCallId, command.type);
      const name = command.type === 'cancelConsult' ? 'CancelAttendedTransfer' : 'CompleteAttendedTransfer';
      return api(name, who, { JobId: call.jobId }, command.type);
    }
    case 'dtmf': {
      const call = callOf(lookup, command.callId, 'dtmf');
      return api(
        'SendDtmfSignaling',
        who,
        { JobId: call.jobId, ChannelId: channelOf(call, 'dtmf'), Dtmf: command.digits },
        'dtmf',
      );
    }
    case 'mute':
    case 'unmute': {
      const call = callOf(lookup, command.callId, command.type);
      return api(command.type === 'mute' ? 'MuteCall' : 'UnmuteCall', who, { JobId: call.jobId }, command.type);
    }
    case 'setWorkMode':
      return api(
        'ChangeWorkMode',
        who,
        { WorkMode: command.workMode, ...(command.mobile ? { Mobile: command.mobile } : {}) },
        'setWorkMode',
      );
    default:
      throw new WellError(WellErrorCode.NOT_SUPPORTED, `Aliyun CCC does not support "${command.type}"`, {
        operation: command.type,
      });
  }
}
