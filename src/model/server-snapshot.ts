import type { AgentMode } from './agent.js';

/** A call as the server reports it in a resync. */
export interface ServerCall {
  callId: string;
  /** The own party's state. */
  state: 'initiated' | 'alerting' | 'connected' | 'held';
  direction?: 'inbound' | 'outbound' | 'internal';
  /** The other party. */
  party?: string;
  createdAt?: number;
  establishedAt?: number;
}

/** The server's view of the agent, fetched after a reconnect or page reload to resync. */
export interface ServerSnapshot {
  /** False when the server no longer has the agent logged in. */
  loggedIn: boolean;
  agentMode: AgentMode;
  reason?: string;
  agentId?: string;
  deviceId?: string;
  /** The agent's calls; undefined when the backend does not report them. */
  calls?: ServerCall[];
  /** Raw server answer, for hosts. */
  raw: unknown;
}
