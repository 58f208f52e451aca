import { expect } from '@open-wc/testing';
import {
  agentViewOf,
  callVariablesOf,
  callsOf,
  decodeCallContext,
  decodeEnvelope,
  decodeUserContext,
  field,
  flagsOf,
  snapshotOf,
} from '../../src/vendors/aliyun/aliyun.codec.js';
import { diffView, LOGGED_OUT, type Reported } from '../../src/vendors/aliyun/aliyun.sync.js';

const own = { agentId: 'agent1@ccc-test', extension: '80001001' };
const user = (state: string, extra: Record<string, unknown> = {}) => ({
  UserId: own.agentId,
  Extension: own.extension,
  UserState: state,
  BreakCode: '',
  OutboundScenario: false,
  ...extra,
});
const customer = (state = 'ANSWERED', flags: unknown = []) => ({
  ChannelId: 'ch:customer:139->80001001:1:job-1',
  ChannelState: state,
  ChannelFlags: flags,
  UserId: '',
  Originator: '13900000001',
  Destination: '80001001',
  Index: 0,
});
const mine = (state = 'ANSWERED') => ({
  ChannelId: 'ch:user:139->80001001:1:job-1',
  ChannelState: state,
  ChannelFlags: '',
  UserId: own.agentId,
  UserExtension: own.extension,
  Originator: '13900000001',
  Destination: '80001001',
  Index: 1,
});
const ctx = (callType: string, channels: unknown[]) => ({
  JobId: 'job-1',
  CallType: callType,
  ChannelContexts: channels,
});
const meta = { name: 'test', at: 1, raw: {} };

