// Registers <well-softphone> for a bench page. A bare `import '../src/well-softphone.js'` is dropped by esbuild:
// package.json's "sideEffects" lists only the shipped dist files, so the registration is done here explicitly.
import { WellSoftphone } from '../../src/element/well-softphone.element.js';

export function defineElement(): void {
  if (!customElements.get('well-softphone')) customElements.define('well-softphone', WellSoftphone);
}

declare global {
  interface HTMLElementTagNameMap {
    'well-softphone': WellSoftphone;
  }
}
