import type { KeptSession, VendorName } from '../vendors/vendor.js';

/**
 * What a tab keeps in `sessionStorage` to reattach after a reload or a page change of a non-SPA host: the agent's
 * identity and the backend's session id. Never a password, token or event-channel passcode. `sessionStorage` is per
 * tab and per origin; the key adds the vendor and the REST base URL, so two backends never share an entry.
 */
export interface StoredSession extends KeptSession {
  vendor: VendorName;
  /** ms since the epoch when it was saved. */
  savedAt: number;
}

const PREFIX = 'well-softphone:session:';
const FIELDS = ['jobNumber', 'domain', 'extension', 'sessionId'] as const;

/** The storage key for a vendor and REST base URL. */
export const sessionKey = (vendor: VendorName, apiUrl: string): string => `${PREFIX}${vendor}:${apiUrl}`;

/** The tab's `sessionStorage`, or undefined where there is none or it is refused (Node, sandboxed frames). */
function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The session kept under `key`, or undefined when there is none or it is not one of ours (then it is removed). */
export function loadSession(key: string): StoredSession | undefined {
  const store = storage();
  let text: string | null | undefined;
  try {
    text = store?.getItem(key);
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (FIELDS.every((f) => typeof value[f] === 'string' && value[f] !== '') && typeof value['vendor'] === 'string') {
      return {
        vendor: value['vendor'] as VendorName,
        jobNumber: value['jobNumber'] as string,
        domain: value['domain'] as string,
        extension: value['extension'] as string,
        sessionId: value['sessionId'] as string,
        savedAt: typeof value['savedAt'] === 'number' ? value['savedAt'] : 0,
      };
    }
  } catch {
    // not JSON: someone else's value, or damaged
  }
  clearSession(key);
  return undefined;
}

/** Keeps `session` under `key` (only the listed fields, whatever else the object carries). Best effort. */
export function saveSession(key: string, vendor: VendorName, session: KeptSession): void {
  const { jobNumber, domain, extension, sessionId } = session;
  try {
    storage()?.setItem(key, JSON.stringify({ vendor, jobNumber, domain, extension, sessionId, savedAt: Date.now() }));
  } catch {
    // quota or a refused storage: the next reload asks for the password, nothing else changes
  }
}

/** Forgets the session kept under `key`. */
export function clearSession(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // a refused storage holds nothing of ours
  }
}

/**
 * Keys whose session a live phone of this page holds. A reload starts with none; a second phone on the same page (a
 * second agent, a test page) must neither attach to another phone's session nor overwrite it.
 */
const holders = new Map<string, object>();

/** `owner` holds the session kept under `key` (it logged in or reattached with it). */
export function holdSession(key: string, owner: object): void {
  holders.set(key, owner);
}

/** `owner` no longer holds the session under `key` (logged out or stopped). */
export function releaseSession(key: string, owner: object): void {
  if (holders.get(key) === owner) holders.delete(key);
}

/** Another live phone of this page holds the session under `key`. */
export function heldByAnother(key: string, owner: object): boolean {
  const holder = holders.get(key);
  return holder !== undefined && holder !== owner;
}
