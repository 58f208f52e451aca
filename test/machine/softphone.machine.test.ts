import { expect } from '@open-wc/testing';
import { createActor, fromPromise, SimulatedClock, waitFor, type Actor } from 'xstate';
import { quietRunOf } from '../../src/machine/call-plan.js';
import { softphoneMachine } from '../../src/machine/softphone.machine.js';
import type { LoginRequest, SoftphoneEmitted } from '../../src/machine/types.js';
import { deriveStatusCode } from '../../src/machine/selectors.js';
import type { AgentIdentity, InitialMode } from '../../src/model/agent.js';
import type { CallNotice } from '../../src/model/call.js';
import type { DomainEvent } from '../../src/model/domain-event.js';
import type { ServerSnapshot } from '../../src/model/server-snapshot.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import { WELL_CAPABILITIES } from '../../src/vendors/well/well.capabilities.js';
import { LOGIN_STATUS_REASONS, loginError } from '../../src/vendors/well/well.errors.js';

const identity: AgentIdentity = {
  jobNumber: '5001',
  domain: 'test.cc',
  extension: '8001',
  agentId: '5001@test.cc',
  deviceId: '8001@test.cc',
};
const request = (
  loginMode: LoginRequest['loginMode'] = 'force',
  initialMode: InitialMode = 'NotReady',
): LoginRequest => ({
  jobNumber: '5001',
  domain: 'test.cc',
  extension: '8001',
  loginMode,
  initialMode,
});

let serial = 100;
const meta = (name: string) => ({ name, serial: ++serial, at: Date.now(), raw: { eventName: name } });
const fact = {
  loggedOn: (mode: 'Ready' | 'NotReady' = 'NotReady'): DomainEvent => ({
    type: 'agent.loggedOn',
    mode,
    meta: meta('agentLoggedOn'),
  }),
  loggedOff: (): DomainEvent => ({ type: 'agent.loggedOff', meta: meta('agentLoggedOff') }),
  ready: (): DomainEvent => ({ type: 'agent.wentReady', meta: meta('agentReady') }),
  notReady: (reason = ''): DomainEvent => ({ type: 'agent.wentNotReady', reason, meta: meta('agentNotReady') }),
  afterCall: (): DomainEvent => ({ type: 'agent.startedAfterCallWork', meta: meta('agentWorkingAfterCall') }),
  allocated: (): DomainEvent => ({ type: 'agent.allocated', meta: meta('agentAllocated') }),
};

/** A fake vendor for the machine: every actor is a spy whose outcome the test decides. */
function harness(options: { settings?: Record<string, number> } = {}) {
  const calls: string[] = [];
  const outcomes = {
    login: [] as (() => Promise<void>)[],
    openChannel: [] as (() => Promise<void>)[],
    closeChannel: [] as (() => Promise<void>)[],
    resync: [] as (() => Promise<ServerSnapshot>)[],
  };
  const next = <T>(queue: (() => Promise<T>)[], fallback: () => Promise<T>) => (queue.shift() ?? fallback)();
  const machine = softphoneMachine.provide({
    actors: {
      authenticate: fromPromise<AgentIdentity, LoginRequest>(async () => {
        calls.push('authenticate');
        return identity;
      }),
      openChannel: fromPromise<void, void>(() => {
        calls.push('openChannel');
        return next(outcomes.openChannel, () => Promise.resolve());
      }),
      closeChannel: fromPromise<void, void>(() => {
        calls.push('closeChannel');
        return next(outcomes.closeChannel, () => Promise.resolve());
      }),
      login: fromPromise<void, { initialMode: InitialMode }>(({ input }) => {
        calls.push(`login:${input.initialMode}`);
        return next(outcomes.login, () => Promise.resolve());
      }),
      forceLogin: fromPromise<void, { initialMode: InitialMode }>(async ({ input }) => {
        calls.push(`forceLogin:${input.initialMode}`);
      }),
      resync: fromPromise<ServerSnapshot, void>(() => {
        calls.push('resync');
        return next(outcomes.resync, () => Promise.resolve({ loggedIn: true, agentMode: 'Ready', raw: {} }));
      }),
    },
  });
  const clock = new SimulatedClock();
  const actor = createActor(machine, {
    clock,
    input: { capabilities: WELL_CAPABILITIES, settings: options.settings ?? {} },
  });
  const emitted: SoftphoneEmitted[] = [];
  actor.on('*', (e) => {
    emitted.push(e as SoftphoneEmitted);
    if (e.type === 'heartbeat') calls.push('heartbeat');
  });
  // call notices ride on the snapshot (context.callNotices, a new array per fact): collect each array once
  const notices: CallNotice[] = [];
  let lastNotices: readonly CallNotice[] | undefined;
  actor.subscribe((snapshot) => {
    if (snapshot.context.callNotices === lastNotices) return;
    lastNotices = snapshot.context.callNotices;
    notices.push(...lastNotices);
  });
  actor.start();
  const code = () => deriveStatusCode(actor.getSnapshot());
  return { actor, clock, calls, outcomes, emitted, notices, code };
}

const settle = (
  actor: Actor<typeof softphoneMachine>,
  predicate: (s: ReturnType<typeof actor.getSnapshot>) => boolean,
) => waitFor(actor, predicate, { timeout: 2000 });

async function loggedIn(h: ReturnType<typeof harness>, mode: 'Ready' | 'NotReady' = 'NotReady') {
  h.actor.send({ type: 'agent.login', request: request('force', mode) });
  await settle(h.actor, (s) => s.matches({ agent: { loggingIn: 'awaitingLoggedOn' } }));
  h.actor.send(fact.loggedOn(mode));
  await settle(h.actor, (s) => s.matches({ agent: 'signedIn' }));
}

