// The one "wait for a status code" helper of the browser tests, for the headless core and for the element.
// It only listens to what a host can see (the core's `status` event, the element's `well-status-change`), and it
// deliberately does not use the product's own `whenStatus`, which has tests of its own (test/core/when-status.test.ts).
// No timer: a status that never comes fails the test at mocha's timeout.

/** The headless core, as far as this helper needs it (`Softphone`). */
export interface StatusCore {
  getStatusCode(): number;
  on(type: 'status', listener: (change: { code: number }) => void): () => void;
}

/** The element, as far as this helper needs it (`<well-softphone>`). */
export interface StatusElement extends EventTarget {
  readonly statusCode: number;
}

/** One code or any of several. */
export type CodeMatch = number | readonly number[];

const matches = (match: CodeMatch, code: number): boolean =>
  typeof match === 'number' ? code === match : match.includes(code);

// the element has getStatusCode() too; only the core has on()
const isCore = (target: StatusCore | StatusElement): target is StatusCore =>
  typeof (target as Partial<StatusCore>).on === 'function';

/**
 * Resolves with the code once the core or the element reports one of `match`: at once when it already does, else
 * on the status event that brings it.
 */
export function statusReached(target: StatusCore | StatusElement, match: CodeMatch): Promise<number> {
  return new Promise((resolve) => {
    if (isCore(target)) {
      const now = target.getStatusCode();
      if (matches(match, now)) return resolve(now);
      const off = target.on('status', ({ code }) => {
        if (!matches(match, code)) return;
        off();
        resolve(code);
      });
      return;
    }
    if (matches(match, target.statusCode)) return resolve(target.statusCode);
    const on = (event: Event): void => {
      const { code } = (event as CustomEvent<{ code: number }>).detail;
      if (!matches(match, code)) return;
      target.removeEventListener('well-status-change', on);
      resolve(code);
    };
    target.addEventListener('well-status-change', on);
  });
}
