import { expect } from '@open-wc/testing';
import {
  DEFAULT_LOG_CAPACITY,
  EventLog,
  formatLogTime,
  MAX_ENTRY_CHARS,
  redact,
  REDACTED,
} from '../../src/log/event-log.js';

/** Secret values that must never appear in the log, by the key that carries them. */
const SECRETS = {
  password: 'pw-Secret-1',
  passwd: 'pw-Secret-2',
  passcode: 'pc-Secret-3',
  token: 'tk-Secret-4',
  accessToken: 'tk-Secret-5',
  sessionId: 'sid-Secret-6',
  session_id: 'sid-Secret-7',
  JSESSIONID: 'sid-Secret-8',
  Authorization: 'Bearer au-Secret-9',
  clientSecret: 'cs-Secret-10',
  cookie: 'ck-Secret-11',
};

/** Every secret of {@link SECRETS}, at the top level, nested in objects and inside arrays. */
function secretsEverywhere(): Record<string, unknown> {
  return {
    ...SECRETS,
    jobNumber: '5001',
    credentials: { ...SECRETS, domain: 'test.cc' },
    attempts: [{ ...SECRETS, n: 1 }, [{ deeper: { ...SECRETS } }]],
  };
}

function expectNoSecret(text: string): void {
  for (const [key, value] of Object.entries(SECRETS)) {
    expect(text, `${key} leaked`).not.to.include(value);
  }
}

