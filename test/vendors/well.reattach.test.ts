import { expect } from '@open-wc/testing';
import { createWellVendor } from '../../src/vendors/well/well.vendor.js';
import type { KeptSession, VendorSink } from '../../src/vendors/vendor.js';
import type { WellError } from '../../src/model/well-error.js';
import { WellErrorCode } from '../../src/model/well-error.js';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
}

function fakeFetch(handler: (call: Call) => Response) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
    };
    calls.push(call);
    return handler(call);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
const sink = (): VendorSink => ({ event() {}, raw() {}, channelLost() {}, error() {}, log() {} });
const endpoints = {
  apiUrl: 'http://cti.test',
  loginUrl: 'http://cti.test/loginTrusted',
  eventUrl: 'ws://cti.test/mvc/stomp/websocket',
};
const signal = () => new AbortController().signal;
const kept: KeptSession = { jobNumber: '5001', domain: 'test.cc', extension: '8001', sessionId: 'S1' };
const clientState = (agent: Record<string, unknown>) =>
  json(200, { agent, extension: { extensionId: '8001@test.cc' } });
const vendorWith = (handler: (call: Call) => Response) => {
  const { calls, fetchImpl } = fakeFetch(handler);
  return {
    calls,
    vendor: createWellVendor({ endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: fetchImpl }, sink()),
  };
};
const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (err) {
    return err as WellError;
  }
  throw new Error('expected a rejection');
};

describe('well vendor: keep and reattach a session', () => {
  it('keeps the session id once the TPI login answered, even before the Login answer (agentLoggedOn may overtake it)', async () => {
    const { vendor } = vendorWith((c) =>
      c.url.endsWith('/loginTrusted') ? json(200, { sessionId: 'S7' }) : json(204),
    );
    expect(vendor.keptSession!()).to.equal(undefined);
    await vendor.authenticate({ ...kept, password: 'secret' }, signal());
    expect(vendor.keptSession!()).to.deep.equal({ ...kept, sessionId: 'S7' });
    expect(JSON.stringify(vendor.keptSession!())).not.to.contain('secret');
  });

  it('reattaches with client-state under the kept id: no TPI login, no Login request', async () => {
    const { vendor, calls } = vendorWith(() =>
      clientState({ agentId: '5001@test.cc', extensionId: '8001@test.cc', agentMode: 'Ready' }),
    );
    const identity = await vendor.attach!(kept, signal());
    expect(identity.agentId).to.equal('5001@test.cc');
    expect(calls.map((c) => `${c.method} ${c.url} ${c.headers['sessionId']}`)).to.deep.equal([
      'GET http://cti.test/api/csta/agent/client-state S1',
    ]);
    expect(vendor.keptSession!()).to.deep.equal(kept);
  });

  for (const [name, answer] of [
    ['HTTP 426 (expired)', () => json(426, { status: 426 })],
    ['HTTP 401', () => json(401)],
    ['logged out', () => clientState({ agentId: '5001@test.cc', extensionId: null, agentMode: 'Logout' })],
    [
      'another extension',
      () => clientState({ agentId: '5001@test.cc', extensionId: '8002@test.cc', agentMode: 'Ready' }),
    ],
    ['another agent', () => clientState({ agentId: '5002@test.cc', extensionId: '8001@test.cc', agentMode: 'Ready' })],
    ['no agent ids', () => clientState({ agentMode: 'Ready' })],
  ] as const) {
    it(`refuses with SESSION_EXPIRED (reason sessionExpired) on ${name}, and does not renew the session`, async () => {
      const { vendor, calls } = vendorWith(answer);
      const error = await failure(vendor.attach!(kept, signal()));
      expect(error.code).to.equal(WellErrorCode.SESSION_EXPIRED);
      expect(error.detail?.['reason']).to.equal('sessionExpired');
      expect(calls.some((c) => c.url.endsWith('/loginTrusted'))).to.equal(false);
      expect(vendor.keptSession!()).to.equal(undefined);
    });
  }
});
