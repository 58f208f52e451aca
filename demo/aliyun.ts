import '../src/well-softphone.js';
import { attachWorkbench } from '../src/compat/workbench.js';
import type { WellSoftphone } from '../src/well-softphone.js';
import { showEvents } from './event-panel.js';

const params = new URLSearchParams(location.search);
const sim = params.get('sim') ?? 'http://127.0.0.1:5180';
const phone = document.querySelector<WellSoftphone>('#phone')!;
phone.server = sim; // the proxy is `${server}/data/api.json` (ajax-origin / ajax-path change that)

const list = document.querySelector<HTMLOListElement>('#events')!;
showEvents(
  phone,
  [
    'well-status-change',
    'well-login-failed',
    'well-error',
    'well-call-offer',
    'well-call-dial',
    'well-before-hang-up',
    'well-call-start',
    'well-call-hold',
    'well-call-resume',
    'well-call-end',
  ],
  list,
);
document.querySelector('#clear')!.addEventListener('click', () => list.replaceChildren());
document.querySelector('#download')!.addEventListener('click', () => phone.downloadLog());

// The workbench SDK's hooks, as a page written for it has them.
const hook = (name: string, value?: unknown) => {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} hook ${name} ${value === undefined ? '' : JSON.stringify(value)}`;
  list.prepend(item);
};
attachWorkbench(phone, {
  onInit: () => hook('onInit'),
  onLogIn: () => hook('onLogIn'),
  onBreak: () => hook('onBreak'),
  onReady: () => hook('onReady'),
  onCallComing: ({ caller, callee, jobId }) => hook('onCallComing', { caller, callee, jobId }),
  onCallDialing: ({ callee, jobId }) => hook('onCallDialing', { callee, jobId }),
  onCallEstablish: ({ jobId }) => hook('onCallEstablish', { jobId }),
  onHangUp: (type) => hook('onHangUp', type),
  onErrorNotify: ({ errorCode, errorMsgTip, requestId }) =>
    hook('onErrorNotify', { errorCode, errorMsgTip, requestId }),
  onBeforeCallDialing: ({ callee, callback }) => {
    hook('onBeforeCallDialing', callee);
    callback();
  },
});

const result = document.querySelector('#sim-result')!;
const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
  const response = await fetch(`${sim}/__sim/aliyun${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  result.textContent = `${method} /__sim/aliyun${path} → ${response.status}`;
  return response.json();
};
/** The newest job of the simulator. */
const onJob = async (step: string) => {
  const state = (await control('GET', '/state')) as { jobs?: { JobId: string }[] };
  const job = state.jobs?.at(-1)?.JobId;
  if (job) await control('POST', `/calls/${encodeURIComponent(job)}/${step}`);
  else result.textContent = 'no call';
};
const fail = (api: string, code: string, httpStatus: number) =>
  control('POST', '/fail', { api, code, httpStatus, message: `simulated ${code}` });
const actions: Record<string, () => Promise<unknown>> = {
  inbound: () => control('POST', '/inbound', { user: 'agent1', caller: '13900000001', callVariables: 'order=42' }),
  answer: () => onJob('answer'),
  busy: () => onJob('busy'),
  noanswer: () => onJob('noanswer'),
  hangup: () => onJob('hangup'),
  agent2Ready: () => control('POST', '/users/agent2/state', { state: 'READY' }),
  break: () => control('POST', '/users/agent1/state', { state: 'BREAK', breakCode: 'supervisor' }),
  userBusy: () => fail('MakeCall', 'UserBusy', 400),
  permission: () => fail('TakeBreak', 'Permission.Unauthorized', 403),
  reset: () => control('POST', '/reset'),
};
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-x]')) {
  button.addEventListener('click', () => {
    actions[button.dataset['x']!]?.().catch((err: unknown) => {
      result.textContent = `simulator unreachable: ${String(err)}`;
    });
  });
}
