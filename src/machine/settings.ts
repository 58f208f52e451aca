import { callMap } from '../model/call.js';
import type { SoftphoneContext, SoftphoneInput } from './types.js';

/** Timings and limits of the statechart. */
export interface MachineSettings {
  /** Reconnect attempts before giving up (wellClient today: 30; its docs: 5). */
  reconnectAttempts: number;
  /**
   * Delay before each reconnect attempt, ms (wellClient today: 3000; its docs: 1000), or a schedule whose last
   * entry repeats (Verto: ten times 1000, ten times 2000, then 3000).
   */
  reconnectDelayMs: number | readonly number[];
  /** Heartbeat period, ms (60 000 on `well`). */
  heartbeatMs: number;
  /** How long to wait for the logged-on event after the login request was accepted. */
  loginConfirmMs: number;
  /** How long to wait for the logged-off event after the logout request was accepted. */
  logoutConfirmMs: number;
  /** How long a command may stay unconfirmed by a server event before it is reported. */
  commandConfirmMs: number;
  /** How long a call whose other parties left may wait for its own clear before the server is asked. */
  clearConfirmMs: number;
  /** After-call work: seconds until the softphone goes ready by itself (Aliyun `afterCallRule`); undefined = manual. */
  afterCallSeconds: number | undefined;
  /** Answer calls that ring the agent after this many seconds (0 = at once); undefined = never. Never outbound. */
  autoAnswerSeconds: number | undefined;
  /** A call left ringing this long puts the agent not ready once it is gone (Aliyun's 30 s rule); undefined = off. */
  ringTimeoutSeconds: number | undefined;
  /** Ask the server for its view right after login (backends whose events are not authoritative, e.g. XSwitch). */
  resyncAfterLogin: boolean;
}

export const DEFAULT_MACHINE_SETTINGS: MachineSettings = {
  reconnectAttempts: 30,
  reconnectDelayMs: 3000,
  heartbeatMs: 60_000,
  loginConfirmMs: 10_000,
  logoutConfirmMs: 5_000,
  commandConfirmMs: 10_000,
  clearConfirmMs: 5_000,
  afterCallSeconds: undefined,
  autoAnswerSeconds: undefined,
  ringTimeoutSeconds: undefined,
  resyncAfterLogin: false,
};

/** The statechart's context before anything happened: logged out, no calls (also read before the chart is loaded). */
export function initialContext(input: SoftphoneInput): SoftphoneContext {
  return {
    settings: { ...DEFAULT_MACHINE_SETTINGS, ...input.settings },
    capabilities: input.capabilities,
    login: undefined,
    identity: undefined,
    reason: '',
    pendingMode: false,
    pendingOperation: undefined,
    conflict: undefined,
    reconnectAttempt: 0,
    lastFact: undefined,
    lastError: undefined,
    calls: callMap(),
    ringTimedOut: false,
    logoutRequested: false,
    freshCalls: [],
    callNotices: [],
    resyncing: false,
    freshMode: false,
  };
}
