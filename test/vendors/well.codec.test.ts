import { expect } from '@open-wc/testing';
import samples from '../fixtures/well-events.json' with { type: 'json' };
import {
  agentTopic,
  connectionId,
  decodeWellEvent,
  MAX_FIELD_CHARS,
  MAX_USER_DATA_ENTRIES,
  parseEventTime,
  parseWellFrame,
  SerialFilter,
} from '../../src/vendors/well/well.codec.js';
import { LOGIN_STATUS_REASONS, loginError, loginFailureOf } from '../../src/vendors/well/well.errors.js';
import { WellErrorCode } from '../../src/model/well-error.js';

interface Sample {
  section: string;
  event: Record<string, unknown> & { eventName: string };
}

/** What each documented sample (the fixture file imported above) must decode to. */
const EXPECTED_TYPE: Record<string, string> = {
  agentLoggedOn: 'agent.loggedOn',
  agentLoggedOff: 'agent.loggedOff',
  agentReady: 'agent.wentReady',
  agentNotReady: 'agent.wentNotReady',
  agentWorkingAfterCall: 'agent.startedAfterCallWork',
  agentAllocated: 'agent.allocated',
  serviceInitiated: 'call.initiated',
  originated: 'call.originated',
  delivered: 'call.delivered',
  established: 'call.established',
  connectionCleared: 'call.cleared',
  transferred: 'call.transferred',
  conferenced: 'call.conferenced',
  retrieved: 'call.retrieved',
  held: 'call.held',
};

const RECEIVED_AT = Date.UTC(2030, 0, 1);

