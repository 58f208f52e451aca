// The Aliyun workbench SDK 2.x hooks on `<well-softphone>`: a host that built on `new WorkbenchSdk({onCallComing…})`
// keeps its hook functions and gets them called from the element's DOM events (docs/migrating-from-workbench.md).
// Works for every vendor: the hooks only read the vendor-neutral events.
import type { CallDetail, CallDialDetail, CallEndDetail } from '../events/call-detail.js';
import type { BeforeHangUpDetail } from '../events/well-before-hang-up.js';
import type { WellErrorDetail } from '../events/well-error.js';
import type { StatusChange } from '../model/status-change.js';
import { WellError, WellErrorCode } from '../model/well-error.js';

/** A call as the SDK's `onCallComing` / `onCallDialing` / `onCallEstablish` / `onCallRelease` receive it. */
export interface WorkbenchCallDetail {
  caller: string;
  callee: string;
  callType: string | undefined;
  /** The call id (Aliyun's `JobId` on the `aliyun` vendor). */
  jobId: string;
  /** The element's call record (not Aliyun's raw CallContext; that is in `well-event`). */
  callContext: CallDetail;
}

/** `onHangUp`'s argument: how the call ended, from the agent's side. */
export type WorkbenchHangUpType = 'ringing' | 'dialing' | 'inbound' | 'outbound' | 'agentHeld' | 'meeting';

/** `onErrorNotify`'s argument. */
export interface WorkbenchError {
  /** The backend's own code (`vendorCode`, e.g. `InvalidOperation.UserState`), else the softphone's error code. */
  errorCode: string | number;
  /** The backend's message, else the error's developer message. */
  errorMsg: string;
  /** The translated message the element shows. */
  errorMsgTip: string;
  /** The backend's request id, when it sent one. */
  requestId: string | undefined;
  /** The typed error itself. */
  error: WellError;
}

/** The SDK's hooks (every one optional) plus the SDK options that have an element property. */
export interface WorkbenchOptions {
  onInit?(): void;
  onRegister?(config: { userId: string | undefined; extension: string | undefined; vendor: string }): void;
  onLogIn?(): void;
  onLogOut?(): void;
  onBreak?(): void;
  onReady?(): void;
  onAgentOutboundScenario?(): void;
  onCallComing?(detail: WorkbenchCallDetail): void;
  /** Must call `callback` (optionally with the full callee) or the call is not placed. */
  onBeforeCallDialing?(payload: {
    callee: string;
    userId: string | undefined;
    callback: (callee?: string) => void;
  }): void;
  onCallDialing?(detail: WorkbenchCallDetail): void;
  onCallEstablish?(detail: WorkbenchCallDetail): void;
  onCallRelease?(detail: WorkbenchCallDetail & { end: CallEndDetail }): void;
  onHangUp?(type: WorkbenchHangUpType): void;
  /** Must call `callback` or the call is not hung up. */
  onBeforeCallHangup?(payload: {
    jobId: string;
    channelId: string | undefined;
    userId: string | undefined;
    callback: () => void;
  }): void;
  onErrorNotify?(error: WorkbenchError): void;
  onStatusChange?(detail: StatusChange): void;
  instanceId?: string;
  regionId?: string;
  ajaxOrigin?: string;
  ajaxPath?: string;
  ajaxApiParamName?: string;
  ajaxMethod?: string;
  ajaxHeaders?: Record<string, string>;
  ajaxOtherParams?: Record<string, string>;
  withCredentials?: boolean;
  apiAxiosFunc?: (apiName: string, params: Record<string, unknown>) => unknown;
  afterCallRule?: number | 'manual';
  autoAnswerCall?: number;
}

/** What the hooks need of `<well-softphone>` (structural, so this module does not load the element). */
export interface WorkbenchElement extends EventTarget {
  readonly phone: {
    dial(number: string, options?: { prefix?: string }): Promise<unknown>;
    hangUp(callId?: string): Promise<void>;
  };
  readonly updateComplete?: Promise<unknown>;
}

/** SDK option → element property, for the options that have one. */
const PROPERTY_OF = {
  instanceId: 'instanceId',
  regionId: 'region',
  ajaxOrigin: 'ajaxOrigin',
  ajaxPath: 'ajaxPath',
  ajaxApiParamName: 'ajaxApiParamName',
  ajaxMethod: 'ajaxMethod',
  ajaxHeaders: 'ajaxHeaders',
  ajaxOtherParams: 'ajaxOtherParams',
  withCredentials: 'withCredentials',
  apiAxiosFunc: 'transport',
  afterCallRule: 'afterCall',
  autoAnswerCall: 'autoAnswer',
} as const satisfies Partial<Record<keyof WorkbenchOptions, string>>;

/** How a call ended, in the SDK's words (`onHangUp`). */
export function hangUpType(end: CallEndDetail): WorkbenchHangUpType {
  const call = end.call;
  if (!end.isEstablished) return call.isCaller ? 'dialing' : 'ringing';
  if (end.isCaller === undefined || call.conferenced) return 'meeting';
  if (call.consultOf !== undefined) return 'agentHeld';
  if (call.direction === 'internal') return call.isCaller ? 'outbound' : 'inbound';
  return call.direction;
}

/**
 * Calls the workbench SDK's hooks from `element`'s events; SDK options with an element property (`instanceId`,
 * `regionId`, `ajax*`, `apiAxiosFunc`, `afterCallRule`, `autoAnswerCall`) are set on it. Returns the function that
 * detaches the hooks. `onBeforeCallDialing` / `onBeforeCallHangup` hold the dial / hang-up until their `callback`
 * runs (at once or later); a hook that never calls it vetoes.
 */
