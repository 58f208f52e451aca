// `npm run analyze` → custom-elements.json. Events are documented with @fires on the class; the analyzer also
// guesses events from `dispatchEvent(new X(detail))` and names them after the argument, so only the documented
// `well-*` events are kept.
const documentedEventsOnly = {
  name: 'documented-events-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules) {
      for (const declaration of mod.declarations ?? []) {
        if (declaration.events) declaration.events = declaration.events.filter((e) => e.name?.startsWith('well-'));
      }
    }
  },
};

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  plugins: [documentedEventsOnly],
};
