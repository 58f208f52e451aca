import type { MachineSettings } from '../machine/settings.js';
import type { AudioLayer } from '../model/audio.js';
import { WellError, WellErrorCode } from '../model/well-error.js';
import { toWebSocketUrl, trimSlash } from '../vendors/common/url.js';
import { VENDORS } from '../vendors/registry.js';
import type { AliyunSettings, VendorEndpoints, VendorFactory, VendorName } from '../vendors/vendor.js';

/** Everything the headless core needs besides credentials. */
export interface SoftphoneConfig extends Partial<MachineSettings> {
  vendor: VendorName;
  /** Base URL of the backend; the REST, login and event URLs derive from it (see {@link deriveEndpoints}). */
  server?: string;
  /** Overrides the REST base URL (default: `server`). */
  apiUrl?: string;
  /** Overrides the login URL (default: `server` + the vendor's login path). */
  loginUrl?: string;
  /** Overrides the event-channel URL (default: `server` as ws(s) + the vendor's event path). */
  eventUrl?: string;
  /** Per-request timeout, ms (default 10 000). */
  requestTimeoutMs?: number;
  /** STOMP heart-beat, ms (default 10 000 like wellClient's stomp.js; 0 = off). */
  channelHeartbeatMs?: number;
  /**
   * After subscribing to the event channel, how long to wait for the server's RECEIPT before going on
   * without it, ms (default 500, wellClient's fixed wait; servers such as Spring's simple broker never send one).
   */
  subscribeGraceMs?: number;
  /**
   * Largest event-channel message read, bytes (default 256 KB; `well` and `xswitch`): a larger one is dropped
   * unparsed, reported as `MALFORMED_EVENT` and followed by a resync. At least 1024.
   */
  maxFrameBytes?: number;
  /**
   * Run the event-channel WebSocket in a dedicated Worker (default true in browsers; `well` and `xswitch`): messages
   * are measured there and one over `maxFrameBytes` is dropped without ever reaching the page, so even a 10 MB
   * message does not block it. Where no Worker can start (no Worker support, or a page CSP without
   * `worker-src blob:`) the socket runs on the page with the same limit and the log says why once. False keeps it on
   * the page.
   */
  socketInWorker?: boolean;
  /**
   * Keep the session id and the agent's identity (never the password) in `sessionStorage` after a login, so that a
   * reload of the tab reattaches with {@link Softphone.reattach} (default true; `well` and `aliyun`). False keeps
   * nothing.
   */
  reattach?: boolean;
  /**
   * Share one agent session between the tabs of this origin that use the same vendor and REST base URL (attribute
   * `shared-session`; default false): one tab runs the session, the others follow it and send their commands through
   * it, and another takes it over when that tab closes (docs/architecture-tabs.md). Off by default because some hosts
   * run several independent phones on one origin.
   */
  sharedSession?: boolean;
  /** Event-log capacity in entries (default 2500). */
  logCapacity?: number;
  /** Injected `fetch`, for tests and for hosts that proxy requests. */
  fetch?: typeof fetch;
  /** Replaces the built-in adapter of `vendor` (tests, custom backends). */
  vendorFactory?: VendorFactory;
  /** The queue the agent logs into, for backends that need one (XSwitch). */
  queue?: string;
  /** The agent group, for backends that name agents `<group>.<job>` (XSwitch). */
  group?: string;
  /**
   * Aliyun Cloud Call Center through the customer's proxy (`vendor: 'aliyun'`): instance id, region, the proxy's
   * origin, path, API parameter name, method, headers, extra fields, `withCredentials`, or a `transport` function
   * that replaces the request, plus skill groups and poll periods (docs/protocols/aliyun.md).
   */
  aliyun?: AliyunSettings;
  /**
   * The in-browser audio layer (a WebRTC SIP user agent the host provides). A backend whose calls ring in the browser
   * (Aliyun `ON_SITE`) hands it the SIP registration after login and unregisters it at logout; without one such calls
   * ring nowhere in the page (desk phone and mobile work modes need none).
   */
  audio?: AudioLayer;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_CHANNEL_HEARTBEAT_MS = 10_000;
export const DEFAULT_SUBSCRIBE_GRACE_MS = 500;
/** Longer than any sane wait for a subscription; a typo (seconds for ms…) must not hang logins for minutes. */
const MAX_SUBSCRIBE_GRACE_MS = 60_000;

/** The subscribe grace of a config (default {@link DEFAULT_SUBSCRIBE_GRACE_MS}); throws `CONFIG_INVALID` when not 0–60 000 ms. */
export function subscribeGraceOf(config: Pick<SoftphoneConfig, 'subscribeGraceMs'>): number {
  const value = config.subscribeGraceMs;
  if (value === undefined) return DEFAULT_SUBSCRIBE_GRACE_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_SUBSCRIBE_GRACE_MS) {
    throw new WellError(
      WellErrorCode.CONFIG_INVALID,
      `subscribeGraceMs must be a number from 0 to ${MAX_SUBSCRIBE_GRACE_MS}: "${String(value)}"`,
    );
  }
  return value;
}

