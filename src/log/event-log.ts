/** One event-log line. */
export interface LogEntry {
  /** ms since the epoch. */
  at: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  /** Redacted, JSON-safe copy of the data, cut to {@link MAX_ENTRY_CHARS}. */
  data?: string;
}

/** wellClient kept the last 2500 entries of at most 1500 characters each (docs/protocols/well.md, fact 15). */
export const DEFAULT_LOG_CAPACITY = 2500;
/** Largest capacity taken (entries); larger values are capped. */
const MAX_LOG_CAPACITY = 100_000;
export const MAX_ENTRY_CHARS = 1500;

const SECRET_KEY = /pass(word|wd)?|session.?id|token|secret|authorization|cookie/i;
export const REDACTED = '***';

/** A JSON copy of `value` with every secret-looking key's value replaced by `***`. */
export function redact(value: unknown): string {
  try {
    const text = JSON.stringify(value, (key, v: unknown) => (key !== '' && SECRET_KEY.test(key) ? REDACTED : v));
    return text === undefined ? String(value) : text;
  } catch {
    return '[unserialisable]';
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
/** `MM-DD HH:mm:ss.mmm`, the wellClient log timestamp. */
export function formatLogTime(at: number): string {
  const d = new Date(at);
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A slot of the ring: an entry whose `data` is undefined when it has none. */
type Slot = Omit<LogEntry, 'data'> & { data: string | undefined };

/**
 * The event log: a fixed-size ring buffer (memory stays bounded over a whole shift), secrets redacted
 * on the way in, downloadable as text for support.
 */
export class EventLog {
  readonly capacity: number;
  #entries: (Slot | undefined)[];
  #next = 0;
  #size = 0;

  constructor(capacity = DEFAULT_LOG_CAPACITY) {
    // NaN or Infinity fall back to the default, a huge value is capped: never a RangeError into the host page
    this.capacity = Number.isFinite(capacity)
      ? Math.min(Math.max(1, Math.floor(capacity)), MAX_LOG_CAPACITY)
      : DEFAULT_LOG_CAPACITY;
    this.#entries = new Array<Slot | undefined>(this.capacity);
  }

  add(level: LogEntry['level'], message: string, data?: unknown): void {
    // The ring's slots are reused in place and a short message is kept as it is: the log takes a few lines per server
    // event, which should cost no allocation of the log's own.
    const text = message.length > MAX_ENTRY_CHARS ? message.slice(0, MAX_ENTRY_CHARS) : message;
    const slot = (this.#entries[this.#next] ??= { at: 0, level, message: '', data: undefined });
    slot.at = Date.now();
    slot.level = level;
    slot.message = text;
    slot.data = data === undefined ? undefined : redact(data).slice(0, MAX_ENTRY_CHARS);
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** Entries, oldest first (copies: the log's own slots are reused). */
  entries(): LogEntry[] {
    const out: LogEntry[] = [];
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    for (let i = 0; i < this.#size; i++) {
      const { at, level, message, data } = this.#entries[(start + i) % this.capacity]!;
      out.push(data === undefined ? { at, level, message } : { at, level, message, data });
    }
    return out;
  }

  get size(): number {
    return this.#size;
  }

  clear(): void {
    this.#entries = new Array<Slot | undefined>(this.capacity);
    this.#next = 0;
    this.#size = 0;
  }

  /** The whole log as text, one `[time] LEVEL message data` block per entry. */
  text(): string {
    return this.entries()
      .map((e) => `[${formatLogTime(e.at)}] ${e.level.toUpperCase()} ${e.message}${e.data ? ` ${e.data}` : ''}`)
      .join('\n\n');
  }

  /** Offers the log as a `.txt` download (browser only). */
  download(fileName = `${formatLogTime(Date.now()).replace(/[^0-9]/g, '')}-well-softphone-log.txt`): void {
    const url = URL.createObjectURL(new Blob([this.text()], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
