import { expect } from '@open-wc/testing';
import { applyCallEvent, deriveCallCode } from '../../src/machine/calls.js';
import type { CallNotice, CallRecord } from '../../src/model/call.js';
import type { CallFactEvent } from '../../src/model/domain-event.js';

const ME = '8001@test.cc';
const AGENT2 = '8002@test.cc';
const AGENT3 = '8003@test.cc';
const CUSTOMER = '13800138000@test.cc';

let serial = 0;
const ev = (type: CallFactEvent['type'], callId: string, fields: Record<string, unknown> = {}): CallFactEvent =>
  ({ type, callId, meta: { name: type, serial: ++serial, at: 1_000 * serial, raw: {} }, ...fields }) as CallFactEvent;

/** Replays events, returning the status code after each one and every notice. */
function replay(events: CallFactEvent[], start: Record<string, CallRecord> = {}) {
  let calls: Readonly<Record<string, CallRecord>> = start;
  const codes: (number | undefined)[] = [];
  const notices: CallNotice[] = [];
  let unsure = false;
  for (const e of events) {
    const update = applyCallEvent(calls, e, ME);
    calls = update.calls;
    notices.push(...update.notices);
    unsure ||= update.unsure;
    codes.push(deriveCallCode(calls));
  }
  return { calls, codes, notices: notices.map((n) => n.type), unsure, raw: notices };
}

// documented sequence: manual outbound, the far end answers, then hangs up (outbound calls produce two clears)
const outbound = (id = 'C1', far = CUSTOMER) => [
  ev('call.initiated', id, { deviceId: ME }),
  ev('call.originated', id, { callingDevice: ME, calledDevice: far }),
  ev('call.delivered', id, { callingDevice: ME, calledDevice: far, alertingDevice: far }),
  ev('call.established', id, { callingDevice: ME, calledDevice: far, answeringDevice: far }),
  ev('call.cleared', id, { releasingDevice: far, cause: 'NORMAL_CLEARING' }),
  ev('call.cleared', id, { releasingDevice: ME, cause: 'NORMAL_CLEARING' }),
];
// documented sequence: inbound, answered, the agent hangs up
const inbound = (id = 'C1', from = CUSTOMER) => [
  ev('call.delivered', id, {
    callingDevice: from,
    calledDevice: ME,
    alertingDevice: ME,
    callType: 'Inbound',
    userData: { originalANI: '13800138000' },
  }),
  ev('call.established', id, { callingDevice: from, calledDevice: ME, answeringDevice: ME }),
  ev('call.cleared', id, { releasingDevice: ME }),
];

