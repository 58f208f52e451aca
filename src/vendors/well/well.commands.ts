import type { AgentIdentity } from '../../model/agent.js';
import type { Command, CommandResult } from '../../model/command.js';
import { WellError, WellErrorCode } from '../../model/well-error.js';
import { connectionId } from './well.codec.js';
import type { WellRequest } from './well.rest.js';

/** Base path of the CSTA REST API. */
export const CSTA = '/api/csta';
const CALLS = `${CSTA}/callControl/calls`;

/** One command as a REST request (without the signal), and how its answer becomes the command's result. */
export interface WellCommandRequest extends Omit<WellRequest, 'signal'> {
  result?: (body: unknown) => CommandResult;
}

/** Commands that are more than one request (the login family); the adapter runs them itself. */
export type WellSessionCommand = Extract<Command, { type: 'login' | 'forceLogin' }>;
type TableCommand = Exclude<Command, WellSessionCommand>;
type CommandOf<K extends TableCommand['type']> = Extract<TableCommand, { type: K }>;
type Builder<K extends TableCommand['type']> = (command: CommandOf<K>, identity: AgentIdentity) => WellCommandRequest;

/** The agent's own connection of a call: `/calls/{callId}/connections/{device%7CcallId}` + suffix (fact 12). */
const connection = (identity: AgentIdentity, callId: string, suffix: string): string =>
  `${CALLS}/${callId}/connections/${connectionId(identity.deviceId, callId)}${suffix}`;

const callIdResult = (body: unknown): CommandResult => {
  const callId = (body as { callId?: unknown } | undefined)?.callId;
  return typeof callId === 'string' && callId !== '' ? { callId } : {};
};

/** Consult-family operations address the held call and name the consult call in the body (fact 12). */
const CONSULT_PATHS = { conference: '/conference', cancelConsult: '/cancelConsult', completeTransfer: '/transfer' };
const consultFamily = (
  c: CommandOf<'conference' | 'cancelConsult' | 'completeTransfer'>,
  identity: AgentIdentity,
): WellCommandRequest => ({
  method: 'POST',
  path: connection(identity, c.heldCallId, CONSULT_PATHS[c.type]),
  json: { consultCallId: c.consultCallId },
  operation: c.type,
});

const onConnection =
  (suffix: string) =>
  (c: CommandOf<'answer' | 'hold' | 'retrieve'>, identity: AgentIdentity): WellCommandRequest => ({
    method: 'POST',
    path: connection(identity, c.callId, suffix),
    operation: c.type,
  });

const recording = (c: CommandOf<'startRecording' | 'stopRecording'>, identity: AgentIdentity): WellCommandRequest => ({
  method: 'POST',
  path: `${CSTA}/callControl/recording/${c.type === 'startRecording' ? 'Start' : 'Stop'}?extension=${identity.deviceId}`,
  operation: c.type,
});

/** Commands `well` has no request for (their capabilities are off): refused with `NOT_SUPPORTED`. */
const unsupported = (c: CommandOf<'dtmf' | 'mute' | 'unmute' | 'setWorkMode'>): WellCommandRequest => {
  throw new WellError(WellErrorCode.NOT_SUPPORTED, `well does not support "${c.type}"`, { operation: c.type });
};

/** Command → request, one row per command (docs/protocols/well.md facts 10–12). */
const TABLE: { [K in TableCommand['type']]: Builder<K> } = {
  logout: (_, identity) => ({
    method: 'POST',
    path: `${CSTA}/agent/state`,
    json: { func: 'Logout', agentId: identity.agentId },
    operation: 'logout',
  }),
  setMode: (c, identity) => ({
    method: 'POST',
    path: `${CSTA}/agent/state`,
    json: {
      func: 'SetState',
      device: identity.deviceId,
      agentMode: c.mode,
      namespace: identity.domain,
      reason: c.reason ?? '',
      agentId: identity.agentId,
    },
    operation: c.mode === 'Ready' ? 'ready' : 'notReady',
    result: (body) =>
      body && typeof body === 'object' && (body as Record<string, unknown>)['pendingMode'] ? { pendingMode: true } : {},
  }),
  heartbeat: (_, identity) => ({
    method: 'POST',
    path: `${CSTA}/agent/heartbeat/${identity.agentId}`,
    operation: 'heartbeat',
  }),
  dial: (c, identity) => {
    const o = c.options;
    return {
      method: 'POST',
      path: CALLS,
      json: {
        from: identity.deviceId,
        to: `${o.prefix ?? ''}${c.number}`,
        ...(o.originForDisplay ? { originForDisplay: o.originForDisplay } : {}),
        // wellClient always showed the agent's own extension; an explicit option wins here
        destForDisplay: o.destForDisplay ?? identity.extension,
        ...(o.callProgress ? { cpa: '1' } : {}),
        ...(o.callData !== undefined ? { contextId: o.callData } : {}),
      },
      operation: 'dial',
      result: callIdResult,
    };
  },
  answer: onConnection('/answer'),
  hangUp: (c, identity) => ({ method: 'DELETE', path: connection(identity, c.callId, ''), operation: 'hangUp' }),
  hold: onConnection('/hold'),
  retrieve: onConnection('/retrieve'),
  blindTransfer: (c, identity) => ({
    method: 'POST',
    path: connection(identity, c.callId, '/singleStepTransfer'),
    json: { transferTo: c.number },
    operation: 'blindTransfer',
  }),
  singleStepConference: (c, identity) => ({
    method: 'POST',
    path: connection(identity, c.callId, '/singleStepConference'),
    json: { conferenceParticipant: c.number, participationType: c.participation },
    operation: 'singleStepConference',
  }),
  consult: (c, identity) => ({
    method: 'POST',
    path: connection(identity, c.heldCallId, '/consult'),
    json: { consultationParticipant: c.number },
    operation: 'consult',
    result: callIdResult,
  }),
  conference: consultFamily,
  cancelConsult: consultFamily,
  completeTransfer: consultFamily,
  setCallData: (c) => ({
    method: 'POST',
    path: `${CALLS}/${c.callId}/user-data`,
    json: { entries: c.entries },
    operation: 'setCallData',
  }),
  getCallData: (c) => ({
    method: 'GET',
    path: `${CALLS}/${c.callId}/user-data/`,
    operation: 'getCallData',
    result: (body) => ({ data: body }),
  }),
  startRecording: recording,
  stopRecording: recording,
  dtmf: unsupported,
  mute: unsupported,
  unmute: unsupported,
  setWorkMode: unsupported,
  getPrefixes: (_, identity) => ({
    method: 'GET',
    path: `/api/operation/operation/tenants/${identity.domain}/agents/${identity.agentId}`,
    operation: 'getPrefixes',
    result: (body) => {
      const trunks = (body as { agentTrunks?: unknown } | undefined)?.agentTrunks;
      const prefixes = Array.isArray(trunks)
        ? trunks
            .map((t) => (t as { scanPrefix?: unknown } | null)?.scanPrefix)
            .filter((p): p is string => typeof p === 'string')
        : [];
      return { data: [...new Set(prefixes)] };
    },
  }),
};

/** The REST request of a single-request command. */
export function wellCommandRequest(command: TableCommand, identity: AgentIdentity): WellCommandRequest {
  return (TABLE[command.type] as Builder<typeof command.type>)(command as never, identity);
}

/** True for the commands that are not one request (see {@link WellSessionCommand}). */
export const isSessionCommand = (command: Command): command is WellSessionCommand =>
  command.type === 'login' || command.type === 'forceLogin';