export function attachWorkbench(element: WorkbenchElement, options: WorkbenchOptions): () => void {
  const hooks = options;
  applyOptions(element, options);
  const own = { userId: undefined as string | undefined, extension: undefined as string | undefined };
  let attached = true;

  const detail = (call: CallDetail): WorkbenchCallDetail => {
    const me = own.extension ?? '';
    const party = call.party ?? '';
    return {
      caller: call.isCaller ? me : party,
      callee: call.isCaller ? party : me,
      callType: call.callType,
      jobId: call.callId,
      callContext: call,
    };
  };
  /** A refusal of a held command that ran later (failures reach `well-error` through the core already). */
  const refused = (err: unknown): void => {
    const error = err instanceof WellError ? err : new WellError(WellErrorCode.INVALID_ARGUMENT, String(err));
    if (error.code === WellErrorCode.NOT_ALLOWED_IN_STATE || error.code === WellErrorCode.INVALID_ARGUMENT) {
      hooks.onErrorNotify?.(errorOf({ error, code: error.code, message: error.message }));
    }
  };

  const listeners: Record<string, (event: Event) => void> = {
    'well-status-change': (event) => {
      const change = (event as CustomEvent<StatusChange>).detail;
      const { code, lastCode, context } = change;
      if (context.agentId !== undefined) own.userId = context.agentId;
      if (context.extension !== undefined) own.extension = context.extension;
      hooks.onStatusChange?.(change);
      if (lastCode <= 0 && code >= 1) {
        hooks.onRegister?.({ userId: own.userId, extension: own.extension, vendor: context.vendor });
      }
      if (lastCode <= 1 && code >= 2) hooks.onLogIn?.();
      if (lastCode >= 2 && code <= 1) hooks.onLogOut?.();
      if (code === lastCode) return;
      if (code === 2) hooks.onBreak?.();
      else if (code === 3) hooks.onReady?.();
      else if (code === 4) hooks.onAgentOutboundScenario?.();
      else if (code === 8 && context.activeCall) hooks.onCallDialing?.(detail(context.activeCall));
    },
    'well-call-offer': (event) => hooks.onCallComing?.(detail((event as CustomEvent<CallDetail>).detail)),
    'well-call-start': (event) => hooks.onCallEstablish?.(detail((event as CustomEvent<CallDetail>).detail)),
    'well-call-end': (event) => {
      const end = (event as CustomEvent<CallEndDetail>).detail;
      hooks.onHangUp?.(hangUpType(end));
      hooks.onCallRelease?.({ ...detail(end.call), end });
    },
    'well-error': (event) => hooks.onErrorNotify?.(errorOf((event as CustomEvent<WellErrorDetail>).detail)),
    'well-call-dial': (event) => {
      const hook = hooks.onBeforeCallDialing;
      if (!hook) return;
      const intent = (event as CustomEvent<CallDialDetail>).detail;
      const { number, prefix } = intent;
      held(
        event,
        (callback) => hook({ callee: number, userId: own.userId, callback }),
        (now, callee?: string) => {
          if (now) {
            if (callee) [intent.number, intent.prefix] = [callee, undefined];
          } else {
            const options = callee ? {} : prefix === undefined ? {} : { prefix };
            element.phone.dial(callee || number, options).catch(refused);
          }
        },
      );
    },
    'well-before-hang-up': (event) => {
      const hook = hooks.onBeforeCallHangup;
      if (!hook) return;
      const { callId } = (event as CustomEvent<BeforeHangUpDetail>).detail;
      held(
        event,
        (callback) => hook({ jobId: callId, channelId: undefined, userId: own.userId, callback: () => callback() }),
        (now) => {
          if (!now) element.phone.hangUp(callId).catch(refused);
        },
      );
    },
  };

  for (const [type, listener] of Object.entries(listeners)) element.addEventListener(type, listener);
  void Promise.resolve(element.updateComplete).then(() => {
    if (attached) hooks.onInit?.();
  });
  return () => {
    attached = false;
    for (const [type, listener] of Object.entries(listeners)) element.removeEventListener(type, listener);
  };
}

/**
 * Runs a hook that holds a cancelable intent until it calls back: called during the hook, the intent goes on
 * (`proceed(true, …)`); not called by then, the intent is vetoed and a later callback runs it (`proceed(false, …)`),
 * once.
 */
function held(
  event: Event,
  hook: (callback: (callee?: string) => void) => void,
  proceed: (now: boolean, callee?: string) => void,
): void {
  let during = true;
  let called = false;
  try {
    hook((callee?: string) => {
      if (called) return;
      called = true;
      proceed(during, typeof callee === 'string' ? callee : undefined);
    });
  } finally {
    during = false;
    if (!called) event.preventDefault();
  }
}

function errorOf(detail: WellErrorDetail): WorkbenchError {
  const { error } = detail;
  const extra = error.detail ?? {};
  const text = (key: string): string | undefined => (typeof extra[key] === 'string' ? extra[key] : undefined);
  return {
    errorCode: error.vendorCode ?? error.code,
    errorMsg: text('message') ?? error.message,
    errorMsgTip: detail.message,
    requestId: text('requestId'),
    error,
  };
}

function applyOptions(element: WorkbenchElement, options: WorkbenchOptions): void {
  const target = element as unknown as Record<string, unknown>;
  for (const [option, property] of Object.entries(PROPERTY_OF)) {
    const value = options[option as keyof typeof PROPERTY_OF];
    if (value === undefined) continue;
    target[property] = option === 'afterCallRule' ? String(value) : value;
  }
}
