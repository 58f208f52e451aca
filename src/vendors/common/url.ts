/** URL helpers shared by the vendor adapters and the core's endpoint derivation. */

/** `url` without trailing slashes (`http://x/api/` → `http://x/api`). */
export const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** `base` (trailing slashes dropped) followed by `path` (which starts with `/`, or is empty). */
export const joinUrl = (base: string, path: string): string => `${trimSlash(base)}${path}`;

/** The WebSocket twin of an http(s) URL: `http:` → `ws:`, `https:` → `wss:`; other URLs unchanged. */
export const toWebSocketUrl = (url: string): string =>
  url.replace(/^http(s?):/i, (_, secure: string) => (secure ? 'wss:' : 'ws:'));
