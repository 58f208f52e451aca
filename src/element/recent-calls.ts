import { html, nothing } from 'lit';
import type { Translation } from '../i18n/index.js';
import type { CallEnd } from '../model/call.js';
import { formatDuration } from './softphone-controller.js';
import type { MissedReason } from '../events/well-call-missed.js';

/** Entries kept (this session, in memory only). */
export const RECENT_CALLS_MAX = 50;

export interface RecentCall {
  callId: string;
  /** The other party's number (device ids lose their `@domain`). */
  party: string;
  direction: 'inbound' | 'outbound' | 'internal';
  createdAt: number;
  endedAt: number;
  /** Talk time, ms (0 when never connected). */
  talkMs: number;
  missed: MissedReason | undefined;
}

/** How the call ended for the agent: answered, or missed and why. */
export function recentCallOf(end: CallEnd, rejectedHere: boolean, ringTimeoutSeconds: number | undefined): RecentCall {
  const { call } = end;
  const party = (call.party ?? call.parties[0] ?? '').split('@')[0] ?? '';
  let missed: MissedReason | undefined;
  if (!call.isCaller && call.establishedAt === undefined) {
    const rang = end.endedAt - call.createdAt;
    // the own device's clear comes with every end (docs/protocols/well.md): only a reject from here says "rejected"
    if (rejectedHere) missed = 'rejected';
    else if (ringTimeoutSeconds !== undefined && rang >= ringTimeoutSeconds * 1000 - 250) missed = 'timeout';
    else missed = 'callerHungUp';
  }
  return {
    callId: call.callId,
    party,
    direction: call.direction,
    createdAt: call.createdAt,
    endedAt: end.endedAt,
    talkMs: call.establishedAt === undefined ? 0 : end.endedAt - call.establishedAt,
    missed,
  };
}

/** The last {@link RECENT_CALLS_MAX} calls, newest first. */
export class RecentCalls {
  #entries: RecentCall[] = [];

  get entries(): readonly RecentCall[] {
    return this.#entries;
  }

  get missedCount(): number {
    return this.#entries.filter((e) => e.missed !== undefined).length;
  }

  add(entry: RecentCall): void {
    this.#entries = [entry, ...this.#entries.filter((e) => e.callId !== entry.callId)].slice(0, RECENT_CALLS_MAX);
  }
}

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The recent-calls disclosure: missed calls marked, each with a one-click call back. */
export const recentCallsList = (
  t: Translation,
  entries: readonly RecentCall[],
  missed: number,
  canDial: boolean,
  onCallBack: (number: string) => void,
) =>
  html`<details part="recent-calls">
    <summary>${t.toolbar.recentSummary(entries.length, missed)}</summary>
    ${
      entries.length === 0
        ? html`<p>${t.toolbar.noRecentCalls}</p>`
        : html`<ol>
            ${entries.map(
              (e) =>
                html`<li part="recent-call ${e.missed ? 'recent-call-missed' : ''}">
                  <span class="party">${e.party || '—'}</span>
                  <span class="meta">
                    ${time(e.createdAt)} ·
                    ${
                      e.missed
                        ? t.toolbar.missed[e.missed]
                        : e.direction === 'outbound'
                          ? t.toolbar.outbound
                          : t.toolbar.answered
                    }
                    ${e.talkMs > 0 ? html` · ${formatDuration(e.talkMs)}` : nothing}
                  </span>
                  ${
                    e.party
                      ? html`<button
                          type="button"
                          part="button call-back-button"
                          ?disabled=${!canDial}
                          aria-label=${t.toolbar.callBack(e.party)}
                          @click=${() => onCallBack(e.party)}
                        >
                          ☎
                        </button>`
                      : nothing
                  }
                </li>`,
            )}
          </ol>`
    }
  </details>`;
