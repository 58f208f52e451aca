import { commandEventOf } from '../machine/operations.js';
import type { CommandEvent, LoginRequest } from '../machine/types.js';
import type { Capabilities } from '../model/capabilities.js';
import type { Command, CommandResult } from '../model/command.js';
import { Operation } from '../model/status.js';
import { loginTimeout } from '../model/timeouts.js';
import { WellError, WellErrorCode, toWellError } from '../model/well-error.js';
import type { Kernel } from './kernel.js';
import { refusalOf, unsupportedOf } from './refusal.js';
import type { CommandOptions } from './types.js';
import type { VendorBridge } from './vendor-bridge.js';

/** One command: what it is called, how the statechart gates it, and what the vendor is asked. */
export interface CommandSpec {
  /** The operation, named by every refusal, failure and confirm timeout of this command. */
  operation: string;
  /**
   * The machine event that asks for it. For an operation of the table (machine/operations.ts) the statechart refuses
   * it or marks it pending and starts its confirm timer; for others (recording) it only gates it.
   */
  event?: CommandEvent;
  /** The request for the vendor. */
  command: Command;
  /** The capability a request outside the table needs (call data, prefixes, recording). */
  capability?: keyof Capabilities;
  /** Called once the command is allowed, just before it goes out (e.g. the dial guard's clock). */
  onSend?(): void;
}

/**
 * The one path every command takes (docs/architecture.md): refusal from the status table (a typed
 * `NOT_ALLOWED_IN_STATE`, `NOT_SUPPORTED` or `LOGIN_IN_PROGRESS` before any request) → the statechart marks it pending
 * → the vendor executes it → accepted or failed back to the statechart → the confirm timer (named after the operation)
 * until the server's event confirms it. Login and reattach take the same path, with the vendor steps run by the
 * statechart's actors and the outcome read from its `loggedIn` / `loginFailed` facts ({@link signIn}).
 */
export class CommandRunner {
  readonly #kernel: Kernel;
  readonly #bridge: VendorBridge;
  /** The login or reattach in flight. */
  #signingIn: { promise: Promise<void>; supersede?: () => void } | undefined;

  constructor(kernel: Kernel, bridge: VendorBridge) {
    this.#kernel = kernel;
    this.#bridge = bridge;
  }

  /** The typed refusal of a command in the current state, or undefined when it may go. */
  refusal(spec: Pick<CommandSpec, 'operation' | 'event' | 'capability'>): WellError | undefined {
    return refusalOf(this.#kernel.view(), this.#kernel.vendorName, spec);
  }

  /** Runs a command: resolves when the server accepted it, rejects with a typed WellError. */
  async run(spec: CommandSpec, options: CommandOptions = {}): Promise<CommandResult> {
    this.#kernel.start();
    const refusal = this.refusal(spec);
    if (refusal) throw refusal;
    if (options.signal?.aborted) throw this.aborted(spec.operation);
    spec.onSend?.();
    // only the table's operations are pending in the statechart (and so have outcomes and a confirm timer)
    const tracked = spec.event !== undefined && commandEventOf(spec.operation as Operation) === spec.event.type;
    if (spec.event) this.#kernel.send(spec.event);
    try {
      const result = await this.#bridge.vendor().execute(spec.command, this.signal(options));
      if (tracked) {
        this.#kernel.send({
          type: 'command.accepted',
          operation: spec.operation as Operation,
          pendingMode: result.pendingMode === true,
        });
      }
      return result;
    } catch (err) {
      const error = toWellError(err);
      if (tracked) this.#kernel.send({ type: 'command.failed', operation: spec.operation as Operation, error });
      throw error;
    }
  }

  /** A login or reattach is in flight. */
  get signingIn(): boolean {
    return this.#signingIn !== undefined;
  }

  /** A reattach is in flight that an explicit login may supersede. */
  get reattaching(): boolean {
    return this.#signingIn?.supersede !== undefined;
  }

  /**
   * Login or reattach: refusal → the statechart runs the vendor steps (authenticate or attach, channel, Login request)
   * → resolves on `loggedIn`, rejects on `loginFailed`, on the caller's abort and on its timeout (then the statechart
   * cancels the attempt). A login supersedes a reattach in flight, which then rejects with `ABORTED`.
   */
  signIn(
    operation: 'login' | 'reattach',
    event: { type: 'agent.login' | 'agent.reattach'; request: LoginRequest },
    options: CommandOptions,
    before?: () => void,
  ): Promise<void> {
    this.#kernel.start();
    if (this.#signingIn && !(operation === 'login' && this.reattaching)) {
      return Promise.reject(
        new WellError(WellErrorCode.LOGIN_IN_PROGRESS, 'A login is already in progress', { operation }),
      );
    }
    if (operation === 'login') {
      const refusal = this.refusal({ operation: Operation.login, event: event as CommandEvent });
      if (refusal) return Promise.reject(refusal);
    }
    if (options.signal?.aborted) return Promise.reject(this.aborted(operation));
    // an agent who logs in while the page reattaches by itself means this login
    this.#signingIn?.supersede?.();
    before?.();
    const { bus } = this.#kernel;
    const timeoutMs = options.timeout ?? loginTimeout(this.#kernel.requestTimeout());
    const entry: { promise: Promise<void>; supersede?: () => void } = { promise: Promise.resolve() };
    entry.promise = new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        offOk();
        offFail();
        if (this.#signingIn === entry) this.#signingIn = undefined;
      };
      const offOk = bus.on('loggedIn', () => {
        cleanup();
        resolve();
      });
      const offFail = bus.on('loginFailed', ({ error }) => {
        cleanup();
        reject(error);
      });
      const cancel = (error: WellError): void => {
        cleanup();
        this.#kernel.send({ type: 'agent.cancelLogin' });
        reject(error);
      };
      // the statechart drops a reattach itself when it receives the login
      if (operation === 'reattach') {
        entry.supersede = () => {
          cleanup();
          reject(new WellError(WellErrorCode.ABORTED, 'A login superseded the reattach', { operation }));
        };
      }
      const onAbort = (): void => cancel(this.aborted(operation));
      const what = operation === 'login' ? 'Login' : 'Reattach';
      const timer = setTimeout(
        () =>
          cancel(
            new WellError(WellErrorCode.TIMEOUT, `${what} did not complete within ${timeoutMs} ms`, { operation }),
          ),
        timeoutMs,
      );
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    this.#signingIn = entry;
    this.#kernel.send(event);
    return entry.promise;
  }

  /** The caller's signal combined with the command's timeout. */
  signal(options: CommandOptions): AbortSignal {
    const timeout = AbortSignal.timeout(options.timeout ?? this.#kernel.requestTimeout());
    return options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  }

  aborted(operation: string): WellError {
    return new WellError(WellErrorCode.ABORTED, `"${operation}" was aborted`, { operation });
  }

  unsupported(operation: string): WellError {
    return unsupportedOf(this.#kernel.vendorName, operation, this.#kernel.view());
  }
}
