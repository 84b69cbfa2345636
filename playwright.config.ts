import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// One server for the whole run, on an empty embedded store. Workers inherit the env var,
// so they agree on the data directory the main process created.
process.env.CORDON_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'cordon-e2e-'));
const port = Number(process.env.CORDON_E2E_PORT ?? 4310);
// The real SMTP server that mail specs start (e2e/support/smtp.ts) listens here.
const smtpPort = Number(process.env.CORDON_E2E_SMTP_PORT ?? 4326);

export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.CORDON_E2E_OUTPUT_DIR ?? 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    // The shipped bundle (`npm run build` writes it), so every spec exercises what `npm start` runs.
    command: 'node --enable-source-maps dist-server/main.js',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: process.env.CORDON_E2E_DATA_DIR,
      // A build of one's own (`vite build --outDir ...`) lets several people run specs side by side.
      CORDON_DIST_DIR: process.env.CORDON_E2E_DIST_DIR ?? 'dist',
      LOG_LEVEL: 'warn',
      // The specs' datasources are the machine's PostgreSQL and local HTTP servers on loopback,
      // which the outbound address policy refuses unless allowed.
      CORDON_ALLOWED_HOSTS: '127.0.0.1,::1,localhost',
      // Every spec signs up from 127.0.0.1, beyond the 10 sign-ups per hour per address;
      // rate limits are tested by the server suite (src/server/security/rateLimit*.test.ts).
      CORDON_RATE_LIMITS: 'off',
      CORDON_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // Links in emails (recovery, magic URL) are built from this, never from the request.
      CORDON_PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
  },
});
