import { fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/well-softphone.js';
import type { WellSoftphone } from '../../src/well-softphone.js';

export interface Sim {
  id: string;
  baseUrl: string;
  eventUrl: string;
  controlUrl: string;
  domain: string;
  brokerUrl?: string;
}

export interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  headers: { sessionId: 'present' | 'absent'; sessionIdValue?: string; contentType?: string };
  body: unknown;
  rawBody?: string;
  status?: number;
}

/** Starts a fresh simulator on a free loopback port (one per test file or test). */
export async function startSim(options: Record<string, unknown> = {}): Promise<Sim> {
  const sim = await executeServerCommand<Sim, Record<string, unknown>>('sim-start', options);
  if (!sim?.baseUrl) throw new Error('the simulator did not start');
  return sim;
}

export const stopSim = (sim: Sim | undefined) =>
  sim ? executeServerCommand('sim-stop', { id: sim.id }) : Promise.resolve();

/** Calls the simulator's control API. */
export async function control<T = unknown>(sim: Sim, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sim.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${method} ${path} → ${response.status}`);
  return (await response.json()) as T;
}

export const requests = (sim: Sim) => control<LoggedRequest[]>(sim, 'GET', '/requests');

export async function mount(sim: Sim, attrs: Record<string, string> = {}): Promise<WellSoftphone> {
  const el = await fixture<WellSoftphone>(
    html`<well-softphone
      server=${sim.baseUrl}
      domain=${sim.domain}
      lang="en"
      reconnect-delay=${attrs['reconnect-delay'] ?? '200'}
      reconnect-attempts=${attrs['reconnect-attempts'] ?? '10'}
      request-timeout=${attrs['request-timeout'] ?? '3000'}
      login-mode=${attrs['login-mode'] ?? 'force'}
    ></well-softphone>`,
  );
  if (attrs['event-url']) el.eventUrl = attrs['event-url'];
  await el.updateComplete;
  return el;
}

/** Resolves when the element reports `code` (at once if it already does): the shared helper of test/helpers/. */
export { statusReached } from '../helpers/status.js';

/** Resolves when the event channel reaches `state`. */
export function connectionReached(el: WellSoftphone, state: string): Promise<void> {
  return new Promise((resolve) => {
    if (el.phone.connectionState === state) return resolve();
    const on = (e: Event) => {
      if ((e as CustomEvent<{ state: string }>).detail.state === state) {
        el.removeEventListener('well-connection-change', on);
        resolve();
      }
    };
    el.addEventListener('well-connection-change', on);
  });
}

/** Polls the simulator until `predicate` holds (server-side facts have no browser event to await). */
export async function serverState<T>(sim: Sim, predicate: (state: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await control<T>(sim, 'GET', '/state');
    if (predicate(state)) return state;
    if (Date.now() > deadline) throw new Error(`simulator state never matched: ${JSON.stringify(state).slice(0, 400)}`);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

export const creds = (sim: Sim, overrides: Record<string, string> = {}) => ({
  jobNumber: '5001',
  password: '123456',
  domain: sim.domain,
  extension: '8001',
  ...overrides,
});

/** A simulator started for the XSwitch vendor (its Verto endpoint is `xswitchUrl`). */
export interface XSim {
  id: string;
  baseUrl: string;
  controlUrl: string;
  xswitchUrl: string;
}

/** Starts a simulator for XSwitch tests (options as for `sim-start`, e.g. `{ quirks }`). */
export async function startXSim(options: Record<string, unknown> = {}): Promise<XSim> {
  const sim = await executeServerCommand<XSim, Record<string, unknown>>('sim-start', options);
  if (!sim?.xswitchUrl) throw new Error('the simulator did not start');
  return sim;
}

/** Calls the simulator's XSwitch control API. */
export async function xcontrol<T = unknown>(sim: XSim, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sim.controlUrl}/xswitch${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`xswitch control ${method} ${path} → ${response.status}`);
  return (await response.json()) as T;
}

/**
 * An XSwitch element on the simulator (queue 100000, group default, English). Reconnects every 200 ms, 100 times:
 * an outage a test stages (sockets refused while it sets up calls) may last several seconds on a loaded machine
 * without the channel giving up.
 */
export const mountXswitch = (sim: XSim) =>
  fixture<WellSoftphone>(
    html`<well-softphone
      vendor="xswitch"
      server=${sim.baseUrl}
      event-url=${sim.xswitchUrl}
      queue="100000"
      group="default"
      lang="en"
      reconnect-delay="200"
      reconnect-attempts="100"
      request-timeout="3000"
    ></well-softphone>`,
  );

/** Resolves with the detail of the next `type` event that matches. */
export function next<T>(el: WellSoftphone, type: string, match: (detail: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const on = (e: Event) => {
      const detail = (e as CustomEvent<T>).detail;
      if (!match(detail)) return;
      el.removeEventListener(type, on);
      resolve(detail);
    };
    el.addEventListener(type, on);
  });
}

/** The Aliyun CCC proxy simulator as `sim-start` reports it. */
export interface AliyunSim {
  id: string;
  baseUrl: string;
  controlUrl: string;
  aliyunUrl: string;
  aliyunInstance: string;
}

/** A request to the Aliyun simulator's control API (`/aliyun/...`); throws on a non-2xx answer. */
export async function aliyunControl<T = unknown>(
  sim: AliyunSim,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${sim.controlUrl}/aliyun${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${method} ${path} → ${response.status}`);
  return (await response.json()) as T;
}
