import type { AgentIdentity } from '../../model/agent.js';
import type { Command } from '../../model/command.js';
import { ccDialData } from './xswitch.codec.js';

/** One call-center function call: `jsapi` → `lua` → `ccc` `func` with `data` (docs/protocols/xswitch.md fact 4). */
export interface CccRequest {
  func: 'ccLogin' | 'ccLogout' | 'ccGoReady' | 'ccGoBreak' | 'ccDial';
  data: Record<string, unknown>;
  /** Name for logs and errors. */
  operation: string;
  /** A failure is ignored (the stale logout before a forced login). */
  optional?: boolean;
}

/** Where the agent works: its call-center queue. */
export interface XswitchPlacement {
  queue: string;
}

/**
 * The call-center functions a command runs, in order (fact 4; `ccDial` is callback dialing, fact 10); `undefined`
 * for commands that are not call-center functions (the adapter answers those itself or refuses them).
 */
export function cccRequests(
  command: Command,
  identity: AgentIdentity,
  { queue }: XswitchPlacement,
): CccRequest[] | undefined {
  const agent = identity.jobNumber;
  switch (command.type) {
    case 'login':
    case 'forceLogin':
      return [
        ...(command.type === 'forceLogin'
          ? [{ func: 'ccLogout', data: { agent, queue }, operation: 'forceLogout', optional: true } as const]
          : []),
        { func: 'ccLogin', data: { queue, agent, extn: identity.extension }, operation: 'login' },
        // ccLogin always lands on break: the initial mode Ready is a second step
        ...(command.initialMode === 'Ready'
          ? [{ func: 'ccGoReady', data: { agent, queue }, operation: 'ready' } as const]
          : []),
      ];
    case 'logout':
      return [{ func: 'ccLogout', data: { agent, queue }, operation: 'logout' }];
    case 'setMode':
      return command.mode === 'Ready'
        ? [{ func: 'ccGoReady', data: { agent, queue }, operation: 'ready' }]
        : [{ func: 'ccGoBreak', data: { queue, agent, reason: command.reason ?? '' }, operation: 'notReady' }];
    case 'dial': {
      const o = command.options;
      const data = ccDialData(
        agent,
        identity.extension,
        o.originForDisplay ?? '',
        `${o.prefix ?? ''}${command.number}`,
      );
      return [{ func: 'ccDial', data, operation: 'dial' }];
    }
    default:
      return undefined;
  }
}
