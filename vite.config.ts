import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm start` serves demo/ (`vite demo`, see scripts/start.mjs); `npm run build` produces the self-contained
// element bundle dist/well-softphone.js (lit, xstate and stompjs included).
export default defineConfig({
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
  },
});