/** Smallest sane frame limit: a CONNECTED or an ordinary event frame fits many times over. */
const MIN_MAX_FRAME_BYTES = 1024;

/** The frame limit of a config (undefined: the vendor's default); `CONFIG_INVALID` unless an integer ≥ 1024. */
export function maxFrameBytesOf(config: Pick<SoftphoneConfig, 'maxFrameBytes'>): number | undefined {
  const value = config.maxFrameBytes;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < MIN_MAX_FRAME_BYTES) {
    throw new WellError(
      WellErrorCode.CONFIG_INVALID,
      `maxFrameBytes must be an integer of at least ${MIN_MAX_FRAME_BYTES}: "${String(value)}"`,
    );
  }
  return value;
}

/** The page a relative URL is resolved against (none in Node: relative URLs are refused there). */
const pageUrl = (): string | undefined => (globalThis as { location?: { href?: string } }).location?.href;

function checkUrl(value: string, schemes: readonly string[], name: string): string {
  let url: URL;
  let absolute = true;
  try {
    url = new URL(value);
  } catch {
    absolute = false;
    try {
      // a path on the page's own server (e.g. api-url="/data/api.json" behind the host's proxy)
      if (!value.startsWith('/') || value.startsWith('//')) throw new TypeError('not a path');
      url = new URL(value, pageUrl());
    } catch {
      throw new WellError(WellErrorCode.CONFIG_INVALID, `${name} is not a valid URL: "${value}"`);
    }
  }
  if (!schemes.includes(url.protocol)) {
    throw new WellError(WellErrorCode.CONFIG_INVALID, `${name} must use ${schemes.join(' or ')}: "${value}"`);
  }
  return trimSlash(absolute ? value : url.href);
}

/**
 * Derives the three endpoints from `server` and the vendor's default `paths` (by default those of `config.vendor`'s
 * descriptor, `well` when none is named; see `src/vendors/registry.ts`): `api-url` = server, `login-url` = server +
 * `paths.login`, `event-url` = server with http→ws / https→wss + `paths.events`. Each can be overridden.
 * Throws `CONFIG_INVALID` when an endpoint cannot be derived or is not a valid URL.
 */
export function deriveEndpoints(
  config: Pick<SoftphoneConfig, 'server' | 'apiUrl' | 'loginUrl' | 'eventUrl'> & { vendor?: VendorName },
  paths: { login: string; events: string } | undefined = VENDORS[config.vendor ?? 'well']?.paths,
): VendorEndpoints {
  if (!paths) throw new WellError(WellErrorCode.CONFIG_INVALID, `Unknown vendor "${String(config.vendor)}"`);
  // without `server`, a (possibly relative) `api-url` names the server's origin
  const api = config.apiUrl ? checkUrl(config.apiUrl, ['http:', 'https:'], 'api-url') : undefined;
  const server = config.server ? checkUrl(config.server, ['http:', 'https:'], 'server') : api && new URL(api).origin;
  const need = (value: string | undefined, derived: string | undefined, name: string, schemes: readonly string[]) => {
    const url = value ?? derived;
    if (!url) throw new WellError(WellErrorCode.CONFIG_INVALID, `Set "server" or "${name}"`);
    return checkUrl(url, schemes, name);
  };
  return {
    apiUrl: need(api, server, 'api-url', ['http:', 'https:']),
    loginUrl: need(config.loginUrl, server && `${server}${paths.login}`, 'login-url', ['http:', 'https:']),
    eventUrl: need(config.eventUrl, server && `${toWebSocketUrl(server)}${paths.events}`, 'event-url', ['ws:', 'wss:']),
  };
}
