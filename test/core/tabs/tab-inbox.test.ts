import { expect } from '@open-wc/testing';
import { createTabSession, type TabSession } from '../../../src/core/tabs/tab-session.js';
import { FakeServer, OPTIONS, Recorder, scopeOptions, whenTrue } from './tab-fakes.js';

const CREDS = { jobNumber: '5001', password: '123456', domain: 'test.cc', extension: '8001' };
const timeout = () => AbortSignal.timeout(3000);

/**
 * Whether this page has fetched the tab inbox (message validation and the leader's relay, tab-inbox.ts): each test
 * file runs in a page of its own, and nothing before these tests loads it.
 */
const inboxFetched = () =>
  performance.getEntriesByType('resource').some((e) => /\/tab-inbox(-[\w-]+)?\.[jt]s$/.test(new URL(e.name).pathname));

describe('tab session: what only another tab needs loads with the first message from one', function () {
  this.timeout(8000);
  const sessions: TabSession[] = [];
  afterEach(() => {
    for (const s of sessions.splice(0)) s.dispose();
  });

  it('a tab on its own leads and logs in without the inbox; a second tab loads it and joins', async () => {
    const server = new FakeServer();
    const scope = scopeOptions();
    const a = createTabSession(scope());
    sessions.push(a);
    expect(await a.ready()).to.equal('leader');
    const leader = a.wrapFactory(server.factory)(OPTIONS, new Recorder());
    await leader.authenticate(CREDS, timeout());
    await leader.openChannel(timeout());
    await leader.execute({ type: 'login', initialMode: 'NotReady' }, timeout());
    expect(a.sharedSession()?.sessionId).to.equal('session-1');
    expect(inboxFetched()).to.equal(false);

    const b = createTabSession(scope());
    sessions.push(b);
    expect(await b.ready()).to.equal('follower');
    const sink = new Recorder();
    const follower = b.wrapFactory(server.factory)(OPTIONS, sink);
    await whenTrue(b.onSharedSession, () => b.sharedSession() !== undefined);
    await follower.attach!(b.sharedSession()!, timeout());
    await follower.openChannel(timeout());
    expect(await follower.resync(timeout())).to.deep.include({ loggedIn: true });
    expect(inboxFetched()).to.equal(true);
    expect(server.executed.map(([n, c]) => [n, c.type])).to.deep.equal([[1, 'login']]);
  });
});
