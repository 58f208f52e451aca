/**
 * What a tab of a shared session needs only once another tab talks to it: the validation of their messages and the
 * leader's half of the relay. Its own chunk, loaded with the first message from another tab (shared-session.ts): a
 * tab on its own never receives one.
 */
export { LeaderRelay } from './leader-relay.js';
export { parseTabMessage } from './tab-protocol.js';
