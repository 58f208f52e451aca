import { Softphone } from '../../src/core/softphone.js';
import type { AgentIdentity, LoginCredentials } from '../../src/model/agent.js';
import type { Command, CommandResult } from '../../src/model/command.js';
import type { DomainEvent, EventMeta } from '../../src/model/domain-event.js';
import type { ServerCall, ServerSnapshot } from '../../src/model/server-snapshot.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import type { Vendor, VendorFactory, VendorSink } from '../../src/vendors/vendor.js';
import { WELL_CAPABILITIES } from '../../src/vendors/well/well.capabilities.js';

/** A DomainEvent as a test writes it: any member of the union, `meta` optional (emit fills it in). */
export type FakeEvent = DomainEvent extends infer E
  ? E extends DomainEvent
    ? Omit<E, 'meta'> & { meta?: Partial<EventMeta> }
    : never
  : never;

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
  /** The calls the server reports in a resync (undefined: the backend does not report calls). */
  serverCalls: ServerCall[] | undefined;
  /** The agent mode a resync reports; by default the one the last agent event told. */
  resyncMode: 'Ready' | 'NotReady' | undefined;
  #mode: 'Ready' | 'NotReady' = 'NotReady';
  sink: VendorSink | undefined;
  #serial = 1;

  readonly factory: VendorFactory = (_options, sink) => {
    this.sink = sink;
    return this.#vendor();
  };

  #calls = 0;
  /** The device of the logged-in agent. */
  device = '8001@test.cc';

  /** A customer calls the agent: `delivered` with the agent ringing. */
  offerCall(from = '13800138000', userData?: Record<string, unknown>): string {
    const callId = `in-${++this.#calls}`;
    this.emit({
      type: 'call.delivered',
      callId,
      callingDevice: from,
      calledDevice: this.device,
      alertingDevice: this.device,
      callType: 'Inbound',
      userData,
    });
    return callId;
  }

  /** The far end answers an outbound call. */
  remoteAnswer(callId: string, far = '13800138000'): void {
    this.emit({
      type: 'call.established',
      callId,
      callingDevice: this.device,
      calledDevice: far,
      answeringDevice: far,
    });
  }

  /** The other party hangs up: its clear, then ours (two clears, docs/protocols/well.md fact 13). */
  remoteHangUp(callId: string, other = '13800138000', ownClear = true): void {
    this.emit({ type: 'call.cleared', callId, releasingDevice: other, cause: 'NORMAL_CLEARING' });
    if (ownClear) this.emit({ type: 'call.cleared', callId, releasingDevice: this.device, cause: 'NORMAL_CLEARING' });
  }

  /** Facts sent by `run` arrive together, as one post of the socket's Worker does (`VendorSink.batch`). */
  together(run: () => void): void {
    const sink = this.sink!;
    if (sink.batch) sink.batch(run);
    else run();
  }

  /** Sends a server fact to the core as the vendor would, with the next serial (typed: no casts needed). */
  emit(event: FakeEvent): void {
    const serial = this.#serial++;
    const full = {
      ...event,
      meta: { name: event.type, serial, at: Date.now(), raw: { eventName: event.type, serial }, ...event.meta },
    } as DomainEvent;
    if (full.type === 'agent.wentReady' || (full.type === 'agent.loggedOn' && full.mode === 'Ready'))
      this.#mode = 'Ready';
    else if (full.type === 'agent.wentNotReady' || full.type === 'agent.loggedOn') this.#mode = 'NotReady';
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
              backend.emit({ type: 'agent.loggedOn', mode: command.initialMode });
              backend.emit(
                command.initialMode === 'Ready'
                  ? { type: 'agent.wentReady' }
                  : { type: 'agent.wentNotReady', reason: '' },
              );
            });
            return {};
          case 'logout':
            later(() => backend.emit({ type: 'agent.loggedOff' }));
            return {};
          case 'setMode':
            later(() =>
              backend.emit(
                command.mode === 'Ready'
                  ? { type: 'agent.wentReady' }
                  : { type: 'agent.wentNotReady', reason: command.reason ?? '' },
              ),
            );
            return {};
          case 'getPrefixes':
            return { data: ['9', '6'] };
          case 'dial': {
            const callId = `out-${++backend.#calls}`;
            const far = `${command.options.prefix ?? ''}${command.number}`;
            later(() => {
              backend.emit({ type: 'call.initiated', callId, deviceId: backend.device });
              backend.emit({
                type: 'call.originated',
                callId,
                callingDevice: backend.device,
                calledDevice: far,
              });
              backend.emit({
                type: 'call.delivered',
                callId,
                callingDevice: backend.device,
                calledDevice: far,
                alertingDevice: far,
              });
            });
            return { callId };
          }
          case 'answer':
            later(() =>
              backend.emit({
                type: 'call.established',
                callId: command.callId,
                answeringDevice: backend.device,
              }),
            );
            return {};
          case 'hangUp':
            later(() =>
              backend.emit({ type: 'call.cleared', callId: command.callId, releasingDevice: backend.device }),
            );
            return {};
          case 'hold':
          case 'retrieve':
            later(() =>
              backend.emit(
                command.type === 'hold'
                  ? { type: 'call.held', callId: command.callId, holdingDevice: backend.device }
                  : { type: 'call.retrieved', callId: command.callId, retrievingDevice: backend.device },
              ),
            );
            return {};
          default:
            return {};
        }
      },
      async resync(): Promise<ServerSnapshot> {
        backend.#fail('resync');
        return {
          loggedIn: true,
          agentMode: backend.resyncMode ?? backend.#mode,
          raw: {},
          ...(backend.serverCalls ? { calls: backend.serverCalls } : {}),
        };
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

/** A `Softphone` (vendor `well`) wired to a fresh {@link FakeBackend}. */
export function fakePhone(config: Record<string, unknown> = {}) {
  const backend = new FakeBackend();
  const phone = new Softphone({
    vendor: 'well',
    server: 'http://127.0.0.1:9',
    vendorFactory: backend.factory,
    ...config,
  });
  return { backend, phone };
}
