import { expect } from '@open-wc/testing';
import { attachWorkbench, hangUpType, type WorkbenchElement } from '../../src/compat/workbench.js';
import { WellBeforeHangUpEvent } from '../../src/events/well-before-hang-up.js';
import { WellCallDialEvent } from '../../src/events/well-call-dial.js';
import { WellCallEndEvent } from '../../src/events/well-call-end.js';
import { WellCallOfferEvent } from '../../src/events/well-call-offer.js';
import { WellCallStartEvent } from '../../src/events/well-call-start.js';
import { WellErrorEvent } from '../../src/events/well-error.js';
import { WellStatusChangeEvent } from '../../src/events/well-status-change.js';
import type { CallRecord } from '../../src/model/call.js';
import type { StatusCode } from '../../src/model/status.js';
import type { StatusContext } from '../../src/model/status-change.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';

const call = (changes: Partial<CallRecord> = {}): CallRecord => ({
  callId: 'job-1',
  state: 'alerting',
  direction: 'inbound',
  isCaller: false,
  party: '13900000001',
  parties: [],
  callType: 'INBOUND',
  userData: undefined,
  createdAt: 1000,
  establishedAt: undefined,
  conferenced: false,
  membershipChanged: false,
  consultOf: undefined,
  recording: false,
  muted: false,
  ...changes,
});

const context = (changes: Partial<StatusContext> = {}): StatusContext => ({
  vendor: 'aliyun',
  agentId: 'agent1@ccc-test',
  extension: '80001001',
  agentState: 'ready',
  reason: '',
  allocated: false,
  pendingMode: false,
  connection: 'connected',
  calls: 0,
  muted: false,
  recording: false,
  since: 0,
  ...changes,
});

/** A stand-in for `<well-softphone>`: an EventTarget whose core records what it was asked. */
class FakeElement extends EventTarget implements WorkbenchElement {
  readonly asked: string[] = [];
  refuse: WellError | undefined;
  readonly phone = {
    dial: (number: string, options: { prefix?: string } = {}) => {
      this.asked.push(`dial ${options.prefix ?? ''}${number}`);
      return this.refuse ? Promise.reject(this.refuse) : Promise.resolve('job-2');
    },
    hangUp: (callId?: string) => {
      this.asked.push(`hangUp ${callId}`);
      return Promise.resolve();
    },
  };
  readonly updateComplete = Promise.resolve(true);
  [key: string]: unknown;

  status(code: StatusCode, lastCode: StatusCode, extra: Partial<StatusContext> = {}): void {
    this.dispatchEvent(new WellStatusChangeEvent({ code, lastCode, context: context(extra) }));
  }

  /** Dispatches a `well-call-dial` as the element's `dial()` does; true when it went on. */
  dial(number: string): { went: boolean; number: string; prefix: string | undefined } {
    const intent = new WellCallDialEvent({ number, prefix: '9' });
    const went = this.dispatchEvent(intent);
    return { went, ...intent.detail };
  }

  hangUpIntent(callId: string): boolean {
    return this.dispatchEvent(new WellBeforeHangUpEvent({ callId, call: call({ callId }) }));
  }
}

const end = (record: CallRecord, isEstablished: boolean) =>
  new WellCallEndEvent({
    callId: record.callId,
    isEstablished,
    isCaller: record.conferenced ? undefined : record.isCaller,
    partyDevice: record.party ?? '',
    isOutCall: true,
    createdAt: 1000,
    establishedAt: isEstablished ? 2000 : undefined,
    endedAt: 3000,
    cause: undefined,
    call: record,
  });

