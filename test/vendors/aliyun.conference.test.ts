import { expect } from '@open-wc/testing';
import { applyCallEvent, deriveCallCode } from '../../src/machine/calls.js';
import type { CallRecord } from '../../src/model/call.js';
import type { CallFactEvent, DomainEvent } from '../../src/model/domain-event.js';
import { agentViewOf } from '../../src/vendors/aliyun/aliyun.codec.js';
import { diffView, type Reported } from '../../src/vendors/aliyun/aliyun.sync.js';

// Codes 19 and 30 from Aliyun answers (docs/protocols/aliyun.md fact 9): the adapter's facts are run through the
// statechart's own call reducer, so the test checks the status the agent sees.

const own = { agentId: 'agent1@ccc-test', extension: '80001001' };
const me = own.extension;
const meta = { name: 'test', at: 1, raw: {} };
const leg = (id: string, number: string, index: number, extra: Record<string, unknown> = {}) => ({
  ChannelId: `ch:customer:${id}`,
  ChannelState: 'ANSWERED',
  ChannelFlags: [],
  UserId: '',
  Originator: index === 0 ? number : me,
  Destination: index === 0 ? me : number,
  Index: index,
  ...extra,
});
const mine = { ChannelId: 'ch:user:me', ChannelState: 'ANSWERED', ChannelFlags: [], UserId: own.agentId, Index: 1 };
const answer = (callType: string, legs: unknown[]) =>
  agentViewOf(
    {
      UserContext: { UserId: own.agentId, UserState: 'TALKING' },
      CallContext: { JobId: 'job-1', CallType: callType, ChannelContexts: [mine, ...legs] },
    },
    own,
  )!;

/** Feeds answers through the adapter's diff and the statechart's reducer; the status code after each. */
function run(...answers: ReturnType<typeof answer>[]) {
  let reported: Reported = { loggedIn: true, mode: 'Ready', reason: '', calls: [] };
  let calls: Record<string, CallRecord> = {};
  const codes: (number | undefined)[] = [];
  const facts: DomainEvent[][] = [];
  for (const view of answers) {
    const step = diffView(reported, view, me, meta);
    reported = step.next;
    facts.push(step.events);
    for (const event of step.events) {
      if (event.type.startsWith('call.')) calls = applyCallEvent(calls, event as CallFactEvent, me).calls;
    }
    codes.push(deriveCallCode(calls));
  }
  return { codes, facts, calls };
}

const customer = leg('c', '13900000001', 0);
const held = leg('c', '13900000001', 0, { ChannelFlags: ['HOLD'] });

describe('aliyun conferences: codes 19 and 30 (docs/protocols/aliyun.md fact 9)', () => {
  it('a consultation completed into a conference: 17 → 19, the consulted leg merges (no end)', () => {
    const third = leg('t', '13700000000', 2);
    const { codes, facts, calls } = run(
      answer('INBOUND', [customer]),
      answer('INBOUND', [held, third]),
      answer('CONFERENCE', [customer, third]),
    );
    expect(codes).to.deep.equal([9, 17, 19]);
    const merge = facts[2]!;
    expect(merge.map((e) => e.type)).to.deep.equal(['call.conferenced']);
    expect(merge[0]).to.deep.include({ callId: 'job-1', secondaryOldCall: 'ch:customer:t' });
    expect(Object.keys(calls)).to.deep.equal(['job-1']);
    expect(calls['job-1']!.parties).to.have.members(['13900000001', '13700000000']);
  });

  it('three answered legs without a hold are a conference even when CallType does not say so', () => {
    const { codes } = run(answer('INBOUND', [customer]), answer('INBOUND', [customer, leg('x', '136', 2)]));
    expect(codes).to.deep.equal([9, 19]);
  });

  it('a party joining is a conferenced fact and a party leaving its clear: each 30 until the next answer', () => {
    const a = leg('a', '136', 2);
    const b = leg('b', '135', 3);
    const { codes, facts, calls } = run(
      answer('CONFERENCE', [customer, a]),
      answer('CONFERENCE', [customer, a, b]),
      answer('CONFERENCE', [customer, b]),
      answer('CONFERENCE', [customer, b]),
      answer('CONFERENCE', [customer]),
      answer('CONFERENCE', [customer]),
    );
    expect(codes).to.deep.equal([19, 30, 30, 19, 30, 9]);
    expect(facts[1]!.map((e) => [e.type, 'addedParty' in e ? e.addedParty : undefined])).to.deep.equal([
      ['call.conferenced', '135'],
    ]);
    expect(facts[2]!).to.have.length(1);
    expect(facts[2]![0]).to.deep.include({ type: 'call.cleared', releasingDevice: '136' });
    expect(facts[5]!.map((e) => e.type)).to.deep.equal(['call.established']);
    expect(calls['job-1']).to.deep.include({ state: 'connected', conferenced: false, membershipChanged: false });
  });

  it('an answer that says nothing new in a steady conference sends no fact', () => {
    const conf = answer('CONFERENCE', [customer, leg('a', '136', 2)]);
    expect(run(conf, conf).facts[1]).to.deep.equal([]);
  });
});
