import { raise, stateIn } from 'xstate';
import { toWellError } from '../../model/well-error.js';
import { machineSetup } from '../setup.js';

/**
 * The event channel: opened during login, reconnected with bounded backoff after an unexpected drop, re-verified
 * after a page freeze; the server's view is read again (resync) before local state is trusted.
 */
export const connectionRegion = machineSetup.createStateConfig({
  initial: 'idle',
  states: {
    /** No event channel. */
    idle: {
      on: {
        'channel.open': 'connecting',
        'channel.close': { actions: raise({ type: 'channel.closed' }) },
      },
    },
    /** Opening the event channel during login. */
    connecting: {
      invoke: {
        src: 'openChannel',
        onDone: { target: 'connected', actions: raise({ type: 'channel.opened' }) },
        onError: {
          target: 'idle',
          actions: raise(({ event }) => ({ type: 'channel.openFailed' as const, error: toWellError(event.error) })),
        },
      },
      on: { 'channel.close': 'closing' },
    },
    /** The event channel is live and server state is trusted. */
    connected: {
      initial: 'live',
      on: {
        'channel.lost': { target: 'reconnecting', actions: ['storeChannelError', 'resetAttempts'] },
        'channel.close': 'closing',
        'session.suspend': { guard: stateIn({ agent: 'signedIn' }), target: 'stale' },
        'session.check': { guard: stateIn({ agent: 'signedIn' }), target: 'verifying' },
      },
      states: {
        live: { on: { 'calls.resync': 'checking' } },
        /** An event did not fit (unknown call, missing clear): ask the server for its view. */
        checking: {
          entry: 'startResync',
          exit: 'endResync',
          invoke: {
            src: 'resync',
            onDone: {
              target: 'live',
              actions: raise(({ event }) => ({
                type: 'session.resynced' as const,
                snapshot: event.output,
                origin: 'check' as const,
              })),
            },
            onError: { target: 'live', actions: 'storeChannelError' },
          },
        },
      },
    },
    /** The page was frozen: what it shows may be old. Shown as reconnecting until the server view is read again. */
    stale: {
      on: {
        'session.check': 'verifying',
        'channel.lost': { target: 'reconnecting', actions: ['storeChannelError', 'resetAttempts'] },
        'channel.close': 'closing',
      },
    },
    /** Back from a freeze or the back-forward cache: read the server view before trusting local state. */
    verifying: {
      entry: 'startResync',
      exit: 'endResync',
      invoke: {
        src: 'resync',
        onDone: {
          target: 'connected',
          actions: [
            'confirmedByResync',
            raise(({ event }) => ({
              type: 'session.resynced' as const,
              snapshot: event.output,
              origin: 'check' as const,
            })),
          ],
        },
        // the server could not be asked: treat the channel as lost (reopen, then resync)
        onError: { target: 'reconnecting', actions: ['storeChannelError', 'resetAttempts'] },
      },
      on: {
        'channel.lost': { target: 'reconnecting', actions: ['storeChannelError', 'resetAttempts'] },
        'channel.close': 'closing',
      },
    },
    /** The channel dropped unexpectedly: retry with bounded backoff, then resync. */
    reconnecting: {
      initial: 'waiting',
      on: { 'channel.close': 'closing' },
      states: {
        waiting: {
          after: { reconnectBackoff: 'attempting' },
        },
        attempting: {
          entry: 'countAttempt',
          invoke: {
            src: 'openChannel',
            onDone: 'resyncing',
            onError: [
              { guard: 'reconnectExhausted', target: '#softphone.connection.failed', actions: 'storeChannelError' },
              { target: 'waiting', actions: 'storeChannelError' },
            ],
          },
        },
        /** Channel back: fetch the server view before trusting local state again. */
        resyncing: {
          entry: 'startResync',
          exit: 'endResync',
          invoke: {
            src: 'resync',
            onDone: {
              target: '#softphone.connection.connected',
              actions: [
                'resetAttempts',
                'confirmedByResync',
                raise(({ event }) => ({
                  type: 'session.resynced' as const,
                  snapshot: event.output,
                  origin: 'reconnect' as const,
                })),
              ],
            },
            onError: [
              { guard: 'reconnectExhausted', target: '#softphone.connection.failed', actions: 'storeChannelError' },
              { target: 'waiting', actions: 'storeChannelError' },
            ],
          },
          on: {
            'channel.lost': [
              { guard: 'reconnectExhausted', target: '#softphone.connection.failed' },
              { target: 'waiting' },
            ],
          },
        },
      },
    },
    /** Reconnect attempts ran out. The agent is not logged out; the host may retry. */
    failed: {
      entry: 'reportReconnectFailure',
      on: {
        'connection.retry': { target: 'reconnecting', actions: 'resetAttempts' },
        'channel.close': 'closing',
      },
    },
    /** Closing on purpose; a new login may already want the channel again. */
    closing: {
      on: { 'channel.open': 'connecting' },
      invoke: {
        src: 'closeChannel',
        onDone: { target: 'idle', actions: raise({ type: 'channel.closed' }) },
        onError: { target: 'idle', actions: raise({ type: 'channel.closed' }) },
      },
    },
  },
});
