import { expect } from '@open-wc/testing';
import { WellErrorCode } from '../../src/model/well-error.js';
import type { VendorSink } from '../../src/vendors/vendor.js';
import { createWellVendor } from '../../src/vendors/well/well.vendor.js';
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

describe('well vendor: refusals and odd answers', () => {
  async function loggedIn(answer: (c: Call) => Response | undefined) {
    const recorded = fakeFetch((c) => {
      if (c.url.endsWith('/loginTrusted')) return json(200, { sessionId: 'S1' });
      return answer(c) ?? json(204);
    });
    const logs: string[] = [];
    const vendor = createWellVendor(
      { endpoints, requestTimeoutMs: 1000, heartbeatMs: 0, fetch: recorded.fetchImpl },
      { ...sink(), log: (entry) => logs.push(entry.message) },
    );
    await vendor.authenticate(creds, signal());
    return { vendor, logs };
  }

  it('a 4xx answer to a command is REFUSED with the CSTA status as vendorCode, the body kept', async () => {
    const { vendor } = await loggedIn((c) =>
      c.url.endsWith('/callControl/calls') ? json(460, { status: 460, message: 'extension busy' }) : undefined,
    );
    const error = await rejection(vendor.execute({ type: 'dial', number: '5002', options: {} }, signal()));
    expect(error).to.include({ code: WellErrorCode.REFUSED, status: 460, vendorCode: '460', operation: 'dial' });
    expect(error.message).to.contain('extension busy');
    expect(error.detail?.['body']).to.deep.equal({ status: 460, message: 'extension busy' });
    expect(error.toJSON()).to.include({ code: 'REFUSED', vendorCode: '460' });
  });

  it('a 5xx answer stays HTTP_ERROR; login statuses stay LOGIN_FAILED with their conflict detail', async () => {
    const { vendor } = await loggedIn((c) => {
      if (c.url.endsWith('/heartbeat/5001@test.cc')) return json(503, { status: 503 });
      if (c.url.endsWith('/agent/state')) return json(455, { deviceId: '8009@test.cc' });
      return undefined;
    });
    const server = await rejection(vendor.execute({ type: 'heartbeat' }, signal()));
    expect(server).to.include({ code: WellErrorCode.HTTP_ERROR, status: 503 });
    const login = await rejection(vendor.execute({ type: 'login', initialMode: 'Ready' }, signal()));
    expect(login).to.include({ code: WellErrorCode.LOGIN_FAILED, status: 455 });
    expect(login.detail).to.include({ conflict: true, deviceId: '8009@test.cc' });
  });

  it('client-state refusing the resync (403) keeps the local view', async () => {
    const { vendor, logs } = await loggedIn((c) => (c.url.endsWith('/client-state') ? json(403) : undefined));
    expect((await vendor.resync(signal())).loggedIn).to.equal(true);
    expect(logs.some((l) => l.includes('Resync skipped, local state kept: client-state answered HTTP 403'))).to.equal(
      true,
    );
  });

  it('an activeCall state named like an Object member is not a call state: local calls kept', async () => {
    const { vendor } = await loggedIn((c) =>
      c.url.endsWith('/client-state')
        ? json(200, { agent: { agentMode: 'Ready', activeCall: { callId: 'C1', state: 'constructor' } } })
        : undefined,
    );
    const snapshot = await vendor.resync(signal());
    expect(snapshot.agentMode).to.equal('Ready');
    expect(snapshot.calls === undefined, 'calls left out').to.equal(true);
  });

  it('prefixes skip trunk entries that are not objects instead of throwing', async () => {
    const { vendor } = await loggedIn((c) =>
      c.url.includes('/api/operation/') ? json(200, { agentTrunks: [null, { scanPrefix: '9' }, 7] }) : undefined,
    );
    expect((await vendor.execute({ type: 'getPrefixes' }, signal())).data).to.deep.equal(['9']);
  });
});
