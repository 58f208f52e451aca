import { defineConfig } from 'vite';

// `npm start` serves demo/ (see scripts/start.mjs); `npm run build` produces the self-contained element bundle.
export default defineConfig({
  root: '.',
  server: { host: '127.0.0.1', port: 5173, strictPort: true, open: false },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  resolve: { conditions: ['production', 'browser', 'module', 'import', 'default'] },
  build: {
    target: 'es2022',
    sourcemap: true,
    outDir: 'dist',
    lib: {
      entry: 'src/well-softphone.ts',
      formats: ['es'],
      fileName: () => 'well-softphone.js',
    },
  },
});
