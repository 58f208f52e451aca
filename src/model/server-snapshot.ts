import type { AgentMode } from './agent.js';

/** The server's view of the agent, fetched after a reconnect or page reload to resync. */
export interface ServerSnapshot {
  /** False when the server no longer has the agent logged in. */
  loggedIn: boolean;
  agentMode: AgentMode;
  reason?: string;
  agentId?: string;
  deviceId?: string;
  /** Raw server answer, for hosts. */
  raw: unknown;
}
