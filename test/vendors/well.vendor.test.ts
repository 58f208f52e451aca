import { expect } from '@open-wc/testing';
import { createWellVendor } from '../../src/vendors/well/well.vendor.js';
import type { VendorSink } from '../../src/vendors/vendor.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import { rejection } from '../helpers/assert.js';
import { fakeFetch, json, type Call } from './fake-fetch.js';

const sink = (): VendorSink => ({ event() {}, raw() {}, channelLost() {}, error() {}, log() {} });
const creds = { jobNumber: '5001', password: '123456', domain: 'test.cc', extension: '8001' };
const endpoints = {
  apiUrl: 'http://cti.test',
  loginUrl: 'http://cti.test/loginTrusted',
  eventUrl: 'ws://cti.test/mvc/stomp/websocket',
};
const signal = () => new AbortController().signal;

describe('well vendor (REST)', () => {
  it('sends the TPI form, then Login with the pending session id in header and body', async () => {
    const { calls, fetchImpl } = fakeFetch((c) =>
      c.url.endsWith('/loginTrusted') ? json(200, { sessionId: 'S1' }) : json(204),
    );
    const vendor = createWellVendor({ endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: fetchImpl }, sink());
    const identity = await vendor.authenticate(creds, signal());
    expect(identity).to.deep.equal({
      jobNumber: '5001',
      domain: 'test.cc',
      extension: '8001',
      agentId: '5001@test.cc',
      deviceId: '8001@test.cc',
    });
    expect(calls[0]!.body).to.equal('username=5001&password=123456&namespace=test.cc');
    expect(calls[0]!.headers['sessionId']).to.equal(undefined);
    await vendor.execute({ type: 'login', initialMode: 'Ready' }, signal());
    expect(calls[1]!.url).to.equal('http://cti.test/api/csta/agent/state');
    expect(calls[1]!.headers['sessionId']).to.equal('S1');
    expect(JSON.parse(calls[1]!.body!)).to.deep.equal({
      loginId: '5001@test.cc',
      device: '8001@test.cc',
      password: '123456',
      agentMode: 'Ready',
      func: 'Login',
      sessionId: 'S1',
    });
  });

  it('URL-encodes the TPI form values, so a password with &, + or % stays one field', async () => {
    const { calls, fetchImpl } = fakeFetch((c) =>
      c.url.endsWith('/loginTrusted') ? json(200, { sessionId: 'S1' }) : json(204),
    );
    const vendor = createWellVendor({ endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: fetchImpl }, sink());
    await vendor.authenticate({ ...creds, password: 'a&namespace=x+y %41=' }, signal());
    const form = new URLSearchParams(calls[0]!.body!);
    expect([...form.keys()]).to.deep.equal(['username', 'password', 'namespace']);
    expect(form.get('password')).to.equal('a&namespace=x+y %41=');
    expect(form.get('namespace')).to.equal('test.cc');
  });

  it('uses the session for a heartbeat sent while the Login answer is still on its way', async () => {
    let releaseLogin!: () => void;
    const { calls, fetchImpl } = fakeFetch((c) => {
      if (c.url.endsWith('/loginTrusted')) return json(200, { sessionId: 'S1' });
      if (c.body?.includes('"Login"')) return new Promise<Response>((r) => (releaseLogin = () => r(json(204))));
      return json(204);
    });
    const vendor = createWellVendor({ endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: fetchImpl }, sink());
    await vendor.authenticate(creds, signal());
    const login = vendor.execute({ type: 'login', initialMode: 'NotReady' }, signal());
    // agentLoggedOn overtook the HTTP answer: the statechart starts heartbeats now
    await vendor.execute({ type: 'heartbeat' }, signal());
    const heartbeat = calls.find((c) => c.url.includes('/heartbeat/'))!;
    expect(heartbeat.url).to.equal('http://cti.test/api/csta/agent/heartbeat/5001@test.cc');
    expect(heartbeat.headers['sessionId']).to.equal('S1');
    releaseLogin();
    await login;
  });

  it('renews the session once on 426, even for concurrent requests, and retries them', async () => {
    let session = 'S1';
    const { calls, fetchImpl } = fakeFetch((c) => {
      if (c.url.endsWith('/loginTrusted')) return json(200, { sessionId: (session = `S${Number(session[1]) + 1}`) });
      if (c.body?.includes('"Login"')) return json(204);
      return c.headers['sessionId'] === session ? json(204) : json(426, { status: 426 });
    });
    const vendor = createWellVendor({ endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: fetchImpl }, sink());
    await vendor.authenticate(creds, signal());
    await vendor.execute({ type: 'login', initialMode: 'NotReady' }, signal());
    session = 'S5'; // the server expired S2
    await Promise.all([
      vendor.execute({ type: 'heartbeat' }, signal()),
      vendor.execute({ type: 'setMode', mode: 'Ready' }, signal()),
    ]);
    expect(calls.filter((c) => c.url.endsWith('/loginTrusted'))).to.have.length(2);
  });

  it('maps timeouts, aborts and network failures to typed errors', async () => {
    const hang = fakeFetch(() => new Promise<Response>(() => {}));
    const vendor = createWellVendor({ endpoints, requestTimeoutMs: 50, heartbeatMs: 0, fetch: hang.fetchImpl }, sink());
    const timeout = await vendor.authenticate(creds, signal()).catch((e: unknown) => e);
    expect(timeout).to.be.instanceOf(WellError).with.property('code', WellErrorCode.TIMEOUT);
    const controller = new AbortController();
    const aborted = vendor.authenticate(creds, controller.signal).catch((e: unknown) => e);
    controller.abort();
    expect(await aborted).to.have.property('code', WellErrorCode.ABORTED);
    const down = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const offline = createWellVendor(
      { endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: down.fetchImpl },
      sink(),
    );
    expect(await offline.authenticate(creds, signal()).catch((e: unknown) => e)).to.have.property(
      'code',
      WellErrorCode.NETWORK_ERROR,
    );
  });

  it('reads client-state into a server snapshot and prefixes without duplicates', async () => {
    const { fetchImpl } = fakeFetch((c) => {
      if (c.url.endsWith('/loginTrusted')) return json(200, { sessionId: 'S1' });
      if (c.url.endsWith('/client-state')) {
        return json(200, {
          agent: { agentId: '5001@test.cc', extensionId: '8001@test.cc', agentMode: 'NotReady', reason: '2' },
          extension: {},
        });
      }
      if (c.url.includes('/api/operation/'))
        return json(200, { agentTrunks: [{ scanPrefix: '9' }, { scanPrefix: '6' }, { scanPrefix: '9' }] });
      return json(204);
    });
    const vendor = createWellVendor({ endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: fetchImpl }, sink());
    await vendor.authenticate(creds, signal());
    const snapshot = await vendor.resync(signal());
    expect(snapshot).to.include({ loggedIn: true, agentMode: 'NotReady', reason: '2', deviceId: '8001@test.cc' });
    expect((await vendor.execute({ type: 'getPrefixes' }, signal())).data).to.deep.equal(['9', '6']);
  });

  it('treats another agent or extension in client-state as logged out', async () => {
    const { fetchImpl } = fakeFetch((c) =>
      c.url.endsWith('/loginTrusted')
        ? json(200, { sessionId: 'S1' })
        : json(200, { agent: { agentId: '5001@test.cc', extensionId: '8002@test.cc', agentMode: 'Ready' } }),
    );
    const vendor = createWellVendor({ endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: fetchImpl }, sink());
    await vendor.authenticate(creds, signal());
    expect((await vendor.resync(signal())).loggedIn).to.equal(false);
  });

  describe('client-state answers that lack optional parts (docs/protocols/well.md)', () => {
    /** A vendor whose client-state answers come from `answers`, one per resync; logs collected. */
    async function vendorWith(...answers: (() => Response)[]) {
      const logs: { level: string; message: string }[] = [];
      const { fetchImpl } = fakeFetch((c) => {
        if (c.url.endsWith('/loginTrusted')) return json(200, { sessionId: 'S1' });
        if (c.url.endsWith('/client-state')) return answers.shift()!();
        return json(204);
      });
      const vendor = createWellVendor(
        { endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: fetchImpl },
        { ...sink(), log: (entry) => logs.push(entry) },
      );
      await vendor.authenticate(creds, signal());
      return { vendor, logs };
    }
    const full =
      (agentMode: string, extra: Record<string, unknown> = {}) =>
      () =>
        json(200, {
          agent: { agentId: '5001@test.cc', extensionId: '8001@test.cc', agentMode, ...extra },
          extension: {},
        });
    const kept = (logs: { level: string; message: string }[]) =>
      logs.filter((l) => l.level === 'warn' && l.message.startsWith('Resync skipped, local state kept'));

    for (const status of [404, 500, 401]) {
      it(`HTTP ${status}: keeps the last known mode and calls (no calls field), logs a warning`, async () => {
        const { vendor, logs } = await vendorWith(full('Ready'), () => json(status, { message: 'nope' }));
        expect((await vendor.resync(signal())).agentMode).to.equal('Ready');
        const snapshot = await vendor.resync(signal());
        expect(snapshot).to.include({ loggedIn: true, agentMode: 'Ready' });
        expect(snapshot.calls).to.equal(undefined);
        expect(kept(logs)[0]!.message).to.contain(`HTTP ${status}`);
      });
    }

    it('no agent object, a non-JSON body or an unknown agentMode: local state kept', async () => {
      const { vendor, logs } = await vendorWith(
        () => json(200, { extension: {} }),
        () => new Response('<html>maintenance</html>', { status: 200 }),
        full('Busy'),
        () => json(200, { agent: [] }),
      );
      for (let i = 0; i < 4; i++) {
        const snapshot = await vendor.resync(signal());
        expect(snapshot).to.include({ loggedIn: true, agentMode: 'NotReady' });
        expect(snapshot.calls).to.equal(undefined);
      }
      expect(kept(logs)).to.have.length(4);
    });

    it('sparse: only agentMode (no ids, no activeCall, unknown fields) is trusted as our agent with no call', async () => {
      const { vendor } = await vendorWith(() =>
        json(200, { agent: { agentMode: 'Ready', skillGroups: [1] }, serverTime: 1, version: 'x' }),
      );
      const snapshot = await vendor.resync(signal());
      expect(snapshot).to.include({ loggedIn: true, agentMode: 'Ready' });
      expect(snapshot.calls).to.deep.equal([]);
    });

    it('activeCall: null / idle states mean no call; an odd shape keeps the local calls and logs', async () => {
      const { vendor, logs } = await vendorWith(
        full('NotReady', { activeCall: null }),
        full('NotReady', { activeCall: { callId: 'c1', state: 'Idle' } }),
        full('NotReady', { activeCall: { callId: 'c1', state: 'Connect', direction: 'In', extra: true } }),
        full('NotReady', { activeCall: { state: 'Connect' } }),
        full('NotReady', { activeCall: 'c1' }),
      );
      expect((await vendor.resync(signal())).calls).to.deep.equal([]);
      expect((await vendor.resync(signal())).calls).to.deep.equal([]);
      expect((await vendor.resync(signal())).calls).to.deep.equal([
        { callId: 'c1', state: 'connected', direction: 'inbound' },
      ]);
      expect((await vendor.resync(signal())).calls).to.equal(undefined);
      expect((await vendor.resync(signal())).calls).to.equal(undefined);
      expect(logs.filter((l) => l.message.includes('activeCall not understood'))).to.have.length(2);
    });

    it('an explicit Logout or another agent still logs out', async () => {
      const { vendor } = await vendorWith(full('Logout'), () =>
        json(200, { agent: { agentId: '5009@test.cc', agentMode: 'Ready' } }),
      );
      expect((await vendor.resync(signal())).loggedIn).to.equal(false);
      expect((await vendor.resync(signal())).loggedIn).to.equal(false);
    });

    it('426 whose renewal fails rejects with SESSION_EXPIRED (typed), and the old session still works', async () => {
      let tpi = 0;
      const { calls, fetchImpl } = fakeFetch((c) => {
        if (c.url.endsWith('/loginTrusted')) return ++tpi === 1 ? json(200, { sessionId: 'S1' }) : json(500);
        if (c.url.includes('/agent/state') && calls.filter((x) => x.url.includes('/agent/state')).length === 2) {
          return json(426, { status: 426 });
        }
        return json(204);
      });
      const vendor = createWellVendor({ endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: fetchImpl }, sink());
      await vendor.authenticate(creds, signal());
      await vendor.execute({ type: 'login', initialMode: 'NotReady' }, signal());
      const error = await rejection(vendor.execute({ type: 'setMode', mode: 'Ready' }, signal()));
      expect(error.code).to.equal(WellErrorCode.SESSION_EXPIRED);
      await vendor.execute({ type: 'setMode', mode: 'Ready' }, signal());
      expect(calls.at(-1)!.headers['sessionId']).to.equal('S1');
    });
  });

  describe('call control (docs/protocols/well.md fact 12)', () => {
    async function loggedIn(answer: (c: Call) => Response | undefined = () => undefined) {
      const recorded = fakeFetch((c) => {
        if (c.url.endsWith('/loginTrusted')) return json(200, { sessionId: 'S1' });
        return answer(c) ?? json(204);
      });
      const vendor = createWellVendor(
        { endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: recorded.fetchImpl },
        sink(),
      );
      await vendor.authenticate(creds, signal());
      await vendor.execute({ type: 'login', initialMode: 'NotReady' }, signal());
      recorded.calls.length = 0;
      return { vendor, calls: recorded.calls };
    }
    const base = 'http://cti.test/api/csta/callControl/calls';
    const conn = (callId: string) => `${base}/${callId}/connections/8001@test.cc%7C${callId}`;

    it('dials with the prefix, display numbers and call data, resolving with the callId', async () => {
      const { vendor, calls } = await loggedIn((c) => (c.url === base ? json(200, { callId: 'C1' }) : undefined));
      const result = await vendor.execute(
        {
          type: 'dial',
          number: '938834600-WW8001',
          options: { prefix: '9', originForDisplay: '02138834600', callData: '{"order":42}', callProgress: true },
        },
        signal(),
      );
      expect(result.callId).to.equal('C1');
      expect(calls[0]!.method).to.equal('POST');
      expect(calls[0]!.headers['sessionId']).to.equal('S1');
      expect(JSON.parse(calls[0]!.body!)).to.deep.equal({
        from: '8001@test.cc',
        to: '9938834600-WW8001',
        originForDisplay: '02138834600',
        destForDisplay: '8001',
        cpa: '1',
        contextId: '{"order":42}',
      });
    });

    it('addresses the own connection (pipe pre-encoded) for answer, hang up, hold, retrieve', async () => {
      const { vendor, calls } = await loggedIn();
      await vendor.execute({ type: 'answer', callId: 'C1' }, signal());
      await vendor.execute({ type: 'hold', callId: 'C1' }, signal());
      await vendor.execute({ type: 'retrieve', callId: 'C1' }, signal());
      await vendor.execute({ type: 'hangUp', callId: 'C1' }, signal());
      expect(calls.map((c) => `${c.method} ${c.url} ${c.body ?? ''}`)).to.deep.equal([
        `POST ${conn('C1')}/answer `,
        `POST ${conn('C1')}/hold `,
        `POST ${conn('C1')}/retrieve `,
        `DELETE ${conn('C1')} `,
      ]);
    });

    it('uses the documented body fields for transfer, conference and consult, the held call in the path', async () => {
      const { vendor, calls } = await loggedIn((c) =>
        c.url.endsWith('/consult') ? json(200, { callId: 'C2' }) : undefined,
      );
      await vendor.execute({ type: 'blindTransfer', callId: 'C1', number: '8002' }, signal());
      await vendor.execute(
        { type: 'singleStepConference', callId: 'C1', number: '8003', participation: 'Silent' },
        signal(),
      );
      expect((await vendor.execute({ type: 'consult', heldCallId: 'C1', number: '8002' }, signal())).callId).to.equal(
        'C2',
      );
      await vendor.execute({ type: 'conference', heldCallId: 'C1', consultCallId: 'C2' }, signal());
      await vendor.execute({ type: 'cancelConsult', heldCallId: 'C1', consultCallId: 'C2' }, signal());
      await vendor.execute({ type: 'completeTransfer', heldCallId: 'C1', consultCallId: 'C2' }, signal());
      expect(calls.map((c) => [c.url.replace(conn('C1'), '…'), JSON.parse(c.body!)])).to.deep.equal([
        ['…/singleStepTransfer', { transferTo: '8002' }],
        ['…/singleStepConference', { conferenceParticipant: '8003', participationType: 'Silent' }],
        ['…/consult', { consultationParticipant: '8002' }],
        ['…/conference', { consultCallId: 'C2' }],
        ['…/cancelConsult', { consultCallId: 'C2' }],
        ['…/transfer', { consultCallId: 'C2' }],
      ]);
    });

    it('sets and reads call data, starts and stops recording', async () => {
      const { vendor, calls } = await loggedIn((c) =>
        c.method === 'GET' ? json(200, [{ key: 'order', value: '42' }]) : undefined,
      );
      await vendor.execute({ type: 'setCallData', callId: 'C1', entries: [{ key: 'order', value: '42' }] }, signal());
      const data = await vendor.execute({ type: 'getCallData', callId: 'C1' }, signal());
      await vendor.execute({ type: 'startRecording' }, signal());
      await vendor.execute({ type: 'stopRecording' }, signal());
      expect(data.data).to.deep.equal([{ key: 'order', value: '42' }]);
      expect(calls.map((c) => `${c.method} ${c.url}`)).to.deep.equal([
        `POST ${base}/C1/user-data`,
        `GET ${base}/C1/user-data/`,
        'POST http://cti.test/api/csta/callControl/recording/Start?extension=8001@test.cc',
        'POST http://cti.test/api/csta/callControl/recording/Stop?extension=8001@test.cc',
      ]);
      expect(JSON.parse(calls[0]!.body!)).to.deep.equal({ entries: [{ key: 'order', value: '42' }] });
    });
  });
});
