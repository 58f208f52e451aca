import { and, or, stateIn } from 'xstate';
import { Operation } from '../model/status.js';
import { SAFE_WHILE_RECONNECTING } from './operations.js';

// Transition builders for the commands of the operations table (operations.ts). The states list their commands
// explicitly (regions/agent.ts, softphone.machine.ts), so the chart shows them; these only spell out guard + actions.

/** The event channel is live: server state is trusted. */
export const channelUp = stateIn({ connection: 'connected' });

/** Live, or reconnecting / re-verifying: requests that are safe then, confirmed by the resync that follows. */
export const channelUpOrReconnecting = or([
  channelUp,
  stateIn({ connection: 'reconnecting' }),
  stateIn({ connection: 'verifying' }),
]);

/** Clear the pending command and its confirmation timer, and record the fact. */
export const onFact = ['recordFact', 'cancelConfirmTimers'] as const;

/**
 * An agent command (ready, not ready, outbound only, dial): the vendor must support it, the agent must have no call
 * (with a call, the call decides the code) and the channel must be live. It is marked pending until the server's
 * event confirms it, or its confirm timer (which names it) runs out.
 */
export function agentCommand(operation: Operation) {
  return {
    guard: and([{ type: 'capable', params: { operation } } as const, 'noCalls', channelUp]),
    actions: [
      { type: 'markPending', params: { operation } } as const,
      { type: 'startConfirmTimer', params: { operation } } as const,
    ],
  };
}

/** Logout: plain REST, allowed with the channel down; its own confirm timer starts once the server accepted it. */
export const logoutCommand = {
  guard: and([{ type: 'capable', params: { operation: Operation.logout } } as const, 'noCalls']),
  actions: [{ type: 'markPending', params: { operation: Operation.logout } } as const],
};

/** A call command, guarded by the row of the code the calls derive; hang-up, answer, hold and retrieve also while reconnecting. */
export function callCommand(operation: Operation) {
  return {
    guard: and([
      { type: 'callAllows', params: { operation } } as const,
      SAFE_WHILE_RECONNECTING.includes(operation) ? channelUpOrReconnecting : channelUp,
    ]),
    actions: [
      { type: 'markPending', params: { operation } } as const,
      { type: 'startConfirmTimer', params: { operation } } as const,
    ],
  };
}

/**
 * A call request no server event confirms (DTMF, mute): allowed by the row of the code the calls derive and the
 * vendor's capability, never pending. Its action only logs (a transition must do something for `snapshot.can()`).
 */
export function callGate(operation: Operation) {
  return {
    guard: and([{ type: 'callAllows', params: { operation } } as const, channelUp]),
    actions: { type: 'logRequest', params: { operation } } as const,
  };
}
