import type { VendorLogEntry } from '../vendor.js';

/** Default cap on one event-channel WebSocket message: 256 KB (docs/protocols/well.md, "Bounded input"). */
export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

/** Characters of a dropped message kept for the log. */
const PREVIEW_CHARS = 200;

/**
 * The worker's whole program, inlined (no asset file: consumers bundle the package with their own tools). It owns the
 * real WebSocket, so Chromium turns each message into a string on the worker's thread. A message over `max` (UTF-16
 * units for text, bytes for binary) is dropped there and only `{oversize, preview}` crosses; the others are queued and
 * posted as one array per task the worker ran (`batch`), or one by one. With `batch`, a post waits until the page
 * said it read the previous one (`read`): while the page is busy, what arrives meanwhile goes as one larger post, so a
 * backlog costs the page fewer tasks and the core fewer steps. A close or an error sends what is queued at once.
 */
const WORKER_SOURCE = `"use strict";
let ws, max = 0, batch = true, queue = [], scheduled = false, unread = false;
const tick = new MessageChannel();
const flush = (force) => {
  scheduled = false;
  if (!queue.length || (unread && !force)) return;
  const items = queue;
  queue = [];
  unread = batch;
  postMessage({ t: "m", d: items }, items.filter((i) => i instanceof ArrayBuffer));
};
tick.port1.onmessage = () => flush();
const schedule = () => {
  if (!scheduled) { scheduled = true; tick.port2.postMessage(0); }
};
const push = (item) => {
  queue.push(item);
  if (!batch) flush();
  else schedule();
};
const preview = (d) => typeof d === "string" ? d.slice(0, ${PREVIEW_CHARS})
  : d instanceof ArrayBuffer
    ? new TextDecoder().decode(new Uint8Array(d, 0, Math.min(${PREVIEW_CHARS}, d.byteLength)))
    : "";
const closed = (code, reason, wasClean) => postMessage({ t: "close", code, reason, wasClean });
onmessage = (e) => {
  const m = e.data;
  if (m.t === "read") { unread = false; if (queue.length) schedule(); }
  else if (m.t === "open") {
    max = m.max; batch = m.batch;
    try { ws = m.protocols === undefined ? new WebSocket(m.url) : new WebSocket(m.url, m.protocols); }
    catch (err) { postMessage({ t: "error" }); closed(1006, String(err && err.message), false); return; }
    ws.binaryType = m.binaryType;
    ws.onopen = () => postMessage({ t: "open", protocol: ws.protocol, extensions: ws.extensions });
    ws.onmessage = (ev) => {
      const d = ev.data;
      const size = typeof d === "string" ? d.length : d instanceof ArrayBuffer ? d.byteLength : d.size;
      push(size > max ? { oversize: size, preview: preview(d) } : d);
    };
    ws.onerror = () => { flush(true); postMessage({ t: "error" }); };
    ws.onclose = (ev) => { flush(true); closed(ev.code, ev.reason, ev.wasClean); };
  } else if (m.t === "send") { if (ws) ws.send(m.d); }
  else if (m.t === "close") { if (ws) ws.close(m.code, m.reason); }
  else if (m.t === "binaryType") { if (ws) ws.binaryType = m.v; }
};
`;

type Data = string | ArrayBuffer | Blob;
/** What the worker posts to the page. */
type FromWorker =
  | { t: 'open'; protocol: string; extensions: string }
  | { t: 'm'; d: (Data | { oversize: number; preview: string })[] }
  | { t: 'error' }
  | { t: 'close'; code: number; reason: string; wasClean: boolean };

export interface WorkerSocketOptions {
  /** WebSocket subprotocols, as for `new WebSocket(url, protocols)`. */
  protocols?: string | string[];
  /** Largest message delivered (UTF-16 units for text, bytes for binary); larger ones are dropped unread. */
  maxBytes: number;
  /** A message over `maxBytes` was dropped; `preview` is its first 200 characters. */
  oversize(size: number, preview: string): void;
  /** Run the socket in a dedicated Worker (default: when the page can create one). False: a plain WebSocket. */
  inWorker?: boolean;
  /** Post the messages of one worker task as one array (default true). */
  batch?: boolean;
  /**
   * Runs the dispatch of the messages of one post (all of them, in order, when there are several): the adapter passes
   * `VendorSink.batch`, so the core knows which facts arrived together.
   */
  deliver?(run: () => void): void;
  /** The worker could not be used although it was wanted; the socket runs on the page instead. */
  fallback?(why: string): void;
}

