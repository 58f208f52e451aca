// The element's own modules on their own: attribute → config, call notices → DOM events, the raw-event rule,
// click-to-call digits. The element tests (well-softphone*.test.ts) cover them again through the element.
import { expect } from '@open-wc/testing';
import { clickToCallNumber } from '../../src/element/click-to-call.js';
import { configFromAttributes, type ConfigAttributes } from '../../src/element/config-from-attributes.js';
import { callEndDetail, callEventOf, NoticeEvents, noteListener } from '../../src/element/notice-events.js';
import type { CallRecord } from '../../src/model/call.js';
import type { RawMessage } from '../../src/model/domain-event.js';

const attributes = (changes: Partial<ConfigAttributes> = {}): ConfigAttributes => ({
  vendor: 'well',
  server: '',
  apiUrl: '',
  loginUrl: '',
  eventUrl: '',
  queue: '',
  group: '',
  afterCall: 'manual',
  noReattach: false,
  sharedSession: false,
  ...changes,
});

const call = (changes: Partial<CallRecord> = {}): CallRecord => ({
  callId: 'c1',
  state: 'connected',
  direction: 'inbound',
  isCaller: false,
  party: '13800138000',
  parties: [],
  callType: 'Inbound',
  userData: undefined,
  createdAt: 1000,
  establishedAt: 2000,
  conferenced: false,
  membershipChanged: false,
  consultOf: undefined,
  recording: false,
  muted: false,
  ...changes,
});

describe('element modules', () => {
  it('configFromAttributes: shared-session turns the shared tab session on', () => {
    expect(configFromAttributes(attributes({ sharedSession: true })).sharedSession).to.equal(true);
    expect(configFromAttributes(attributes())).to.not.have.property('sharedSession');
    expect(configFromAttributes(attributes({ noSocketWorker: true })).socketInWorker).to.equal(false);
    expect(configFromAttributes(attributes())).to.not.have.property('socketInWorker');
  });

  it('configFromAttributes: empty attributes are left out, numbers are renamed, after-call "manual" is no rule', () => {
    expect(configFromAttributes(attributes())).to.deep.equal({
      vendor: 'well',
      afterCallSeconds: undefined,
      autoAnswerSeconds: undefined,
      ringTimeoutSeconds: undefined,
      reattach: true,
    });
    const config = configFromAttributes(
      attributes({
        server: 'https://cti.example.com',
        reconnectDelay: 500,
        requestTimeout: 2000,
        subscribeGrace: 0,
        queue: 'q1',
        afterCall: '15',
        autoAnswer: 0,
        ringTimeout: 0,
        noReattach: true,
      }),
    );
    expect(config).to.include({
      server: 'https://cti.example.com',
      reconnectDelayMs: 500,
      requestTimeoutMs: 2000,
      subscribeGraceMs: 0,
      queue: 'q1',
      afterCallSeconds: 15,
      autoAnswerSeconds: 0,
      ringTimeoutSeconds: undefined,
      reattach: false,
    });
    expect(configFromAttributes(attributes({ afterCall: '' })).afterCallSeconds).to.equal(undefined);
    expect(configFromAttributes(attributes({ afterCall: '-1', autoAnswer: -1 }))).to.include({
      afterCallSeconds: undefined,
      autoAnswerSeconds: undefined,
    });
  });

  it('the raw well-event is built only while the target has a listener of its own for it', () => {
    const target = new EventTarget();
    const notices = new NoticeEvents(target);
    const seen: Event[] = [];
    const spy = (event: Event): void => void seen.push(event);
    // listening without noting it (as the element's own addEventListener would): nothing is built
    target.addEventListener('well-event', spy);
    const message = { vendor: 'well', body: '{}' } as unknown as RawMessage;
    notices.raw(message);
    expect(seen).to.have.length(0);
    noteListener(target, true, 'well-event', spy);
    noteListener(target, true, 'well-status-change', spy);
    notices.raw(message);
    expect(seen.map((e) => e.type)).to.deep.equal(['well-event']);
    // the capture flag tells listeners apart, as the DOM does
    noteListener(target, false, 'well-event', spy, true);
    notices.raw(message);
    expect(seen).to.have.length(2);
    noteListener(target, false, 'well-event', spy);
    notices.raw(message);
    expect(seen).to.have.length(2);
  });

  it('call notices become their well-call-* events with a copy of the call', () => {
    const record = call();
    const types = (['offered', 'started', 'held', 'resumed', 'conferenced'] as const).map((type) => {
      const event = callEventOf({ type, call: record }) as Event & { detail: CallRecord };
      expect(event.detail).to.deep.equal(record);
      expect(event.detail).to.not.equal(record);
      return event.type;
    });
    expect(types).to.deep.equal([
      'well-call-offer',
      'well-call-start',
      'well-call-hold',
      'well-call-resume',
      'well-call-conference',
    ]);
    const transfer = callEventOf({ type: 'transferred', call: record, from: 'c0' }) as Event & { detail: unknown };
    expect(transfer.type).to.equal('well-call-transfer');
    expect(transfer.detail).to.deep.equal({ call: record, previousCallId: 'c0' });
  });

  it('callEndDetail: a two-party call names its party; a conference has no caller or party', () => {
    const end = { endedAt: 3000, cause: 'NORMAL_CLEARING', releasingDevice: undefined };
    expect(callEndDetail({ ...end, call: call() })).to.deep.include({
      callId: 'c1',
      isEstablished: true,
      isCaller: false,
      partyDevice: '13800138000',
      isOutCall: true,
      createdAt: 1000,
      establishedAt: 2000,
      endedAt: 3000,
      cause: 'NORMAL_CLEARING',
    });
    const internal = callEndDetail({ ...end, call: call({ party: '8002', establishedAt: undefined }) });
    expect(internal).to.include({ isOutCall: false, isEstablished: false });
    const conference = callEndDetail({ ...end, call: call({ conferenced: true, parties: ['8002', '8003'] }) });
    expect(conference).to.include({ isCaller: undefined, partyDevice: '', isOutCall: false });
  });

  it('clickToCallNumber keeps digits, * and #', () => {
    expect(clickToCallNumber(' 138-0013 8000 ')).to.equal('13800138000');
    expect(clickToCallNumber('*86#')).to.equal('*86#');
    expect(clickToCallNumber('call me')).to.equal('');
  });
});
