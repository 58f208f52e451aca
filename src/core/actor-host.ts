import { createActor, type Actor, type Snapshot } from 'xstate';
import type { EventLog } from '../log/event-log.js';
import type { SoftphoneSnapshot } from '../machine/selectors.js';
import type { SoftphoneMachine } from '../machine/softphone.machine.js';
import type { SoftphoneEmitted, SoftphoneEvent } from '../machine/types.js';
import { WellError, WellErrorCode } from '../model/well-error.js';

/** What the host of the statechart reports to the core. */
export interface ActorHostHooks {
  snapshot(snapshot: SoftphoneSnapshot): void;
  emitted(emitted: SoftphoneEmitted): void;
  /** The statechart was restarted after an exception (reported as this MALFORMED_EVENT). */
  recovered(error: WellError): void;
}

/**
 * Runs the statechart actor. An exception inside it (a guard or action that threw on a hostile event) stops an XState
 * actor for good: this host contains it by restarting from the state before that event (identity and session kept, so
 * the agent stays logged in); a second failure at once starts clean, logged out.
 */
export class ActorHost {
  #actor: Actor<SoftphoneMachine>;
  #started = false;
  /** The event being sent, to name it if its handling throws. */
  #sending: string | undefined;
  #recovering = false;
  readonly #machine: SoftphoneMachine;
  readonly #input: Parameters<typeof createActor<SoftphoneMachine>>[1];
  readonly #hooks: ActorHostHooks;
  readonly #log: EventLog;

  constructor(machine: SoftphoneMachine, input: { input: unknown }, hooks: ActorHostHooks, log: EventLog) {
    this.#machine = machine;
    this.#input = input as Parameters<typeof createActor<SoftphoneMachine>>[1];
    this.#hooks = hooks;
    this.#log = log;
    this.#actor = this.#create();
  }

  get started(): boolean {
    return this.#started;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#actor.start();
  }

  stop(): void {
    if (!this.#started) return;
    this.#started = false;
    this.#actor.stop();
  }

  snapshot(): SoftphoneSnapshot {
    return this.#actor.getSnapshot();
  }

  send(event: SoftphoneEvent): void {
    const outer = this.#sending;
    this.#sending = event.type;
    try {
      this.#actor.send(event);
    } finally {
      this.#sending = outer;
    }
  }

  #create(snapshot?: Snapshot<unknown>): Actor<SoftphoneMachine> {
    const actor = createActor(this.#machine, { ...this.#input, ...(snapshot ? { snapshot } : {}) });
    actor.subscribe({
      next: (next) => this.#hooks.snapshot(next),
      error: (err) => this.#recover(err),
    });
    actor.on('*', (emitted) => this.#hooks.emitted(emitted as SoftphoneEmitted));
    return actor;
  }

  #recover(err: unknown): void {
    const type = this.#sending ?? 'event';
    const error = new WellError(WellErrorCode.MALFORMED_EVENT, `The "${type}" event could not be applied`, {
      operation: type,
      cause: err,
    });
    this.#log.add('error', `statechart stopped on "${type}": restarting`, {
      error: err instanceof Error ? err.message : String(err),
    });
    let restored: Snapshot<unknown> | undefined;
    if (!this.#recovering) {
      try {
        const persisted = this.#actor.getPersistedSnapshot() as Snapshot<unknown> & Record<string, unknown>;
        restored = { ...persisted, status: 'active', error: undefined } as Snapshot<unknown>;
      } catch {
        restored = undefined;
      }
    }
    this.#actor = this.#create(restored);
    if (!this.#started) return;
    this.#recovering = true;
    try {
      this.#actor.start();
    } finally {
      this.#recovering = false;
    }
    this.#hooks.recovered(error);
  }
}
