// Headless entry (`well-softphone/core.js`): the Softphone core without the element, lit or any DOM registration.
// Runs in browsers and in Node ≥ 20 (with a global WebSocket: Node 22, or Node 20 with --experimental-websocket).
// index.ts re-exports all of it (docs/install.md lists what each entry holds).
export {
  Softphone,
  validateCredentials,
  type CommandOptions,
  type ConnectionChange,
  type ConnectionState,
  type SoftphoneEventMap,
  type StatusChange,
  type StatusContext,
  type StatusMatch,
  type TransferOptions,
  type WhenStatusOptions,
} from './core/softphone.js';
export { deriveEndpoints, type SoftphoneConfig } from './core/config.js';
export { deriveStatusCode, type SoftphoneView } from './machine/selectors.js';
export { DEFAULT_MACHINE_SETTINGS, type MachineSettings } from './machine/settings.js';
export * from './model/index.js';
export { EventLog, redact, type LogEntry } from './log/event-log.js';
export type {
  Vendor,
  VendorEndpoints,
  VendorFactory,
  VendorName,
  VendorOptions,
  VendorSink,
} from './vendors/vendor.js';
