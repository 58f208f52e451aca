import { expect } from '@open-wc/testing';
import type { Softphone } from '../../src/core/softphone.js';
import type { CallNotice } from '../../src/model/call.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import type { DomainEvent } from '../../src/model/domain-event.js';
import { credentials, type FakeBackend, fakePhone } from '../helpers/fake-vendor.js';

const CUSTOMER = '13800138000';

/** A ready agent whose host records what it is told: codes, notices (type and call), events, snapshots. */
async function recorded(config: Record<string, unknown> = {}) {
  const { backend, phone } = fakePhone(config);
  await phone.login(credentials({ initialMode: 'Ready' }));
  await phone.whenStatus(3, { timeoutMs: 2000 });
  // the resync after login is over: facts are no longer marked fresh
  await waitUntil(phone, () => phone.getSnapshot().matches({ connection: { connected: 'live' } }));
  const told = {
    codes: [] as number[],
    notices: [] as string[],
    events: [] as string[],
    snapshots: 0,
    log: [] as string[],
  };
  phone.on('status', (s) => told.codes.push(s.code));
  phone.on('call', (n: CallNotice) => told.notices.push(n.type));
  phone.on('event', (e: DomainEvent) => told.events.push(e.type));
  phone.on('snapshot', () => told.snapshots++);
  return { backend, phone, told };
}