describe('softphone machine', () => {
  describe('login', () => {
    it('authenticates, opens the channel, then requests the login, and is logged in only on agentLoggedOn', async () => {
      const h = harness();
      expect(h.code()).to.equal(-1);
      h.actor.send({ type: 'agent.login', request: request() });
      expect(h.code()).to.equal(0);
      await settle(h.actor, (s) => s.matches({ agent: { loggingIn: 'awaitingLoggedOn' } }));
      expect(h.calls).to.deep.equal(['authenticate', 'openChannel', 'login:NotReady']);
      expect(h.code()).to.equal(0);
      expect(h.actor.getSnapshot().matches({ connection: 'connected' })).to.equal(true);
      h.actor.send(fact.loggedOn('NotReady'));
      expect(h.code()).to.equal(2);
      expect(h.emitted.map((e) => e.type)).to.include('login.succeeded');
      h.actor.send(fact.ready());
      expect(h.code()).to.equal(3);
    });

    it('reads the server view right after login when the vendor asks for it', async () => {
      const h = harness({ settings: { resyncAfterLogin: true as never } });
      await loggedIn(h);
      await settle(h.actor, (s) => s.matches({ connection: { connected: 'live' } }) && h.calls.includes('resync'));
      // the fake server says Ready: the server wins
      expect(h.code()).to.equal(3);
      const plain = harness();
      await loggedIn(plain);
      expect(plain.calls).not.to.include('resync');
    });

    it('accepts agentLoggedOn that overtakes the HTTP answer of the Login request', async () => {
      const h = harness();
      let release!: () => void;
      h.outcomes.login.push(() => new Promise<void>((r) => (release = r)));
      h.actor.send({ type: 'agent.login', request: request('force', 'Ready') });
      await settle(h.actor, (s) => s.matches({ agent: { loggingIn: 'requesting' } }));
      h.actor.send(fact.loggedOn('Ready'));
      expect(h.code()).to.equal(3);
      release();
    });

    for (const [status, reason] of Object.entries(LOGIN_STATUS_REASONS)) {
      if (status === '454' || status === '455') continue;
      it(`fails with ${status} (${reason}): back to -1, channel closed, login.failed emitted`, async () => {
        const h = harness();
        h.outcomes.login.push(() => Promise.reject(loginError(Number(status), { status: Number(status) })));
        h.actor.send({ type: 'agent.login', request: request('force') });
        await settle(h.actor, (s) => s.matches({ agent: 'loggedOut' }) && s.matches({ connection: 'idle' }));
        expect(h.code()).to.equal(-1);
        const failed = h.emitted.find((e) => e.type === 'login.failed');
        expect(failed).to.exist;
        if (failed?.type === 'login.failed') {
          expect(failed.failure.status).to.equal(Number(status));
          expect(failed.failure.reason).to.equal(reason);
        }
        expect(h.calls).to.include('closeChannel');
        expect(h.calls.filter((c) => c.startsWith('forceLogin'))).to.have.length(0);
      });
    }

    for (const status of [454, 455]) {
      it(`${status} under "force": logs the other session out and logs in again`, async () => {
        const h = harness();
        h.outcomes.login.push(() => Promise.reject(loginError(status, { deviceId: '8002@test.cc' })));
        h.actor.send({ type: 'agent.login', request: request('force') });
        await settle(h.actor, (s) => s.matches({ agent: { loggingIn: 'awaitingLoggedOn' } }));
        expect(h.calls).to.deep.equal(['authenticate', 'openChannel', 'login:NotReady', 'forceLogin:NotReady']);
        // the stale session's logged-off event must not end this login
        h.actor.send(fact.loggedOff());
        expect(h.code()).to.equal(0);
        h.actor.send(fact.loggedOn());
        expect(h.code()).to.equal(2);
      });

      it(`${status} under "ask": waits for the agent, who confirms`, async () => {
        const h = harness();
        h.outcomes.login.push(() => Promise.reject(loginError(status, { deviceId: '8002@test.cc' })));
        h.actor.send({ type: 'agent.login', request: request('ask') });
        await settle(h.actor, (s) => s.matches({ agent: { loggingIn: 'confirming' } }));
        const conflict = h.emitted.find((e) => e.type === 'login.conflict');
        expect(conflict?.type === 'login.conflict' && conflict.failure.status).to.equal(status);
        if (status === 455) expect(h.actor.getSnapshot().context.conflict?.deviceId).to.equal('8002@test.cc');
        h.actor.send({ type: 'agent.confirmForce' });
        await settle(h.actor, (s) => s.matches({ agent: { loggingIn: 'awaitingLoggedOn' } }));
        expect(h.calls).to.include('forceLogin:NotReady');
        h.actor.send(fact.loggedOn());
        expect(h.code()).to.equal(2);
      });

      it(`${status} under "ask": the agent declines → LOGIN_DECLINED, -1`, async () => {
        const h = harness();
        h.outcomes.login.push(() => Promise.reject(loginError(status, {})));
        h.actor.send({ type: 'agent.login', request: request('ask') });
        await settle(h.actor, (s) => s.matches({ agent: { loggingIn: 'confirming' } }));
        h.actor.send({ type: 'agent.declineForce' });
        await settle(h.actor, (s) => s.matches({ agent: 'loggedOut' }));
        const failed = h.emitted.find((e) => e.type === 'login.failed');
        expect(failed?.type === 'login.failed' && failed.error.code).to.equal(WellErrorCode.LOGIN_DECLINED);
        expect(h.calls).not.to.include('forceLogin:NotReady');
      });

      it(`${status} under "stop": fails at once`, async () => {
        const h = harness();
        h.outcomes.login.push(() => Promise.reject(loginError(status, {})));
        h.actor.send({ type: 'agent.login', request: request('stop') });
        await settle(h.actor, (s) => s.matches({ agent: 'loggedOut' }));
        const failed = h.emitted.find((e) => e.type === 'login.failed');
        expect(failed?.type === 'login.failed' && failed.failure.status).to.equal(status);
        expect(h.calls).not.to.include('forceLogin:NotReady');
      });
    }

    it('times out when agentLoggedOn never comes', async () => {
      const h = harness({ settings: { loginConfirmMs: 5000 } });
      h.actor.send({ type: 'agent.login', request: request() });
      await settle(h.actor, (s) => s.matches({ agent: { loggingIn: 'awaitingLoggedOn' } }));
      h.clock.increment(4999);
      expect(h.code()).to.equal(0);
      h.clock.increment(1);
      await settle(h.actor, (s) => s.matches({ agent: 'loggedOut' }));
      const failed = h.emitted.find((e) => e.type === 'login.failed');
      expect(failed?.type === 'login.failed' && failed.error.code).to.equal(WellErrorCode.TIMEOUT);
    });

    it('fails with CHANNEL_ERROR when the channel cannot open', async () => {
      const h = harness();
      h.outcomes.openChannel.push(() => Promise.reject(new WellError(WellErrorCode.CHANNEL_ERROR, 'refused')));
      h.actor.send({ type: 'agent.login', request: request() });
      await settle(h.actor, (s) => s.matches({ agent: 'loggedOut' }));
      const failed = h.emitted.find((e) => e.type === 'login.failed');
      expect(failed?.type === 'login.failed' && failed.failure.reason).to.equal('channel');
      expect(h.calls).not.to.include('login:NotReady');
    });

    it('a new login right after a failed one reopens the channel even while it is still closing', async () => {
      const h = harness();
      h.outcomes.login.push(() => Promise.reject(loginError(500, {})));
      let finishClose!: () => void;
      h.outcomes.closeChannel.push(() => new Promise<void>((resolve) => (finishClose = resolve)));
      h.actor.send({ type: 'agent.login', request: request() });
      // the failed login raised channel.close; log in again before the close completes
      await settle(h.actor, (s) => s.matches({ agent: 'loggedOut' }));
      expect(h.actor.getSnapshot().matches({ connection: 'closing' })).to.equal(true);
      h.actor.send({ type: 'agent.login', request: request() });
      await settle(h.actor, (s) => s.matches({ agent: { loggingIn: 'awaitingLoggedOn' } }));
      expect(h.actor.getSnapshot().matches({ connection: 'connected' })).to.equal(true);
      finishClose();
    });

    it('refuses a second login while one is in flight', async () => {
      const h = harness();
      h.actor.send({ type: 'agent.login', request: request() });
      expect(h.actor.getSnapshot().can({ type: 'agent.login', request: request() })).to.equal(false);
    });
  });

  describe('agent modes and the allowed-operations table', () => {
    it('derives 2, 3, 4, 5 and allocated from agent facts', async () => {
      const h = harness();
      await loggedIn(h);
      expect(h.code()).to.equal(2);
      h.actor.send(fact.ready());
      expect(h.code()).to.equal(3);
      h.actor.send(fact.notReady('2'));
      expect(h.code()).to.equal(4);
      h.actor.send(fact.afterCall());
      expect(h.code()).to.equal(5);
      h.actor.send(fact.ready());
      h.actor.send(fact.allocated());
      expect(h.code()).to.equal(3);
      expect(h.actor.getSnapshot().matches({ agent: { signedIn: 'allocated' } })).to.equal(true);
      // allocated forbids dial and logout; it lasts until the next event of any kind
      expect(h.actor.getSnapshot().can({ type: 'agent.logout' })).to.equal(false);
      h.actor.send(fact.ready());
      expect(h.actor.getSnapshot().can({ type: 'agent.logout' })).to.equal(true);
    });

    it('guards commands with the table: in 2 ready, logout and another not-ready reason', async () => {
      const h = harness();
      await loggedIn(h);
      const s = h.actor.getSnapshot();
      expect(s.can({ type: 'agent.ready' })).to.equal(true);
      expect(s.can({ type: 'agent.logout' })).to.equal(true);
      expect(s.can({ type: 'agent.notReady', reason: '1' })).to.equal(true);
      expect(s.can({ type: 'agent.outboundOnly' })).to.equal(false);
      h.actor.send(fact.ready());
      const ready = h.actor.getSnapshot();
      expect(ready.can({ type: 'agent.ready' })).to.equal(false);
      expect(ready.can({ type: 'agent.notReady', reason: '1' })).to.equal(true);
      expect(ready.can({ type: 'agent.outboundOnly' })).to.equal(true);
      h.actor.send(fact.notReady('2'));
      expect(h.actor.getSnapshot().can({ type: 'agent.ready' })).to.equal(true);
    });

    it('marks a command pending until its confirming event, and reports a timeout when none comes', async () => {
      const h = harness({ settings: { commandConfirmMs: 4000 } });
      await loggedIn(h);
      h.actor.send({ type: 'agent.ready' });
      expect(h.actor.getSnapshot().context.pendingOperation).to.equal('ready');
      h.actor.send(fact.ready());
      expect(h.actor.getSnapshot().context.pendingOperation).to.equal(undefined);
      h.clock.increment(5000);
      expect(h.emitted.filter((e) => e.type === 'error')).to.have.length(0);
      h.actor.send({ type: 'agent.notReady', reason: '1' });
      h.clock.increment(4000);
      const error = h.emitted.find((e) => e.type === 'error');
      expect(error?.type === 'error' && error.error.code).to.equal(WellErrorCode.TIMEOUT);
      expect(h.actor.getSnapshot().context.pendingOperation).to.equal(undefined);
    });

    it('ignores a duplicated agent fact without a spurious change', async () => {
      const h = harness();
      await loggedIn(h);
      const ready = fact.ready();
      h.actor.send(ready);
      const before = h.actor.getSnapshot().value;
      h.actor.send(ready);
      expect(h.actor.getSnapshot().value).to.deep.equal(before);
      expect(h.code()).to.equal(3);
    });

    it('logs out on agentLoggedOff: 1 while the channel closes, then -1', async () => {
      const h = harness();
      await loggedIn(h);
      h.actor.send({ type: 'agent.logout' });
      h.actor.send({ type: 'agent.logoutAccepted' });
      h.actor.send(fact.loggedOff());
      await settle(h.actor, (s) => s.matches({ agent: 'loggedOut' }));
      expect(h.code()).to.equal(-1);
      expect(h.calls).to.include('closeChannel');
    });

    it('tears down locally when the logged-off event never comes', async () => {
      const h = harness({ settings: { logoutConfirmMs: 3000 } });
      await loggedIn(h);
      h.actor.send({ type: 'agent.logout' });
      h.actor.send({ type: 'agent.logoutAccepted' });
      h.clock.increment(3000);
      await settle(h.actor, (s) => s.matches({ agent: 'loggedOut' }));
    });
  });

  describe('heartbeat', () => {
    it('beats once at agentLoggedOn, then every 60 s, and stops at agentLoggedOff', async () => {
      const h = harness();
      await loggedIn(h);
      const beats = () => h.calls.filter((c) => c === 'heartbeat').length;
      expect(beats()).to.equal(1);
      h.clock.increment(59_999);
      expect(beats()).to.equal(1);
      h.clock.increment(1);
      expect(beats()).to.equal(2);
      h.clock.increment(60_000);
      expect(beats()).to.equal(3);
      h.actor.send(fact.loggedOff());
      await settle(h.actor, (s) => s.matches({ agent: 'loggedOut' }));
      h.clock.increment(180_000);
      expect(beats()).to.equal(3);
    });

    it('keeps beating while the channel reconnects (heartbeats are REST)', async () => {
      const h = harness();
      await loggedIn(h);
      h.outcomes.openChannel.push(() => Promise.reject(new Error('down')));
      h.actor.send({ type: 'channel.lost', error: new WellError(WellErrorCode.CHANNEL_ERROR, 'lost') });
      h.clock.increment(60_000);
      expect(h.calls.filter((c) => c === 'heartbeat').length).to.equal(2);
    });
  });

  describe('reconnect', () => {
    it('retries after the backoff, resyncs from the server, then trusts state again', async () => {
      const h = harness();
      await loggedIn(h);
      h.actor.send({ type: 'channel.lost', error: new WellError(WellErrorCode.CHANNEL_ERROR, 'lost') });
      expect(h.actor.getSnapshot().matches({ connection: { reconnecting: 'waiting' } })).to.equal(true);
      // commands wait for a trusted channel; logout (REST) stays possible
      expect(h.actor.getSnapshot().can({ type: 'agent.ready' })).to.equal(false);
      expect(h.actor.getSnapshot().can({ type: 'agent.logout' })).to.equal(true);
      const opens = h.calls.filter((c) => c === 'openChannel').length;
      h.clock.increment(2999);
      expect(h.calls.filter((c) => c === 'openChannel').length).to.equal(opens);
      h.clock.increment(1);
      await settle(h.actor, (s) => s.matches({ connection: 'connected' }));
      expect(h.calls.slice(-2)).to.deep.equal(['openChannel', 'resync']);
      // the server says Ready while we believed NotReady: the server wins
      expect(h.code()).to.equal(3);
      expect(h.actor.getSnapshot().context.reconnectAttempt).to.equal(0);
    });

    it('fails after the configured attempts, reports it, and never logs out', async () => {
      const h = harness({ settings: { reconnectAttempts: 5, reconnectDelayMs: 1000 } });
      await loggedIn(h);
      for (let i = 0; i < 5; i++) h.outcomes.openChannel.push(() => Promise.reject(new Error('refused')));
      h.actor.send({ type: 'channel.lost', error: new WellError(WellErrorCode.CHANNEL_ERROR, 'lost') });
      for (let i = 1; i <= 5; i++) {
        h.clock.increment(1000);
        await settle(
          h.actor,
          (s) =>
            s.matches({ connection: 'failed' }) ||
            (s.matches({ connection: { reconnecting: 'waiting' } }) && s.context.reconnectAttempt === i),
        );
      }
      expect(h.actor.getSnapshot().matches({ connection: 'failed' })).to.equal(true);
      expect(h.calls.filter((c) => c === 'openChannel').length).to.equal(6);
      const error = h.emitted.find((e) => e.type === 'error');
      expect(error?.type === 'error' && error.error.code).to.equal(WellErrorCode.CHANNEL_ERROR);
      expect(h.code()).to.equal(2);
      expect(h.actor.getSnapshot().matches({ agent: 'signedIn' })).to.equal(true);
      // a retry starts over
      h.actor.send({ type: 'connection.retry' });
      h.clock.increment(1000);
      await settle(h.actor, (s) => s.matches({ connection: 'connected' }));
    });

    it('follows a reconnect schedule whose last delay repeats (Verto: 1 s, then 2 s, then 3 s)', async () => {
      const h = harness({ settings: { reconnectDelayMs: [1000, 1000, 2000, 3000] as never, reconnectAttempts: 10 } });
      await loggedIn(h);
      for (let i = 0; i < 6; i++) h.outcomes.openChannel.push(() => Promise.reject(new Error('refused')));
      h.actor.send({ type: 'channel.lost', error: new WellError(WellErrorCode.CHANNEL_ERROR, 'lost') });
      const opens = () => h.calls.filter((c) => c === 'openChannel').length;
      const before = opens();
      const expectAttemptAfter = async (ms: number, attempt: number) => {
        h.clock.increment(ms - 1);
        expect(opens()).to.equal(before + attempt - 1);
        h.clock.increment(1);
        expect(opens()).to.equal(before + attempt);
        await settle(h.actor, (s) => s.matches({ connection: { reconnecting: 'waiting' } }));
      };
      await expectAttemptAfter(1000, 1);
      await expectAttemptAfter(1000, 2);
      await expectAttemptAfter(2000, 3);
      await expectAttemptAfter(3000, 4);
      await expectAttemptAfter(3000, 5);
    });

    it('ends the session when the resync says the server logged the agent out', async () => {
      const h = harness();
      await loggedIn(h);
      h.outcomes.resync.push(() => Promise.resolve({ loggedIn: false, agentMode: 'Logout', raw: {} }));
      h.actor.send({ type: 'channel.lost', error: new WellError(WellErrorCode.CHANNEL_ERROR, 'lost') });
      h.clock.increment(3000);
      await settle(h.actor, (s) => s.matches({ agent: 'loggedOut' }));
      expect(h.code()).to.equal(-1);
    });

    it('does not reconnect after an intentional logout', async () => {
      const h = harness();
      await loggedIn(h);
      h.actor.send(fact.loggedOff());
      await settle(h.actor, (s) => s.matches({ connection: 'idle' }));
      const opens = h.calls.filter((c) => c === 'openChannel').length;
      h.actor.send({ type: 'channel.lost', error: new WellError(WellErrorCode.CHANNEL_ERROR, 'late close') });
      h.clock.increment(10_000);
      expect(h.calls.filter((c) => c === 'openChannel').length).to.equal(opens);
      expect(h.actor.getSnapshot().matches({ connection: 'idle' })).to.equal(true);
    });
  });

  describe('around calls (named delays)', () => {
    const ME = '8001@test.cc';
    const offer = (callId: string): DomainEvent =>
      ({
        type: 'call.delivered',
        callId,
        callingDevice: '13800138000',
        calledDevice: ME,
        alertingDevice: ME,
        meta: meta('delivered'),
      }) as DomainEvent;
    const outboundRinging = (callId: string): DomainEvent[] => [
      { type: 'call.initiated', callId, deviceId: ME, meta: meta('serviceInitiated') } as DomainEvent,
      {
        type: 'call.delivered',
        callId,
        callingDevice: ME,
        calledDevice: '13800138000',
        alertingDevice: '13800138000',
        meta: meta('delivered'),
      } as DomainEvent,
    ];
    const established = (callId: string): DomainEvent =>
      ({ type: 'call.established', callId, answeringDevice: ME, meta: meta('established') }) as DomainEvent;
    const cleared = (callId: string): DomainEvent =>
      ({ type: 'call.cleared', callId, releasingDevice: ME, meta: meta('connectionCleared') }) as DomainEvent;

    it('a call id named like an Object.prototype member neither kills the actor nor leaves a phantom call', async () => {
      const h = harness();
      await loggedIn(h, 'Ready');
      h.actor.send({ type: 'call.held', callId: 'toString', holdingDevice: ME, meta: meta('held') } as DomainEvent);
      expect(Object.keys(h.actor.getSnapshot().context.calls)).to.deep.equal([]);
      for (const id of ['constructor', '__proto__']) {
        h.actor.send(offer(id));
        h.actor.send(established(id));
        expect(h.actor.getSnapshot().status).to.equal('active');
        expect(h.code()).to.equal(9);
        h.actor.send(cleared(id));
        expect(h.code()).to.equal(3);
      }
    });

    it('a call command without a confirming event times out naming that command, not another', async () => {
      const h = harness({ settings: { commandConfirmMs: 4000 } });
      await loggedIn(h, 'Ready');
      h.actor.send(offer('C1'));
      h.actor.send(established('C1'));
      h.actor.send({ type: 'call.hold', callId: 'C1' });
      expect(h.actor.getSnapshot().context.pendingOperation).to.equal('hold');
      h.clock.increment(4000);
      const error = h.emitted.find((e) => e.type === 'error');
      expect(error?.type === 'error' && error.error.code).to.equal(WellErrorCode.TIMEOUT);
      expect(error?.type === 'error' && error.error.operation).to.equal('hold');
      expect(error?.type === 'error' && error.error.message).to.contain('"hold"');
    });

    it('auto-answer: after the configured seconds, inbound only', async () => {
      const h = harness({ settings: { autoAnswerSeconds: 2 } });
      await loggedIn(h, 'Ready');
      for (const e of outboundRinging('OUT')) h.actor.send(e);
      h.clock.increment(5000);
      expect(h.emitted.filter((e) => e.type === 'autoAnswer')).to.have.length(0);
      h.actor.send(cleared('OUT'));
      h.actor.send(offer('IN'));
      expect(h.code()).to.equal(6);
      h.clock.increment(1999);
      expect(h.emitted.filter((e) => e.type === 'autoAnswer')).to.have.length(0);
      h.clock.increment(1);
      expect(h.emitted.filter((e) => e.type === 'autoAnswer')).to.deep.equal([{ type: 'autoAnswer', callId: 'IN' }]);
    });

    it('auto-answer is dropped when the call was answered or ended first', async () => {
      const h = harness({ settings: { autoAnswerSeconds: 2 } });
      await loggedIn(h, 'Ready');
      h.actor.send(offer('IN'));
      h.actor.send(established('IN'));
      h.clock.increment(3000);
      expect(h.emitted.filter((e) => e.type === 'autoAnswer')).to.have.length(0);
    });

    it('after-call rule: in 5 the softphone goes ready after the configured seconds', async () => {
      const h = harness({ settings: { afterCallSeconds: 10 } });
      await loggedIn(h, 'Ready');
      h.actor.send(offer('IN'));
      h.actor.send(established('IN'));
      h.actor.send(cleared('IN'));
      h.actor.send(fact.afterCall());
      expect(h.code()).to.equal(5);
      h.clock.increment(9999);
      expect(h.emitted.filter((e) => e.type === 'autoReady')).to.have.length(0);
      h.clock.increment(1);
      expect(h.emitted.filter((e) => e.type === 'autoReady')).to.have.length(1);
    });

    it('manual after-call work (no rule) waits for the agent', async () => {
      const h = harness();
      await loggedIn(h, 'Ready');
      h.actor.send(fact.afterCall());
      h.clock.increment(600_000);
      expect(h.emitted.filter((e) => e.type === 'autoReady')).to.have.length(0);
      expect(h.actor.getSnapshot().can({ type: 'agent.ready' })).to.equal(true);
    });

    it('ring timeout: a call left ringing puts the agent not ready once it is gone', async () => {
      const h = harness({ settings: { ringTimeoutSeconds: 30 } });
      await loggedIn(h, 'Ready');
      h.actor.send(offer('IN'));
      h.clock.increment(30_000);
      expect(h.emitted.filter((e) => e.type === 'ringTimeoutNotReady')).to.have.length(0);
      h.actor.send(cleared('IN'));
      expect(h.emitted.filter((e) => e.type === 'ringTimeoutNotReady')).to.have.length(1);
      // an answered call never triggers it
      h.actor.send(offer('IN2'));
      h.clock.increment(10_000);
      h.actor.send(established('IN2'));
      h.clock.increment(60_000);
      h.actor.send(cleared('IN2'));
      expect(h.emitted.filter((e) => e.type === 'ringTimeoutNotReady')).to.have.length(1);
    });

    it('refuses ready, not ready, dial and logout while a call exists, and allows them again after', async () => {
      const h = harness();
      await loggedIn(h, 'Ready');
      h.actor.send(offer('IN'));
      const s = h.actor.getSnapshot();
      expect(s.can({ type: 'agent.logout' })).to.equal(false);
      expect(s.can({ type: 'agent.notReady', reason: '1' })).to.equal(false);
      expect(s.can({ type: 'call.dial', number: '1' })).to.equal(false);
      expect(s.can({ type: 'call.answer', callId: 'IN' })).to.equal(true);
      h.actor.send(cleared('IN'));
      expect(h.actor.getSnapshot().can({ type: 'agent.logout' })).to.equal(true);
      expect(h.code()).to.equal(3);
    });
  });

  describe('never losing a call or the session', () => {
    const ME = '8001@test.cc';
    const AGENT2 = '8002@test.cc';
    const lost = () => ({ type: 'channel.lost' as const, error: new WellError(WellErrorCode.CHANNEL_ERROR, 'lost') });
    const ev = (type: string, callId: string, fields: Record<string, unknown> = {}) =>
      ({ type, callId, meta: meta(type), ...fields }) as DomainEvent;
    /** An inbound customer call, held, then a consult call to 8002 that answered: status 17. */
    const consulting = (h: ReturnType<typeof harness>) => {
      h.actor.send(ev('call.delivered', 'IN', { callingDevice: '13800138000', calledDevice: ME, alertingDevice: ME }));
      h.actor.send(
        ev('call.established', 'IN', { callingDevice: '13800138000', calledDevice: ME, answeringDevice: ME }),
      );
      h.actor.send(ev('call.held', 'IN', { holdingDevice: ME }));
      h.actor.send(ev('call.initiated', 'C2', { deviceId: ME }));
      h.actor.send(ev('call.delivered', 'C2', { callingDevice: ME, calledDevice: AGENT2, alertingDevice: AGENT2 }));
      h.actor.send(ev('call.established', 'C2', { callingDevice: ME, calledDevice: AGENT2, answeringDevice: AGENT2 }));
    };
    const ended = (h: ReturnType<typeof harness>) => h.notices.filter((n) => n.type === 'ended');
    const reconnect = async (h: ReturnType<typeof harness>, snapshot: ServerSnapshot) => {
      h.outcomes.resync.push(() => Promise.resolve(snapshot));
      h.actor.send(lost());
      h.clock.increment(3000);
      await settle(h.actor, (s) => s.matches({ connection: { connected: 'live' } }));
    };

    it('facts: quiet facts applied in one step; refused whole when one of them needs more', async () => {
      const offer = () =>
        ev('call.delivered', 'IN', { callingDevice: '13800138000', calledDevice: ME, alertingDevice: ME });
      const established = ev('call.established', 'IN', {
        callingDevice: '13800138000',
        calledDevice: ME,
        answeringDevice: ME,
      });
      const held = ev('call.held', 'IN', { holdingDevice: ME });
      // with auto-answer on, an offer starts a timer: not quiet, so the batch is not taken at all
      const timed = harness({ settings: { autoAnswerSeconds: 5 } });
      await loggedIn(timed, 'Ready');
      await settle(timed.actor, (s) => s.matches({ connection: { connected: 'live' } }));
      const before = timed.actor.getSnapshot();
      timed.actor.send({ type: 'facts', facts: [offer(), established] });
      expect(timed.actor.getSnapshot().context.calls).to.equal(before.context.calls);
      expect(timed.code()).to.equal(3);
      // without timers the three go together: one snapshot, every notice in order
      const h = harness();
      await loggedIn(h, 'Ready');
      await settle(h.actor, (s) => s.matches({ connection: { connected: 'live' } }));
      let snapshots = 0;
      h.actor.subscribe(() => snapshots++);
      h.actor.send({ type: 'facts', facts: [offer(), established, held] });
      expect(snapshots).to.equal(1);
      expect(h.code()).to.equal(12);
      expect(h.notices.map((n) => n.type)).to.deep.equal(['offered', 'started', 'held']);
      expect(h.actor.getSnapshot().context.lastFact).to.equal(held);
    });

    it('facts: mode facts go together into the state of the last one; with a command pending they do not', async () => {
      const h = harness();
      await loggedIn(h, 'Ready');
      await settle(h.actor, (s) => s.matches({ connection: { connected: 'live' } }));
      h.actor.send({ type: 'facts', facts: [fact.afterCall(), fact.notReady('2'), fact.notReady('7')] });
      expect(h.actor.getSnapshot().matches({ agent: { signedIn: 'notReady' } })).to.equal(true);
      expect(h.actor.getSnapshot().context.reason).to.equal('7');
      h.actor.send({ type: 'facts', facts: [fact.ready(), fact.notReady('2')] });
      expect(h.actor.getSnapshot().matches({ agent: { signedIn: 'outboundOnly' } })).to.equal(true);
      // a command waits for its confirming event: that event is a step of its own
      h.actor.send({ type: 'agent.ready' });
      expect(h.actor.getSnapshot().context.pendingOperation).to.not.equal(undefined);
      const before = h.actor.getSnapshot();
      const pending = [fact.ready(), fact.notReady('1')];
      expect(quietRunOf(before, pending)).to.equal(0);
      h.actor.send({ type: 'facts', facts: pending });
      expect(h.actor.getSnapshot().context).to.equal(before.context);
      // and nothing goes together before the agent is signed in
      const out = harness();
      expect(quietRunOf(out.actor.getSnapshot(), [fact.ready(), fact.notReady('1')])).to.equal(0);
    });

    it('a reconnect during a consult keeps the held customer the snapshot cannot describe', async () => {
      const h = harness();
      await loggedIn(h, 'Ready');
      consulting(h);
      expect(h.code()).to.equal(17);
      // well's client-state describes one activeCall: the consult call
      await reconnect(h, {
        loggedIn: true,
        agentMode: 'Ready',
        calls: [{ callId: 'C2', state: 'connected', direction: 'internal', party: AGENT2 }],
        raw: {},
      });
      expect(Object.keys(h.actor.getSnapshot().context.calls).sort()).to.deep.equal(['C2', 'IN']);
      expect(h.code()).to.equal(17);
      expect(ended(h)).to.have.length(0);
      expect(h.actor.getSnapshot().can({ type: 'call.cancelConsult', callId: 'IN' })).to.equal(true);
    });

    it('the snapshot still ends what it contradicts: no calls at all, or a missing call that was not held', async () => {
      const h = harness();
      await loggedIn(h, 'Ready');
      consulting(h);
      await reconnect(h, { loggedIn: true, agentMode: 'Ready', calls: [], raw: {} });
      expect(Object.keys(h.actor.getSnapshot().context.calls)).to.deep.equal([]);
      expect(ended(h)).to.have.length(2);
      const g = harness();
      await loggedIn(g, 'Ready');
      consulting(g);
      // the consult call is gone and the customer is talking again: the consult call ends, the customer stays
      await reconnect(g, {
        loggedIn: true,
        agentMode: 'Ready',
        calls: [{ callId: 'IN', state: 'connected', direction: 'inbound' }],
        raw: {},
      });
      expect(Object.keys(g.actor.getSnapshot().context.calls)).to.deep.equal(['IN']);
      expect(g.code()).to.equal(9);
      const end = ended(g)[0];
      expect(end?.type === 'ended' && end.end.call.callId).to.equal('C2');
    });

    it('hang-up, hold, retrieve and answer go out while the channel reconnects; the resync confirms them', async () => {
      const h = harness();
      await loggedIn(h, 'Ready');
      h.actor.send(ev('call.delivered', 'IN', { callingDevice: '13800138000', calledDevice: ME, alertingDevice: ME }));
      h.outcomes.openChannel.push(() => Promise.reject(new Error('refused')));
      h.actor.send(lost());
      expect(h.actor.getSnapshot().can({ type: 'call.answer', callId: 'IN' })).to.equal(true);
      h.actor.send(
        ev('call.established', 'IN', { callingDevice: '13800138000', calledDevice: ME, answeringDevice: ME }),
      );
      const s = h.actor.getSnapshot();
      expect(s.matches({ connection: 'reconnecting' })).to.equal(true);
      expect(s.can({ type: 'call.hangUp', callId: 'IN' })).to.equal(true);
      expect(s.can({ type: 'call.hold', callId: 'IN' })).to.equal(true);
      // commands whose outcome needs the events stay refused
      expect(s.can({ type: 'call.consult', callId: 'IN' })).to.equal(false);
      expect(s.can({ type: 'call.blindTransfer', callId: 'IN' })).to.equal(false);
      h.actor.send({ type: 'call.hangUp', callId: 'IN' });
      expect(h.actor.getSnapshot().context.pendingOperation).to.equal('hangUp');
      h.clock.increment(3000); // attempt 1 refused
      await settle(h.actor, (x) => x.matches({ connection: { reconnecting: 'waiting' } }));
      h.outcomes.resync.push(() => Promise.resolve({ loggedIn: true, agentMode: 'Ready', calls: [], raw: {} }));
      h.clock.increment(3000);
      await settle(h.actor, (x) => x.matches({ connection: { connected: 'live' } }));
      expect(h.code()).to.equal(3);
      expect(h.actor.getSnapshot().context.pendingOperation).to.equal(undefined);
      h.clock.increment(20_000);
      expect(h.emitted.filter((e) => e.type === 'error')).to.have.length(0);
    });

    it('events that arrive while a resync is in flight win over its older snapshot', async () => {
      const h = harness({ settings: { resyncAfterLogin: true as never } });
      let answer!: (snapshot: ServerSnapshot) => void;
      const deferred = () => h.outcomes.resync.push(() => new Promise((resolve) => (answer = resolve)));
      deferred();
      await loggedIn(h, 'Ready');
      await settle(h.actor, (s) => s.matches({ connection: { connected: 'checking' } }));
      // a call arrives after the server took its snapshot (which has no calls)
      h.actor.send(ev('call.delivered', 'NEW', { callingDevice: '13800138000', calledDevice: ME, alertingDevice: ME }));
      answer({ loggedIn: true, agentMode: 'Ready', calls: [], raw: {} });
      await settle(h.actor, (s) => s.matches({ connection: { connected: 'live' } }));
      expect(Object.keys(h.actor.getSnapshot().context.calls)).to.deep.equal(['NEW']);
      expect(h.code()).to.equal(6);
      expect(ended(h)).to.have.length(0);
      // the call ends after the server took the next snapshot (which still lists it): it stays ended
      deferred();
      h.actor.send({ type: 'calls.resync' } as never);
      await settle(h.actor, (s) => s.matches({ connection: { connected: 'checking' } }));
      h.actor.send(ev('call.cleared', 'NEW', { releasingDevice: ME }));
      answer({
        loggedIn: true,
        agentMode: 'Ready',
        calls: [{ callId: 'NEW', state: 'alerting', direction: 'inbound' }],
        raw: {},
      });
      await settle(h.actor, (s) => s.matches({ connection: { connected: 'live' } }));
      expect(Object.keys(h.actor.getSnapshot().context.calls)).to.deep.equal([]);
      expect(h.code()).to.equal(3);
    });

    it("an agent event that arrives while a resync is in flight wins over the snapshot's older mode", async () => {
      const h = harness({ settings: { resyncAfterLogin: true as never } });
      let answer!: (snapshot: ServerSnapshot) => void;
      h.outcomes.resync.push(() => new Promise((resolve) => (answer = resolve)));
      await loggedIn(h, 'NotReady');
      await settle(h.actor, (s) => s.matches({ connection: { connected: 'checking' } }));
      h.actor.send({ type: 'agent.ready' });
      h.actor.send(fact.ready());
      answer({ loggedIn: true, agentMode: 'NotReady', raw: {} });
      await settle(h.actor, (s) => s.matches({ connection: { connected: 'live' } }));
      expect(h.code()).to.equal(3);
      // a later resync with nothing newer applies as usual
      h.outcomes.resync.push(() => Promise.resolve({ loggedIn: true, agentMode: 'NotReady', raw: {} }));
      h.actor.send({ type: 'calls.resync' } as never);
      await settle(h.actor, (s) => s.matches({ connection: { connected: 'live' } }) && h.code() === 2);
    });

    it('tells why the session ended when the agent did not ask, and says nothing when it did', async () => {
      const reasons = (h: ReturnType<typeof harness>) =>
        h.emitted.flatMap((e) => (e.type === 'sessionEnded' ? [e.reason] : []));
      const asked = harness();
      await loggedIn(asked);
      asked.actor.send({ type: 'agent.logout' });
      asked.actor.send({ type: 'agent.logoutAccepted' });
      asked.actor.send(fact.loggedOff());
      await settle(asked.actor, (s) => s.matches({ agent: 'loggedOut' }));
      expect(reasons(asked)).to.deep.equal([]);

      const supervisor = harness();
      await loggedIn(supervisor);
      supervisor.actor.send(fact.loggedOff());
      expect(reasons(supervisor)).to.deep.equal(['supervisor']);

      const punt = harness();
      await loggedIn(punt);
      // XSwitch's adapter reports a punt itself (SESSION_ENDED takenOver): the machine does not say it twice
      punt.actor.send({ type: 'agent.loggedOff', meta: meta('verto.punt') });
      expect(reasons(punt)).to.deep.equal([]);
      expect(punt.actor.getSnapshot().matches({ agent: 'signedIn' })).to.equal(false);

      const restart = harness();
      await loggedIn(restart);
      restart.outcomes.resync.push(() => Promise.resolve({ loggedIn: false, agentMode: 'Logout', raw: {} }));
      restart.actor.send(lost());
      restart.clock.increment(3000);
      await settle(restart.actor, (s) => s.matches({ agent: 'loggedOut' }));
      expect(reasons(restart)).to.deep.equal(['serverRestart']);

      const elsewhere = harness();
      await loggedIn(elsewhere);
      elsewhere.outcomes.resync.push(() =>
        Promise.resolve({ loggedIn: false, agentMode: 'Logout', deviceId: '8009@test.cc', raw: {} }),
      );
      elsewhere.actor.send({ type: 'calls.resync' } as never);
      await settle(elsewhere.actor, (s) => s.matches({ agent: 'loggedOut' }));
      expect(reasons(elsewhere)).to.deep.equal(['elsewhere']);
    });

    it('an event whose handling throws is reported as MALFORMED_EVENT and followed by a resync', async () => {
      const h = harness();
      await loggedIn(h, 'Ready');
      const hostile = {
        type: 'call.delivered',
        callId: 'X',
        meta: meta('delivered'),
        get callingDevice(): string {
          throw new Error('hostile getter');
        },
      } as unknown as DomainEvent;
      const resyncs = h.calls.filter((c) => c === 'resync').length;
      h.actor.send(hostile);
      expect(h.actor.getSnapshot().status).to.equal('active');
      const error = h.emitted.find((e) => e.type === 'error');
      expect(error?.type === 'error' && error.error.code).to.equal(WellErrorCode.MALFORMED_EVENT);
      await settle(h.actor, () => h.calls.filter((c) => c === 'resync').length === resyncs + 1);
      // and the machine goes on
      h.actor.send(ev('call.delivered', 'IN', { callingDevice: '13800138000', calledDevice: ME, alertingDevice: ME }));
      expect(h.code()).to.equal(6);
    });
  });
});
