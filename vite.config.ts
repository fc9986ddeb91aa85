// Vite (app build, dev/preview with COOP/COEP) and Vitest (unit in Node, GPU kernels in Chromium and in Node/Dawn).
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { csp } from './scripts/csp-plugin.ts';
import { serveFolders } from './scripts/serve-folder-plugin.ts';
import { chromiumArgs, chromiumPath } from './src/cli/chromium.ts';

// Cross-origin isolation so onnxruntime-web's WASM threads (SharedArrayBuffer) work.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const skipGpu = process.env.WEBCLAS_SKIP_GPU === '1';

// Local folders served by dev and preview (never bundled): `/mirror/` is the model mirror (the app's default mirror
// in dev/CI), `/shared/` the read-only data of ../shared for e2e tests and benchmarks.
const shared = process.env.WEBCLAS_SHARED ?? '../shared';
const mirrorDir = process.env.WEBCLAS_MIRROR_DIR ?? `${shared}/models`;

export default defineConfig({
  // csp first: its headers (Content-Security-Policy, nosniff) go on every response, the served folders' too.
  plugins: [csp(), react(), serveFolders({ '/mirror/': mirrorDir, '/shared/': shared })],
  server: { host: '127.0.0.1', headers: isolationHeaders },
  preview: { host: '127.0.0.1', headers: isolationHeaders },
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['onnxruntime-web'],
    // Pre-bundled up front: a dependency discovered late makes Vite reload the page mid-test (vitest browser, CLI).
    include: [
      'yaml',
      'react',
      'react-dom/client',
      'react/jsx-dev-runtime',
      'comlink',
      'idb',
      'fflate',
      'zustand',
      '@tanstack/react-query',
      '@tanstack/react-virtual',
      'echarts',
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  test: {
    provide: { skipGpu },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          // Generous: CI machines have 2 cores, and some tests run real models through ORT's WASM build.
          testTimeout: 60_000,
          include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['src/**/*.gpu.test.ts', 'src/**/*.browser.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'gpu-browser',
          // GPU kernels, plus tests of browser-only APIs (IndexedDB, createImageBitmap, OffscreenCanvas).
          include: ['src/**/*.gpu.test.ts', 'src/**/*.browser.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'gpu-node',
          environment: 'node',
          include: ['src/**/*.gpu.test.ts'],
          setupFiles: ['src/engine/gpu/node/vitest-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
