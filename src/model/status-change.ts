import type { CallRecord } from './call.js';
import type { StatusCode } from './status.js';
import type { VendorName } from './vendor-name.js';
import type { WellError } from './well-error.js';

/** The public connection states of the event channel. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** The context of a status code (docs/protocols/status-codes.md). */
export interface StatusContext {
  vendor: VendorName;
  agentId?: string;
  deviceId?: string;
  jobNumber?: string;
  extension?: string;
  /** Agent state name (`ready`, `notReady`, `outboundOnly`, `afterCallWork`, `allocated`…). */
  agentState: string;
  /** Not-ready reason (`"2"` = outbound only). */
  reason: string;
  allocated: boolean;
  pendingMode: boolean;
  /** A command waiting for its confirming event. */
  pendingOperation?: string;
  connection: ConnectionState;
  /** Number of calls. */
  calls: number;
  /** The call the agent is acting on (ringing, dialing or talking; else the held one). */
  activeCall?: Readonly<CallRecord>;
  /** The agent's microphone is muted on the active call (as the backend reports it; false where it cannot). */
  muted: boolean;
  recording: boolean;
  /** The raw server event that caused the change, if one did. */
  raw?: unknown;
  /** ms since the epoch when this code was entered. */
  since: number;
}

/** What `status` listeners (and `well-status-change`) receive. */
export interface StatusChange {
  code: StatusCode;
  lastCode: StatusCode;
  context: StatusContext;
}

/** What `connection` listeners (and `well-connection-change`) receive. */
export interface ConnectionChange {
  state: ConnectionState;
  previous: ConnectionState;
  /** Current reconnect attempt (1-based) while reconnecting. */
  attempt: number;
  maxAttempts: number;
  error?: WellError;
}
