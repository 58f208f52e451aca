import type { IStompSocket } from '@stomp/stompjs';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../common/worker-socket.js';

/** Default cap on one WebSocket message of the event channel: 256 KB (docs/protocols/well.md, "Bounded input"). */
export const DEFAULT_MAX_FRAME_BYTES = DEFAULT_MAX_MESSAGE_BYTES;

/** Why a WebSocket message was kept away from the STOMP parser. */
export type FrameRejection =
  /** Larger than the limit (measured in UTF-16 units for text, bytes for binary, before any decoding). */
  | { reason: 'tooLarge'; size: number }
  /** A frame whose `content-length` does not end on its NUL, or that has no end in this message. */
  | { reason: 'corrupt'; size: number; detail: string };

const LF = 10;
const CR = 13;
const NUL = 0;
const CONTENT_LENGTH = 'content-length:';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Checks that `bytes` holds whole STOMP frames only (heart-beat EOLs allowed between them): each frame's body ends at
 * the NUL its `content-length` announces, or at the first NUL when it has none. Both servers the adapter knows send
 * one frame per WebSocket message, so a frame that does not end inside its message is corrupt; handed to the
 * stompjs parser it would swallow the frames that follow (a `content-length` too large, missing, non-numeric or
 * too small). Returns the problem, or `undefined` when the message is sound.
 */
export function checkStompFrames(bytes: Uint8Array): string | undefined {
  const end = bytes.length;
  let i = 0;
  for (;;) {
    while (i < end && (bytes[i] === LF || bytes[i] === CR || bytes[i] === NUL)) i++;
    if (i === end) return undefined;
    // command line, then header lines up to an empty one (CRs are ignored, as stompjs does)
    let lineEnd = bytes.indexOf(LF, i);
    if (lineEnd === -1) return 'the frame has no end of line after its command';
    let contentLength: number | undefined;
    for (;;) {
      const start = lineEnd + 1;
      lineEnd = bytes.indexOf(LF, start);
      if (lineEnd === -1) return 'the frame headers have no end';
      let stop = lineEnd;
      while (stop > start && bytes[stop - 1] === CR) stop--;
      if (stop === start) break;
      if (contentLength === undefined && stop - start > CONTENT_LENGTH.length && startsWith(bytes, start)) {
        // stompjs reads the first content-length header with parseInt: only plain digits are safe for it
        const value = decoder.decode(bytes.subarray(start + CONTENT_LENGTH.length, stop)).trim();
        if (!/^\d{1,9}$/.test(value)) return `content-length "${value.slice(0, 20)}" is not a number`;
        contentLength = Number(value);
      }
    }
    const bodyStart = lineEnd + 1;
    if (contentLength === undefined) {
      const nul = bytes.indexOf(NUL, bodyStart);
      if (nul === -1) return 'the frame body has no NUL terminator';
      i = nul + 1;
    } else {
      const bodyEnd = bodyStart + contentLength;
      if (bodyEnd >= end) return `content-length ${contentLength} exceeds the ${end - bodyStart} bytes of the body`;
      if (bytes[bodyEnd] !== NUL) return `content-length ${contentLength} does not end on the NUL terminator`;
      i = bodyEnd + 1;
    }
  }
}

function startsWith(bytes: Uint8Array, at: number): boolean {
  for (let k = 0; k < CONTENT_LENGTH.length; k++) if (bytes[at + k] !== CONTENT_LENGTH.charCodeAt(k)) return false;
  return true;
}

/**
 * Screens one incoming WebSocket message before the STOMP parser sees it: the size first (constant time: a 10 MB
 * message is refused without being encoded, parsed or scanned), then the frame structure. On success returns the
 * message as bytes for the parser (stompjs would encode a string to the same bytes anyway).
 */
export function screenMessage(
  data: string | ArrayBuffer,
  maxBytes: number,
): { ok: true; data: ArrayBuffer } | { ok: false; rejection: FrameRejection } {
  const size = typeof data === 'string' ? data.length : data.byteLength;
  if (size > maxBytes) return { ok: false, rejection: { reason: 'tooLarge', size } };
  const bytes = typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data);
  if (bytes.length > maxBytes) return { ok: false, rejection: { reason: 'tooLarge', size: bytes.length } };
  const problem = checkStompFrames(bytes);
  if (problem !== undefined)
    return { ok: false, rejection: { reason: 'corrupt', size: bytes.length, detail: problem } };
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer);
  return { ok: true, data: buffer };
}

/** UTF-8 length of `text` as TextEncoder would encode it (a lone surrogate becomes U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // the pair: 2 UTF-16 units, 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * The fast path for the common message: one text `MESSAGE` frame, LF line ends, no escaped header values, its only
 * NUL at the very end, a `content-length` (if any) that matches the body, at most `maxBytes` long. Returns its
 * `subscription` header and body, or `undefined` for anything else (which then takes the full path: byte check and
 * the stompjs parser). Read from the string itself: no encoding, no byte-by-byte parser.
 */
