// `npm run analyze` → custom-elements.json. Events are documented with @fires on the class; the analyzer also
// guesses events from `dispatchEvent(new X(detail))` and names them after the argument, so only the documented
// `well-*` events are kept. Modules are sorted by path: the analyzer lists them in directory-listing order, which
// differs between checkouts, and `npm test` compares the committed manifest byte for byte.
const documentedEventsOnly = {
  name: 'documented-events-only',
  packageLinkPhase({ customElementsManifest }) {
    customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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