/** Whether this environment can run the socket in a Worker from a Blob URL. */
export const workerSupported = (): boolean =>
  typeof Worker === 'function' && typeof Blob === 'function' && typeof URL.createObjectURL === 'function';

/** The Blob URL of {@link WORKER_SOURCE}, made once per page and reused by every socket. */
let scriptUrl: string | undefined;

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** How long a closing socket may take to report its close before the worker is terminated anyway, ms. */
const CLOSE_GRACE_MS = 3000;

/**
 * A WebSocket for the event channels (the surface @stomp/stompjs and the Verto client use: `url`, `protocol`,
 * `readyState`, `binaryType`, the four `on…` handlers, `send`, `close`) whose real socket lives in a dedicated
 * Worker: receiving a large message no longer blocks the page, and a message over `maxBytes` never reaches it.
 * Messages are dispatched in order, one `message` event each, even when the worker posted them as one batch.
 * Without Worker support, or when the Worker cannot start (a page CSP without `worker-src blob:`), the same object
 * runs a plain WebSocket on the page with the same size check and reports it through `fallback`.
 */
export class WorkerSocket {
  readonly url: string;
  readonly #origin: string;
  protocol = '';
  extensions = '';
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly #options: WorkerSocketOptions;
  #state = CONNECTING;
  #binaryType: BinaryType = 'arraybuffer';
  #worker: Worker | undefined;
  /** Set once the worker has spoken: an error before that means it never started. */
  #workerStarted = false;
  #socket: WebSocket | undefined;
  /** `close()` was called: oversize notices still on their way are not reported (nobody listens any more). */
  #closeAsked = false;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(url: string, options: WorkerSocketOptions) {
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    const resolved = new URL(url, base);
    this.url = resolved.href;
    this.#origin = resolved.origin;
    this.#options = options;
    const wanted = options.inWorker ?? workerSupported();
    if (!wanted) {
      this.#openOnPage();
      return;
    }
    if (!workerSupported()) {
      this.#fallBack('this environment has no Worker, Blob or URL.createObjectURL');
      return;
    }
    try {
      scriptUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
      this.#worker = new Worker(scriptUrl, { name: 'well-softphone event socket' });
    } catch (err) {
      this.#fallBack(`the Worker could not be created (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => this.#fromWorker(event.data);
    // a load failure (CSP, blocked blob: URL) arrives as an error event before the worker ever posted anything
    this.#worker.onerror = (event) => {
      event.preventDefault();
      if (!this.#workerStarted) this.#fallBack('the Worker did not start (is `worker-src blob:` allowed?)');
      else this.#finish(1006, 'the event socket worker failed', false, true);
    };
    this.#worker.postMessage({
      t: 'open',
      url: this.url,
      protocols: options.protocols,
      max: options.maxBytes,
      batch: options.batch ?? true,
      binaryType: this.#binaryType,
    });
  }

  /** True while the socket runs in a Worker (false: on the page). */
  get inWorker(): boolean {
    return this.#worker !== undefined;
  }

  get readyState(): number {
    return this.#socket && this.#state !== CLOSED ? this.#socket.readyState : this.#state;
  }

  get binaryType(): BinaryType {
    return this.#binaryType;
  }
  set binaryType(value: BinaryType) {
    this.#binaryType = value;
    if (this.#socket) this.#socket.binaryType = value;
    this.#worker?.postMessage({ t: 'binaryType', v: value });
  }

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (this.readyState === CONNECTING) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
    if (this.#socket) return this.#socket.send(data);
    if (this.#state === OPEN) this.#worker?.postMessage({ t: 'send', d: data });
  }

  close(code?: number, reason?: string): void {
    if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
      throw new DOMException(`The close code must be 1000 or in 3000-4999: ${code}`, 'InvalidAccessError');
    }
    this.#closeAsked = true;
    if (this.#socket) return this.#socket.close(code, reason);
    if (this.#state === CLOSING || this.#state === CLOSED) return;
    this.#state = CLOSING;
    if (!this.#worker) return; // falling back: the close is reported once the page socket is decided
    this.#worker.postMessage({ t: 'close', code, reason });
    // a worker that never reports the close must not outlive the socket
    this.#closeTimer = setTimeout(
      () => this.#finish(1006, 'the close was not confirmed in time', false),
      CLOSE_GRACE_MS,
    );
  }

  #fromWorker(message: FromWorker): void {
    this.#workerStarted = true;
    if (this.#state === CLOSED) return;
    switch (message.t) {
      case 'open':
        if (this.#state !== CONNECTING) return;
        this.#state = OPEN;
        this.protocol = message.protocol;
        this.extensions = message.extensions;
        this.onopen?.(new Event('open'));
        return;
      case 'm': {
        const run = (): void => {
          for (const item of message.d) {
            // the socket may be closed by a handler of an earlier message of the same batch
            if (this.#state === CLOSED) return;
            if (typeof item === 'object' && 'oversize' in item) {
              if (!this.#closeAsked) this.#options.oversize(item.oversize, item.preview);
            } else this.onmessage?.(new MessageEvent('message', { data: item, origin: this.#origin }));
          }
        };
        const deliver = this.#options.deliver;
        try {
          if (deliver && message.d.length > 1) deliver(run);
          else run();
        } finally {
          // the worker holds what came meanwhile until the page has read this post (even if a handler threw)
          if (this.#state !== CLOSED) this.#worker?.postMessage({ t: 'read' });
        }
        return;
      }
      case 'error':
        this.onerror?.(new Event('error'));
        return;
      case 'close':
        this.#finish(message.code, message.reason, message.wasClean);
    }
  }

  /** Reports the close once, and lets the worker go. */
  #finish(code: number, reason: string, wasClean: boolean, withError = false): void {
    if (this.#state === CLOSED) return;
    this.#state = CLOSED;
    clearTimeout(this.#closeTimer);
    this.#worker?.terminate();
    if (withError) this.onerror?.(new Event('error'));
    this.onclose?.(closeEvent(code, reason, wasClean));
  }

  #fallBack(why: string): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#options.fallback?.(why);
    if (this.#state === CLOSING) {
      // closed before the page socket existed: report it as a native socket closed while connecting would
      queueMicrotask(() => this.#finish(1006, '', false));
      return;
    }
    this.#openOnPage();
  }

  /** A plain WebSocket on the page, its messages checked against the same limit (constant time: the length). */
  #openOnPage(): void {
    const { protocols, maxBytes, oversize } = this.#options;
    const socket = protocols === undefined ? new WebSocket(this.url) : new WebSocket(this.url, protocols);
    this.#socket = socket;
    socket.binaryType = this.#binaryType;
    socket.onopen = (event) => {
      this.protocol = socket.protocol;
      this.extensions = socket.extensions;
      this.onopen?.(event);
    };
    socket.onmessage = (event: MessageEvent<Data>) => {
      const data = event.data;
      const size = typeof data === 'string' ? data.length : data instanceof ArrayBuffer ? data.byteLength : data.size;
      if (size <= maxBytes) return this.onmessage?.(event);
      if (!this.#closeAsked) oversize(size, typeof data === 'string' ? data.slice(0, PREVIEW_CHARS) : '');
    };
    socket.onerror = (event) => this.onerror?.(event);
    socket.onclose = (event) => {
      this.#state = CLOSED;
      this.onclose?.(event);
    };
  }
}

function closeEvent(code: number, reason: string, wasClean: boolean): CloseEvent {
  if (typeof CloseEvent === 'function') return new CloseEvent('close', { code, reason, wasClean });
  return Object.assign(new Event('close'), { code, reason, wasClean }) as CloseEvent;
}

/** What a channel says about all its sockets (the limit and the oversize report are given per socket). */
export interface EventSocketFactoryOptions extends Pick<
  WorkerSocketOptions,
  'protocols' | 'inWorker' | 'batch' | 'deliver'
> {
  log(entry: VendorLogEntry): void;
}

/**
 * Sockets of one channel (a new one per reconnect). Said once per channel: a worker that was wanted but could not be
 * used (the channel works on without it). Asking for no worker (`inWorker: false`), or running outside a page (Node),
 * is not worth a warning.
 */
export function eventSocketFactory(
  options: EventSocketFactoryOptions,
): (url: string, limit: Pick<WorkerSocketOptions, 'maxBytes' | 'oversize'>) => WorkerSocket {
  const { log, ...socketOptions } = options;
  const inPage = typeof (globalThis as { document?: unknown }).document === 'object';
  const inWorker = socketOptions.inWorker ?? (inPage || workerSupported());
  let warned = false;
  return (url, limit) =>
    new WorkerSocket(url, {
      ...socketOptions,
      ...limit,
      inWorker,
      fallback: (why) => {
        if (warned) return;
        warned = true;
        log({
          level: 'warn',
          message:
            `The event socket runs on the page, not in a Worker: ${why}. ` +
            'Large messages may block the page briefly.',
        });
      },
    });
}
