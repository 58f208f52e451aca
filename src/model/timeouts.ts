/**
 * The least time an event channel gets to open, ms, whatever the per-request timeout: opening takes several round
 * trips (the socket's Worker, the WebSocket upgrade, the protocol's connect and subscribe), so a request timeout tuned
 * for quick REST answers (say 500 ms) must not fail a login on a busy device.
 */
export const MIN_CHANNEL_OPEN_MS = 5000;

/** The time an event channel gets to open for a per-request timeout. */
export const channelOpenTimeout = (requestTimeoutMs: number): number => Math.max(requestTimeoutMs, MIN_CHANNEL_OPEN_MS);

/** The time a whole login gets by default: two requests (authentication, the login itself) and the channel's opening. */
export const loginTimeout = (requestTimeoutMs: number): number =>
  2 * requestTimeoutMs + channelOpenTimeout(requestTimeoutMs);
