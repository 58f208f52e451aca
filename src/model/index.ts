export * from './agent.js';
export * from './capabilities.js';
export * from './command.js';
export * from './domain-event.js';
export * from './login-reason.js';
export * from './server-snapshot.js';
export * from './well-error.js';