describe('well codec', () => {
  it('has a sample for every documented event', () => {
    const names = new Set((samples as Sample[]).map((s) => s.event.eventName));
    expect([...names].sort()).to.deep.equal(Object.keys(EXPECTED_TYPE).sort());
  });

  for (const sample of samples as Sample[]) {
    describe(`section ${sample.section}`, () => {
      const body = JSON.stringify(sample.event);
      const frame = parseWellFrame(body);

      it('parses and strips the transport fields (params, _type, topics)', () => {
        expect(frame.ok).to.equal(true);
        if (!frame.ok) return;
        expect(frame.event).not.to.have.property('params');
        expect(frame.event).not.to.have.property('_type');
        expect(frame.event).not.to.have.property('topics');
        expect(frame.event['eventName']).to.equal(sample.event.eventName);
      });

      it(`decodes to ${EXPECTED_TYPE[sample.event.eventName]} with serial, time and device`, () => {
        if (!frame.ok) throw new Error('not parsed');
        const decoded = decodeWellEvent(frame.event, RECEIVED_AT);
        expect(decoded?.type).to.equal(EXPECTED_TYPE[sample.event.eventName]);
        expect(decoded?.meta.serial).to.equal(sample.event['serial']);
        expect(decoded?.meta.at).to.equal(parseEventTime(sample.event['eventTime']));
        expect(decoded?.meta.at).not.to.equal(RECEIVED_AT);
        expect(decoded?.meta.srcDeviceId).to.equal(sample.event['srcDeviceId']);
        expect(decoded?.meta.name).to.equal(sample.event.eventName);
        expect(decoded?.meta.raw).to.equal(frame.event);
        if ('callId' in sample.event) expect((decoded as { callId: string }).callId).to.equal(sample.event['callId']);
        if (sample.event['eventType'] === 'agent') {
          expect((decoded as { agentId?: string }).agentId).to.equal(sample.event['agentId']);
          expect((decoded as { deviceId?: string }).deviceId).to.equal(sample.event['deviceId']);
        }
      });
    });
  }

  it('keeps the fields each call event carries', () => {
    const byName = (name: string, n = 0) =>
      decodeWellEvent(
        (samples as Sample[]).filter((s) => s.event.eventName === name)[n]!.event as never,
        RECEIVED_AT,
      ) as unknown as Record<string, unknown>;
    expect(byName('agentLoggedOn')['mode']).to.equal('Ready');
    expect(byName('agentNotReady')['reason']).to.equal('');
    expect(byName('serviceInitiated')['deviceId']).to.equal('8001@zhen04.cc');
    expect(byName('originated')['calledDevice']).to.equal('8002@zhen04.cc');
    expect(byName('delivered', 1)['alertingDevice']).to.equal('8003@test0016.cc');
    expect(byName('delivered', 1)['callingDevice']).to.equal('8004@test0016.cc');
    expect(byName('established')['answeringDevice']).to.equal('8002@zhen04.cc');
    expect(byName('connectionCleared')['releasingDevice']).to.equal('8002@zhen04.cc');
    expect(byName('transferred')['transferredToDevice']).to.equal('8003@zhen04.cc');
    expect(byName('transferred')['newCall']).to.equal('10549a5f-41c8-4309-a1ad-faa61c8f3777');
    expect(byName('conferenced')['addedParty']).to.equal('8003@zhen04.cc');
    expect(byName('held')['holdingDevice']).to.equal('8002@zhen04.cc');
    expect(byName('retrieved')['retrievingDevice']).to.equal('8002@zhen04.cc');
  });

  it('reads the not-ready reason ("2" = manual outbound) and user data', () => {
    const notReady = parseWellFrame(JSON.stringify({ eventName: 'agentNotReady', reason: '2', serial: 1 }));
    expect(notReady.ok && decodeWellEvent(notReady.event, 0)).to.include({ type: 'agent.wentNotReady', reason: '2' });
    const delivered = parseWellFrame(
      JSON.stringify({
        eventName: 'delivered',
        callId: 'c1',
        callType: 'Inbound',
        userData: { data: { originalANI: '13800000000', campaign: 'x' } },
      }),
    );
    const decoded = delivered.ok ? (decodeWellEvent(delivered.event, 0) as unknown as Record<string, unknown>) : {};
    expect(decoded['callType']).to.equal('Inbound');
    expect(decoded['userData']).to.deep.equal({ originalANI: '13800000000', campaign: 'x' });
  });

  it('cuts text fields to MAX_FIELD_CHARS and user data to MAX_USER_DATA_ENTRIES before they reach the machine', () => {
    const long = '9'.repeat(100_000);
    const data: Record<string, unknown> = { note: 'x'.repeat(5000), n: 7 };
    for (let i = 0; i < 100; i++) data[`k${i}`] = `v${i}`;
    const frame = parseWellFrame(
      `{"eventName":"delivered","callId":"c1","callingDevice":"${long}","calledDevice":"8001@test.cc",` +
        `"userData":{"data":${JSON.stringify(data).replace('{', '{"__proto__":"p",')}}}`,
    );
    const decoded = (frame.ok ? decodeWellEvent(frame.event, 0) : {}) as unknown as Record<string, unknown>;
    expect(decoded['callingDevice']).to.equal('9'.repeat(MAX_FIELD_CHARS));
    expect(decoded['calledDevice']).to.equal('8001@test.cc');
    const userData = decoded['userData'] as Record<string, unknown>;
    expect(Object.keys(userData)).to.have.length(MAX_USER_DATA_ENTRIES);
    expect(Object.getPrototypeOf(userData)).to.equal(Object.prototype);
    expect(Object.hasOwn(userData, '__proto__')).to.equal(true);
    expect(userData['note']).to.equal('x'.repeat(MAX_FIELD_CHARS));
    expect(userData['n']).to.equal(7);
  });

  describe('bad input', () => {
    for (const [label, body] of [
      ['not JSON', '{"eventName": "agentReady",'],
      ['a JSON array', '[1,2]'],
      ['a JSON string', '"agentReady"'],
      ['null', 'null'],
      ['no eventName', '{"serial": 3}'],
      ['an empty eventName', '{"eventName": ""}'],
      ['an empty body', ''],
    ] as const) {
      it(`returns MALFORMED_EVENT for ${label}, never throws`, () => {
        const result = parseWellFrame(body);
        expect(result.ok).to.equal(false);
        if (!result.ok) {
          expect(result.error.code).to.equal(WellErrorCode.MALFORMED_EVENT);
          expect(result.body).to.equal(body);
        }
      });
    }

    it('leaves unknown event names undecoded (they reach the host raw)', () => {
      const frame = parseWellFrame('{"eventName":"ChannelStateChangedEvent","serial":9}');
      expect(frame.ok).to.equal(true);
      expect(frame.ok && decodeWellEvent(frame.event, 0)).to.equal(undefined);
    });

    it('leaves call events without a callId undecoded, except recordStopped (the real sample has none)', () => {
      const frame = parseWellFrame('{"eventName":"delivered"}');
      expect(frame.ok && decodeWellEvent(frame.event, 0)).to.equal(undefined);
      const stopped = parseWellFrame('{"eventName":"recordStopped","recordId":"r1","isSuccess":true}');
      expect(stopped.ok && decodeWellEvent(stopped.event, 0)).to.include({ type: 'recording.stopped', callId: '' });
    });

    it('falls back to the receive time when eventTime is missing or malformed', () => {
      for (const eventTime of [undefined, '2017-03-18 14:13:24', 'yesterday', 42]) {
        const frame = parseWellFrame(JSON.stringify({ eventName: 'agentReady', eventTime }));
        expect(frame.ok && decodeWellEvent(frame.event, RECEIVED_AT)?.meta.at).to.equal(RECEIVED_AT);
      }
    });

    it('ignores a non-integer serial and an unknown agent mode', () => {
      const frame = parseWellFrame('{"eventName":"agentLoggedOn","serial":"abc","agentMode":"Dancing"}');
      const decoded = frame.ok ? decodeWellEvent(frame.event, 0) : undefined;
      expect(decoded?.meta.serial).to.equal(undefined);
      expect(decoded).to.include({ type: 'agent.loggedOn', mode: 'NotReady' });
    });
  });

  it('parses eventTime as local time', () => {
    expect(parseEventTime('2017.03.18 14:13:24')).to.equal(new Date(2017, 2, 18, 14, 13, 24).getTime());
  });

  it('drops only consecutive duplicate serials', () => {
    const filter = new SerialFilter();
    const seen = [1, 1, 2, 1, 3, 3, undefined, undefined, 4].map((s) => filter.isDuplicate(s));
    expect(seen).to.deep.equal([false, true, false, false, false, true, false, false, false]);
  });

  it('builds the agent topic and connection ids of the wire protocol', () => {
    expect(agentTopic('5001@test.cc')).to.equal('/topic/event.agent.*.5001@test_cc');
    expect(agentTopic('5001@a.b.cc')).to.equal('/topic/event.agent.*.5001@a_b_cc');
    expect(connectionId('8001@test.cc', 'abc')).to.equal('8001@test.cc%7Cabc');
  });

  describe('login statuses', () => {
    it('maps every documented status to a distinct reason', () => {
      const statuses = [401, 423, 426, 451, 452, 453, 454, 455, 456, 457, 458, 459, 460, 461, 462, 465, 466, 483];
      const reasons = statuses.map((s) => loginFailureOf(s, undefined).reason);
      expect(new Set(reasons).size).to.equal(statuses.length);
      expect(Object.keys(LOGIN_STATUS_REASONS).map(Number).sort()).to.deep.equal(statuses);
    });

    it('reads deviceId of 455 and the agent of 459 (either field name, or bare text)', () => {
      expect(loginFailureOf(455, { deviceId: '8002@test.cc' }).deviceId).to.equal('8002@test.cc');
      expect(loginFailureOf(459, { agent: '5002@test.cc' }).agent).to.equal('5002@test.cc');
      expect(loginFailureOf(459, { agentId: '5003@test.cc' }).agent).to.equal('5003@test.cc');
      expect(loginFailureOf(459, '5004@test.cc').agent).to.equal('5004@test.cc');
    });

    it('marks only 454 and 455 as conflicts for the login mode', () => {
      expect(loginError(454, {}).detail?.['conflict']).to.equal(true);
      expect(loginError(455, {}).detail?.['conflict']).to.equal(true);
      expect(loginError(459, {}).detail?.['conflict']).to.equal(false);
      expect(loginError(503, {}).detail?.['reason']).to.equal('serverError');
    });
  });
});
