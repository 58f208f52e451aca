import type { AgentIdentity, LoginCredentials } from '../../src/model/agent.js';
import type { Command, CommandResult } from '../../src/model/command.js';
import type { DomainEvent } from '../../src/model/domain-event.js';
import type { ServerSnapshot } from '../../src/model/server-snapshot.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import type { Vendor, VendorFactory, VendorSink } from '../../src/vendors/vendor.js';
import { WELL_CAPABILITIES } from '../../src/vendors/well/well.vendor.js';

/**
 * A scriptable in-memory backend for core and element unit tests: it behaves like a well server
 * (Login → agentLoggedOn + mode, SetState → mode event, Logout → agentLoggedOff) unless told to fail.
 */
export class FakeBackend {
  readonly commands: Command[] = [];
  readonly credentials: LoginCredentials[] = [];
  /** Next failure per command type (or 'authenticate' / 'openChannel'). */
  readonly failures = new Map<string, WellError>();
  /** When false, accepted commands send no confirming event. */
  confirm = true;
  sink: VendorSink | undefined;
  #serial = 1;

  readonly factory: VendorFactory = (_options, sink) => {
    this.sink = sink;
    return this.#vendor();
  };

  emit(event: Omit<DomainEvent, 'meta'> & { meta?: Partial<DomainEvent['meta']> }): void {
    const serial = this.#serial++;
    const full = {
      ...event,
      meta: { name: event.type, serial, at: Date.now(), raw: { eventName: event.type, serial }, ...event.meta },
    } as DomainEvent;
    this.sink?.raw({
      vendor: 'fake',
      name: full.meta.name,
      body: full.meta.raw,
      decoded: true,
      receivedAt: Date.now(),
    });
    this.sink?.event(full);
  }

  #fail(key: string): void {
    const error = this.failures.get(key);
    if (error) {
      this.failures.delete(key);
      throw error;
    }
  }

  #vendor(): Vendor {
    const backend = this;
    let identity: AgentIdentity | undefined;
    const later = (fn: () => void) => setTimeout(fn, 0);
    return {
      name: 'well',
      capabilities: WELL_CAPABILITIES,
      async authenticate(credentials) {
        backend.credentials.push(credentials);
        backend.#fail('authenticate');
        identity = {
          jobNumber: credentials.jobNumber,
          domain: credentials.domain,
          extension: credentials.extension,
          agentId: `${credentials.jobNumber}@${credentials.domain}`,
          deviceId: `${credentials.extension}@${credentials.domain}`,
        };
        return identity;
      },
      async openChannel() {
        backend.#fail('openChannel');
      },
      async closeChannel() {},
      async execute(command: Command): Promise<CommandResult> {
        backend.commands.push(command);
        backend.#fail(command.type);
        if (!backend.confirm) return {};
        switch (command.type) {
          case 'login':
          case 'forceLogin':
            later(() => {
              backend.emit({ type: 'agent.loggedOn', mode: command.initialMode } as never);
              backend.emit(
                command.initialMode === 'Ready'
                  ? ({ type: 'agent.wentReady' } as never)
                  : ({ type: 'agent.wentNotReady', reason: '' } as never),
              );
            });
            return {};
          case 'logout':
            later(() => backend.emit({ type: 'agent.loggedOff' } as never));
            return {};
          case 'setMode':
            later(() =>
              backend.emit(
                command.mode === 'Ready'
                  ? ({ type: 'agent.wentReady' } as never)
                  : ({ type: 'agent.wentNotReady', reason: command.reason ?? '' } as never),
              ),
            );
            return {};
          case 'getPrefixes':
            return { data: ['9', '6'] };
          default:
            return {};
        }
      },
      async resync(): Promise<ServerSnapshot> {
        backend.#fail('resync');
        return { loggedIn: true, agentMode: 'Ready', raw: {} };
      },
      dispose() {
        identity = undefined;
      },
    };
  }
}

export const httpError = (status: number) =>
  new WellError(WellErrorCode.HTTP_ERROR, `HTTP ${status}`, { status, detail: { body: { status } } });

export const credentials = (overrides: Partial<LoginCredentials> = {}): LoginCredentials => ({
  jobNumber: '5001',
  password: '123456',
  domain: 'test.cc',
  extension: '8001',
  ...overrides,
});
