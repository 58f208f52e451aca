import { expect } from '@open-wc/testing';
import {
  agentModeOf,
  agentStateOf,
  callStateOf,
  decodeVccEvent,
  serverCallsOf,
} from '../../src/vendors/xswitch/xswitch.codec.js';

const ME = '1001';
/** A `verto.event` as the simulator sends it on vcc.<group>.<agent> (the payload shape is inferred, docs/protocols/xswitch.md fact 11). */
const vcc = (data: Record<string, unknown>, eventSerno = 1) => ({
  eventChannel: 'vcc.default.1001',
  eventType: 'vcc',
  data: { agent_id: '1001', group_id: 'default', queue_id: '100000', extn: '1001', ...data },
  eventSerno,
  subscribedChannel: 'vcc.default.1001',
});
const types = (params: Record<string, unknown>) => decodeVccEvent(params, ME, 5).map((e) => e.type);

describe('xswitch vcc codec', () => {
  it('agent states: LOGIN, READY, BUSY with a reason, LOGOUT', () => {
    expect(types(vcc({ action: 'agent-state', state: 'LOGIN', status: 'Out' }))).to.deep.equal(['agent.loggedOn']);
    expect(types(vcc({ action: 'agent-state', state: 'READY', status: 'Available' }))).to.deep.equal([
      'agent.wentReady',
    ]);
    const busy = decodeVccEvent(vcc({ action: 'agent-state', state: 'BUSY', reason: 'lunch' }), ME, 5);
    expect(busy[0]).to.include({ type: 'agent.wentNotReady', reason: 'lunch', agentId: '1001' });
    expect(types(vcc({ action: 'agent-state', state: 'LOGOUT' }))).to.deep.equal(['agent.loggedOff']);
  });

  it('mod_callcenter-style words are understood too', () => {
    expect(types({ eventChannel: 'vcc.default.1001', data: { 'CC-Agent-State': 'On Break' } })).to.deep.equal([
      'agent.wentNotReady',
    ]);
    expect(types({ eventChannel: 'vcc.default.1001', data: { 'CC-Agent-Status': 'Available' } })).to.deep.equal([
      'agent.wentReady',
    ]);
  });

  it('callback dialing: the agent leg ringing is still dialing; talking; idle ends the call', () => {
    const call = {
      action: 'call-state',
      call_uuid: 'u1',
      direction: 'outbound',
      callee: '13800138000',
      state: 'READY',
    };
    const ringing = decodeVccEvent(vcc({ ...call, callstate: 'RINGING', leg: 'agent' }), ME, 5);
    expect(ringing[0]).to.include({
      type: 'call.originated',
      callId: 'u1',
      callingDevice: ME,
      calledDevice: '13800138000',
    });
    const talking = decodeVccEvent(vcc({ ...call, callstate: 'TALKING', leg: 'dest' }), ME, 5);
    expect(talking[0]).to.include({ type: 'call.established', answeringDevice: '13800138000' });
    const idle = decodeVccEvent(vcc({ ...call, callstate: 'IDLE', cause: 'NORMAL_CLEARING' }), ME, 5);
    expect(idle[0]).to.include({ type: 'call.cleared', releasingDevice: ME, cause: 'NORMAL_CLEARING' });
    // the agent state travels with every call event
    expect(idle[1]).to.include({ type: 'agent.wentReady' });
  });

  it('inbound: ringing is an offer to the agent, with the caller as the other party', () => {
    const events = decodeVccEvent(
      vcc({ action: 'call-state', call_uuid: 'u2', direction: 'inbound', caller: '13800138000', callstate: 'RINGING' }),
      ME,
      5,
    );
    expect(events[0]).to.include({
      type: 'call.delivered',
      callId: 'u2',
      alertingDevice: ME,
      callingDevice: '13800138000',
      calledDevice: ME,
    });
    expect(types(vcc({ call_uuid: 'u2', direction: 'inbound', callstate: 'HOLD' }))).to.deep.equal(['call.held']);
  });

  it('keeps eventSerno as the serial and the params as raw', () => {
    const params = vcc({ state: 'READY' }, 42);
    const [event] = decodeVccEvent(params, ME, 5);
    expect(event!.meta).to.include({ serial: 42, at: 5 });
    expect(event!.meta.raw).to.equal(params);
  });

  it('unknown shapes decode to nothing (they reach the host raw) and never throw', () => {
    for (const params of [
      {},
      { eventChannel: 'vcc' },
      { eventChannel: 'vcc.default', data: 'text' },
      { eventChannel: 'vcc.default', data: [1, 2] },
      vcc({ state: 'DANCING' }),
      vcc({ callstate: 'RINGING' }), // no call id
      { data: null },
    ]) {
      expect(() => decodeVccEvent(params as Record<string, unknown>, ME, 5)).not.to.throw();
      expect(types(params as Record<string, unknown>)).to.deep.equal([]);
    }
  });

  it('maps agent_state words to modes for the resync', () => {
    expect(agentModeOf(agentStateOf({ state: 'READY' }))).to.equal('Ready');
    expect(agentModeOf(agentStateOf({ state: 'BUSY' }))).to.equal('NotReady');
    expect(agentModeOf(agentStateOf({ state: 'LOGOUT' }))).to.equal('Logout');
    expect(agentModeOf(agentStateOf({}))).to.equal('Logout');
  });

  describe('server strings that are Object.prototype names are ordinary values', () => {
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
    for (const name of names) {
      it(`"${name}" as a state word is unknown, as a call id an ordinary id`, () => {
        expect(agentStateOf({ state: name }), 'agent state').to.equal(undefined);
        expect(agentStateOf({ 'CC-Agent-State': name })).to.equal(undefined);
        expect(callStateOf({ callstate: name }), 'call state').to.equal(undefined);
        expect(agentModeOf(agentStateOf({ state: name }))).to.equal('Logout');
        expect(types(vcc({ state: name, callstate: name, call_uuid: 'u1' }))).to.deep.equal([]);
        const [talking] = decodeVccEvent(vcc({ call_uuid: name, callstate: 'TALKING', direction: 'inbound' }), ME, 5);
        expect(talking).to.include({ type: 'call.established', callId: name });
        const [held] = decodeVccEvent(vcc({ call_uuid: name, callstate: 'HOLD' }), ME, 5);
        expect(held).to.include({ type: 'call.held', callId: name });
        expect(serverCallsOf({ callstate: 'TALKING', call_uuid: name })).to.deep.equal([
          { callId: name, state: 'connected' },
        ]);
        expect(serverCallsOf({ callstate: name, call_uuid: 'u1' })).to.equal(undefined);
      });
    }
  });

  it('reads the call an agent_state row describes, for a resync', () => {
    const row = (extra: Record<string, unknown>) => ({ agent_id: '1001', state: 'READY', ...extra });
    const cases: [Record<string, unknown>, unknown][] = [
      [row({ callstate: 'IDLE' }), []],
      [
        row({ callstate: 'TALKING', call_uuid: 'u1', direction: 'inbound', caller: '138', callee: '1001' }),
        [{ callId: 'u1', state: 'connected', direction: 'inbound', party: '138' }],
      ],
      [
        row({ callstate: 'HOLD', call_uuid: 'u1', direction: 'outbound', caller: '1001', callee: '139' }),
        [{ callId: 'u1', state: 'held', direction: 'outbound', party: '139' }],
      ],
      [
        row({ callstate: 'RINGING', call_uuid: 'u2', direction: 'inbound', caller: '138' }),
        [{ callId: 'u2', state: 'alerting', direction: 'inbound', party: '138' }],
      ],
      // callback dialing: the agent's own leg ringing is still dialing
      [
        row({ callstate: 'RINGING', call_uuid: 'u3', direction: 'outbound', callee: '139' }),
        [{ callId: 'u3', state: 'initiated', direction: 'outbound', party: '139' }],
      ],
      [row({ callstate: 'TALKING', call_uuid: 'u4' }), [{ callId: 'u4', state: 'connected' }]],
      // the row cannot describe the call: undefined (the machine keeps its own calls)
      [row({ callstate: 'TALKING' }), undefined],
      [row({}), undefined],
      [row({ callstate: 'DANCING', call_uuid: 'u5' }), undefined],
    ];
    for (const [input, expected] of cases) expect(serverCallsOf(input), JSON.stringify(input)).to.deep.equal(expected);
  });
});