describe('workbench SDK 2.x hooks (compat/workbench.ts)', () => {
  let el: FakeElement;
  let detach: () => void;
  beforeEach(() => {
    el = new FakeElement();
  });
  afterEach(() => detach?.());

  it("the SDK's configuration example: onInit, onStatusChange, onCallComing, onCallEstablish, onCallRelease, onHangUp", async () => {
    const seen: unknown[] = [];
    let initialised!: () => void;
    const init = new Promise<void>((resolve) => (initialised = resolve));
    detach = attachWorkbench(el, {
      regionId: 'cn-shanghai',
      instanceId: 'XXX',
      ajaxPath: '/aliyun/ccc/api',
      ajaxMethod: 'post',
      afterCallRule: 15,
      autoAnswerCall: 8,
      onInit: function () {
        seen.push('init');
        initialised();
      },
      onErrorNotify: function (error) {
        seen.push(['error', error.errorCode]);
      },
      onCallComing: function (callDetail) {
        seen.push(['coming', callDetail.caller, callDetail.callee, callDetail.jobId, callDetail.callType]);
      },
      onCallDialing: function (callDetail) {
        seen.push(['dialing', callDetail.callee]);
      },
      onStatusChange: function (codeDetail) {
        seen.push(['status', codeDetail.code, codeDetail.lastCode]);
      },
      onCallEstablish: function (callDetail) {
        seen.push(['establish', callDetail.callContext.callId]);
      },
      onCallRelease: function (callDetail) {
        seen.push(['release', callDetail.callContext.callId]);
      },
      onHangUp: function (type) {
        seen.push(['hangUp', type]);
      },
    });
    // the SDK options that have an element property are set on it
    expect(el).to.include({
      region: 'cn-shanghai',
      instanceId: 'XXX',
      ajaxPath: '/aliyun/ccc/api',
      ajaxMethod: 'post',
      afterCall: '15',
      autoAnswer: 8,
    });
    await init;
    el.status(3, 2);
    el.dispatchEvent(new WellCallOfferEvent(call()));
    el.status(6, 3);
    el.dispatchEvent(new WellCallStartEvent(call({ state: 'connected', establishedAt: 2000 })));
    el.dispatchEvent(end(call({ state: 'connected', establishedAt: 2000 }), true));
    el.dispatchEvent(
      new WellErrorEvent({
        error: new WellError(WellErrorCode.REFUSED, 'x', { vendorCode: 'UserBusy' }),
        code: WellErrorCode.REFUSED,
        message: 'busy',
      }),
    );
    el.status(8, 3, { activeCall: call({ callId: 'job-2', isCaller: true, direction: 'outbound', party: '138' }) });
    expect(seen).to.deep.equal([
      'init',
      ['status', 3, 2],
      ['coming', '13900000001', '80001001', 'job-1', 'INBOUND'],
      ['status', 6, 3],
      ['establish', 'job-1'],
      ['hangUp', 'inbound'],
      ['release', 'job-1'],
      ['error', 'UserBusy'],
      ['status', 8, 3],
      ['dialing', '138'],
    ]);
  });

  it('onRegister, onLogIn, onBreak, onReady, onAgentOutboundScenario, onLogOut follow the status codes', () => {
    const seen: string[] = [];
    const hook = (name: string) => () => void seen.push(name);
    detach = attachWorkbench(el, {
      onRegister: (config) => seen.push(`register ${config.userId}`),
      onLogIn: hook('logIn'),
      onLogOut: hook('logOut'),
      onBreak: hook('break'),
      onReady: hook('ready'),
      onAgentOutboundScenario: hook('outboundOnly'),
    });
    el.status(0, -1);
    el.status(2, 0);
    el.status(3, 2);
    el.status(4, 3);
    el.status(2, 4);
    el.status(-1, 2);
    expect(seen).to.deep.equal([
      'register agent1@ccc-test',
      'logIn',
      'break',
      'ready',
      'outboundOnly',
      'break',
      'logOut',
    ]);
  });

  it('onHangUp types: ringing, dialing, inbound, outbound, agentHeld, meeting', () => {
    const ended = (record: CallRecord, established: boolean) => hangUpType(end(record, established).detail);
    expect(ended(call(), false)).to.equal('ringing');
    expect(ended(call({ isCaller: true, direction: 'outbound' }), false)).to.equal('dialing');
    expect(ended(call(), true)).to.equal('inbound');
    expect(ended(call({ isCaller: true, direction: 'outbound' }), true)).to.equal('outbound');
    expect(ended(call({ isCaller: true, direction: 'outbound', consultOf: 'job-1' }), true)).to.equal('agentHeld');
    expect(ended(call({ conferenced: true }), true)).to.equal('meeting');
    expect(ended(call({ direction: 'internal', isCaller: true }), true)).to.equal('outbound');
  });

  it('onBeforeCallDialing: a callback during the hook lets the dial go on, with the full callee it names', () => {
    const payloads: unknown[] = [];
    detach = attachWorkbench(el, {
      onBeforeCallDialing: (payload) => {
        payloads.push({ callee: payload.callee, userId: payload.userId });
        payload.callback('0' + payload.callee);
      },
    });
    el.status(3, 2);
    expect(el.dial('13800138000')).to.deep.equal({ went: true, number: '013800138000', prefix: undefined });
    expect(payloads).to.deep.equal([{ callee: '13800138000', userId: 'agent1@ccc-test' }]);
    expect(el.asked).to.deep.equal([]);
  });

  it('onBeforeCallDialing: without a callback the dial is vetoed; a later callback dials through the core', async () => {
    let callback: ((callee?: string) => void) | undefined;
    detach = attachWorkbench(el, { onBeforeCallDialing: (payload) => (callback = payload.callback) });
    expect(el.dial('13800138000').went).to.equal(false);
    expect(el.asked).to.deep.equal([]);
    callback!();
    callback!(); // once only
    await Promise.resolve();
    expect(el.asked).to.deep.equal(['dial 913800138000']);
  });

  it('onBeforeCallDialing: a hook that never calls back vetoes', () => {
    detach = attachWorkbench(el, { onBeforeCallDialing: () => {} });
    expect(el.dial('1').went).to.equal(false);
    expect(el.asked).to.deep.equal([]);
  });

  it('a later dial the core refuses reaches onErrorNotify', async () => {
    const errors: string[] = [];
    let callback: (() => void) | undefined;
    detach = attachWorkbench(el, {
      onBeforeCallDialing: (payload) => (callback = payload.callback),
      onErrorNotify: (error) => errors.push(`${error.errorCode}: ${error.errorMsgTip}`),
    });
    el.refuse = new WellError(WellErrorCode.NOT_ALLOWED_IN_STATE, 'not now');
    el.dial('1');
    callback!();
    await new Promise((resolve) => setTimeout(resolve));
    expect(errors).to.deep.equal(['NOT_ALLOWED_IN_STATE: not now']);
  });

  it('onBeforeCallHangup: the veto of the SDK, the callback at once or later', async () => {
    let later: (() => void) | undefined;
    let answer: 'now' | 'later' = 'now';
    const payloads: unknown[] = [];
    detach = attachWorkbench(el, {
      onBeforeCallHangup: (payload) => {
        payloads.push({ jobId: payload.jobId, userId: payload.userId });
        if (answer === 'now') payload.callback();
        else later = payload.callback;
      },
    });
    el.status(9, 6);
    expect(el.hangUpIntent('job-1')).to.equal(true);
    answer = 'later';
    expect(el.hangUpIntent('job-1')).to.equal(false);
    expect(el.asked).to.deep.equal([]);
    later!();
    await Promise.resolve();
    expect(el.asked).to.deep.equal(['hangUp job-1']);
    expect(payloads).to.deep.equal([
      { jobId: 'job-1', userId: 'agent1@ccc-test' },
      { jobId: 'job-1', userId: 'agent1@ccc-test' },
    ]);
  });

  it('onErrorNotify keeps the Aliyun Code, Message and RequestId and the translated text', () => {
    const errors: unknown[] = [];
    detach = attachWorkbench(el, { onErrorNotify: (error) => errors.push({ ...error, error: undefined }) });
    const error = new WellError(WellErrorCode.REFUSED, 'TakeBreak: no (Permission.Unauthorized)', {
      vendorCode: 'Permission.Unauthorized',
      detail: { reason: 'permission', message: 'no', requestId: 'R-1' },
    });
    el.dispatchEvent(new WellErrorEvent({ error, code: error.code, message: 'No permission.' }));
    expect(errors).to.deep.equal([
      {
        errorCode: 'Permission.Unauthorized',
        errorMsg: 'no',
        errorMsgTip: 'No permission.',
        requestId: 'R-1',
        error: undefined,
      },
    ]);
  });

  it('the dispose function detaches every hook; onInit is not called once detached', async () => {
    const seen: string[] = [];
    detach = attachWorkbench(el, {
      onInit: () => seen.push('init'),
      onStatusChange: () => seen.push('status'),
      onBeforeCallDialing: () => {},
    });
    detach();
    await el.updateComplete;
    await Promise.resolve();
    el.status(3, 2);
    expect(el.dial('1').went).to.equal(true);
    expect(seen).to.deep.equal([]);
  });
});
