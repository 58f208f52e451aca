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

// `npm start` serves demo/ (`vite demo`, see scripts/start.mjs); `npm run build` produces the self-contained
// element bundle dist/well-softphone.js (lit, xstate and stompjs included).
export default defineConfig({
  plugins: [stripStateDescriptions()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true, open: false, fs: { allow: ['..'] } },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  resolve: { conditions: ['production', 'browser', 'module', 'import', 'default'] },
  build: {
    target: 'es2022',
    sourcemap: true,
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    lib: {
      entry: fileURLToPath(new URL('./src/well-softphone.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'well-softphone.js',
    },
    // Let code shared with on-demand chunks (the xswitch adapter) stay in the entry instead of a third file.
    rolldownOptions: { preserveEntrySignatures: 'allow-extension' },
  },
});
