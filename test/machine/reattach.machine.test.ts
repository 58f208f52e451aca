import { expect } from '@open-wc/testing';
import { createActor, fromPromise, SimulatedClock, waitFor } from 'xstate';
import { softphoneMachine } from '../../src/machine/softphone.machine.js';
import type { LoginRequest, SoftphoneEmitted } from '../../src/machine/types.js';
import { deriveStatusCode } from '../../src/machine/selectors.js';
import type { AgentIdentity, InitialMode } from '../../src/model/agent.js';
import type { ServerSnapshot } from '../../src/model/server-snapshot.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import { WELL_CAPABILITIES } from '../../src/vendors/well/well.capabilities.js';

const identity: AgentIdentity = {
  jobNumber: '5001',
  domain: 'test.cc',
  extension: '8001',
  agentId: '5001@test.cc',
  deviceId: '8001@test.cc',
};
const request: LoginRequest = {
  jobNumber: '5001',
  domain: 'test.cc',
  extension: '8001',
  loginMode: 'force',
  initialMode: 'NotReady',
};
const talking: ServerSnapshot = {
  loggedIn: true,
  agentMode: 'NotReady',
  calls: [{ callId: 'C1', state: 'connected', direction: 'inbound', party: '13800138000' }],
  raw: {},
};

/** Every actor a spy; `attach` and `resync` answer what the test queues. */
function harness() {
  const calls: string[] = [];
  const attach: (() => Promise<AgentIdentity>)[] = [];
  const resync: (() => Promise<ServerSnapshot>)[] = [];
  const machine = softphoneMachine.provide({
    actors: {
      authenticate: fromPromise<AgentIdentity, LoginRequest>(async () => {
        calls.push('authenticate');
        return identity;
      }),
      attach: fromPromise<AgentIdentity, LoginRequest>(({ input }) => {
        calls.push(`attach:${input.jobNumber}`);
        return (attach.shift() ?? (() => Promise.resolve(identity)))();
      }),
      openChannel: fromPromise<void, void>(async () => {
        calls.push('openChannel');
      }),
      closeChannel: fromPromise<void, void>(async () => {
        calls.push('closeChannel');
      }),
      login: fromPromise<void, { initialMode: InitialMode }>(async () => {
        calls.push('login');
      }),
      forceLogin: fromPromise<void, { initialMode: InitialMode }>(async () => {
        calls.push('forceLogin');
      }),
      resync: fromPromise<ServerSnapshot, void>(() => {
        calls.push('resync');
        return (resync.shift() ?? (() => Promise.resolve(talking)))();
      }),
    },
  });
  const actor = createActor(machine, {
    clock: new SimulatedClock(),
    input: { capabilities: WELL_CAPABILITIES, settings: {} },
  });
  const emitted: SoftphoneEmitted[] = [];
  actor.on('*', (e) => emitted.push(e as SoftphoneEmitted));
  actor.start();
  const code = () => deriveStatusCode(actor.getSnapshot());
  const settle = (predicate: (s: ReturnType<typeof actor.getSnapshot>) => boolean) =>
    waitFor(actor, predicate, { timeout: 2000 });
  return { actor, calls, attach, resync, emitted, code, settle };
}

