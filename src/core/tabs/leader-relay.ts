import { AgentMode } from '../../model/agent.js';
import type { ServerSnapshot } from '../../model/server-snapshot.js';
import { WellError, WellErrorCode, toWellError } from '../../model/well-error.js';
import type { TabHub } from './tab-hub.js';
import type { LeaderState, TabMessage } from './tab-protocol.js';
import { cloneable, toWire } from './tab-wire.js';

type Request = Extract<TabMessage, { kind: 'request' }>;

/** Bounds of a follower's request timeout, ms (its own value is only a hint). */
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 120_000;

/** Commands a follower never sends: it joins a session (no login), and the leader beats for it. */
const NOT_RELAYED = new Set(['login', 'forceLogin', 'heartbeat']);

/** What a follower reads when no tab has a session: the server view of a logged-out agent. */
const LOGGED_OUT: ServerSnapshot = { loggedIn: false, agentMode: AgentMode.Logout, raw: null };

const noSession = (operation: string): WellError =>
  new WellError(WellErrorCode.SESSION_EXPIRED, 'No tab has a live session to follow', {
    operation,
    detail: { reason: 'sessionExpired', shared: 'none' },
  });

/**
 * The leader's half of the relay: runs the requests of follower tabs on this tab's real vendor and answers them.
 * Every answer is plain data (results made clone-safe, errors as {@link toWire}); nothing thrown escapes.
 */
export class LeaderRelay {
  readonly #hub: TabHub;
  readonly #inFlight = new Map<string, AbortController>();

  constructor(hub: TabHub) {
    this.#hub = hub;
  }

  serve(request: Request): void {
    const abort = new AbortController();
    this.#inFlight.set(request.id, abort);
    const timeoutMs = Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TIMEOUT_MS, request.timeoutMs));
    const signal = AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]);
    const answer = { to: request.from, id: request.id };
    this.#run(request, signal, timeoutMs)
      .then(
        (result) => this.#hub.post({ kind: 'response', ...answer, ok: true, result: cloneable(result) }),
        (err: unknown) => {
          const error = toWellError(err);
          this.#hub.log('info', `tabs: "${request.op}" for another tab failed: ${error.message}`);
          this.#hub.post({ kind: 'response', ...answer, ok: false, error: toWire(error) });
        },
      )
      .finally(() => this.#inFlight.delete(request.id));
  }

  /** The follower gave up on a request (its abort signal or timeout). */
  cancel(id: string): void {
    this.#inFlight.get(id)?.abort();
  }

  async #run(request: Request, signal: AbortSignal, timeoutMs: number): Promise<unknown> {
    const hub = this.#hub;
    if (request.op === 'state') return hub.leaderState() ?? { status: 'idle', channel: false };
    // a login, reattach or takeover in this tab is under way: answer once it is decided
    const state = await hub.whenLeader((s) => s.status !== 'starting', timeoutMs, signal);
    const vendor = state.status === 'live' ? hub.current()?.inner() : undefined;
    switch (request.op) {
      case 'attach':
        return this.#join(request, state, vendor !== undefined);
      case 'openChannel': {
        if (!vendor) throw new WellError(WellErrorCode.CHANNEL_ERROR, 'No tab has a live session to follow');
        const open = await hub.whenLeader((s) => s.channel || s.status === 'idle', timeoutMs, signal);
        if (!open.channel) throw new WellError(WellErrorCode.CHANNEL_ERROR, 'The shared session ended');
        return {};
      }
      case 'execute':
        if (NOT_RELAYED.has(request.command!.type)) {
          throw new WellError(WellErrorCode.NOT_ALLOWED_IN_STATE, `"${request.command!.type}" is not relayed`);
        }
        if (!vendor) throw noSession(request.command!.type);
        this.#hub.log('info', `tabs: running "${request.command!.type}" for another tab`);
        return vendor.execute(request.command!, signal);
      case 'resync':
        return vendor ? vendor.resync(signal) : LOGGED_OUT;
    }
  }

  /** A follower joins: only the live session of the same agent and extension, which it gets (no secret in it). */
  #join(request: Request, state: LeaderState, live: boolean): unknown {
    const { kept, identity } = state;
    if (!live || !kept || !identity) throw noSession('reattach');
    const wanted = request.session!;
    if (wanted.jobNumber !== kept.jobNumber || wanted.domain !== kept.domain || wanted.extension !== kept.extension) {
      throw new WellError(WellErrorCode.SESSION_EXPIRED, "The shared session is another agent's", {
        operation: 'reattach',
        detail: { reason: 'sessionExpired', shared: 'other' },
      });
    }
    return { identity, kept };
  }
}
