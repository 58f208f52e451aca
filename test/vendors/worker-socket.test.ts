import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { WellChannel } from '../../src/vendors/well/well.channel.js';
import type { FrameRejection } from '../../src/vendors/well/well.frame-guard.js';
import { eventSocketFactory, WorkerSocket, type WorkerSocketOptions } from '../../src/vendors/common/worker-socket.js';
import { channelOpenTimeout, MIN_CHANNEL_OPEN_MS } from '../../src/model/timeouts.js';
import type { VendorLogEntry } from '../../src/vendors/vendor.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import {
  creds,
  mount,
  mountXswitch,
  next,
  startSim,
  startXSim,
  statusReached,
  stopSim,
  xcontrol,
  type Sim as IntegrationSim,
  type XSim,
} from '../integration/helpers.js';

interface Sim {
  id: string;
  eventUrl: string;
  controlUrl: string;
  domain: string;
}

/** Counts the Workers alive in this page: the constructor is wrapped, `terminate` counts them out. */
const RealWorker = globalThis.Worker;
let created = 0;
let live = 0;
class CountedWorker extends RealWorker {
  #terminated = false;
  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    created++;
    live++;
  }
  override terminate(): void {
    if (!this.#terminated) live--;
    this.#terminated = true;
    super.terminate();
  }
}

/** A Worker that starts 800 ms late, like one on a busy device: its messages wait until then, in order. */
class SlowWorker extends RealWorker {
  readonly #started = new Promise<void>((resolve) => setTimeout(resolve, 800));
  override postMessage(message: unknown, options?: StructuredSerializeOptions | Transferable[]): void {
    void this.#started.then(() => super.postMessage(message, options as StructuredSerializeOptions));
  }
}

/** A Worker constructor that throws as a page CSP without `worker-src blob:` makes it throw. */
const refusedWorker = (message: string) =>
  function RefusedWorker() {
    throw new DOMException(message, 'SecurityError');
  } as unknown as typeof Worker;

const NUL = '\u0000';
const frame = (command: string, headers: Record<string, string>, body = '') =>
  `${command}\n${Object.entries(headers)
    .map(([k, v]) => `${k}:${v}`)
    .join('\n')}\n\n${body}${NUL}`;

/** What one socket reported, in order: message texts, `oversize:<size>` notices, and the close. */
interface Probe {
  socket: WorkerSocket;
  seen: string[];
  fallbacks: string[];
  opened: Promise<void>;
  closed: Promise<CloseEvent>;
  /** Resolves once `n` entries were seen. */
  saw(n: number): Promise<void>;
}

function probe(url: string, options: Partial<WorkerSocketOptions> = {}): Probe {
  const seen: string[] = [];
  const fallbacks: string[] = [];
  let wake = (): void => {};
  const note = (entry: string) => {
    seen.push(entry);
    wake();
  };
  const socket = new WorkerSocket(url, {
    maxBytes: 16 * 1024,
    oversize: (size) => note(`oversize:${size}`),
    fallback: (why) => fallbacks.push(why),
    ...options,
  });
  socket.onmessage = (event) => note(String(event.data));
  const opened = new Promise<void>((resolve) => (socket.onopen = () => resolve()));
  const closed = new Promise<CloseEvent>((resolve) => (socket.onclose = resolve));
  const saw = async (n: number) => {
    while (seen.length < n) await new Promise<void>((resolve) => (wake = resolve));
  };
  return { socket, seen, fallbacks, opened, closed, saw };
}

/** Opens a STOMP session on the simulator's event socket, subscribed to every topic; returns the probe. */
async function stompSession(sim: Sim, options: Partial<WorkerSocketOptions> = {}): Promise<Probe> {
  const p = probe(sim.eventUrl, { protocols: ['v12.stomp'], ...options });
  await p.opened;
  p.socket.send(frame('CONNECT', { 'accept-version': '1.2', host: 'localhost', 'heart-beat': '0,0' }));
  p.socket.send(frame('SUBSCRIBE', { id: 'sub-0', destination: '/topic/#', receipt: 'r' }));
  await p.saw(2); // CONNECTED, RECEIPT
  expect(p.seen[0]).to.match(/^CONNECTED\n/);
  expect(p.seen[1]).to.match(/^RECEIPT\n/);
  p.seen.length = 0;
  return p;
}

/** Bodies of the MESSAGE frames seen, oversize notices as they are. */
const bodies = (seen: string[]) =>
  seen.map((s) => (s.startsWith('MESSAGE\n') ? s.slice(s.indexOf('\n\n') + 2, -1) : s));

