import type { InitialMode } from './agent.js';

/** Agent-level commands a vendor executes. Call commands join in the calls issue. */
export type Command =
  | { type: 'login'; initialMode: InitialMode }
  /** Log out the session that holds this agent/extension, before logging in again (login mode `force`). */
  | { type: 'forceLogin'; initialMode: InitialMode }
  | { type: 'logout' }
  | { type: 'setMode'; mode: 'Ready' | 'NotReady'; reason?: string }
  | { type: 'heartbeat' }
  | { type: 'getPrefixes' };

export type CommandType = Command['type'];

/** What a vendor returns when the server accepted a command. */
export interface CommandResult {
  /** The requested mode applies later (e.g. after the current call). */
  pendingMode?: boolean;
  /** Command-specific data (e.g. prefixes). */
  data?: unknown;
}
