import { expect } from '@open-wc/testing';
import { createWellVendor } from '../../src/vendors/well/well.vendor.js';
import type { VendorSink } from '../../src/vendors/vendor.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A scripted fetch: each handler answers one URL pattern; every call is recorded. */
function fakeFetch(handler: (call: Call) => Promise<Response> | Response) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body as string | undefined,
    };
    calls.push(call);
    const signal = init?.signal;
    return await new Promise<Response>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      Promise.resolve(handler(call)).then(resolve, reject);
    });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

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

  describe('call control (well-csta.md §2.4–2.6)', () => {
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
