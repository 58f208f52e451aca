import type { EventLog } from '../log/event-log.js';
import type { SoftphoneView } from '../machine/selectors.js';
import type { SoftphoneEvent } from '../machine/types.js';
import type { DomainEvent } from '../model/domain-event.js';
import type { VendorName } from '../model/vendor-name.js';
import type { SoftphoneConfig } from './config.js';
import type { EventBus } from './event-bus.js';
import type { SoftphoneEventMap } from './types.js';

/** What the parts of the core share: the log, the host events, the statechart (send, view) and the configuration. */
export interface Kernel {
  readonly log: EventLog;
  readonly bus: EventBus<SoftphoneEventMap>;
  /** Starts the statechart (commands start it on demand). */
  start(): void;
  send(event: SoftphoneEvent): void;
  /** The memoised view of the current snapshot. */
  view(): SoftphoneView;
  /** How many of `facts`, from the first, the statechart applies as one step now (VendorSink.batch). */
  quietRun(facts: readonly DomainEvent[]): number;
  config(): Readonly<SoftphoneConfig>;
  readonly vendorName: VendorName;
  /** The configured per-request timeout, ms. */
  requestTimeout(): number;
}