describe('aliyun codec (docs/protocols/aliyun.md)', () => {
  it('reads the envelope: OK with Data, errors with Code, Message, Params and RequestId, either key case', () => {
    expect(decodeEnvelope({ Code: 'OK', Data: { a: 1 }, RequestId: 'r1' })).to.deep.equal({
      ok: true,
      data: { a: 1 },
      requestId: 'r1',
    });
    expect(decodeEnvelope({ code: 'OK', data: 2, requestId: 'r2' })).to.deep.equal({
      ok: true,
      data: 2,
      requestId: 'r2',
    });
    const failed = decodeEnvelope({
      Code: 'InvalidOperation.UserState',
      HttpStatusCode: 400,
      Message: 'User state (OFFLINE) does not meet expectations (BREAK,READY,WORKING).',
      Params: ['OFFLINE', 'BREAK,READY,WORKING'],
      RequestId: 'r3',
    });
    expect(failed).to.deep.include({ ok: false, code: 'InvalidOperation.UserState', httpStatus: 400, requestId: 'r3' });
    expect(failed.ok === false && failed.params).to.deep.equal(['OFFLINE', 'BREAK,READY,WORKING']);
  });

  it('unwraps an axios-style answer once; a body that is no envelope is InvalidResponse', () => {
    expect(decodeEnvelope({ data: { code: 'OK', data: 'x' }, status: 200 })).to.deep.include({ ok: true, data: 'x' });
    expect(decodeEnvelope('<html>gateway</html>', 502)).to.deep.include({
      ok: false,
      code: 'InvalidResponse',
      httpStatus: 502,
    });
    expect(decodeEnvelope(null)).to.deep.include({ ok: false, code: 'InvalidResponse' });
  });

  it('reads keys in Pascal, camel or lower case, never from the prototype', () => {
    expect(field({ userState: 'READY' }, 'UserState')).to.equal('READY');
    expect(field({ userstate: 'BREAK' }, 'UserState')).to.equal('BREAK');
    expect(field({}, 'constructor')).to.equal(undefined);
    expect(decodeUserContext({ userState: 'ready', outboundScenario: 'true' })).to.deep.include({
      state: 'READY',
      outboundScenario: true,
    });
    expect(decodeUserContext({ UserState: 'SLEEPING' })?.state).to.equal(undefined);
  });

  it('ChannelFlags as an empty string, a list string or an array', () => {
    expect(flagsOf('')).to.deep.equal([]);
    expect(flagsOf([])).to.deep.equal([]);
    expect(flagsOf('HOLD,MUTED')).to.deep.equal(['HOLD', 'MUTED']);
    expect(flagsOf(['hold'])).to.deep.equal(['HOLD']);
    expect(flagsOf(undefined)).to.deep.equal([]);
  });

  it('CallVariables a=b;c=d into a map without a prototype', () => {
    const vars = callVariablesOf('a=b;constructor=x; c = d ;bad')!;
    expect({ ...vars }).to.deep.equal({ a: 'b', constructor: 'x', c: 'd' });
    expect(callVariablesOf('')).to.equal(undefined);
  });

  it('maps user states to modes: READY 3, READY outbound 4 (reason 2), BREAK with its code, WORKING, OFFLINE', () => {
    expect(agentViewOf({ UserContext: user('READY') }, own)).to.deep.include({ mode: 'Ready', reason: '', calls: [] });
    expect(agentViewOf(user('READY', { OutboundScenario: true }), own)).to.deep.include({
      mode: 'NotReady',
      reason: '2',
    });
    expect(agentViewOf(user('BREAK', { BreakCode: 'Warm-up' }), own)).to.deep.include({
      mode: 'NotReady',
      reason: 'Warm-up',
    });
    expect(agentViewOf(user('WORKING'), own)).to.deep.include({ mode: 'WorkNotReady' });
    expect(agentViewOf(user('OFFLINE'), own)).to.deep.include({ mode: 'Logout' });
    expect(agentViewOf({ Foo: 1 }, own)).to.equal(undefined);
  });

  it('an inbound call: ringing, talking, held (customer leg HOLD), with party and call variables', () => {
    const call = (state: string, flags: unknown = '') =>
      callsOf(
        decodeUserContext(user(state))!,
        decodeCallContext({ ...ctx('INBOUND', [customer('ANSWERED', flags), mine()]), CallVariables: 'k=v' }),
        own,
      )!;
    expect(call('RINGING')[0]).to.deep.include({
      callId: 'job-1',
      state: 'alerting',
      direction: 'inbound',
      party: '13900000001',
    });
    expect(call('RINGING')[0]!.userData).to.deep.include({ k: 'v' });
    expect(call('TALKING')[0]).to.deep.include({ state: 'connected', channelId: customer().ChannelId });
    expect(call('TALKING', 'HOLD')[0]!.state).to.equal('held');
    expect(call('TALKING', ['HOLD'])[0]!.state).to.equal('held');
  });

  it('outbound and internal calls; an unknown CallType is inbound; no call context during a call says nothing', () => {
    const out = callsOf(
      decodeUserContext(user('DIALING'))!,
      decodeCallContext(ctx('OUTBOUND', [mine(), { ...customer('RINGING'), Index: 2, Destination: '138' }])),
      own,
    )!;
    expect(out[0]).to.deep.include({ state: 'initiated', direction: 'outbound', isCaller: true, party: '138' });
    const internal = callsOf(
      decodeUserContext(user('TALKING'))!,
      decodeCallContext(
        ctx('INTERNAL', [mine(), { ...mine(), UserId: 'agent2@ccc-test', UserExtension: '80001002', Index: 3 }]),
      ),
      own,
    )!;
    expect(internal[0]).to.deep.include({ direction: 'internal', callType: 'Internal', party: '80001002' });
    const odd = callsOf(
      decodeUserContext(user('TALKING'))!,
      decodeCallContext(ctx('SOMETHING_NEW', [customer(), mine()])),
      own,
    )!;
    expect(odd[0]).to.deep.include({ direction: 'inbound', state: 'connected' });
    expect(callsOf(decodeUserContext(user('TALKING'))!, undefined, own)).to.equal(undefined);
    // own leg released: the call is over for this agent
    expect(
      callsOf(
        decodeUserContext(user('TALKING'))!,
        decodeCallContext(ctx('INBOUND', [customer(), mine('RELEASED')])),
        own,
      ),
    ).to.deep.equal([]);
  });

  it('an attended transfer: the job held and the consulted leg as a second call, named by its channel', () => {
    const third = { ...customer('RINGING'), ChannelId: 'ch:customer:third', Index: 5, Destination: '137' };
    const calls = callsOf(
      decodeUserContext(user('TALKING'))!,
      decodeCallContext(ctx('INBOUND', [customer('ANSWERED', 'HOLD'), mine(), third])),
      own,
    )!;
    expect(calls.map((c) => [c.callId, c.state])).to.deep.equal([
      ['job-1', 'held'],
      ['ch:customer:third', 'initiated'],
    ]);
    expect(calls[1]).to.deep.include({ consultOf: 'job-1', party: '137' });
  });

  it('the resync snapshot: logged in unless OFFLINE, the idle mode during a call, the calls', () => {
    const view = agentViewOf({ UserContext: user('TALKING'), CallContext: ctx('INBOUND', [customer(), mine()]) }, own)!;
    const snap = snapshotOf(view, own.agentId, { mode: 'NotReady', reason: '2' }, 'raw');
    expect(snap).to.deep.include({ loggedIn: true, agentMode: 'NotReady', reason: '2', agentId: own.agentId });
    expect(snap.calls).to.deep.equal([
      { callId: 'job-1', state: 'connected', direction: 'inbound', party: '13900000001' },
    ]);
    expect(
      snapshotOf(agentViewOf(user('OFFLINE'), own)!, own.agentId, { mode: 'Ready', reason: '' }, 0).loggedIn,
    ).to.equal(false);
  });

  it('diff: a new talking call is delivered then established; a gone call clears; the mode follows', () => {
    const prev: Reported = { loggedIn: true, mode: 'Ready', reason: '', calls: [] };
    const talking = agentViewOf(
      { UserContext: user('TALKING'), CallContext: ctx('INBOUND', [customer(), mine()]) },
      own,
    )!;
    const step = diffView(prev, talking, '80001001', meta);
    expect(step.events.map((e) => e.type)).to.deep.equal(['call.delivered', 'call.established']);
    const after = diffView(step.next, agentViewOf(user('WORKING'), own)!, '80001001', meta);
    // the mode first: the call ends into after-call work (5), never through ready (3)
    expect(after.events.map((e) => e.type)).to.deep.equal(['agent.startedAfterCallWork', 'call.cleared']);
    expect(diffView(after.next, agentViewOf(user('WORKING'), own)!, '80001001', meta).events).to.deep.equal([]);
    const off = diffView(after.next, agentViewOf(user('OFFLINE'), own)!, '80001001', meta);
    expect(off.events.map((e) => e.type)).to.deep.equal(['agent.loggedOff']);
    expect(diffView(LOGGED_OUT, agentViewOf(user('OFFLINE'), own)!, '80001001', meta).events).to.deep.equal([]);
  });

  it('diff: a talking call that goes back to ringing cannot be expressed: resync', () => {
    const talking = agentViewOf(
      { UserContext: user('TALKING'), CallContext: ctx('INBOUND', [customer(), mine()]) },
      own,
    )!;
    const ringing = agentViewOf(
      { UserContext: user('RINGING'), CallContext: ctx('INBOUND', [customer(), mine('RINGING')]) },
      own,
    )!;
    const first = diffView({ loggedIn: true, mode: 'Ready', reason: '', calls: [] }, talking, '80001001', meta);
    expect(diffView(first.next, ringing, '80001001', meta).resync).to.equal(true);
  });
});
