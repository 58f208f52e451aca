import '../src/well-softphone.js';
import type { WellSoftphone } from '../src/well-softphone.js';
import { showEvents } from './event-panel.js';

const params = new URLSearchParams(location.search);
const sim = params.get('sim') ?? 'http://127.0.0.1:5180';
const phone = document.querySelector<WellSoftphone>('#phone')!;
phone.server = sim;
const events = params.get('events');
if (events) phone.eventUrl = events;

// Every DOM event the element fires, newest first.
const list = document.querySelector<HTMLOListElement>('#events')!;
const EVENT_TYPES = [
  'well-call-offer',
  'well-call-dial',
  'well-call-start',
  'well-call-hold',
  'well-call-resume',
  'well-call-transfer',
  'well-call-conference',
  'well-call-end',
  'well-call-missed',
  'well-after-call',
  'well-status-change',
  'well-connection-change',
  'well-login-failed',
  'well-login-conflict',
  'well-error',
  'well-event',
] as const;
showEvents(phone, EVENT_TYPES, list);
document.querySelector('#clear')!.addEventListener('click', () => list.replaceChildren());
document.querySelector('#download')!.addEventListener('click', () => phone.downloadLog());
document.querySelector<HTMLSelectElement>('#lang')!.addEventListener('change', (e) => {
  phone.lang = (e.target as HTMLSelectElement).value;
});
document.querySelector<HTMLSelectElement>('#theme')!.addEventListener('change', (e) => {
  phone.theme = (e.target as HTMLSelectElement).value as WellSoftphone['theme'];
});
document.querySelector<HTMLInputElement>('#narrow')!.addEventListener('change', (e) => {
  phone.style.maxWidth = (e.target as HTMLInputElement).checked ? '360px' : '';
});
// The simulator's inbound calls carry these: the agent sees them labelled, the rest behind "More call data".
phone.callDataFields = [
  { key: 'customer', label: 'Customer' },
  { key: 'orderId', label: 'Order' },
];

// Simulator control buttons.
const result = document.querySelector('#sim-result')!;
const control = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${sim}/__sim${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  result.textContent = `${method} /__sim${path} → ${response.status}`;
};
const actions: Record<string, () => Promise<void>> = {
  drop: () => control('POST', '/drop', { agent: '5001' }),
  refuse: () => control('POST', '/config', { acceptChannels: false }),
  accept: () => control('POST', '/config', { acceptChannels: true }),
  duplicate: () => control('POST', '/emit', { agent: '5001', duplicateLast: true }),
  malformed: () => control('POST', '/emit', { agent: '5001', raw: '{"eventName": "agentReady", broken' }),
  unknown: () => control('POST', '/emit', { agent: '5001', event: { eventName: 'ChannelStateChangedEvent' } }),
  ready: () => control('POST', '/agents/5001', { agentMode: 'Ready', publish: true }),
  acw: () => control('POST', '/agents/5001', { agentMode: 'WorkNotReady', publish: true }),
  allocated: () => control('POST', '/agents/5001', { agentMode: 'Allocated', publish: true }),
  logout: () => control('POST', '/agents/5001/logout'),
  elsewhere: () => control('POST', '/agents/5001', { loggedIn: true, extension: '8002' }),
  fail500: () => control('POST', '/fail', { path: '/api/csta/agent/state', status: 500 }),
  expire: () => control('DELETE', '/sessions'),
  reset: () => control('POST', '/reset'),
  inbound: () =>
    control('POST', '/calls/inbound', {
      to: '5001',
      userData: { orderId: 'A-1042', customer: 'Li Lei', queue: 'VIP' },
    }),
  farAnswer: () => onCall('answer'),
  farBusy: () => onCall('busy'),
  farNoAnswer: () => onCall('no-answer'),
  customerHangUp: () => onCall('hangup'),
  agentAnswer: () => onCall('answer', { party: '8002' }),
  agentHangUp: () => onCall('hangup', { party: '8002' }),
  autoAnswerOn: () => control('POST', '/config', { externalAnswer: 'answer', externalAnswerDelayMs: 2000 }),
  autoAnswerOff: () => control('POST', '/config', { externalAnswer: 'manual' }),
  acwOn: () => control('POST', '/config', { afterCall: 'acw' }),
};

/** Runs a scenario step on the newest active call of the simulator. */
async function onCall(step: string, body: Record<string, string> = {}): Promise<void> {
  const response = await fetch(`${sim}/__sim/calls`);
  const calls = (await response.json()) as { callId: string }[];
  const call = calls.at(-1);
  if (!call) {
    result.textContent = 'no active call in the simulator';
    return;
  }
  await control('POST', `/calls/${call.callId}/${step}`, body);
}
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-sim]')) {
  button.addEventListener('click', () => {
    actions[button.dataset['sim']!]?.().catch((err: unknown) => {
      result.textContent = `simulator unreachable: ${String(err)}`;
    });
  });
}

// After-call work with the simulator's defaults: the page turns it on (the "Server after-call work on" button does
// the same after a reset).
actions['acwOn']?.().catch(() => undefined);
