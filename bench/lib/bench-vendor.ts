// An in-memory `well` backend for the benchmarks: no network, but every server message goes through the real
// codec (`parseWellFrame` → serial filter → `decodeWellEvent`) exactly as `WellVendor#onMessage` does, then into
// the core's VendorSink. The same idea as test/helpers/fake-vendor.ts (which the benchmarks do not import).
import type { AgentIdentity } from '../../src/model/agent.js';
import type { Command, CommandResult } from '../../src/model/command.js';
import type { ServerSnapshot } from '../../src/model/server-snapshot.js';
import type { Vendor, VendorFactory, VendorSink } from '../../src/vendors/vendor.js';
import {
  decodeWellEvent,
  EventTimeParser,
  parseWellFrame,
  SerialFilter,
  serialOf,
} from '../../src/vendors/well/well.codec.js';
import { WELL_CAPABILITIES } from '../../src/vendors/well/well.capabilities.js';
import { wireBody, type WireName } from './wire.js';

export class BenchBackend {
  sink: VendorSink | undefined;
  /** Next serial the backend itself uses (login / logout confirmations). */
  serial = 1;
  readonly #serials = new SerialFilter();
  /** One event-time cache per adapter, as the adapter keeps it. */
  readonly #times = new EventTimeParser();

  readonly factory: VendorFactory = (_options, sink) => {
    this.sink = sink;
    return this.#vendor();
  };

  /** One server message, as the STOMP client hands it over: the body text. Same steps as WellVendor#onMessage. */
  push(body: string): void {
    const sink = this.sink!;
    const receivedAt = Date.now();
    const frame = parseWellFrame(body);
    if (!frame.ok) {
      sink.raw({ vendor: 'well', body, decoded: false, receivedAt });
      sink.log({ level: 'warn', message: `Malformed event dropped: ${frame.error.message}`, data: body.slice(0, 200) });
      sink.error(frame.error);
      return;
    }
    const event = frame.event;
    const serial = serialOf(event);
    if (this.#serials.isDuplicate(serial)) {
      sink.raw({ vendor: 'well', name: event.eventName, body: event, decoded: false, duplicate: true, receivedAt });
      sink.log({ level: 'info', message: `Duplicate event dropped: ${event.eventName} #${serial}` });
      return;
    }
    const decoded = decodeWellEvent(event, receivedAt, this.#times);
    sink.raw({ vendor: 'well', name: event.eventName, body: event, decoded: decoded !== undefined, receivedAt });
    if (decoded) sink.event(decoded);
  }

  /**
   * Messages that arrived together, as the `well` adapter hands over one post of its socket's Worker: inside
   * `VendorSink.batch`, so the core may apply a run of call facts as one step.
   */
  pushAll(bodies: readonly string[]): void {
    const run = (): void => {
      for (const body of bodies) this.push(body);
    };
    const sink = this.sink!;
    if (sink.batch) sink.batch(run);
    else run();
  }

  #send(name: WireName): void {
    this.push(wireBody(name, this.serial++, Date.now()));
  }

  #vendor(): Vendor {
    const later = (fn: () => void): void => void setTimeout(fn, 0);
    return {
      name: 'well',
      capabilities: WELL_CAPABILITIES,
      authenticate: async (credentials): Promise<AgentIdentity> => ({
        jobNumber: credentials.jobNumber,
        domain: credentials.domain,
        extension: credentials.extension,
        agentId: `${credentials.jobNumber}@${credentials.domain}`,
        deviceId: `${credentials.extension}@${credentials.domain}`,
      }),
      openChannel: async () => {},
      closeChannel: async () => {},
      execute: async (command: Command): Promise<CommandResult> => {
        switch (command.type) {
          case 'login':
          case 'forceLogin':
            later(() => {
              this.#send('agentLoggedOn');
              this.#send(command.initialMode === 'Ready' ? 'agentReady' : 'agentNotReady');
            });
            return {};
          case 'logout':
            later(() => this.#send('agentLoggedOff'));
            return {};
          case 'setMode':
            later(() => this.#send(command.mode === 'Ready' ? 'agentReady' : 'agentNotReady'));
            return {};
          case 'getPrefixes':
            return { data: ['9', '6'] };
          default:
            return {};
        }
      },
      resync: async (): Promise<ServerSnapshot> => ({ loggedIn: true, agentMode: 'NotReady', raw: {} }),
      dispose: () => {},
    };
  }
}