function waitUntil(phone: Softphone, test: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (test()) return resolve();
    const timer = setTimeout(() => reject(new Error('condition not reached in 2 s')), 2000);
    const off = phone.on('snapshot', () => {
      if (!test()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** An inbound call from ring to hang-up, with hold and retrieve: five call facts. */
function inboundCall(backend: FakeBackend): void {
  const callId = backend.offerCall(CUSTOMER);
  const me = backend.device;
  backend.emit({ type: 'call.established', callId, callingDevice: CUSTOMER, calledDevice: me, answeringDevice: me });
  backend.emit({ type: 'call.held', callId, holdingDevice: me });
  backend.emit({ type: 'call.retrieved', callId, retrievingDevice: me });
  backend.emit({ type: 'call.cleared', callId, releasingDevice: me, cause: 'NORMAL_CLEARING' });
}

/** The same script one fact at a time and all together: the host must be told the same things in the same order. */
async function bothWays(script: (backend: FakeBackend) => void, config: Record<string, unknown> = {}) {
  const single = await recorded(config);
  script(single.backend);
  const batched = await recorded(config);
  batched.backend.together(() => script(batched.backend));
  return { single, batched };
}

describe('Facts that arrive together (VendorSink.batch)', () => {
  it('tell the host every notice, status code and event in order, in fewer statechart steps', async () => {
    const { single, batched } = await bothWays((backend) => {
      inboundCall(backend);
      inboundCall(backend);
    });
    expect(single.told.codes).to.deep.equal([6, 9, 12, 9, 3, 6, 9, 12, 9, 3]);
    expect(batched.told.codes).to.deep.equal(single.told.codes);
    expect(batched.told.notices).to.deep.equal(single.told.notices);
    expect(batched.told.notices).to.include.members(['offered', 'started', 'ended']);
    expect(batched.told.events).to.deep.equal(single.told.events);
    expect(single.told.snapshots).to.equal(10);
    // ten quiet call facts in a row: one step
    expect(batched.told.snapshots).to.equal(1);
    expect(batched.phone.calls).to.deep.equal([]);
    expect(batched.phone.getStatusCode()).to.equal(3);
  });

  it('give each status its own context: the call as it stood after that fact', async () => {
    const { phone, backend } = await recorded();
    const states: (string | undefined)[] = [];
    phone.on('status', (s) => states.push(s.context.activeCall?.state));
    backend.together(() => inboundCall(backend));
    expect(states).to.deep.equal(['alerting', 'connected', 'held', 'connected', undefined]);
  });

  it('agent mode facts go in the same step, each status (and not-ready reason) in its place', async () => {
    const reasons = (phone: Softphone) => {
      const seen: string[] = [];
      phone.on('status', (s) => seen.push(`${s.code}:${s.context.reason}:${s.context.agentState}`));
      return seen;
    };
    const script = (backend: FakeBackend) => {
      inboundCall(backend);
      backend.emit({ type: 'agent.startedAfterCallWork' });
      backend.emit({ type: 'agent.wentNotReady', reason: '7' });
      backend.emit({ type: 'agent.wentNotReady', reason: '8' });
      backend.emit({ type: 'agent.wentNotReady', reason: '2' });
      backend.emit({ type: 'agent.allocated' });
      backend.emit({ type: 'agent.wentReady' });
      inboundCall(backend);
    };
    const single = await recorded();
    const singleReasons = reasons(single.phone);
    script(single.backend);
    const batched = await recorded();
    const batchedReasons = reasons(batched.phone);
    batched.backend.together(() => script(batched.backend));
    // 2 → 2 with another reason is a status too; allocated is 3 like ready
    expect(single.told.codes).to.deep.equal([6, 9, 12, 9, 3, 5, 2, 2, 4, 3, 6, 9, 12, 9, 3]);
    expect(batched.told.codes).to.deep.equal(single.told.codes);
    expect(batchedReasons).to.deep.equal(singleReasons);
    expect(batched.told.notices).to.deep.equal(single.told.notices);
    expect(batched.told.snapshots).to.equal(1);
    expect(batched.phone.getSnapshot().value).to.deep.equal(single.phone.getSnapshot().value);
    expect(batched.phone.view.reason).to.equal(single.phone.view.reason);
  });

  it('the fact that confirms a pending command is a step of its own; the command is confirmed', async () => {
    const { phone, backend, told } = await recorded();
    backend.confirm = false;
    await phone.notReady('5');
    expect(phone.view.pendingOperation).to.not.equal(undefined);
    backend.together(() => {
      backend.emit({ type: 'agent.wentNotReady', reason: '5' });
      backend.emit({ type: 'agent.wentReady' });
      backend.emit({ type: 'agent.wentNotReady', reason: '6' });
    });
    expect(told.codes).to.deep.equal([2, 3, 2]);
    expect(phone.view.pendingOperation).to.equal(undefined);
    expect(phone.view.reason).to.equal('6');
  });

  it('after-call work with an after-call rule goes alone, and its timer still makes the agent ready', async () => {
    const { phone, backend, told } = await recorded({ afterCallSeconds: 0 });
    backend.together(() => {
      inboundCall(backend);
      backend.emit({ type: 'agent.startedAfterCallWork' });
    });
    expect(told.codes.slice(0, 6)).to.deep.equal([6, 9, 12, 9, 3, 5]);
    await waitUntil(phone, () => phone.getStatusCode() === 3);
    expect(backend.commands.filter((c) => c.type === 'setMode')).to.deep.equal([{ type: 'setMode', mode: 'Ready' }]);
  });

  it('a fact that needs more than the calls (auto-answer timer) gets its own step, and its timer still runs', async () => {
    const { phone, backend, told } = await recorded({ autoAnswerSeconds: 0 });
    backend.together(() => {
      const first = backend.offerCall(CUSTOMER);
      backend.emit({ type: 'call.cleared', callId: first, releasingDevice: CUSTOMER, cause: 'NORMAL_CLEARING' });
      backend.emit({ type: 'call.cleared', callId: first, releasingDevice: backend.device, cause: 'NORMAL_CLEARING' });
      backend.offerCall(CUSTOMER);
    });
    expect(told.codes).to.deep.equal([6, 3, 6]);
    await waitUntil(phone, () => backend.commands.some((c) => c.type === 'answer'));
    expect(backend.commands.filter((c) => c.type === 'answer')).to.have.length(1);
  });

  it('a fact the reducer cannot apply is reported alone (MALFORMED_EVENT, resync); the others are applied', async () => {
    const { phone, backend, told } = await recorded();
    const errors: WellError[] = [];
    phone.on('error', (e) => errors.push(e));
    backend.together(() => {
      const callId = backend.offerCall(CUSTOMER);
      backend.sink!.event({
        type: 'call.established',
        callId: 'hostile',
        meta: { name: 'established', at: Date.now(), raw: {} },
        get callingDevice(): string {
          throw new Error('hostile getter');
        },
      } as unknown as DomainEvent);
      backend.emit({ type: 'call.cleared', callId, releasingDevice: backend.device, cause: 'NORMAL_CLEARING' });
    });
    expect(errors.map((e) => e.code)).to.deep.equal([WellErrorCode.MALFORMED_EVENT]);
    expect(told.codes).to.deep.equal([6, 3]);
    expect(phone.getSnapshot().status).to.equal('active');
  });

  it('a mode fact that cannot be read goes alone (MALFORMED_EVENT); nothing throws, the rest is applied', async () => {
    const { phone, backend, told } = await recorded();
    const errors: WellError[] = [];
    phone.on('error', (e) => errors.push(e));
    const hostile = {
      type: 'agent.wentNotReady',
      meta: { name: 'agentNotReady', at: Date.now(), raw: {} },
      get reason(): string {
        throw new Error('hostile getter');
      },
    } as unknown as DomainEvent;
    expect(() =>
      backend.together(() => {
        backend.emit({ type: 'agent.wentNotReady', reason: '4' });
        backend.sink!.event(hostile);
        backend.emit({ type: 'agent.wentReady' });
        backend.emit({ type: 'agent.wentNotReady', reason: '6' });
      }),
    ).not.to.throw();
    expect(errors.map((e) => e.code)).to.deep.equal([WellErrorCode.MALFORMED_EVENT]);
    expect(told.codes.slice(0, 1)).to.deep.equal([2]);
    expect(phone.getStatusCode()).to.equal(2);
    expect(phone.view.reason).to.equal('6');
  });

  it('a long burst is applied in bounded steps, every code still in order', async () => {
    const { phone, backend, told } = await recorded();
    backend.together(() => {
      for (let i = 0; i < 50; i++) {
        const callId = backend.offerCall(CUSTOMER);
        backend.emit({ type: 'call.cleared', callId, releasingDevice: backend.device, cause: 'NORMAL_CLEARING' });
      }
    });
    expect(told.codes).to.deep.equal(Array.from({ length: 100 }, (_, i) => (i % 2 ? 3 : 6)));
    // 100 facts, at most 64 per step
    expect(told.snapshots).to.equal(2);
    expect(phone.calls).to.deep.equal([]);
  });

  it('an error reported inside a batch comes after the facts before it', async () => {
    const { phone, backend, told } = await recorded();
    const order: string[] = [];
    phone.on('call', (n) => order.push(n.type));
    phone.on('error', (e) => order.push(e.code));
    backend.together(() => {
      backend.offerCall(CUSTOMER);
      backend.sink!.error(new WellError(WellErrorCode.MALFORMED_EVENT, 'a bad frame'));
    });
    expect(order).to.deep.equal(['offered', WellErrorCode.MALFORMED_EVENT]);
    expect(told.codes).to.deep.equal([6]);
  });
});