export function parseSimpleMessage(
  data: string,
  maxBytes: number,
): { subscription: string | undefined; body: string } | undefined {
  if (!data.startsWith('MESSAGE\n') || data.charCodeAt(data.length - 1) !== NUL) return undefined;
  const headerEnd = data.indexOf('\n\n', 7);
  if (headerEnd === -1) return undefined;
  const bodyStart = headerEnd + 2;
  if (data.indexOf('\0', bodyStart) !== data.length - 1) return undefined;
  let subscription: string | undefined;
  let contentLength: string | undefined;
  for (let line = 8; line <= headerEnd;) {
    let end = data.indexOf('\n', line);
    if (end === -1 || end > headerEnd) end = headerEnd;
    const colon = data.indexOf(':', line);
    if (colon === -1 || colon > end) return undefined;
    const name = data.slice(line, colon);
    if (name === 'subscription' || name === 'content-length') {
      const value = data.slice(colon + 1, end);
      if (value.includes('\\') || value.includes('\r')) return undefined;
      // STOMP: the first of repeated headers wins
      if (name === 'subscription') subscription ??= value;
      else contentLength ??= value;
    } else if (data.slice(line, end).includes('\r')) return undefined;
    line = end + 1;
  }
  const body = data.slice(bodyStart, data.length - 1);
  const bytes = utf8Length(body);
  if (bytes > maxBytes) return undefined;
  if (contentLength !== undefined && !(/^\d{1,9}$/.test(contentLength) && Number(contentLength) === bytes)) {
    return undefined;
  }
  return { subscription, body };
}

/** Handed to the STOMP parser for a message the fast path delivered: no bytes, but it counts as server activity. */
const NOTHING = new ArrayBuffer(0);

/**
 * Takes a `MESSAGE` off the fast path: returns true when it was delivered (to the current subscription), false to
 * let the stompjs parser handle it.
 */
export type FastMessage = (subscription: string | undefined, body: string) => boolean;

/**
 * A WebSocket as stompjs sees it, with every incoming message screened by {@link screenMessage}: a rejected message
 * never reaches the parser (so it cannot stall the page or swallow the frames after it) and is reported instead.
 * The usual event message skips the byte check and the stompjs parser altogether ({@link parseSimpleMessage}).
 */
export class ScreenedSocket implements IStompSocket {
  readonly #socket: IStompSocket;
  readonly #maxBytes: number;
  readonly #rejected: (rejection: FrameRejection, preview: string) => void;
  readonly #fast: FastMessage | undefined;
  #onmessage: ((ev: { data?: string | ArrayBuffer }) => unknown) | null | undefined;
  /** Writable: stompjs adds its own `terminate` to sockets that lack one. */
  terminate: IStompSocket['terminate'];

  /** @param fast delivers a well-formed text MESSAGE without the stompjs parser ({@link parseSimpleMessage}). */
  constructor(
    socket: IStompSocket,
    maxBytes: number,
    rejected: (rejection: FrameRejection, preview: string) => void,
    fast?: FastMessage,
  ) {
    this.#socket = socket;
    this.#maxBytes = maxBytes;
    this.#rejected = rejected;
    this.#fast = fast;
    this.terminate = socket.terminate ? () => socket.terminate?.() : undefined;
  }

  get url(): string {
    return this.#socket.url;
  }
  get readyState(): number {
    return this.#socket.readyState;
  }
  get binaryType(): string | undefined {
    return this.#socket.binaryType;
  }
  set binaryType(value: string | undefined) {
    this.#socket.binaryType = value;
  }
  get onopen(): IStompSocket['onopen'] {
    return this.#socket.onopen;
  }
  set onopen(handler: IStompSocket['onopen']) {
    this.#socket.onopen = handler;
  }
  get onclose(): IStompSocket['onclose'] {
    return this.#socket.onclose;
  }
  set onclose(handler: IStompSocket['onclose']) {
    this.#socket.onclose = handler;
  }
  get onerror(): IStompSocket['onerror'] {
    return this.#socket.onerror;
  }
  set onerror(handler: IStompSocket['onerror']) {
    this.#socket.onerror = handler;
  }
  get onmessage(): IStompSocket['onmessage'] {
    return this.#onmessage;
  }
  set onmessage(handler: IStompSocket['onmessage']) {
    this.#onmessage = handler;
    this.#socket.onmessage = handler ? (event: { data?: string | ArrayBuffer }) => this.#screen(event) : handler;
  }

  close(): void {
    this.#socket.close();
  }

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    this.#socket.send(data);
  }

  #screen(event: { data?: string | ArrayBuffer }): void {
    const data = event.data;
    if (data === undefined) return void this.#onmessage?.(event);
    if (this.#fast && typeof data === 'string' && data.length <= this.#maxBytes) {
      const simple = parseSimpleMessage(data, this.#maxBytes);
      // stompjs still sees a (empty) message, so its heart-beat watchdog counts the server as alive
      if (simple && this.#fast(simple.subscription, simple.body)) return void this.#onmessage?.({ data: NOTHING });
    }
    const result = screenMessage(data, this.#maxBytes);
    if (result.ok) return void this.#onmessage?.({ data: result.data });
    const preview =
      typeof data === 'string'
        ? data.slice(0, 200)
        : decoder.decode(new Uint8Array(data, 0, Math.min(200, data.byteLength)));
    this.#rejected(result.rejection, preview);
  }
}
