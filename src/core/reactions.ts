import type { SoftphoneEmitted } from '../machine/types.js';
import { WellError, WellErrorCode, toWellError } from '../model/well-error.js';
import type { CommandRunner, CommandSpec } from './command-runner.js';
import type { Kernel } from './kernel.js';
import { specs } from './specs.js';
import type { VendorBridge } from './vendor-bridge.js';

/** What reactions need of the core besides the kernel. */
export interface ReactionHooks {
  /** The session owner (for the page-level session store). */
  readonly owner: object;
  /** Fetches the outbound prefixes after a login. */
  fetchPrefixes(): Promise<unknown>;
}

/**
 * What the core does about the statechart's emitted facts: host events (`loggedIn`, `loginFailed`, `error`, `call`…),
 * the kept session, and the statechart's own intents (auto-answer, auto-ready, ring-timeout not ready, heartbeat),
 * which run through the command runner like any command (never through the public API).
 */
export function reactTo(
  emitted: SoftphoneEmitted,
  kernel: Kernel,
  runner: CommandRunner,
  bridge: VendorBridge,
  hooks: ReactionHooks,
): void {
  const { log, bus } = kernel;
  const intent = (spec: CommandSpec, what: string): void => {
    runner.run(spec).catch((err: unknown) => log.add('warn', `${what}: ${toWellError(err).message}`));
  };
  switch (emitted.type) {
    case 'login.succeeded': {
      const identity = kernel.view().identity;
      if (identity) {
        const how = emitted.reattached ? 'reattached' : 'logged in';
        log.add('info', `${how} as ${identity.agentId} on ${identity.deviceId}`);
        bridge.keepSession(hooks.owner);
        bus.emit('loggedIn', identity);
      }
      // Prefixes are fetched after each login, like wellClient; a failure only logs.
      hooks.fetchPrefixes().catch((err: unknown) => log.add('warn', `prefixes: ${toWellError(err).message}`));
      break;
    }
    case 'login.failed':
      log.add('warn', `login failed: ${emitted.error.message}`, emitted.failure);
      bridge.forgetPending();
      if (emitted.error.code === WellErrorCode.SESSION_EXPIRED) bridge.forgetSession(hooks.owner);
      bus.emit('loginFailed', { ...emitted.failure, error: emitted.error });
      break;
    case 'login.conflict':
      log.add('info', `login conflict ${emitted.failure.status}: waiting for the agent's decision`);
      bus.emit('loginConflict', emitted.failure);
      break;
    case 'error':
      log.add('error', emitted.error.message, emitted.error.toJSON());
      bus.emit('error', emitted.error);
      break;
    case 'log':
      log.add(emitted.level, emitted.message);
      break;
    case 'sessionEnded': {
      const error = new WellError(WellErrorCode.SESSION_ENDED, `The session ended on the server (${emitted.reason})`, {
        operation: 'session',
        detail: { reason: emitted.reason },
      });
      log.add('warn', error.message, error.toJSON());
      bus.emit('error', error);
      break;
    }
    case 'autoAnswer':
      log.add('info', `auto-answer ${emitted.callId}`);
      intent(specs.answer(emitted.callId), 'auto-answer');
      break;
    case 'autoReady':
      log.add('info', 'after-call work over: going ready');
      intent(specs.ready(), 'auto-ready');
      break;
    case 'ringTimeoutNotReady':
      log.add('info', 'a call rang unanswered: going not ready');
      intent(specs.notReady(''), 'ring timeout');
      break;
    case 'heartbeat':
      // the vendor may have renewed its session id (HTTP 426): keep the current one
      bridge.keepSession(hooks.owner);
      // fire-and-forget; the vendor renews the session on 426 by itself
      intent(specs.heartbeat(), 'heartbeat failed');
      break;
  }
}
