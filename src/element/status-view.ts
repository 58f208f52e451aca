import type { ConnectionState } from '../model/status-change.js';

/** The status families the toolbar colours and marks with an icon (`--well-status-<family>`). */
export type StatusFamily =
  'offline' | 'not-ready' | 'ready' | 'ringing' | 'on-call' | 'held' | 'after-call' | 'reconnecting';

/** The family of a status code -1..30 (docs/protocols/status-codes.md); a live channel problem wins. */
export function statusFamily(code: number, connection: ConnectionState): StatusFamily {
  if (code >= 0 && (connection === 'reconnecting' || connection === 'failed')) return 'reconnecting';
  if (code <= 1) return 'offline';
  if (code === 2 || code === 4) return 'not-ready';
  if (code === 3) return 'ready';
  if (code === 5) return 'after-call';
  if (code === 6 || code === 16 || code === 24) return 'ringing';
  if (code === 12) return 'held';
  return 'on-call';
}

/** The custom state of a call status (`:state(ringing)`…), or undefined when no call is in progress. */
export function callStateOf(code: number): string | undefined {
  if (code === 6) return 'ringing';
  if (code === 8) return 'dialing';
  if (code === 12) return 'held';
  if (code === 16 || code === 17) return 'consulting';
  if (code >= 9) return 'talking';
  return undefined;
}

/** One glyph per family, so the status is not told by colour alone (decorative: the label says it). */
export const FAMILY_ICONS: Record<StatusFamily, string> = {
  offline: '○',
  'not-ready': '⏸',
  ready: '✓',
  ringing: '☎',
  'on-call': '●',
  held: '⏯',
  'after-call': '✎',
  reconnecting: '↻',
};