describe('event log', () => {
  describe('ring buffer', () => {
    it('keeps the last `capacity` entries, oldest first, and counts only what it holds', () => {
      const log = new EventLog(3);
      expect(log.size).to.equal(0);
      expect(log.entries()).to.deep.equal([]);
      for (let i = 1; i <= 7; i++) log.add('info', `entry ${i}`);
      expect(log.size).to.equal(3);
      expect(log.entries().map((e) => e.message)).to.deep.equal(['entry 5', 'entry 6', 'entry 7']);
      log.add('warn', 'entry 8');
      expect(log.entries().map((e) => [e.level, e.message])).to.deep.equal([
        ['info', 'entry 6'],
        ['info', 'entry 7'],
        ['warn', 'entry 8'],
      ]);
    });

    it('entries handed out stay as they were while the ring goes round (the log reuses its own slots)', () => {
      const log = new EventLog(2);
      log.add('info', 'first', { a: 1 });
      log.add('warn', 'second');
      const before = log.entries();
      log.add('error', 'third');
      log.add('info', 'fourth', { b: 2 });
      expect(before.map((e) => [e.level, e.message, e.data])).to.deep.equal([
        ['info', 'first', '{"a":1}'],
        ['warn', 'second', undefined],
      ]);
      expect(before[1]).to.not.have.property('data');
      expect(log.entries().map((e) => [e.message, e.data])).to.deep.equal([
        ['third', undefined],
        ['fourth', '{"b":2}'],
      ]);
    });

    it('holds fewer entries than its capacity in order, and clear() empties it', () => {
      const log = new EventLog(5);
      log.add('debug', 'a');
      log.add('error', 'b');
      expect(log.entries().map((e) => e.message)).to.deep.equal(['a', 'b']);
      log.clear();
      expect(log.size).to.equal(0);
      expect(log.entries()).to.deep.equal([]);
      log.add('info', 'c');
      expect(log.entries().map((e) => e.message)).to.deep.equal(['c']);
    });

    it('defaults to 2 500 entries and never has a capacity below one', () => {
      expect(DEFAULT_LOG_CAPACITY).to.equal(2500);
      expect(new EventLog().capacity).to.equal(DEFAULT_LOG_CAPACITY);
      const full = new EventLog();
      for (let i = 0; i < DEFAULT_LOG_CAPACITY + 10; i++) full.add('info', String(i));
      expect(full.size).to.equal(DEFAULT_LOG_CAPACITY);
      expect(full.entries()[0]!.message).to.equal('10');
      for (const capacity of [0, -4, 0.5]) {
        const log = new EventLog(capacity);
        expect(log.capacity, `capacity ${capacity}`).to.equal(1);
        log.add('info', 'x');
        log.add('info', 'y');
        expect(log.entries().map((e) => e.message)).to.deep.equal(['y']);
      }
      expect(new EventLog(2.9).capacity).to.equal(2);
    });

    it('never throws on a capacity that is not a sane number: NaN and Infinity take the default, huge ones a cap', () => {
      expect(new EventLog(NaN).capacity).to.equal(DEFAULT_LOG_CAPACITY);
      expect(new EventLog(Infinity).capacity).to.equal(DEFAULT_LOG_CAPACITY);
      expect(new EventLog(2 ** 32).capacity).to.equal(100_000);
      expect(new EventLog('7' as unknown as number).capacity).to.equal(DEFAULT_LOG_CAPACITY);
    });

    it('cuts messages and data to MAX_ENTRY_CHARS', () => {
      const log = new EventLog(2);
      log.add('info', 'm'.repeat(MAX_ENTRY_CHARS + 100), { text: 'd'.repeat(MAX_ENTRY_CHARS * 2) });
      const [entry] = log.entries();
      expect(entry!.message.length).to.equal(MAX_ENTRY_CHARS);
      expect(entry!.data!.length).to.equal(MAX_ENTRY_CHARS);
    });

    it('stamps each entry with the time it was added and keeps no data field when there is none', () => {
      const before = Date.now();
      const log = new EventLog(2);
      log.add('info', 'no data');
      const [entry] = log.entries();
      expect(entry!.at).to.be.within(before, Date.now());
      expect(entry).not.to.have.property('data');
    });
  });

  describe('redaction', () => {
    it('replaces password, token, passcode, session-id and other secret-looking fields at any depth', () => {
      const text = redact(secretsEverywhere());
      expectNoSecret(text);
      const parsed = JSON.parse(text) as Record<string, unknown>;
      for (const key of Object.keys(SECRETS)) expect(parsed[key], key).to.equal(REDACTED);
      expect(parsed['jobNumber']).to.equal('5001');
      expect(parsed['credentials']).to.deep.include({ password: REDACTED, domain: 'test.cc' });
      const attempts = parsed['attempts'] as [Record<string, unknown>, [{ deeper: Record<string, unknown> }]];
      expect(attempts[0]).to.deep.include({ token: REDACTED, sessionId: REDACTED, n: 1 });
      expect(attempts[1][0].deeper['passcode']).to.equal(REDACTED);
    });

    it('replaces a secret-named field whole, even when its value is an object', () => {
      const parsed = JSON.parse(redact({ token: { value: 'tk-Secret-4', expires: 60 } })) as Record<string, unknown>;
      expect(parsed['token']).to.equal(REDACTED);
    });

    it('leaves plain values alone and never throws on what JSON cannot hold', () => {
      expect(redact('plain text')).to.equal('"plain text"');
      expect(redact(42)).to.equal('42');
      expect(redact(undefined)).to.equal('undefined');
      const circular: Record<string, unknown> = { password: 'pw-Secret-1' };
      circular['self'] = circular;
      expect(redact(circular)).to.equal('[unserialisable]');
      expect(redact({ big: 1n })).to.equal('[unserialisable]');
    });

    it('redacts what is added to the log', () => {
      const log = new EventLog(4);
      log.add('info', 'login', secretsEverywhere());
      const [entry] = log.entries();
      expectNoSecret(entry!.data!);
      expect(entry!.data).to.include('5001');
    });
  });

  describe('text and download', () => {
    it('text(): one `[time] LEVEL message data` block per entry, secrets redacted', () => {
      const log = new EventLog(4);
      log.add('info', 'first');
      log.add('warn', 'second', { password: 'pw-Secret-1', agentId: '5001@test.cc' });
      const blocks = log.text().split('\n\n');
      expect(blocks).to.have.length(2);
      const [entry1, entry2] = log.entries();
      expect(blocks[0]).to.equal(`[${formatLogTime(entry1!.at)}] INFO first`);
      expect(blocks[1]).to.equal(
        `[${formatLogTime(entry2!.at)}] WARN second {"password":"***","agentId":"5001@test.cc"}`,
      );
    });

    it('formatLogTime: MM-DD HH:mm:ss.mmm in local time', () => {
      expect(formatLogTime(new Date(2026, 0, 5, 7, 8, 9, 45).getTime())).to.equal('01-05 07:08:09.045');
    });

    it('download() offers the log as a .txt file without any secret', async () => {
      const log = new EventLog(10);
      log.add('info', 'login', secretsEverywhere());
      log.add('error', 'failed', { request: { headers: { Authorization: 'Bearer au-Secret-9' } } });

      const blobs = new Map<string, Blob>();
      const clicked: { href: string; download: string }[] = [];
      const createObjectURL = URL.createObjectURL.bind(URL);
      const click = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'click')!;
      URL.createObjectURL = (object: Blob | MediaSource) => {
        const url = createObjectURL(object);
        blobs.set(url, object as Blob);
        return url;
      };
      // the anchor's click would start a real download: record it instead
      Object.defineProperty(HTMLAnchorElement.prototype, 'click', {
        configurable: true,
        value(this: HTMLAnchorElement) {
          clicked.push({ href: this.href, download: this.download });
        },
      });
      try {
        log.download();
      } finally {
        URL.createObjectURL = createObjectURL;
        delete (HTMLAnchorElement.prototype as { click?: unknown }).click;
      }
      expect(HTMLAnchorElement.prototype.click).to.equal(click.value);

      expect(clicked).to.have.length(1);
      expect(clicked[0]!.download).to.match(/^\d{13}-well-softphone-log\.txt$/);
      const blob = blobs.get(clicked[0]!.href);
      expect(blob, 'the clicked link is the log blob').to.be.instanceOf(Blob);
      expect(blob!.type).to.equal('text/plain;charset=utf-8');
      const content = await blob!.text();
      expect(content).to.equal(log.text());
      expect(content).to.include('INFO login').and.to.include('ERROR failed').and.to.include('5001');
      expectNoSecret(content);
    });
  });
});
