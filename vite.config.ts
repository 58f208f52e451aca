import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * `description:` texts on statechart states document the machine for readers and visual tools; they do nothing at
 * run time, so the production bundle drops them (about 0.6 KB gzip).
 */
function stripStateDescriptions(): Plugin {
  return {
    name: 'strip-state-descriptions',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.machine.ts')) return undefined;
      return { code: code.replace(/^\s*description:\s*'(?:[^'\\]|\\.)*',?\n/gm, ''), map: null };
    },
  };
}

/**
 * The element's stylesheets (`*.styles.ts`) ship without comments and indentation: whitespace is collapsed in their
 * `css` template literals (interpolations untouched) and dropped around `{`, `}`, `;` and `,` (about 0.3 KB gzip).
 */
function minifyTemplateCss(): Plugin {
  const minify = (text: string) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,])\s*/g, '$1');
  return {
    name: 'minify-template-css',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return undefined;
      const out = code.replace(/\bcss`([^`]*)`/g, (_all, body: string) => {
        const parts = body.split(/(\$\{[^}]*\})/);
        return `css\`${parts
          .map((part, i) => (i % 2 ? part : minify(part)))
          .join('')
          .trim()}\``;
      });
      return { code: out, map: null };
    },
  };
}

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));
const dist = fileURLToPath(new URL('./dist', import.meta.url));

/** The npm package's entry points (package.json `exports`); everything else is a shared or lazy chunk. */
const NPM_ENTRIES = {
  index: src('index.ts'),
  'well-softphone': src('well-softphone.ts'),
  core: src('core.ts'),
  events: src('events/index.ts'),
  compat: src('compat/workbench.ts'),
};

/** Runtime dependencies: the npm build leaves them to the consumer's bundler (so they dedupe), the CDN build inlines them. */
const DEPENDENCIES = [
  /^lit(\/|$)/,
  /^@lit\//,
  /^lit-html(\/|$)/,
  /^lit-element(\/|$)/,
  /^xstate(\/|$)/,
  /^@stomp\/stompjs/,
];

// `npm start` serves demo/ (`vite demo`, see scripts/start.mjs). `npm run build` runs two builds:
//   vite build              → dist/*.js: the npm package (ES modules, minified, dependencies external, language
//                              packs and the xswitch adapter as lazy chunks); the `.d.ts` come from tsconfig.build.json
//   vite build --mode cdn   → dist/cdn/well-softphone.min.js: one self-contained file for a <script type="module">
// Vite's library mode keeps whitespace in ES output, so the output is minified by rolldown itself (`minify: true`).
export default defineConfig(({ mode }) => {
  const cdn = mode === 'cdn';
  return {
    plugins: [stripStateDescriptions(), minifyTemplateCss()],
    server: { host: '127.0.0.1', port: 5173, strictPort: true, open: false, fs: { allow: ['..'] } },
    preview: { host: '127.0.0.1', port: 4173, strictPort: true },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    resolve: { conditions: ['production', 'browser', 'module', 'import', 'default'] },
    build: {
      target: 'es2022',
      sourcemap: !cdn,
      outDir: cdn ? `${dist}/cdn` : dist,
      // the npm build owns dist/ (and clears it); the CDN build only its own sub-folder
      emptyOutDir: true,
      reportCompressedSize: false,
      lib: cdn
        ? { entry: src('well-softphone.ts'), formats: ['es'], fileName: () => 'well-softphone.min.js' }
        : { entry: NPM_ENTRIES, formats: ['es'], fileName: (_format, name) => `${name}.js` },
      rolldownOptions: cdn
        ? { output: { minify: true, codeSplitting: false } }
        : {
            external: DEPENDENCIES,
            // Let code shared with on-demand chunks stay in an entry instead of an extra file.
            preserveEntrySignatures: 'allow-extension',
            output: { minify: true, chunkFileNames: '[name]-[hash].js' },
          },
    },
  };
});
