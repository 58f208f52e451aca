import { expect } from '@open-wc/testing';
import type { IStompSocket } from '@stomp/stompjs';
import {
  checkStompFrames,
  parseSimpleMessage,
  screenMessage,
  ScreenedSocket,
  utf8Length,
} from '../../src/vendors/well/well.frame-guard.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const MSG = 'MESSAGE\ndestination:/topic/t\nsubscription:s\n';

describe('well frame guard', () => {
  for (const [label, text] of [
    ['a heart-beat', '\n'],
    ['CRLF heart-beats', '\r\n\r\n'],
    ['a frame without content-length', `${MSG}\n{"a":1}\u0000`],
    ['a frame with the right content-length', `${MSG}content-length:7\n\n{"a":1}\u0000`],
    ['CRLF header lines', `MESSAGE\r\ndestination:/topic/t\r\ncontent-length:2\r\n\r\n{}\u0000\r\n`],
    ['two frames in one message', `${MSG}content-length:2\n\n{}\u0000\n${MSG}\n{}\u0000`],
    ['a NUL inside a counted body', `${MSG}content-length:3\n\na\u0000b\u0000`],
    ['the first content-length wins (as in stompjs)', `${MSG}content-length:2\ncontent-length:x\n\n{}\u0000`],
    ['multi-byte text counted in UTF-8 bytes', `${MSG}content-length:3\n\n忙\u0000`],
  ] as const) {
    it(`passes ${label}`, () => expect(checkStompFrames(bytes(text))).to.equal(undefined));
  }

  for (const [label, text, problem] of [
    ['a content-length past the body', `${MSG}content-length:99999\n\n{}\u0000`, 'exceeds'],
    ['a content-length short of the NUL', `${MSG}content-length:1\n\n{}\u0000`, 'does not end on the NUL'],
    ['a content-length that is not a number', `${MSG}content-length:-1\n\n{}\u0000`, 'is not a number'],
    ['a body without NUL', `${MSG}\n{}`, 'no NUL'],
    ['headers without an end', `${MSG}destination:/topic/t`, 'headers have no end'],
    ['a command without an end of line', 'MESSAGE', 'no end of line'],
    ['a corrupt second frame', `${MSG}\n{}\u0000${MSG}content-length:50\n\n{}\u0000`, 'exceeds'],
  ] as const) {
    it(`rejects ${label}`, () => expect(checkStompFrames(bytes(text))).to.contain(problem));
  }

  it('screens size first, in constant time, then structure; passes sound messages on as bytes', () => {
    expect(screenMessage('x'.repeat(2000), 1024)).to.deep.equal({
      ok: false,
      rejection: { reason: 'tooLarge', size: 2000 },
    });
    // 400 three-byte characters: 400 UTF-16 units but 1200 bytes
    const cjk = `${MSG}\n${'忙'.repeat(400)}\u0000`;
    expect(screenMessage(cjk, 1024)).to.deep.include({ ok: false });
    const sound = screenMessage(`${MSG}\n{}\u0000`, 1024);
    expect(sound.ok && new TextDecoder().decode(sound.data)).to.equal(`${MSG}\n{}\u0000`);
    const binary = screenMessage(bytes(`${MSG}content-length:9\n\n{}\u0000`).buffer as ArrayBuffer, 1024);
    expect(binary).to.deep.include({ ok: false });
  });

  it('counts UTF-8 bytes as TextEncoder does', () => {
    for (const text of ['', 'abc', 'é', '忙', '😀', 'a\ud800b', '\udc00', `x${'忙😀é'.repeat(50)}`]) {
      expect(utf8Length(text), JSON.stringify(text)).to.equal(new TextEncoder().encode(text).length);
    }
  });

  it('takes the plain MESSAGE off the fast path, with its subscription and body', () => {
    expect(parseSimpleMessage(`${MSG}\n{"a":1}\u0000`, 1024)).to.deep.equal({ subscription: 's', body: '{"a":1}' });
    expect(parseSimpleMessage(`${MSG}content-length:3\n\n忙\u0000`, 1024)).to.deep.equal({
      subscription: 's',
      body: '忙',
    });
    expect(parseSimpleMessage('MESSAGE\n\n{}\u0000', 1024)).to.deep.equal({ subscription: undefined, body: '{}' });
    expect(parseSimpleMessage('MESSAGE\nsubscription:a\nsubscription:b\n\n{}\u0000', 1024)).to.deep.include({
      subscription: 'a',
    });
  });

  for (const [label, text] of [
    ['a wrong content-length', `${MSG}content-length:99999\n\n{}\u0000`],
    ['a content-length that is not a number', `${MSG}content-length:2x\n\n{}\u0000`],
    ['a body without NUL', `${MSG}\n{}`],
    ['a NUL inside the body', `${MSG}content-length:3\n\na\u0000b\u0000`],
    ['two frames', `${MSG}\n{}\u0000${MSG}\n{}\u0000`],
    ['a trailing heart-beat', `${MSG}\n{}\u0000\n`],
    ['CRLF lines', 'MESSAGE\r\nsubscription:s\r\n\r\n{}\u0000'],
    ['an escaped header value', 'MESSAGE\nsubscription:a\\cb\n\n{}\u0000'],
    ['a header without colon', 'MESSAGE\nsubscription\n\n{}\u0000'],
    ['another command', 'RECEIPT\nreceipt-id:1\n\n\u0000'],
    ['a body over the limit in UTF-8 bytes', `${MSG}\n${'忙'.repeat(400)}\u0000`],
  ] as const) {
    it(`leaves ${label} to the full path`, () => expect(parseSimpleMessage(text, 1024)).to.equal(undefined));
  }

  it('hands a fast-path message to its handler and the STOMP parser only an empty chunk; the rest as before', () => {
    const fake = { url: 'ws://x', readyState: 1 } as unknown as IStompSocket;
    const delivered: [string | undefined, string][] = [];
    const parsed: unknown[] = [];
    const rejected: string[] = [];
    let accept = true;
    const socket = new ScreenedSocket(
      fake,
      1024,
      (rejection) => rejected.push(rejection.reason),
      (subscription, body) => accept && delivered.push([subscription, body]) > 0,
    );
    socket.onmessage = (event) => parsed.push(event.data);
    const receive = (data: string) => (fake.onmessage as (e: { data: string }) => void)({ data });

    receive(`${MSG}\n{"n":1}\u0000`);
    expect(delivered).to.deep.equal([['s', '{"n":1}']]);
    expect(parsed).to.have.length(1);
    expect((parsed[0] as ArrayBuffer).byteLength).to.equal(0);

    accept = false; // e.g. another subscription: the parser gets the whole frame
    receive(`${MSG}\n{"n":2}\u0000`);
    expect(new TextDecoder().decode(parsed[1] as ArrayBuffer)).to.equal(`${MSG}\n{"n":2}\u0000`);

    accept = true;
    receive(`${MSG}content-length:99999\n\n{}\u0000`);
    expect(rejected).to.deep.equal(['corrupt']);
    expect(delivered).to.have.length(1);
    expect(parsed).to.have.length(2);
  });
});