const send = (p: Probe, body: string) => p.socket.send(frame('SEND', { destination: '/topic/t.x' }, body));

describe('WorkerSocket: the event socket in a Worker (real loopback WebSocket of the simulator)', function () {
  this.timeout(30000);
  let sim: Sim;

  before(async () => {
    sim = (await executeServerCommand<Sim, Record<string, unknown>>('sim-start', { xswitch: false, aliyun: false }))!;
    globalThis.Worker = CountedWorker;
  });
  after(async () => {
    globalThis.Worker = RealWorker;
    await executeServerCommand('sim-stop', { id: sim.id });
  });

  it('runs in a Worker and keeps the order of 500 messages sent back to back', async () => {
    const before = created;
    const p = await stompSession(sim);
    expect(p.socket.inWorker).to.equal(true);
    expect(created - before).to.equal(1);
    expect(p.socket.protocol).to.equal('v12.stomp');
    const sent = Array.from({ length: 500 }, (_, i) => `{"n":${i}}`);
    for (const body of sent) send(p, body);
    await p.saw(500);
    expect(bodies(p.seen)).to.deep.equal(sent);
    p.socket.close();
    await p.closed;
  });

  it('hands over the messages of one post together (`deliver`), in order, each once', async () => {
    const runs: number[] = [];
    let inRun: number | undefined;
    // the session's own CONNECTED and RECEIPT may come as one post too, before the probe is ready: not counted
    const ready: { probe?: Probe } = {};
    const p = (ready.probe = await stompSession(sim, {
      deliver: (run) => {
        if (!ready.probe) return run();
        inRun = 0;
        const before = ready.probe.seen.length;
        run();
        runs.push(ready.probe.seen.length - before);
        inRun = undefined;
      },
    }));
    let alone = 0;
    const onmessage = p.socket.onmessage!;
    p.socket.onmessage = (event) => {
      if (inRun === undefined) alone++;
      onmessage(event);
    };
    try {
      const sent = Array.from({ length: 500 }, (_, i) => `{"n":${i}}`);
      for (const body of sent) send(p, body);
      await p.saw(500);
      expect(bodies(p.seen)).to.deep.equal(sent);
      // only posts of several messages go through `deliver` (how many there are depends on the machine's load; the
      // next test makes one for sure)
      expect(runs.every((n) => n >= 2)).to.equal(true);
      expect(runs.reduce((a, b) => a + b, 0) + alone).to.equal(500);
    } finally {
      p.socket.close();
      await p.closed;
    }
  });

  it('while the page is busy, what arrives meanwhile comes as one post once it has read the last one', async () => {
    const runs: number[] = [];
    const ready: { probe?: Probe } = {};
    const p = (ready.probe = await stompSession(sim, {
      deliver: (run) => {
        if (!ready.probe) return run();
        const before = ready.probe.seen.length;
        run();
        runs.push(ready.probe.seen.length - before);
      },
    }));
    try {
      const sent = Array.from({ length: 200 }, (_, i) => `{"n":${i}}`);
      // The page stays busy while the server sends them: each one is written by a synchronous request to the
      // simulator, so no task of the page runs in between. Meanwhile the worker holds all but its first post.
      for (const body of sent) {
        const request = new XMLHttpRequest();
        request.open('POST', `${sim.controlUrl}/frame`, false);
        request.send(JSON.stringify({ agent: '5001', body, contentLength: 'auto' }));
        expect(request.status).to.equal(200);
      }
      await p.saw(200);
      expect(bodies(p.seen)).to.deep.equal(sent);
      expect(Math.max(0, ...runs)).to.be.at.least(100);
    } finally {
      p.socket.close();
      await p.closed;
    }
  });

  it('drops a message over the limit in the worker and reports it in its place', async () => {
    const p = await stompSession(sim);
    send(p, 'before');
    send(p, 'x'.repeat(64 * 1024));
    send(p, 'after');
    await p.saw(3);
    const [first, notice, last] = bodies(p.seen);
    expect(first).to.equal('before');
    expect(notice).to.match(/^oversize:\d+$/);
    expect(Number(notice!.slice('oversize:'.length))).to.be.greaterThan(64 * 1024);
    expect(last).to.equal('after');
    p.socket.close();
    await p.closed;
  });

  it('a 10 MB message never reaches the page: only its size does', async () => {
    const p = await stompSession(sim);
    const answer = await fetch(`${sim.controlUrl}/frame`, {
      method: 'POST',
      body: JSON.stringify({ agent: '5001', body: '{}', padTo: 10 * 1024 * 1024, contentLength: 'auto' }),
    });
    expect(await answer.json()).to.deep.equal({ sent: 1, bytes: 10 * 1024 * 1024 });
    send(p, 'next');
    await p.saw(2);
    const [notice, next] = bodies(p.seen);
    expect(Number(notice!.slice('oversize:'.length))).to.be.greaterThan(10 * 1024 * 1024);
    expect(next).to.equal('next');
    p.socket.close();
    await p.closed;
  });

  it('passes the close code and reason both ways', async () => {
    const mine = await stompSession(sim);
    mine.socket.close(4001, 'bye now');
    expect(mine.socket.readyState).to.equal(2);
    const echoed = await mine.closed;
    expect([echoed.code, echoed.reason, echoed.wasClean]).to.deep.equal([4001, 'bye now', true]);
    expect(mine.socket.readyState).to.equal(3);

    // the server refuses a bad frame with ERROR and closes with 1002 "STOMP error"
    const theirs = await stompSession(sim);
    theirs.socket.send(`BOGUS\n\n${NUL}`);
    const closed = await theirs.closed;
    expect([closed.code, closed.reason]).to.deep.equal([1002, 'STOMP error']);
    expect(theirs.seen[0]).to.match(/^ERROR\n/);
  });

  it('refuses close codes a WebSocket refuses, as a WebSocket does', async () => {
    const p = await stompSession(sim);
    expect(() => p.socket.close(1001)).to.throw(DOMException);
    p.socket.close();
    expect((await p.closed).code).to.equal(1005); // no status given, as a WebSocket reports it
  });

  it('falls back to a socket on the page, with the same limit, when no Worker can be created', async () => {
    globalThis.Worker = refusedWorker('refused by the test');
    try {
      const p = await stompSession(sim);
      expect(p.socket.inWorker).to.equal(false);
      expect(p.fallbacks).to.have.length(1);
      expect(p.fallbacks[0]).to.contain('refused by the test');
      send(p, 'a');
      send(p, 'y'.repeat(32 * 1024));
      send(p, 'b');
      await p.saw(3);
      expect(bodies(p.seen).map((s) => s.replace(/\d+$/, 'N'))).to.deep.equal(['a', 'oversize:N', 'b']);
      p.socket.close(4002, 'done');
      expect((await p.closed).code).to.equal(4002);
    } finally {
      globalThis.Worker = CountedWorker;
    }
  });

  it('falls back when the Worker fails after it was created, before it ever spoke', async () => {
    const broken = URL.createObjectURL(new Blob(['this is not JavaScript ('], { type: 'text/javascript' }));
    globalThis.Worker = class extends RealWorker {
      constructor() {
        super(broken);
      }
    };
    try {
      const p = await stompSession(sim);
      expect(p.socket.inWorker).to.equal(false);
      expect(p.fallbacks[0]).to.contain('did not start');
      send(p, 'still works');
      await p.saw(1);
      expect(bodies(p.seen)).to.deep.equal(['still works']);
      p.socket.close();
      await p.closed;
    } finally {
      globalThis.Worker = CountedWorker;
    }
  });

  it('falls back under a page CSP without worker-src blob: (a real policy, in a frame)', async () => {
    const frameEl = document.createElement('iframe');
    const result = new Promise<{ inWorker: boolean; fallback: string; echoed: string }>((resolve) =>
      window.addEventListener('message', (e) => e.source === frameEl.contentWindow && resolve(e.data), { once: true }),
    );
    frameEl.srcdoc = `<meta http-equiv="Content-Security-Policy" content="worker-src 'none'">
<script type="module">
  import { WorkerSocket } from '/src/vendors/common/worker-socket.ts';
  let fallback = '';
  const s = new WorkerSocket(${JSON.stringify(sim.eventUrl)}, {
    protocols: ['v12.stomp'], maxBytes: 1024, oversize() {}, fallback: (why) => (fallback = why),
  });
  s.onopen = () => s.send('CONNECT\\naccept-version:1.2\\nhost:localhost\\n\\n\\0');
  s.onmessage = (e) => {
    parent.postMessage({ inWorker: s.inWorker, fallback, echoed: String(e.data).split('\\n')[0] }, '*');
    s.close();
  };
</script>`;
    document.body.append(frameEl);
    try {
      const { inWorker, fallback, echoed } = await result;
      expect(inWorker).to.equal(false);
      expect(fallback).to.match(/could not be created|did not start/);
      expect(echoed).to.equal('CONNECTED');
    } finally {
      frameEl.remove();
    }
  });

  it('warns once per channel when it falls back, and not at all when asked to stay on the page', async () => {
    const logs: VendorLogEntry[] = [];
    const limit = { maxBytes: 1024, oversize: () => {} };
    globalThis.Worker = refusedWorker('no');
    try {
      const sockets = eventSocketFactory({ log: (entry) => logs.push(entry) });
      for (let i = 0; i < 3; i++) {
        const s = sockets(sim.eventUrl, limit);
        s.close();
      }
      expect(logs.filter((l) => l.level === 'warn')).to.have.length(1);
      const quiet = eventSocketFactory({ inWorker: false, log: (entry) => logs.push(entry) });
      quiet(sim.eventUrl, limit).close();
      expect(logs).to.have.length(1);
    } finally {
      globalThis.Worker = CountedWorker;
    }
  });

  it('leaves no Worker behind over 100 reconnects of the well channel (closed by us and by the server)', async () => {
    const baseline = live;
    const before = created;
    const rejected: FrameRejection[] = [];
    let lost = 0;
    let onLost = (): void => {};
    const channel = new WellChannel({
      handlers: {
        message: () => {},
        lost: () => {
          lost++;
          onLost();
        },
        rejected: (r) => rejected.push(r),
        log: () => {},
      },
    });
    const topic = `/topic/event.agent.*.5001@${sim.domain}`;
    const timings = { heartbeatMs: 0, timeoutMs: 5000, subscribeGraceMs: 200 };
    for (let i = 0; i < 100; i++) {
      await channel.open(sim.eventUrl, topic, timings, new AbortController().signal);
      if (i % 2 === 0) {
        await channel.close();
      } else {
        const gone = new Promise<void>((resolve) => (onLost = resolve));
        const answer = await fetch(`${sim.controlUrl}/drop`, { method: 'POST', body: '{}' });
        expect(await answer.json()).to.deep.equal({ dropped: 1 });
        await gone;
      }
    }
    expect(created - before).to.equal(100);
    expect(lost).to.equal(50);
    expect(rejected).to.deep.equal([]);
    // each socket terminated its Worker before reporting its close
    expect(live).to.equal(baseline);
  });
});