describe('softphone machine: reattach and page lifecycle', () => {
  describe('agent.reattach', () => {
    it('verifies the kept session, opens the channel, reads the server view: no Login request, the call is back', async () => {
      const h = harness();
      h.actor.send({ type: 'agent.reattach', request });
      expect(h.code()).to.equal(0);
      await h.settle((s) => s.matches({ agent: 'signedIn' }));
      expect(h.calls).to.deep.equal(['attach:5001', 'openChannel', 'resync']);
      expect(h.calls).not.to.include('login');
      expect(h.calls).not.to.include('authenticate');
      expect(h.code()).to.equal(9);
      expect(Object.keys(h.actor.getSnapshot().context.calls)).to.deep.equal(['C1']);
      expect(h.actor.getSnapshot().context.identity).to.deep.equal(identity);
      expect(h.emitted.some((e) => e.type === 'login.succeeded' && e.reattached === true)).to.equal(true);
      expect(h.emitted.some((e) => e.type === 'heartbeat')).to.equal(true);
      expect(h.actor.getSnapshot().matches({ connection: { connected: 'live' } })).to.equal(true);
    });

    it('takes the agent mode of the server view (ready, no call)', async () => {
      const h = harness();
      h.resync.push(() => Promise.resolve({ loggedIn: true, agentMode: 'Ready', calls: [], raw: {} }));
      h.actor.send({ type: 'agent.reattach', request });
      await h.settle((s) => s.matches({ agent: { signedIn: 'ready' } }));
      expect(h.code()).to.equal(3);
    });

    it('an expired session falls back to logged out with the reason, and closes the channel it did not open', async () => {
      const h = harness();
      const expired = new WellError(WellErrorCode.SESSION_EXPIRED, 'gone', {
        operation: 'reattach',
        status: 426,
        detail: { reason: 'sessionExpired', status: 426 },
      });
      h.attach.push(() => Promise.reject(expired));
      h.actor.send({ type: 'agent.reattach', request });
      await h.settle((s) => s.matches({ agent: 'loggedOut' }));
      expect(h.code()).to.equal(-1);
      expect(h.calls).to.deep.equal(['attach:5001']);
      const failed = h.emitted.find((e) => e.type === 'login.failed');
      expect(failed && failed.type === 'login.failed' && failed.failure).to.deep.equal({
        status: 426,
        reason: 'sessionExpired',
      });
      expect(h.actor.getSnapshot().context.identity).to.equal(undefined);
    });

    it('a server view that says logged out (between the check and the channel) fails as sessionExpired', async () => {
      const h = harness();
      h.resync.push(() => Promise.resolve({ loggedIn: false, agentMode: 'Logout', raw: {} }));
      h.actor.send({ type: 'agent.reattach', request });
      await h.settle((s) => s.matches({ agent: 'loggedOut' }) && s.matches({ connection: 'idle' }));
      const failed = h.emitted.find((e) => e.type === 'login.failed');
      expect(failed && failed.type === 'login.failed' && failed.failure.reason).to.equal('sessionExpired');
      expect(h.emitted.some((e) => e.type === 'login.succeeded')).to.equal(false);
      expect(h.calls).to.include('closeChannel');
    });

    it('an explicit login supersedes a reattach in flight (at any step) and goes through the full login', async () => {
      for (const hang of ['attach', 'resync'] as const) {
        const h = harness();
        if (hang === 'attach') h.attach.push(() => new Promise(() => {}));
        else h.resync.push(() => new Promise(() => {}));
        h.actor.send({ type: 'agent.reattach', request });
        await h.settle((s) =>
          s.matches({ agent: { loggingIn: { attaching: hang === 'attach' ? 'verifying' : 'resyncing' } } }),
        );
        h.actor.send({ type: 'agent.login', request: { ...request, jobNumber: '5002' } });
        await h.settle((s) => s.matches({ agent: { loggingIn: 'awaitingLoggedOn' } }));
        expect(h.calls).to.include('authenticate');
        expect(h.calls.at(-1)).to.equal('login');
        expect(h.actor.getSnapshot().context.login?.jobNumber).to.equal('5002');
        expect(h.emitted.some((e) => e.type === 'login.failed')).to.equal(false);
      }
    });

    it('can be cancelled like a login', async () => {
      const h = harness();
      h.attach.push(() => new Promise(() => {}));
      h.actor.send({ type: 'agent.reattach', request });
      h.actor.send({ type: 'agent.cancelLogin' });
      expect(h.code()).to.equal(-1);
    });
  });

  describe('freeze, resume, back-forward cache', () => {
    async function signedIn() {
      const h = harness();
      h.resync.push(() => Promise.resolve({ loggedIn: true, agentMode: 'NotReady', calls: [], raw: {} }));
      h.actor.send({ type: 'agent.reattach', request });
      await h.settle((s) => s.matches({ agent: 'signedIn' }) && s.matches({ connection: { connected: 'live' } }));
      h.calls.length = 0;
      return h;
    }

    it('a freeze marks the connection stale until a resume re-reads the server view', async () => {
      const h = await signedIn();
      h.actor.send({ type: 'session.suspend' });
      expect(h.actor.getSnapshot().matches({ connection: 'stale' })).to.equal(true);
      expect(h.actor.getSnapshot().can({ type: 'agent.ready' })).to.equal(false);
      let answer!: (s: ServerSnapshot) => void;
      h.resync.push(() => new Promise((resolve) => (answer = resolve)));
      h.actor.send({ type: 'session.check' });
      expect(h.actor.getSnapshot().matches({ connection: 'verifying' })).to.equal(true);
      expect(h.calls).to.deep.equal(['resync']);
      // meanwhile the server answered a call the frozen page never heard of
      answer(talking);
      await h.settle((s) => s.matches({ connection: { connected: 'live' } }));
      expect(h.code()).to.equal(9);
    });

    it('a back-forward cache restore (check without freeze) re-reads the server view too', async () => {
      const h = await signedIn();
      h.resync.push(() => Promise.resolve({ loggedIn: true, agentMode: 'Ready', calls: [], raw: {} }));
      h.actor.send({ type: 'session.check' });
      await h.settle(
        (s) => s.matches({ connection: { connected: 'live' } }) && s.matches({ agent: { signedIn: 'ready' } }),
      );
      expect(h.calls).to.deep.equal(['resync']);
    });

    it('a channel that died while frozen reconnects; a failed check reopens the channel', async () => {
      const h = await signedIn();
      h.actor.send({ type: 'session.suspend' });
      h.actor.send({ type: 'channel.lost', error: new WellError(WellErrorCode.CHANNEL_ERROR, 'lost') });
      expect(h.actor.getSnapshot().matches({ connection: 'reconnecting' })).to.equal(true);

      const h2 = await signedIn();
      h2.resync.push(() => Promise.reject(new WellError(WellErrorCode.NETWORK_ERROR, 'offline')));
      h2.actor.send({ type: 'session.check' });
      await h2.settle((s) => s.matches({ connection: 'reconnecting' }));
      expect(h2.code()).to.equal(2);
    });

    it('does nothing while logged out', () => {
      const h = harness();
      h.actor.send({ type: 'session.suspend' });
      h.actor.send({ type: 'session.check' });
      expect(h.actor.getSnapshot().matches({ connection: 'idle' })).to.equal(true);
      expect(h.calls).to.deep.equal([]);
    });
  });
});
