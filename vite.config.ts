import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One config for the SPA build (`vite build` → dist/), the dev server and Vitest.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: false,
    // Monaco is large by nature; it is loaded lazily and only in the editor.
    chunkSizeWarningLimit: 5_000,
  },
  worker: {
    format: 'es',
    // Worker files keep their entry's name. That is a contract with the server: only the
    // evaluation worker (`src/runtime/host/evaluatorWorker.ts` → `/assets/evaluatorWorker-*.js`)
    // is served with a CSP that allows `unsafe-eval` (I3); every other script, the page and
    // Monaco's workers included, runs without it.
    rollupOptions: { output: { entryFileNames: 'assets/[name]-[hash].js', chunkFileNames: 'assets/[name]-[hash].js' } },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], exclude: ['src/runtime/**', '**/node_modules/**'] },
      },
      {
        // SES `lockdown()` freezes the whole realm it runs in, so the runtime's test files run in
        // processes of their own, one per file, apart from every other test.
        extends: true,
        test: { name: 'runtime', include: ['src/runtime/**/*.test.ts'], pool: 'forks', isolate: true },
      },
    ],
  },
});
