import { fileURLToPath } from 'node:url';
import MagicString from 'magic-string';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';

/**
 * The element's HTML templates (lit `html` tagged templates in src/element/) ship without their source indentation:
 * in the static parts, every run of whitespace that holds a line break becomes one space, which renders the same
 * (no template here puts such a run inside `<pre>` or a `<textarea>`'s content). TypeScript's parser finds the
 * templates; magic-string keeps the source maps right (about 0.3 KB gzip).
 */
function minifyTemplateHtml(): Plugin {
  return {
    name: 'minify-template-html',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('/src/element/') || !id.endsWith('.ts') || !code.includes('html`')) return undefined;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
      const out = new MagicString(code);
      const collapse = (start: number, end: number): void => {
        const text = code.slice(start, end);
        const collapsed = text.replace(/\s*\n\s*/g, ' ');
        if (collapsed !== text) out.overwrite(start, end, collapsed);
      };
      const visit = (node: ts.Node): void => {
        if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === 'html') {
          const template = node.template;
          // the static text between the backticks and the `${ … }` parts
          if (ts.isNoSubstitutionTemplateLiteral(template)) collapse(template.getStart(source) + 1, template.end - 1);
          else {
            collapse(template.head.getStart(source) + 1, template.head.end - 2);
            for (const span of template.templateSpans) {
              const literal = span.literal;
              const tail = ts.isTemplateTail(literal);
              collapse(literal.getStart(source) + 1, literal.end - (tail ? 1 : 2));
            }
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      if (!out.hasChanged()) return undefined;
      return { code: out.toString(), map: out.generateMap({ hires: true, source: id }) };
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
    plugins: [minifyTemplateHtml(), minifyTemplateCss()],
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
