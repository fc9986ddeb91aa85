// Playwright e2e: the built app served by `vite preview` on 127.0.0.1, driven in Debian's Chromium.
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './src/cli/chromium.ts';

const port = Number(process.env.WEBCLAS_E2E_PORT ?? 4317);
// Build folder of the served app: one per port, so parallel e2e runs (one per working copy) never overwrite each other.
const outDir = process.env.WEBCLAS_E2E_OUTDIR ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 600_000,
  expect: { timeout: 120_000 },
  workers: 1,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  webServer: {
    command: `npx vite build --outDir ${outDir} && npx vite preview --outDir ${outDir} --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
  },
});
