import '../src/well-softphone.js';
import type { WellSoftphone } from '../src/well-softphone.js';
import { showEvents } from './event-panel.js';

const params = new URLSearchParams(location.search);
const sim = params.get('sim') ?? 'http://127.0.0.1:5180';
const phone = document.querySelector<WellSoftphone>('#phone')!;
phone.server = sim;
phone.eventUrl = `${sim.replace(/^http/, 'ws')}/ws`;

const list = document.querySelector<HTMLOListElement>('#events')!;
showEvents(
  phone,
  [
    'well-status-change',
    'well-connection-change',
    'well-login-failed',
    'well-error',
    'well-event',
    'well-call-offer',
    'well-call-start',
    'well-call-end',
  ],
  list,
);
document.querySelector('#clear')!.addEventListener('click', () => list.replaceChildren());

const result = document.querySelector('#sim-result')!;
const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
  const response = await fetch(`${sim}/__sim/xswitch${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  result.textContent = `${method} /__sim/xswitch${path} → ${response.status}`;
  return response.json();
};
/** The newest active call of the simulator. */
const current = async (): Promise<string | undefined> => {
  const calls = (await control('GET', '/calls')) as
    { uuid?: string; call_uuid?: string }[] | { calls?: { uuid: string }[] };
  const list = Array.isArray(calls) ? calls : (calls.calls ?? []);
  const last = list.at(-1) as { uuid?: string; call_uuid?: string } | undefined;
  return last?.uuid ?? last?.call_uuid;
};
const onCall = async (step: string, body: unknown = {}) => {
  const uuid = await current();
  if (uuid) await control('POST', `/calls/${uuid}/${step}`, body);
  else result.textContent = 'no active call';
};
const actions: Record<string, () => Promise<unknown>> = {
  inbound: () => control('POST', '/calls/inbound', { agent: '1001', from: '13800138000' }),
  answerAgent: () => onCall('answer', { leg: 'agent' }),
  answerDest: () => onCall('answer', { leg: 'dest' }),
  busy: () => onCall('busy'),
  hangup: () => onCall('hangup'),
  drop: () => control('POST', '/drop', { user: '1001' }),
  punt: () => control('POST', '/punt', { user: '1001' }),
  unknown: () => control('POST', '/emit', { channel: 'vcc.default.1001', data: { action: 'something-new', foo: 1 } }),
};
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-x]')) {
  button.addEventListener('click', () => {
    actions[button.dataset['x']!]?.().catch((err: unknown) => {
      result.textContent = `simulator unreachable: ${String(err)}`;
    });
  });
}
