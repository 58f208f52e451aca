export { WellConnectionChangeEvent } from './well-connection-change.js';
export { WellErrorEvent, type WellErrorDetail } from './well-error.js';
export { WellRawEvent } from './well-event.js';
export { WellLoginConflictEvent } from './well-login-conflict.js';
export { WellLoginFailedEvent, type WellLoginFailedDetail } from './well-login-failed.js';
export { WellStatusChangeEvent } from './well-status-change.js';
