import { WellSoftphone } from './element/well-softphone.element.js';

export * from './index.js';

// The package's only side effect: register the element (once, even if loaded twice).
if (!customElements.get('well-softphone')) customElements.define('well-softphone', WellSoftphone);

declare global {
  interface HTMLElementTagNameMap {
    'well-softphone': WellSoftphone;
  }
}
