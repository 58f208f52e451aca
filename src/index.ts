// Public API. No side effects on import: `well-softphone.ts` registers the element.
export { WellSoftphone, type NotReadyReason } from './element/well-softphone.element.js';
export {
  Softphone,
  validateCredentials,
  type CommandOptions,
  type ConnectionChange,
  type ConnectionState,
  type SoftphoneEventMap,
  type StatusChange,
  type StatusContext,
} from './core/softphone.js';
export { deriveEndpoints, type SoftphoneConfig } from './core/config.js';
export {
  ALLOWED_OPERATIONS,
  deriveStatusCode,
  isInRow,
  Operation,
  REFUSED_WHILE_ALLOCATED,
  STATUS_CODES,
  StatusCode,
} from './machine/status.js';
export { DEFAULT_MACHINE_SETTINGS, type MachineSettings } from './machine/softphone.machine.js';
export * from './model/index.js';
export * from './events/index.js';
export { EventLog, redact, type LogEntry } from './log/event-log.js';
export { loadTranslation, registerTranslation, type Lang, type Translation } from './i18n/index.js';
export type {
  Vendor,
  VendorEndpoints,
  VendorFactory,
  VendorName,
  VendorOptions,
  VendorSink,
} from './vendors/vendor.js';
