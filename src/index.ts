// Public API. No side effects on import: `well-softphone.ts` registers the element.
export { WellSoftphone, type NotReadyReason } from './element/well-softphone.element.js';
// The headless core (also its own entry, `well-softphone/core.js`).
export * from './core.js';
export * from './events/index.js';
export { loadTranslation, registerTranslation, type Lang, type Translation } from './i18n/index.js';
