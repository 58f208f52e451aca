import { selectView, type SoftphoneSnapshot, type SoftphoneView } from '../machine/selectors.js';
import type { AgentState } from '../machine/status.js';
import type { CallNotice } from '../model/call.js';
import type { StatusCode } from '../model/status.js';
import type { ConnectionChange, ConnectionState, StatusChange, StatusContext } from '../model/status-change.js';
import type { VendorName } from '../model/vendor-name.js';
import type { EventLog } from '../log/event-log.js';
import type { EventBus } from './event-bus.js';
import { statusContextOf } from './logged-out.js';
import type { SoftphoneEventMap } from './types.js';

/** What the projection asks of the core when the status changes. */
export interface ProjectionHooks {
  /** The agent is logged out (status -1 after 1 or more). */
  loggedOut(): void;
  /** The snapshot says no session and no login in flight: the vendor may go. */
  idle(view: SoftphoneView): void;
}

/**
 * Turns snapshots into what hosts see: `connection` and `status` events when they change (with the time the code was
 * entered), the status context, and the raw `snapshot` event. Reads the statechart only through its view.
 */
export class Projection {
  #code: StatusCode = -1;
  #lastCode: StatusCode = -1;
  #since: number;
  #connection: ConnectionState = 'disconnected';
  #notices: readonly CallNotice[] | undefined;
  /** The agent state of the last snapshot (where the facts of a batch start from). */
  #agentState: AgentState = 'loggedOut';
  /** The not-ready reason of the last status event. */
  #reason = '';
  readonly #vendor: VendorName;
  readonly #bus: EventBus<SoftphoneEventMap>;
  readonly #log: EventLog;
  readonly #hooks: ProjectionHooks;

  constructor(
    vendor: VendorName,
    bus: EventBus<SoftphoneEventMap>,
    log: EventLog,
    hooks: ProjectionHooks,
    since = Date.now(),
  ) {
    this.#vendor = vendor;
    this.#since = since;
    this.#bus = bus;
    this.#log = log;
    this.#hooks = hooks;
  }

  get code(): StatusCode {
    return this.#code;
  }

  get lastCode(): StatusCode {
    return this.#lastCode;
  }

  get since(): number {
    return this.#since;
  }

  get connection(): ConnectionState {
    return this.#connection;
  }

  update(snapshot: SoftphoneSnapshot): void {
    const view = selectView(snapshot);
    const notices = view.callNotices;
    if (notices !== this.#notices) {
      // call notices first (offer before the ringing status), in order, each once
      this.#notices = notices;
      const steps = view.steps(this.#agentState);
      if (steps) {
        // several facts applied at once: each one's notices and status in turn, the last one's below
        for (let i = 0; i < steps.length - 1; i++) {
          this.#tell(steps[i]!.callNotices);
          this.#status(steps[i]!);
        }
        this.#tell(steps[steps.length - 1]!.callNotices);
      } else this.#tell(notices);
    }
    if (view.connection !== this.#connection) {
      const previous = this.#connection;
      this.#connection = view.connection;
      const change: ConnectionChange = {
        state: view.connection,
        previous,
        attempt: view.reconnectAttempt,
        maxAttempts: view.maxReconnectAttempts,
      };
      if ((view.connection === 'reconnecting' || view.connection === 'failed') && view.lastError) {
        change.error = view.lastError;
      }
      this.#log.add(view.connection === 'failed' ? 'error' : 'info', `channel ${previous} → ${view.connection}`);
      this.#bus.emit('connection', change);
    }
    this.#status(view);
    this.#agentState = view.agentState;
    if (view.code === -1 && view.identity === undefined) this.#hooks.idle(view);
    this.#bus.emit('snapshot', snapshot);
  }

  #tell(notices: readonly CallNotice[]): void {
    for (const notice of notices) {
      this.#log.add('info', `call ${notice.type}`);
      this.#bus.emit('call', notice);
    }
  }

  /** A `status` event when the view's code (or not-ready reason) differs from the last one told. */
  #status(view: SoftphoneView): void {
    if (view.code !== this.#code) {
      const lastCode = (this.#lastCode = this.#code);
      this.#code = view.code;
      this.#since = Date.now();
      this.#log.add('info', `status ${lastCode} → ${view.code}`);
      // logged out (asked or not): the kept session is no longer worth a reattach
      if (view.code === -1 && lastCode >= 1) this.#hooks.loggedOut();
      this.#reason = view.reason;
      if (this.#bus.has('status')) this.#bus.emit('status', this.#change(view.code, lastCode, view));
    } else if (view.code === 2 && view.reason !== this.#reason) {
      // another not-ready reason: the same code, a new status for the host (the time in status starts again)
      this.#reason = view.reason;
      this.#since = Date.now();
      this.#log.add('info', `status 2, reason ${view.reason}`);
      if (this.#bus.has('status')) this.#bus.emit('status', this.#change(2, 2, view));
    }
  }

  /** The status context of a view. */
  context(view: SoftphoneView): StatusContext {
    return statusContextOf(this.#vendor, view, this.#connection, this.#since);
  }

  /**
   * A status change whose `context` is built on first read (an own enumerable getter, so spreading, JSON and
   * structured clone still see it), from what holds now: most listeners read only the code, and a flood of events
   * should not build a context object each.
   */
  #change(code: StatusCode, lastCode: StatusCode, view: SoftphoneView): StatusChange {
    const vendor = this.#vendor;
    const connection = this.#connection;
    const since = this.#since;
    let context: StatusContext | undefined;
    return {
      code,
      lastCode,
      get context() {
        return (context ??= statusContextOf(vendor, view, connection, since));
      },
    };
  }
}
