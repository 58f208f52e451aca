import { expect } from '@open-wc/testing';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import { abortedError, refusedError } from '../../src/vendors/common/errors.js';
import { httpRequest, mapHttpError, parseJson, readBody } from '../../src/vendors/common/http.js';
import { joinUrl, toWebSocketUrl, trimSlash } from '../../src/vendors/common/url.js';
import type { VendorLogEntry } from '../../src/vendors/vendor.js';
import { rejection } from '../helpers/assert.js';

describe('vendors/common: URLs', () => {
  it('trims trailing slashes, joins paths, turns http(s) into ws(s)', () => {
    expect(trimSlash('http://x.cc/api//')).to.equal('http://x.cc/api');
    expect(trimSlash('http://x.cc')).to.equal('http://x.cc');
    expect(joinUrl('http://x.cc/sdk/', '/api/csta')).to.equal('http://x.cc/sdk/api/csta');
    expect(toWebSocketUrl('http://x.cc/a')).to.equal('ws://x.cc/a');
    expect(toWebSocketUrl('https://x.cc/a')).to.equal('wss://x.cc/a');
    expect(toWebSocketUrl('HTTPS://x.cc')).to.equal('wss://x.cc');
    expect(toWebSocketUrl('ws://x.cc/http')).to.equal('ws://x.cc/http');
  });
});

describe('vendors/common: JSON bodies', () => {
  it('parseJson never throws', () => {
    expect(parseJson('{"a":1}')).to.deep.equal({ ok: true, value: { a: 1 } });
    expect(parseJson('{"a":')).to.deep.equal({ ok: false, text: '{"a":' });
    expect(parseJson('')).to.deep.equal({ ok: false, text: '' });
  });

  it('readBody: JSON when it parses, else the text, undefined when empty or unreadable', async () => {
    expect(await readBody(new Response('{"a":[1]}'))).to.deep.equal({ a: [1] });
    expect(await readBody(new Response('<html>'))).to.equal('<html>');
    expect(await readBody(new Response(null, { status: 204 }))).to.equal(undefined);
    const failing = new Response(new ReadableStream({ pull: (c) => c.error(new Error('reset')) }));
    expect(await readBody(failing)).to.equal(undefined);
  });
});

describe('vendors/common: httpRequest', () => {
  const logs: VendorLogEntry[] = [];
  const log = (entry: VendorLogEntry) => logs.push(entry);
  const request = (signal = new AbortController().signal, timeoutMs = 1000) =>
    ({
      method: 'POST',
      url: 'http://x.cc/a',
      json: { n: 1 },
      headers: { sessionId: 'S' },
      signal,
      timeoutMs,
      operation: 'op',
    }) as const;
  /** A fetch that never answers but honours its signal. */
  const hanging = ((_: unknown, init?: RequestInit) =>
    new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true });
    })) as typeof fetch;

  it('sends JSON with its content type and the extra headers; resolves with status and body', async () => {
    let seen: RequestInit | undefined;
    const fetchImpl = (async (_: unknown, init?: RequestInit) => {
      seen = init;
      return new Response('{"ok":true}', { status: 200 });
    }) as typeof fetch;
    expect(await httpRequest(request(), fetchImpl, log)).to.deep.equal({ status: 200, body: { ok: true } });
    expect(seen?.body).to.equal('{"n":1}');
    expect(seen?.headers).to.deep.include({ sessionId: 'S', 'Content-Type': 'application/json; charset=UTF-8' });
  });

  it('a non-2xx answer is HTTP_ERROR with the status and the parsed body', async () => {
    const fetchImpl = (async () => new Response('{"status":460}', { status: 460 })) as typeof fetch;
    const error = await rejection(httpRequest(request(), fetchImpl, log));
    expect(error).to.include({ code: WellErrorCode.HTTP_ERROR, status: 460, operation: 'op' });
    expect(error.detail?.['body']).to.deep.equal({ status: 460 });
  });

  it('a fetch that fails is NETWORK_ERROR; its own timeout TIMEOUT; the caller abort ABORTED', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect((await rejection(httpRequest(request(), down, log))).code).to.equal(WellErrorCode.NETWORK_ERROR);
    const slow = await rejection(httpRequest(request(undefined, 20), hanging, log));
    expect(slow.code).to.equal(WellErrorCode.TIMEOUT);
    expect(slow.message).to.contain('within 20 ms');
    const caller = new AbortController();
    const pending = httpRequest(request(caller.signal), hanging, log);
    caller.abort();
    expect((await rejection(pending)).code).to.equal(WellErrorCode.ABORTED);
    const timedOut = await rejection(httpRequest(request(AbortSignal.timeout(10)), hanging, log));
    expect(timedOut.code).to.equal(WellErrorCode.TIMEOUT);
  });

  it('logs no request header (session ids stay out of the log)', async () => {
    logs.length = 0;
    const fetchImpl = (async () => new Response('{}', { status: 500 })) as typeof fetch;
    await rejection(httpRequest(request(), fetchImpl, log));
    expect(JSON.stringify(logs)).not.to.contain('"S"');
    expect(logs[0]!.message).to.contain('→ 500');
  });
});

describe('vendors/common: errors', () => {
  it('mapHttpError maps only HTTP_ERRORs with a status', async () => {
    const http = new WellError(WellErrorCode.HTTP_ERROR, 'x', { status: 404, detail: { body: 'b' } });
    const mapped = await rejection(
      mapHttpError(Promise.reject(http), (status, body) => refusedError(`${status} ${String(body)}`, status)),
    );
    expect(mapped).to.include({ code: WellErrorCode.REFUSED, message: '404 b', vendorCode: '404' });
    const other = new WellError(WellErrorCode.TIMEOUT, 't');
    expect(await rejection(mapHttpError(Promise.reject(other), () => mapped))).to.equal(other);
    expect(await mapHttpError(Promise.resolve(1), () => mapped)).to.equal(1);
  });

  it('abortedError tells a timeout from a cancel', async () => {
    const timeout = AbortSignal.timeout(0);
    await new Promise((resolve) => timeout.addEventListener('abort', resolve, { once: true }));
    expect(abortedError('op', timeout).code).to.equal(WellErrorCode.TIMEOUT);
    expect(abortedError('op', AbortSignal.abort()).code).to.equal(WellErrorCode.ABORTED);
    expect(abortedError('op', undefined).code).to.equal(WellErrorCode.ABORTED);
  });

  it('refusedError keeps the vendor code as text, in toJSON too', () => {
    const error = refusedError('no', -32002, { operation: 'jsapi' });
    expect(error).to.include({ code: WellErrorCode.REFUSED, vendorCode: '-32002', operation: 'jsapi' });
    expect(error.toJSON()['vendorCode']).to.equal('-32002');
  });
});
