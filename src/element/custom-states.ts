import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Softphone } from '../core/softphone.js';
import { callStateOf } from './status-view.js';

/** Custom states mirroring the agent state (`:state(ready)`…), or the call state during a call (`:state(talking)`…). */
const AGENT_STATES: Record<string, string> = {
  loggedOut: 'logged-out',
  loggingIn: 'logging-in',
  signedOut: 'offline',
  notReady: 'not-ready',
  ready: 'ready',
  allocated: 'allocated',
  outboundOnly: 'outbound-only',
  afterCallWork: 'after-call',
  // while a call is in progress its state replaces the agent's (status-view.ts callStateOf)
  ringing: 'ringing',
  dialing: 'dialing',
  talking: 'talking',
  held: 'held',
  consulting: 'consulting',
};

/** What the custom states are read from: the core's view. */
export type CustomStatesSource = Pick<Softphone['view'], 'agentState' | 'connection' | 'pendingOperation' | 'code'>;

/** What the custom states need of their host: its core. */
export interface CustomStatesHost extends ReactiveControllerHost {
  readonly phone: Softphone;
}

/**
 * The element's custom states (`:state(ready)`, `:state(reconnecting)`, `:state(pending)`…, documented with
 * `@cssstate` on the element): one agent or call state (ringing, dialing, talking, held, consulting), the event channel when it is connected, reconnecting or failed, and
 * `pending` while a command waits for its confirming event. Updated after each render (renders are coalesced per
 * frame under load); ElementInternals is touched only when they change.
 */
export class CustomStates implements ReactiveController {
  readonly #host: CustomStatesHost;
  readonly #states: CustomStateSet;
  /** The custom states last applied. */
  #key = '';

  constructor(host: CustomStatesHost, internals: ElementInternals) {
    this.#host = host;
    this.#states = internals.states;
    host.addController(this);
  }

  hostUpdated(): void {
    this.update(this.#host.phone.view);
  }

  update(view: CustomStatesSource): void {
    const connection = view.connection;
    // while a call is in progress its state replaces the agent's (`:state(ready)` never matches while talking)
    const wanted = [AGENT_STATES[callStateOf(view.code) ?? view.agentState] ?? 'logged-out'];
    if (connection === 'connected' || connection === 'reconnecting' || connection === 'failed') wanted.push(connection);
    if (view.pendingOperation) wanted.push('pending');
    const key = wanted.join(' ');
    if (key === this.#key) return;
    this.#key = key;
    const states = this.#states;
    for (const s of [...states]) if (!wanted.includes(s)) states.delete(s);
    for (const s of wanted) states.add(s);
  }
}
