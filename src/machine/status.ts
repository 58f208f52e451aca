import type { CallMap } from '../model/call.js';
import { StatusCode } from '../model/status.js';
import { deriveCallCode } from './calls.js';

/** The status code of each agent state that decides the code on its own (no call). */
export const AGENT_STATE_CODE = {
  loggedOut: StatusCode.Unregistered,
  loggingIn: StatusCode.Registering,
  signedOut: StatusCode.Offline,
  notReady: StatusCode.NotReady,
  ready: StatusCode.Ready,
  allocated: StatusCode.Ready,
  outboundOnly: StatusCode.OutboundOnly,
  afterCallWork: StatusCode.AfterCallWork,
} as const;

/** The agent-region states that decide the code when there is no call. */
export type AgentState = keyof typeof AGENT_STATE_CODE;

/** The agent-region state of a state value (`snapshot.value`). */
export function agentStateOfValue(value: unknown): AgentState {
  const agent = (value as { agent: string | { signedIn?: string } }).agent;
  if (typeof agent === 'string') return agent as AgentState;
  if ('loggingIn' in agent) return 'loggingIn';
  return (agent.signedIn ?? 'notReady') as AgentState;
}

/** The status code -1..30 of an agent state and its calls: with a call the call decides (6–30), else the mode (2–5). */
export function statusCodeOf(agentState: AgentState, calls: CallMap): StatusCode {
  const agent = AGENT_STATE_CODE[agentState];
  return agent >= StatusCode.NotReady ? (deriveCallCode(calls) ?? agent) : agent;
}