describe('opening an event channel with a short request timeout', function () {
  this.timeout(20000);
  let sim: IntegrationSim | undefined;
  after(async () => {
    globalThis.Worker = RealWorker;
    await stopSim(sim);
  });

  it(`gets at least ${MIN_CHANNEL_OPEN_MS} ms: a 500 ms request timeout does not fail a slow-starting socket`, async () => {
    expect(channelOpenTimeout(500)).to.equal(MIN_CHANNEL_OPEN_MS);
    expect(channelOpenTimeout(20000)).to.equal(20000);
    sim = await startSim();
    globalThis.Worker = SlowWorker;
    const el = await mount(sim, { 'request-timeout': '500' });
    const started = performance.now();
    try {
      await el.login(creds(sim));
      await statusReached(el, 2);
      // the socket took longer than the request timeout to start, and the login still went through
      expect(performance.now() - started).to.be.greaterThan(800);
    } finally {
      el.remove();
    }
  });
});

describe('XSwitch event socket: a message over the limit (Verto simulator, socket in its Worker)', function () {
  this.timeout(20000);
  let sim: XSim;
  let el: WellSoftphone;

  beforeEach(async () => {
    sim = await startXSim();
    el = await mountXswitch(sim);
  });
  afterEach(async () => {
    el?.remove();
    await executeServerCommand('sim-stop', { id: sim.id });
  });

  it('is dropped unread as MALFORMED_EVENT, followed by a resync; the session goes on', async () => {
    await el.login({ jobNumber: '1001', domain: 'xswitch.cn', extension: '1001', password: '1234' });
    expect(el.statusCode).to.equal(2);
    const reported = next<{ error: { code: string; detail?: Record<string, unknown> } }>(
      el,
      'well-error',
      (d) => d.error.code === WellErrorCode.MALFORMED_EVENT,
    );
    const big = JSON.stringify({ jsonrpc: '2.0', method: 'verto.event', params: { pad: 'x'.repeat(300 * 1024) } });
    expect(await xcontrol(sim, 'POST', '/raw', { user: '1001', text: big })).to.deep.equal({ sent: 1 });
    const { error } = await reported;
    expect(error.detail).to.deep.equal({ reason: 'frameTooLarge', size: big.length });
    expect(el.phone.log.entries().some((e) => e.message.startsWith('Resync requested'))).to.equal(true);
    await el.ready();
    await statusReached(el, 3);
  });
});
