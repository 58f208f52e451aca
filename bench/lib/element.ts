// A <well-softphone> in the page, logged in on the bench backend.
import type { WellSoftphone } from '../../src/element/well-softphone.element.js';
import { BenchBackend } from './bench-vendor.js';
import { CREDENTIALS, SERVER, waitUntil } from './harness.js';
import { defineElement } from './register.js';

defineElement();

export interface BenchElement {
  el: WellSoftphone;
  backend: BenchBackend;
  /** The `[part~="status-label"]` span in the shadow root. */
  label: () => HTMLElement;
  /** How many times Lit ran `update()` (= rendered) so far. */
  renders: () => number;
  /** Calls `listener` right after each render has committed to the DOM; returns the unsubscribe function. */
  onRender: (listener: () => void) => () => void;
}

export async function loggedInElement(): Promise<BenchElement> {
  const backend = new BenchBackend();
  const el = document.createElement('well-softphone');
  el.server = SERVER;
  document.body.append(el);
  await el.updateComplete;
  el.phone.configure({ vendorFactory: backend.factory });
  // Observe renders without changing them: wrap this instance's (protected) update().
  let renders = 0;
  const listeners = new Set<() => void>();
  const host = el as unknown as { update(changed: unknown): void };
  const update = host.update;
  host.update = function (this: unknown, changed: unknown) {
    renders++;
    update.call(this, changed);
    for (const listener of listeners) listener();
  };
  await el.login({ ...CREDENTIALS }, { timeout: 5000 });
  await waitUntil(() => el.statusCode === 2, 'status 2 after login');
  await el.updateComplete;
  const label = (): HTMLElement => {
    const span = el.shadowRoot?.querySelector<HTMLElement>('[part~="status-label"]');
    if (!span) throw new Error('No [part~="status-label"] in the shadow root');
    return span;
  };
  const onRender = (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return { el, backend, label, renders: () => renders, onRender };
}
