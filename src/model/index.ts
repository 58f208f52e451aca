export * from './agent.js';
export type * from './audio.js';
export * from './capabilities.js';
export * from './command.js';
export * from './domain-event.js';
export * from './login-reason.js';
export * from './server-snapshot.js';
export * from './well-error.js';
export {
  isInternalDevice,
  type CallDirection,
  type CallEnd,
  type CallNotice,
  type CallRecord,
  type CallState,
} from './call.js';
export { ALLOWED_OPERATIONS, isInRow, Operation, REFUSED_WHILE_ALLOCATED, STATUS_CODES, StatusCode } from './status.js';
export * from './status-change.js';
export type { VendorName } from './vendor-name.js';
