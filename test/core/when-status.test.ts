import { expect } from '@open-wc/testing';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import { credentials, fakePhone } from '../helpers/fake-vendor.js';
import { rejection } from '../helpers/assert.js';

function setup(config: Record<string, unknown> = {}) {
  const { backend, phone } = fakePhone(config);
  return { backend, phone };
}

/** Settles a promise into a tagged value, so a test can check it is still pending. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe('Softphone.whenStatus', () => {
  it('resolves once the confirming event arrives, not when the command is accepted', async () => {
    const { phone, backend } = setup();
    await phone.login(credentials());
    backend.confirm = false;
    await phone.ready();
    // accepted by the server, not confirmed yet: the status is still 2
    expect(phone.getStatusCode()).to.equal(2);
    const waiting = phone.whenStatus(3);
    const state = track(waiting);
    await Promise.resolve();
    expect(state.settled).to.equal(false);
    backend.emit({ type: 'agent.wentReady' });
    const change = await waiting;
    expect(change).to.include({ code: 3, lastCode: 2 });
    expect(change.context.agentState).to.equal('ready');
    expect(phone.can('notReady')).to.equal(true);
  });

  it('resolves at once when the status already matches: a code, a list, a predicate on the context', async () => {
    const { phone } = setup();
    await phone.login(credentials());
    expect((await phone.whenStatus(2)).code).to.equal(2);
    expect((await phone.whenStatus([3, 2])).code).to.equal(2);
    const change = await phone.whenStatus((code, context) => code === 2 && context.agentId === '5001@test.cc');
    expect(change.context.connection).to.equal('connected');
  });

  it('can be awaited before login: -1 at the start is not a session end', async () => {
    const { phone } = setup();
    const loggedIn = phone.whenStatus(2);
    await phone.login(credentials());
    expect((await loggedIn).lastCode).to.equal(0);
  });

  it('rejects TIMEOUT when the status is not reached in time', async () => {
    const { phone } = setup();
    await phone.login(credentials());
    const error = await rejection(phone.whenStatus(6, { timeoutMs: 20 }));
    expect(error.code).to.equal(WellErrorCode.TIMEOUT);
    expect(error).to.include({ operation: 'whenStatus', statusCode: 2 });
  });

  it('rejects ABORTED for an aborted signal, before or while waiting', async () => {
    const { phone } = setup();
    await phone.login(credentials());
    expect((await rejection(phone.whenStatus(6, { signal: AbortSignal.abort() }))).code).to.equal(
      WellErrorCode.ABORTED,
    );
    const controller = new AbortController();
    const waiting = phone.whenStatus(6, { signal: controller.signal, timeoutMs: Infinity });
    controller.abort();
    expect((await rejection(waiting)).code).to.equal(WellErrorCode.ABORTED);
  });

  it('rejects SESSION_EXPIRED when the agent is logged out first, and resolves when -1 is what it waits for', async () => {
    const { phone, backend } = setup();
    await phone.login(credentials());
    const ready = phone.whenStatus(3, { timeoutMs: Infinity });
    const loggedOut = phone.whenStatus(-1);
    backend.emit({ type: 'agent.loggedOff' });
    expect((await rejection(ready)).code).to.equal(WellErrorCode.SESSION_EXPIRED);
    expect((await loggedOut).code).to.equal(-1);
    // after the session ended, -1 is the start again: a new wait does not reject at once
    const again = phone.whenStatus(2);
    await phone.login(credentials());
    expect((await again).code).to.equal(2);
  });

  it('rejects CHANNEL_ERROR when reconnecting gives up first', async () => {
    const { phone, backend } = setup({ reconnectAttempts: 1, reconnectDelayMs: 1 });
    await phone.login(credentials());
    const waiting = phone.whenStatus(6, { timeoutMs: Infinity });
    backend.failures.set('openChannel', new WellError(WellErrorCode.CHANNEL_ERROR, 'refused'));
    backend.sink!.channelLost(new WellError(WellErrorCode.CHANNEL_ERROR, 'lost'));
    const error = await rejection(waiting);
    expect(error.code).to.equal(WellErrorCode.CHANNEL_ERROR);
    expect(phone.connectionState).to.equal('failed');
  });

  it('rejects ABORTED when the softphone is stopped', async () => {
    const { phone } = setup();
    await phone.login(credentials());
    const waiting = phone.whenStatus(6, { timeoutMs: Infinity });
    phone.stop();
    expect((await rejection(waiting)).code).to.equal(WellErrorCode.ABORTED);
  });

  it('rejects INVALID_ARGUMENT for a bad argument or a throwing predicate, and leaves no listener behind', async () => {
    const { phone } = setup();
    await phone.login(credentials());
    expect((await rejection(phone.whenStatus('3' as never))).code).to.equal(WellErrorCode.INVALID_ARGUMENT);
    expect((await rejection(phone.whenStatus(3, { timeoutMs: -1 }))).code).to.equal(WellErrorCode.INVALID_ARGUMENT);
    const error = await rejection(
      phone.whenStatus(() => {
        throw new Error('host bug');
      }),
    );
    expect(error.code).to.equal(WellErrorCode.INVALID_ARGUMENT);
    expect(error.message).to.equal('host bug');
    // the softphone goes on: a later wait works
    await phone.ready();
    expect((await phone.whenStatus(3)).code).to.equal(3);
  });
});
