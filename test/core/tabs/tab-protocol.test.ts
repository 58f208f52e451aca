import { expect } from '@open-wc/testing';
import {
  TAB_PROTOCOL_VERSION,
  cloneable,
  cloneableEvent,
  fromWire,
  parseTabMessage,
  toWire,
  type TabBody,
} from '../../../src/core/tabs/tab-protocol.js';
import type { DomainEvent } from '../../../src/model/domain-event.js';
import { WellError, WellErrorCode } from '../../../src/model/well-error.js';

const kept = { jobNumber: '5001', domain: 'test.cc', extension: '8001', sessionId: 's-1' };
const identity = {
  jobNumber: '5001',
  domain: 'test.cc',
  extension: '8001',
  agentId: '5001@test.cc',
  deviceId: '8001@test.cc',
};
const event = {
  type: 'call.delivered',
  callId: 'c1',
  alertingDevice: '8001@test.cc',
  userData: { order: 7 },
  meta: { name: 'delivered', serial: 3, at: 1, raw: { eventName: 'delivered' } },
} as DomainEvent;

describe('tab protocol', () => {
  it('accepts every kind of message after a structured clone (what BroadcastChannel does)', () => {
    const bodies: TabBody[] = [
      { kind: 'hello' },
      { kind: 'bye' },
      { kind: 'state', status: 'live', channel: true, kept, identity },
      { kind: 'request', id: 'r1', op: 'execute', timeoutMs: 3000, command: { type: 'answer', callId: 'c1' } },
      { kind: 'request', id: 'r2', op: 'attach', timeoutMs: 3000, session: kept },
      { kind: 'cancel', id: 'r1' },
      { kind: 'response', to: 't', id: 'r1', ok: true, result: { loggedIn: true, agentMode: 'Ready', raw: {} } },
      { kind: 'response', to: 't', id: 'r1', ok: false, error: toWire(new WellError(WellErrorCode.TIMEOUT, 'x')) },
      { kind: 'event', event },
      { kind: 'raw', message: { vendor: 'well', body: {}, decoded: true, receivedAt: 1 } },
      { kind: 'lost', error: { code: WellErrorCode.CHANNEL_ERROR, message: 'gone' } },
      { kind: 'problem', error: { code: WellErrorCode.MALFORMED_EVENT, message: 'bad' } },
      { kind: 'resync', reason: 'why' },
      { kind: 'focus', focused: true, at: 5 },
      { kind: 'ring', ringer: 't' },
    ];
    for (const body of bodies) {
      const parsed = parseTabMessage(structuredClone({ ...body, v: TAB_PROTOCOL_VERSION, from: 'tab-1' }));
      expect(parsed.ok, body.kind).to.equal(true);
    }
  });

  it('refuses another version, a missing sender and commands it does not know', () => {
    const base = { v: TAB_PROTOCOL_VERSION, from: 'tab-1' };
    expect(parseTabMessage({ ...base, v: 2, kind: 'hello' })).to.deep.equal({
      ok: false,
      reason: 'protocol version 2',
    });
    expect(parseTabMessage({ v: TAB_PROTOCOL_VERSION, kind: 'hello' }).ok).to.equal(false);
    const request = { ...base, kind: 'request', id: 'r', op: 'execute', timeoutMs: 1 };
    expect(parseTabMessage({ ...request, command: { type: 'constructor' } }).ok).to.equal(false);
    expect(parseTabMessage({ ...request, command: { type: 'answer' } }).ok).to.equal(false);
    expect(parseTabMessage({ ...request, command: { type: 'answer', callId: 'c' } }).ok).to.equal(true);
  });

  it('makes what does not clone plain: functions and cycles in meta.raw, never a throw', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic['self'] = cyclic;
    const withFunction = { ...event, meta: { ...event.meta, raw: { n: 2, f: () => 0 } } } as DomainEvent;
    expect(cloneableEvent(withFunction).meta.raw).to.deep.equal({ n: 2 });
    const cleaned = cloneableEvent({ ...event, meta: { ...event.meta, raw: { cyclic, f: () => 0 } } } as DomainEvent);
    expect(cleaned.meta.raw).to.equal('[object Object]');
    expect(() => structuredClone(cleaned)).to.not.throw();
    expect(cloneableEvent(event)).to.deep.equal(event); // plain data stays as it is
    expect(cloneable({ a: [1, 'x'] })).to.deep.equal({ a: [1, 'x'] });
  });

  it('carries a WellError as plain data and back', () => {
    const error = new WellError(WellErrorCode.HTTP_ERROR, 'HTTP 500', {
      status: 500,
      operation: 'ready',
      detail: { body: { status: 500 }, fn: () => 1 },
    });
    const back = fromWire(structuredClone(toWire(error)));
    expect(back).to.be.instanceOf(WellError);
    expect(back.toJSON()).to.deep.equal({ ...error.toJSON(), detail: { body: { status: 500 } } });
  });
});
