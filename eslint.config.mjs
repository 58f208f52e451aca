// ESLint flat config: typescript-eslint, lit, wc, lit-a11y, and the dependency rule of DESIGN.md §2 as import zones:
// element → core → machine → model; vendors → model (+ transport libraries); nothing imports element but the entry points.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

const zone = (files, forbidden) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map(({ group, message }) => ({ group, message })),
      },
    ],
  },
});

const ELEMENT = {
  group: ['**/element/**', '**/element/*'],
  message: 'Only index.ts and well-softphone.ts import element/.',
};
const CORE = { group: ['**/core/**', '**/core/*'], message: 'Dependency rule: this layer must not import core/.' };
const MACHINE = {
  group: ['**/machine/**', '**/machine/*'],
  message: 'Dependency rule: this layer must not import machine/.',
};
const VENDORS = { group: ['**/vendors/**', '**/vendors/*'], message: 'Dependency rule: only core/ wires vendors.' };
/** The TypeScript that the type-aware rules check (demo/ is type-checked with test/ but not linted with types). */
const TYPED = ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'];
const UI_LIBS = { group: ['lit', 'lit/*', '@stomp/*'], message: 'Dependency rule: no UI or transport library here.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.broker/', 'custom-elements.json', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'lit-a11y': litA11y },
    rules: litA11y.configs.recommended.rules,
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/no-this-alias': 'off' },
  },
  // Type-aware rules: a promise nobody awaits or handles, or one passed where a void callback is expected (an event
  // listener, setTimeout), loses its rejection. One program for src, test and bench (tsconfig.eslint.json) keeps
  // this to a single type-check.
  {
    files: TYPED,
    // compiled on their own by test/manifest/manifest.test.mjs against the generated typings
    ignores: ['test/manifest/types/**'],
    languageOptions: { parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // @open-wc/semantic-dom-diff types chai's `equal` as returning a Promise (for its DOM diff); it returns the
        // assertion, synchronously.
        { allowForKnownSafeCalls: [{ from: 'package', name: 'Equal', package: 'chai' }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  zone(
    ['src/model/**/*.ts'],
    [ELEMENT, CORE, MACHINE, VENDORS, UI_LIBS, { group: ['xstate'], message: 'model/ is plain types.' }],
  ),
  zone(['src/machine/**/*.ts'], [ELEMENT, CORE, VENDORS, UI_LIBS]),
  zone(
    ['src/vendors/**/*.ts'],
    [ELEMENT, CORE, MACHINE, { group: ['lit', 'lit/*', 'xstate'], message: 'Vendors only map wire ⇄ model.' }],
  ),
  zone(['src/core/**/*.ts'], [ELEMENT, { group: ['lit', 'lit/*'], message: 'core/ is headless.' }]),
  zone(
    ['src/events/**/*.ts', 'src/i18n/**/*.ts', 'src/log/**/*.ts'],
    [ELEMENT, CORE, MACHINE, VENDORS, { group: ['lit', 'lit/*'], message: 'No UI library here: model/ types only.' }],
  ),
  // the workbench SDK compatibility layer works on the element's DOM events only (model/ and events/ types)
  zone(
    ['src/compat/**/*.ts'],
    [ELEMENT, CORE, MACHINE, VENDORS, UI_LIBS, { group: ['xstate'], message: 'compat/ uses the DOM events only.' }],
  ),
  // the element reads state through Softphone.view and the public core API only
  zone(
    ['src/element/**/*.ts'],
    [
      { group: ['**/machine/**', '**/machine/*'], message: 'The element reads state through Softphone.view (core/).' },
      VENDORS,
      { group: ['xstate', '@stomp/*'], message: 'The element knows no statechart or transport library.' },
    ],
  ),
  {
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: [
      'simulator/**/*.mjs',
      'test/simulator/**/*.mjs',
      'wtr/**/*.mjs',
      'bench/**/*.mjs',
      'scripts/**/*.mjs',
      '*.mjs',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['bench/**/*.browser.mjs', 'demo/**/*.js', 'demo/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