describe('calls (pure reducer and derived codes 6–30)', () => {
  it('outbound: 8 while dialing and ringing, 10 when answered, ended only by the own clear', () => {
    const r = replay(outbound());
    expect(r.codes).to.deep.equal([8, 8, 8, 10, 10, undefined]);
    expect(r.notices).to.deep.equal(['started', 'ended']);
    const end = r.raw.find((n) => n.type === 'ended');
    expect(end?.type === 'ended' && end.end.call).to.include({
      isCaller: true,
      direction: 'outbound',
      party: CUSTOMER,
    });
    expect(end?.type === 'ended' && end.end.call.establishedAt).to.equal(4_000 + (serial - 6) * 1000);
  });

  it('inbound: 6 ringing (offer with user data), 9 talking, ended', () => {
    const r = replay(inbound());
    expect(r.codes).to.deep.equal([6, 9, undefined]);
    expect(r.notices).to.deep.equal(['offered', 'started', 'ended']);
    const offer = r.raw[0];
    expect(offer?.type === 'offered' && offer.call).to.deep.include({
      party: CUSTOMER,
      direction: 'inbound',
      callType: 'Inbound',
      userData: { originalANI: '13800138000' },
    });
  });

  it('internal agent-to-agent is 11; the caller sees 8 then 11', () => {
    expect(replay(inbound('C1', AGENT2)).codes).to.deep.equal([6, 11, undefined]);
    expect(replay(outbound('C1', AGENT2)).codes).to.deep.equal([8, 8, 8, 11, 11, undefined]);
  });

  it('hold and retrieve: 12 and back, held/resumed notices', () => {
    const [d, e] = inbound();
    const r = replay([
      d!,
      e!,
      ev('call.held', 'C1', { holdingDevice: ME }),
      ev('call.retrieved', 'C1', { retrievingDevice: ME }),
    ]);
    expect(r.codes).to.deep.equal([6, 9, 12, 9]);
    expect(r.notices).to.deep.equal(['offered', 'started', 'held', 'resumed']);
  });

  it('the other side holding us changes nothing', () => {
    const [d, e] = inbound();
    expect(replay([d!, e!, ev('call.held', 'C1', { holdingDevice: CUSTOMER })]).codes).to.deep.equal([6, 9, 9]);
  });

  describe('consult (2-line)', () => {
    const talking = () => inbound().slice(0, 2);
    /** The consult call C2 merges into the held call C1 (docs/protocols/well.md fact 13). */
    const conferenced = () =>
      ev('call.conferenced', 'C1', {
        conferencingDevice: ME,
        addedParty: AGENT2,
        secondaryOldCall: 'C2',
        newCall: 'C1',
      });
    const consult = [
      ev('call.held', 'C1', { holdingDevice: ME }),
      ev('call.initiated', 'C2', { deviceId: ME }),
      ev('call.originated', 'C2', { callingDevice: ME, calledDevice: AGENT2 }),
      ev('call.delivered', 'C2', { callingDevice: ME, calledDevice: AGENT2, alertingDevice: AGENT2 }),
      ev('call.established', 'C2', { callingDevice: ME, calledDevice: AGENT2, answeringDevice: AGENT2 }),
    ];

    it('16 while the consult call rings, 17 once answered, the consult call knows its held call', () => {
      const r = replay([...talking(), ...consult]);
      expect(r.codes).to.deep.equal([6, 9, 12, 16, 16, 16, 17]);
      expect(r.calls['C2']!.consultOf).to.equal('C1');
    });

    it('cancel consult: back to 12, then 9 when the held call is retrieved', () => {
      const r = replay([
        ...talking(),
        ...consult,
        ev('call.cleared', 'C2', { releasingDevice: ME }),
        ev('call.retrieved', 'C1', { retrievingDevice: ME }),
      ]);
      expect(r.codes.slice(-2)).to.deep.equal([12, 9]);
    });

    it('the consulted agent hangs up first: the consult call ends on our clear', () => {
      const r = replay([
        ...talking(),
        ...consult,
        ev('call.cleared', 'C2', { releasingDevice: AGENT2 }),
        ev('call.cleared', 'C2', { releasingDevice: ME }),
        ev('call.retrieved', 'C1', { retrievingDevice: ME }),
      ]);
      expect(r.codes.slice(-3)).to.deep.equal([17, 12, 9]);
    });

    it('complete transfer: the initiator leaves both calls', () => {
      const r = replay([
        ...talking(),
        ...consult,
        ev('call.transferred', 'C1', {
          transferringDevice: ME,
          transferredToDevice: AGENT2,
          secondaryOldCall: 'C2',
          newCall: 'C1',
        }),
        ev('call.cleared', 'C2', { releasingDevice: ME }),
        ev('call.cleared', 'C1', { releasingDevice: ME }),
      ]);
      expect(r.codes.at(-1)).to.equal(undefined);
      expect(r.notices.filter((n) => n === 'ended')).to.have.length(2);
    });

    it('the transfer target renames secondaryOldCall → newCall and keeps talking', () => {
      const r = replay([
        ev('call.delivered', 'C2', { callingDevice: AGENT2, calledDevice: ME, alertingDevice: ME }),
        ev('call.established', 'C2', { callingDevice: AGENT2, calledDevice: ME, answeringDevice: ME }),
        ev('call.transferred', 'C2', {
          transferringDevice: AGENT2,
          transferredToDevice: ME,
          secondaryOldCall: 'C2',
          newCall: 'C9',
        }),
        ev('call.cleared', 'C9', { releasingDevice: ME }),
      ]);
      expect(r.codes).to.deep.equal([6, 11, 11, undefined]);
      expect(r.notices).to.deep.equal(['offered', 'started', 'transferred', 'ended']);
    });

    it('conference: the consult call merges into the conference (19); a party leaving is 30, then 19 again', () => {
      const r = replay([
        ...talking(),
        ...consult,
        ev('call.conferenced', 'C1', {
          conferencingDevice: ME,
          addedParty: AGENT2,
          primaryOldCall: '0',
          secondaryOldCall: 'C2',
          newCall: 'C1',
        }),
        ev('call.cleared', 'C1', { releasingDevice: AGENT3 }),
        ev('call.recording.started' as never, 'C1'),
      ]);
      expect(Object.keys(r.calls)).to.deep.equal(['C1']);
      expect(r.calls['C1']!.parties).to.have.members([CUSTOMER, AGENT2]);
      expect(r.codes.slice(7, 8)).to.deep.equal([19]);
    });

    it('conference: another party leaves (30), then the remaining two talk on (back to 9)', () => {
      const r = replay([
        ...talking(),
        ...consult,
        conferenced(),
        ev('call.cleared', 'C1', { releasingDevice: AGENT2 }),
        ev('call.retrieved', 'C1', { retrievingDevice: CUSTOMER }),
      ]);
      expect(r.codes.slice(-3)).to.deep.equal([19, 30, 9]);
    });

    it('conference: a party joining a running conference is 30 until the next event, then 19', () => {
      const r = replay([
        ...talking(),
        ...consult,
        conferenced(),
        ev('call.conferenced', 'C1', { conferencingDevice: ME, addedParty: '8004' }),
        ev('call.recording.started' as never, 'C1'),
      ]);
      expect(r.codes.slice(-3)).to.deep.equal([19, 30, 19]);
      expect(r.calls['C1']!.parties).to.include('8004');
    });

    it('conference: a repeated conferenced fact naming no new party stays 19', () => {
      const r = replay([...talking(), ...consult, conferenced(), conferenced()]);
      expect(r.codes.slice(-2)).to.deep.equal([19, 19]);
    });

    it('conference hang-up orders of the documented samples: B gets 1, 2 or 3 clears; only the own one ends the call', () => {
      const conf = [...talking(), ...consult, conferenced()];
      const selfFirst = replay([...conf, ev('call.cleared', 'C1', { releasingDevice: ME })]);
      const cThenB = replay([
        ...conf,
        ev('call.cleared', 'C1', { releasingDevice: AGENT2 }),
        ev('call.cleared', 'C1', { releasingDevice: ME }),
      ]);
      const cThenAThenB = replay([
        ...conf,
        ev('call.cleared', 'C1', { releasingDevice: AGENT2 }),
        ev('call.cleared', 'C1', { releasingDevice: CUSTOMER }),
        ev('call.cleared', 'C1', { releasingDevice: ME }),
      ]);
      for (const r of [selfFirst, cThenB, cThenAThenB]) {
        expect(r.codes.at(-1)).to.equal(undefined);
        expect(r.notices.filter((n) => n === 'ended')).to.have.length(1);
      }
      expect(cThenAThenB.codes.slice(-3)).to.deep.equal([30, 30, undefined]);
    });
  });

  describe('convergence', () => {
    it('duplicated events change nothing and notify once', () => {
      const events = inbound();
      const doubled = events.flatMap((e) => [e, e]);
      const r = replay(doubled);
      expect(r.codes).to.deep.equal([6, 6, 9, 9, undefined, undefined]);
      expect(r.notices).to.deep.equal(['offered', 'started', 'ended']);
    });

    it('serviceInitiated after delivered (out of order) still ends in a dialing call, then talking', () => {
      const [init, orig, deliv, est] = outbound();
      expect(replay([deliv!, init!, orig!, est!]).codes).to.deep.equal([8, 8, 8, 10]);
    });

    it('established before delivered: connected, and the late delivered does not rewind it', () => {
      const [deliv, est] = inbound();
      const r = replay([est!, deliv!]);
      expect(r.codes).to.deep.equal([9, 9]);
      expect(r.notices).to.deep.equal(['started']);
    });

    it('events for unknown calls never create ghosts; contradictions ask for a resync', () => {
      const r = replay([
        ev('call.held', 'X', { holdingDevice: ME }),
        ev('call.retrieved', 'X', { retrievingDevice: ME }),
        ev('call.cleared', 'X', { releasingDevice: ME }),
        ev('call.conferenced', 'X', { secondaryOldCall: 'Y' }),
      ]);
      expect(r.calls).to.deep.equal({});
      expect(r.codes).to.deep.equal([undefined, undefined, undefined, undefined]);
      expect(r.unsure).to.equal(true);
    });

    it('a truncated sequence (the own clear never comes) leaves the call for the resync to settle', () => {
      const r = replay(outbound().slice(0, 5));
      expect(r.codes.at(-1)).to.equal(10);
      expect(Object.keys(r.calls)).to.deep.equal(['C1']);
    });

    it('recording events mark the call; one without a callId applies to the current call', () => {
      const [d, e] = inbound();
      const r = replay([d!, e!, ev('recording.started', 'C1'), ev('recording.stopped', '')]);
      expect(r.calls['C1']!.recording).to.equal(false);
      const started = replay([d!, e!, ev('recording.started', '')]);
      expect(started.calls['C1']!.recording).to.equal(true);
    });

    it('mute events mark the call, and only a known call', () => {
      const [d, e] = inbound();
      expect(replay([d!, e!, ev('call.muted', 'C1')]).calls['C1']!.muted).to.equal(true);
      expect(replay([d!, e!, ev('call.muted', 'C1'), ev('call.unmuted', 'C1')]).calls['C1']!.muted).to.equal(false);
      expect(replay([d!, e!, ev('call.muted', 'other')]).calls['other']).to.equal(undefined);
    });

    it('a consultation from an outside-looking number delivered as callType Consult is being consulted (20)', () => {
      const from = '13900000009';
      const r = replay([
        ev('call.delivered', 'K1', { callingDevice: from, calledDevice: ME, alertingDevice: ME, callType: 'Consult' }),
        ev('call.established', 'K1', { callingDevice: from, calledDevice: ME, answeringDevice: ME }),
      ]);
      expect(r.calls['K1']!.direction).to.equal('internal');
      expect(r.codes.at(-1)).to.equal(20);
    });

    it('calls of other devices are ignored', () => {
      const r = replay([
        ev('call.delivered', 'Z', { callingDevice: CUSTOMER, calledDevice: AGENT2, alertingDevice: AGENT2 }),
      ]);
      expect(r.calls).to.deep.equal({});
    });
  });

  describe('call ids that are Object.prototype names are ordinary ids', () => {
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      it(`inbound cycle with call id "${id}"`, () => {
        const r = replay(inbound(id));
        expect(r.codes).to.deep.equal([6, 9, undefined]);
        expect(r.notices).to.deep.equal(['offered', 'started', 'ended']);
        expect(r.unsure).to.equal(false);
      });

      it(`a held event for an unknown call "${id}" creates no phantom call`, () => {
        const r = replay([ev('call.held', id, { holdingDevice: ME })]);
        expect(Object.keys(r.calls)).to.deep.equal([]);
        expect(r.codes).to.deep.equal([undefined]);
      });
    }
  });
});
